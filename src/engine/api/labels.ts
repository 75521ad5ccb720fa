/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and matches them (v1.30):
 * the `-l` text form (`app=web,tier in (a,b),!canary`) and the structured metav1.LabelSelector
 * that Deployments, ReplicaSets and Jobs carry (LabelSelectorAsSelector). Errors carry the
 * apiserver's wording, e.g. `unable to parse requirement: <nil>: Invalid value: "a b": ...`.
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import { aggregate } from './fieldErrors.ts';
import type { KubeObject } from './objects.ts';
import { isQualifiedName, isValidLabelValue } from './nameValidation.ts';
import { parseRequirements } from './labelParser.ts';

export { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './nameValidation.ts';

/** selection.Operator values, spelled as apimachinery spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Parsed selectors hold these sorted and unique (sets.String.List()). */
  readonly values: readonly string[];
}

/** AND of requirements, sorted by key. `nothing` matches no labels at all (labels.Nothing()). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly nothing?: true;
}

export type LabelSelectorResult =
  { ok: true; selector: LabelSelector } | { ok: false; error: string };

/** labels.Everything(): matches every object. */
export const everything: LabelSelector = Object.freeze({ requirements: Object.freeze([]) });
/** labels.Nothing(): matches no object (a nil metav1.LabelSelector). */
export const nothing: LabelSelector = Object.freeze({
  requirements: Object.freeze([]),
  nothing: true,
});

/** Go's %#v of a []string, as a validation error prints it. */
function goStrings(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return values ? '[]string{}' : '[]string(nil)';
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

const INTEGER = /^[+-]?[0-9]+$/;

/** labels.NewRequirement: validates and builds one requirement (no field path prefix). */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[] | undefined,
): { ok: true; requirement: LabelRequirement } | { ok: false; error: string } {
  const errs: string[] = [];
  const keyErr = validateLabelKey(key, 'key');
  if (keyErr) errs.push(keyErr);
  const vals = values ?? [];
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0)
        errs.push(
          `values: Invalid value: ${goStrings(values)}: for 'in', 'notin' operators, values set can't be empty`,
        );
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1)
        errs.push(
          `values: Invalid value: ${goStrings(values)}: exact-match compatibility requires one single value`,
        );
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0)
        errs.push(
          `values: Invalid value: ${goStrings(values)}: values set must be empty for exists and does not exist`,
        );
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1)
        errs.push(
          `values: Invalid value: ${goStrings(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
        );
      vals.forEach((v, i) => {
        if (!INTEGER.test(v))
          errs.push(
            `values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
      });
      break;
  }
  vals.forEach((v, i) => {
    const e = validateLabelValue(key, v, `values[${i}]`);
    if (e) errs.push(e);
  });
  if (errs.length) return { ok: false, error: aggregate(errs) };
  return { ok: true, requirement: { key, operator, values: [...vals] } };
}

function byKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/** labels.Parse: the `-l` / `?labelSelector=` text form. The empty string selects everything. */
export function parseLabelSelector(text: string): LabelSelectorResult {
  const parsed = parseRequirements(text, newRequirement, validateLabelKey);
  if (!parsed.ok) return parsed;
  return { ok: true, selector: { requirements: byKey(parsed.requirements) } };
}

/**
 * Conversions of frozen selectors (a cached object's spec.selector never changes), kept as long
 * as the selector: the scheduler converts a ReplicaSet's selector for each of its pods, the
 * ReplicaSet controller on every sync. The results are frozen, for every caller shares them.
 */
const converted = new WeakMap<MetaLabelSelector, LabelSelectorResult>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** metav1.LabelSelectorAsSelector: nil selects nothing, {} selects everything. */
export function labelSelectorFromObject(
  sel: MetaLabelSelector | null | undefined,
): LabelSelectorResult {
  if (sel === null || sel === undefined) return { ok: true, selector: nothing };
  if (!frozenThrough(sel)) return convertSelector(sel);
  let result = converted.get(sel);
  if (!result) converted.set(sel, (result = deepFreeze(convertSelector(sel))));
  return result;
}

/** Frozen all the way down, as a cached object's selector is (Object.freeze alone is shallow). */
function frozenThrough(sel: MetaLabelSelector): boolean {
  if (!Object.isFrozen(sel)) return false;
  if (sel.matchLabels && !Object.isFrozen(sel.matchLabels)) return false;
  const expressions = sel.matchExpressions;
  if (!expressions) return true;
  if (!Object.isFrozen(expressions)) return false;
  for (const e of expressions)
    if (!Object.isFrozen(e) || (e.values && !Object.isFrozen(e.values))) return false;
  return true;
}

function convertSelector(sel: MetaLabelSelector): LabelSelectorResult {
  const matchLabels = sel.matchLabels ?? {};
  const expressions = sel.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort();
  if (labelKeys.length + expressions.length === 0) return { ok: true, selector: everything };
  const reqs: LabelRequirement[] = [];
  for (const k of labelKeys) {
    const r = newRequirement(k, '=', [matchLabels[k] ?? '']);
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  const ops: Record<string, LabelOperator> = {
    In: 'in',
    NotIn: 'notin',
    Exists: 'exists',
    DoesNotExist: '!',
  };
  for (const expr of expressions) {
    const op = ops[expr.operator];
    if (!op)
      return {
        ok: false,
        error: `${JSON.stringify(expr.operator)} is not a valid label selector operator`,
      };
    const r = newRequirement(expr.key, op, expr.values);
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  return { ok: true, selector: { requirements: byKey(reqs) } };
}

/**
 * A workload's spec.selector in text form, as a Scale's status.selector carries it: the
 * requirements of matchLabels and matchExpressions together in key order. "" when the object
 * has no selector or an invalid one.
 */
export function workloadSelectorText(object: KubeObject | undefined): string {
  const selector = (object?.spec as { selector?: MetaLabelSelector } | undefined)?.selector;
  if (!selector) return '';
  const converted = labelSelectorFromObject(selector);
  return converted.ok ? selectorToString(converted.selector) : '';
}

/** labels.SelectorFromSet: equality on every pair; an empty or missing set selects everything. */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  const keys = Object.keys(set ?? {}).sort();
  return { requirements: keys.map((k) => ({ key: k, operator: '=', values: [set?.[k] ?? ''] })) };
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value ?? '');
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value ?? '');
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !INTEGER.test(value ?? '') || r.values.length !== 1) return false;
      const want = r.values[0] ?? '';
      if (!INTEGER.test(want)) return false;
      const lv = BigInt(value ?? '0');
      const rv = BigInt(want);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  if (selector.nothing) return false;
  const ls = labels ?? {};
  // A plain loop: controllers match every pod of a namespace against a selector on each sync.
  const reqs = selector.requirements;
  for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i]!, ls)) return false;
  return true;
}

/** Selector.Empty(): true when it does not restrict anything (Nothing() is not empty). */
export function isEverything(selector: LabelSelector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

const OP_TEXT: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** Requirement.String(). */
export function requirementToString(r: LabelRequirement): string {
  const head = (r.operator === '!' ? '!' : '') + r.key;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return head + OP_TEXT[r.operator] + (set ? `(${values})` : values);
}

/** Selector.String(): requirements in key order, comma-joined; "" for everything and nothing. */
export function selectorToString(selector: LabelSelector): string {
  if (selector.nothing) return '';
  return selector.requirements.map(requirementToString).join(',');
}

/** labels.validateLabelKey: a field.Invalid at `path` ("<nil>" when the parser has none). */
function validateLabelKey(key: string, path: string): string | undefined {
  const errs = isQualifiedName(key);
  return errs.length
    ? `${path}: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`
    : undefined;
}

function validateLabelValue(key: string, value: string, path: string): string | undefined {
  const errs = isValidLabelValue(value);
  return errs.length
    ? `${path}[${key}]: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`
    : undefined;
}
