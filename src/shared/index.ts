export * from './prng.ts';
export * from './json.ts';
export * from './time.ts';
export * from './duration.ts';
export * from './jsonSize.ts';
export * from './joinedStrings.ts';
export * from './stringPool.ts';
