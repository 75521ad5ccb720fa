/**
 * Enough of the apiserver's label and field selector matching to say which objects in etcd an
 * informer with a selector should hold: the requirement forms informers use (`key`, `!key`,
 * `key=v`, `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`), each comma-separated term
 * ANDed. Anything else gives undefined, and the inspector says it cannot compare rather than
 * compare wrongly. The apiserver's own parser is internal to the engine.
 */
import type { KubeObject } from '../../engine/index.ts';

type Test = (value: string | undefined) => boolean;

/** Splits on commas outside parentheses: "a in (x,y),b" -> ["a in (x,y)", "b"]. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  out.push(selector.slice(start));
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

function requirement(term: string): { key: string; test: Test } | undefined {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = new Set(set[3]!.split(',').map((v) => v.trim()));
    return set[2] === 'in'
      ? { key: set[1]!, test: (v) => v !== undefined && values.has(v) }
      : { key: set[1]!, test: (v) => v === undefined || !values.has(v) };
  }
  const op = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (op) {
    const want = op[3]!;
    return op[2] === '!='
      ? { key: op[1]!, test: (v) => v !== want }
      : { key: op[1]!, test: (v) => v === want };
  }
  if (/^![^\s!=(),]+$/.test(term)) return { key: term.slice(1), test: (v) => v === undefined };
  if (/^[^\s!=(),]+$/.test(term)) return { key: term, test: (v) => v !== undefined };
  return undefined;
}

/** A predicate over values looked up by key, or undefined when the selector is not understood. */
function compile(
  selector: string,
): ((lookup: (key: string) => string | undefined) => boolean) | undefined {
  const reqs = terms(selector).map(requirement);
  if (reqs.some((r) => r === undefined)) return undefined;
  return (lookup) => reqs.every((r) => r!.test(lookup(r!.key)));
}

/** The value at a dotted field path as a field selector reads it ("" for an unset field). */
function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Whether `obj` passes both selectors; undefined when either cannot be evaluated here. */
export function matchesSelectors(
  obj: KubeObject,
  labelSelector: string,
  fieldSelector: string,
): boolean | undefined {
  const labels = labelSelector ? compile(labelSelector) : () => true;
  const fields = fieldSelector ? compile(fieldSelector) : () => true;
  if (!labels || !fields) return undefined;
  const objLabels = obj.metadata.labels ?? {};
  return labels((k) => objLabels[k]) && fields((path) => fieldValue(obj, path));
}

/** Whether both selectors can be evaluated here. */
export function canMatch(labelSelector: string, fieldSelector: string): boolean {
  return (
    (!labelSelector || compile(labelSelector) !== undefined) &&
    (!fieldSelector || compile(fieldSelector) !== undefined)
  );
}
