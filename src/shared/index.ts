export * from './prng.ts';
export * from './json.ts';
