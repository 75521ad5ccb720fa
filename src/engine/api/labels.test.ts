import { describe, expect, it } from 'vitest';
import {
  everything,
  isQualifiedName,
  labelSelectorFromObject,
  matchesLabels,
  nothing,
  parseLabelSelector,
  selectorFromSet,
  selectorToString,
  workloadSelectorText,
  type LabelSelector,
} from './labels.ts';

function parse(text: string): LabelSelector {
  const r = parseLabelSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

function parseError(text: string): string {
  const r = parseLabelSelector(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return r.error;
}

const QNAME_REGEX_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('parseLabelSelector', () => {
  it.each([
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['  x = a  ', 'x=a'],
    ['x=', 'x='],
    ['x', 'x'],
    ['!x', '!x'],
    ['! x', '!x'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (in, notin)', 'x in (in,notin)'],
    ['z=1,a=2,m', 'a=2,m,z=1'],
    ['x>1', 'x>1'],
    ['x<2', 'x<2'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a\t=\tb,\nc', 'a=b,c'],
  ])('parses %j to %j', (text, canonical) => {
    expect(selectorToString(parse(text))).toBe(canonical);
  });

  it.each([
    ['x=a,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x a', "unable to parse requirement: found 'a', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x==!', "unable to parse requirement: found '!', expected: identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'x>a',
      "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      'app:monolith',
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": name part ${QNAME_REGEX_MSG}`,
    ],
    [
      'a/b/c=d',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${QNAME_REGEX_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ['x=a b!', "found 'b', expected: ',' or 'end of string'"],
    [
      'x=-a',
      "unable to parse requirement: values[0][x]: Invalid value: \"-a\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ])('rejects %j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it('rejects a prefix that is not a DNS subdomain', () => {
    expect(parseError('app.kubernetes_io/name=x')).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('reports an empty and a too-long name part together', () => {
    expect(isQualifiedName('p/')).toEqual([
      'name part must be non-empty',
      `name part ${QNAME_REGEX_MSG}`,
    ]);
    expect(isQualifiedName('a'.repeat(64))).toEqual([
      'name part must be no more than 63 characters',
    ]);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['missing in (a)', false],
    ['tier notin (back)', true],
    ['missing notin (a)', true],
    ['tier notin (front)', false],
    ['app=web,tier=back', false],
    ['n>4', true],
    ['n<5', false],
    ['app>1', false],
    ['missing=', false],
  ])('%j matches: %s', (text, want) => {
    expect(matchesLabels(parse(text), labels)).toBe(want);
  });

  it('treats missing labels as an empty set', () => {
    expect(matchesLabels(parse('!a'), undefined)).toBe(true);
    expect(matchesLabels(parse('a'), undefined)).toBe(false);
  });

  it('everything matches all, nothing matches none', () => {
    expect(matchesLabels(everything, undefined)).toBe(true);
    expect(matchesLabels(nothing, { a: 'b' })).toBe(false);
    expect(selectorToString(nothing)).toBe('');
  });
});

describe('labelSelectorFromObject', () => {
  it('nil selects nothing and {} selects everything', () => {
    expect(labelSelectorFromObject(undefined)).toEqual({ ok: true, selector: nothing });
    expect(labelSelectorFromObject(null)).toEqual({ ok: true, selector: nothing });
    expect(labelSelectorFromObject({})).toEqual({ ok: true, selector: everything });
  });

  it('converts matchLabels and matchExpressions, sorted by key', () => {
    const r = labelSelectorFromObject({
      matchLabels: { app: 'web', a: 'b' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'owner', operator: 'Exists' },
      ],
    });
    if (!r.ok) throw new Error(r.error);
    expect(selectorToString(r.selector)).toBe(
      'a=b,app=web,!canary,env notin (prod),owner,tier in (back,front)',
    );
    expect(matchesLabels(r.selector, { a: 'b', app: 'web', tier: 'back', owner: 'x' })).toBe(true);
    expect(matchesLabels(r.selector, { a: 'b', app: 'web', tier: 'back' })).toBe(false);
  });

  it('rejects bad operators and value sets with the real messages', () => {
    expect(
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toEqual({
      ok: false,
      error: '"Gt" is not a valid label selector operator',
    });
    expect(labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toEqual({
      ok: false,
      error:
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    expect(
      labelSelectorFromObject({
        matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }],
      }),
    ).toEqual({
      ok: false,
      error:
        'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    });
    const bad = labelSelectorFromObject({ matchLabels: { 'bad key': 'v' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error).toBe(`key: Invalid value: "bad key": name part ${QNAME_REGEX_MSG}`);
  });
});

describe('selectorFromSet', () => {
  it('matches exactly the set, and an empty set matches everything', () => {
    const s = selectorFromSet({ b: '2', a: '1' });
    expect(selectorToString(s)).toBe('a=1,b=2');
    expect(matchesLabels(s, { a: '1', b: '2', c: '3' })).toBe(true);
    expect(matchesLabels(s, { a: '1' })).toBe(false);
    expect(matchesLabels(selectorFromSet(undefined), {})).toBe(true);
  });
});

describe('workloadSelectorText', () => {
  it("prints spec.selector as a Scale's status.selector: every requirement in key order", () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: {
          matchLabels: { tier: 'front', app: 'web' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
        },
      },
    };
    expect(workloadSelectorText(deployment)).toBe('app=web,env in (dev,prod),tier=front');
    expect(workloadSelectorText({ ...deployment, spec: {} })).toBe('');
    expect(workloadSelectorText(undefined)).toBe('');
  });
});

describe('labelSelectorFromObject of a frozen selector', () => {
  const frozen = <T>(v: T): T => {
    if (v && typeof v === 'object') {
      Object.values(v).forEach(frozen);
      Object.freeze(v);
    }
    return v;
  };

  it('is worked out once, shared frozen, and equal to a fresh conversion', () => {
    const plain = {
      matchLabels: { tier: 'web', app: 'a' },
      matchExpressions: [{ key: 'env', operator: 'In' as const, values: ['prod'] }],
    };
    const sel = frozen(structuredClone(plain));
    const first = labelSelectorFromObject(sel);
    expect(labelSelectorFromObject(sel)).toBe(first);
    expect(first).toEqual(labelSelectorFromObject(plain));
    expect(labelSelectorFromObject(plain)).not.toBe(labelSelectorFromObject(plain));
    if (!first.ok) throw new Error(first.error);
    expect(Object.isFrozen(first.selector.requirements[0]!.values)).toBe(true);
    expect(() => (first.selector.requirements as unknown[]).push(1)).toThrow(TypeError);
    // Frozen only at the top: its labels may still change, so nothing is remembered.
    const shallow = Object.freeze({ matchLabels: { app: 'a' } });
    expect(labelSelectorFromObject(shallow)).toEqual(
      labelSelectorFromObject({ matchLabels: { app: 'a' } }),
    );
    shallow.matchLabels.app = 'b';
    expect(labelSelectorFromObject(shallow)).toEqual(
      labelSelectorFromObject({ matchLabels: { app: 'b' } }),
    );
    const bad = frozen({ matchExpressions: [{ key: 'k', operator: 'Near' as never, values: [] }] });
    expect(labelSelectorFromObject(bad)).toEqual({
      ok: false,
      error: '"Near" is not a valid label selector operator',
    });
  });
});
