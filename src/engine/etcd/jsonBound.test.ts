import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepCopy, jsonByteSize } from '../../shared/index.ts';
import { copyWithBound, jsonLongerThan, jsonSizeBound } from './jsonBound.ts';

describe('JSON size bound', () => {
  it('is never below the exact UTF-8 size', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonSizeBound(value)).toBeGreaterThanOrEqual(jsonByteSize(value));
      }),
    );
  });

  it('covers the longest escapes, astral characters and long numbers', () => {
    for (const value of ['\u0001\u001f', '😀', '\ud800', 'é"\\', -1.7976931348623157e308, 5e-324])
      expect(jsonSizeBound([value])).toBeGreaterThanOrEqual(jsonByteSize([value]));
    expect(jsonSizeBound({ a: undefined, b: [undefined] })).toBeGreaterThanOrEqual(
      jsonByteSize({ a: undefined, b: [undefined] }),
    );
  });

  it('answers exactly near the limit', () => {
    const text = 'é'.repeat(100); // 202 bytes with its quotes, 102 UTF-16 units
    expect(jsonLongerThan(text, 201)).toBe(true);
    expect(jsonLongerThan(text, 202)).toBe(false);
    expect(jsonLongerThan({ v: 'x' }, 8)).toBe(true);
    expect(jsonLongerThan({ v: 'x' }, 9)).toBe(false);
  });

  it('measures a frozen part once, and again a shallowly frozen one whose insides changed', () => {
    const deep = { spec: Object.freeze({ image: Object.freeze(['nginx']) }) };
    Object.freeze(deep);
    const first = jsonSizeBound({ status: 'a', deep });
    expect(jsonSizeBound({ status: 'a', deep })).toBe(first);
    const inner = { text: 'short' };
    const shallow = Object.freeze({ inner });
    const before = jsonSizeBound(shallow);
    inner.text = 'x'.repeat(1000);
    expect(jsonSizeBound(shallow)).toBeGreaterThan(before);
    expect(jsonSizeBound(shallow)).toBeGreaterThanOrEqual(jsonByteSize(shallow));
  });

  it('leaves values that print themselves to the exact count', () => {
    const long = 'x'.repeat(100);
    const dated = { at: new Date(0) };
    const own = { toJSON: () => long };
    class Custom {
      toJSON() {
        return long;
      }
    }
    for (const value of [dated, own, { nested: [new Custom()] }]) {
      expect(jsonSizeBound(value)).toBe(Number.POSITIVE_INFINITY);
      expect(jsonLongerThan(value, jsonByteSize(value) - 1)).toBe(true);
      expect(jsonLongerThan(value, jsonByteSize(value))).toBe(false);
    }
    expect(jsonSizeBound(Object.assign(Object.create(null), { a: 1 }))).toBeGreaterThanOrEqual(
      jsonByteSize({ a: 1 }),
    );
  });
});

describe('copyWithBound', () => {
  it('copies exactly as deepCopy does, and bounds exactly as jsonSizeBound does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { copy, bound } = copyWithBound(value);
        expect(copy).toStrictEqual(deepCopy(value));
        expect(bound).toBe(jsonSizeBound(value));
      }),
    );
  });

  it('shares nothing with what it copied, frozen parts included', () => {
    const spec = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'web' })]) });
    const body = { metadata: { name: 'a', labels: { app: 'web' } }, spec, list: [1, undefined] };
    const { copy, bound } = copyWithBound(body);
    expect(copy).toStrictEqual(deepCopy(body));
    expect(copy.spec).not.toBe(spec);
    expect(Object.isFrozen(copy.spec)).toBe(false);
    expect(copy.metadata.labels).not.toBe(body.metadata.labels);
    expect(bound).toBe(jsonSizeBound(body));
    expect(bound).toBeGreaterThanOrEqual(jsonByteSize(body));
  });

  it('leaves values that print themselves to the exact count', () => {
    const dated = { at: new Date(0), items: [{ n: 1 }] };
    const { copy, bound } = copyWithBound(dated);
    expect(bound).toBe(Number.POSITIVE_INFINITY);
    expect(copy.items).toStrictEqual([{ n: 1 }]);
    expect(copyWithBound([{ toJSON: () => 'x' }, 1]).bound).toBe(Number.POSITIVE_INFINITY);
  });
});
