/** The directive keys and values of strategic merge patch, and helpers shared by its parts. */
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { mergepatchErrors, PatchError } from './errors.ts';

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

/** Strategies already split: a patch looks one up for every key of every map it merges. */
const strategies = new Map<string, string>();

/** extractRetainKeysPatchStrategy: the strategy other than retainKeys. */
export function listStrategy(strategy: string | undefined): string {
  if (!strategy) return '';
  const known = strategies.get(strategy);
  if (known !== undefined) return known;
  const parts = strategy.split(',');
  if (parts.length > 2 || (parts.length === 2 && !parts.includes('retainKeys')))
    throw new PatchError(`unexpected patch strategy: [${parts.join(' ')}]`);
  const other = parts.find((s) => s !== 'retainKeys') ?? '';
  strategies.set(strategy, other);
  return other;
}

/** extractKey: the field a `$directive/<field>` key names. */
export function directiveTarget(key: string, prefix: string): string {
  const i = key.indexOf('/');
  if (i < 0 || key.slice(0, i) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw mergepatchErrors.badPrimitiveList();
    throw mergepatchErrors.badSetElementOrder();
  }
  return key.slice(i + 1);
}

/** removeDirectives: drops maps carrying `$patch`; undefined means "drop this value". */
export function removeDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const e of v) {
      const kept = removeDirectives(e);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (!isJsonObject(v)) return v;
  if (DIRECTIVE in v) return undefined;
  const out: JsonObject = {};
  for (const k in v) {
    const e = v[k];
    if (e === undefined) continue;
    const kept = removeDirectives(e);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}
