import { describe, expect, it } from 'vitest';
import { deepCopy, deepEqual } from './json.ts';

describe('deepEqual', () => {
  it('compares JSON data by structure, with undefined the same as absent', () => {
    expect(deepEqual({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(deepEqual({ a: {} }, { a: [] })).toBe(false);
  });

  it('never takes a prototype for a missing __proto__ key', () => {
    const parsed = JSON.parse('{"__proto__": {}}') as unknown;
    expect(deepEqual(parsed, { x: 1 })).toBe(false);
    expect(deepEqual({ x: 1 }, parsed)).toBe(false);
    expect(deepEqual(parsed, JSON.parse('{"__proto__": {}}'))).toBe(true);
  });

  it('agrees with a copy', () => {
    const value = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } };
    expect(deepEqual(deepCopy(value), value)).toBe(true);
  });
});
