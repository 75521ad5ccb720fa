/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and matches them (v1.30):
 * the `-l` text form (`app=web,tier in (a,b),!canary`) and the structured metav1.LabelSelector
 * that Deployments, ReplicaSets and Jobs carry (LabelSelectorAsSelector). Errors carry the
 * apiserver's wording, e.g. `unable to parse requirement: <nil>: Invalid value: "a b": ...`.
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import { aggregate } from './fieldErrors.ts';

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
  const parsed = parseRequirements(text, newRequirement);
  if (!parsed.ok) return parsed;
  return { ok: true, selector: { requirements: byKey(parsed.requirements) } };
}

/** metav1.LabelSelectorAsSelector: nil selects nothing, {} selects everything. */
export function labelSelectorFromObject(
  sel: MetaLabelSelector | null | undefined,
): LabelSelectorResult {
  if (sel === null || sel === undefined) return { ok: true, selector: nothing };
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
  return selector.requirements.every((r) => requirementMatches(r, ls));
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

// ---- validation (k8s.io/apimachinery/pkg/util/validation) ----------------------------------

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const DNS_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN_FMT = `${DNS_LABEL_FMT}(\\.${DNS_LABEL_FMT})*`;

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** Go's len(): UTF-8 bytes. */
function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** validation.IsDNS1123Subdomain. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${DNS_SUBDOMAIN_FMT}$`).test(value))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  return errs;
}

/** validation.IsQualifiedName: label and annotation keys, `[prefix/]name`. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : (parts[0] ?? '');
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push('name part must be no more than 63 characters');
  if (!new RegExp(`^${QNAME_FMT}$`).test(name))
    errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL_VALUE_FMT}$`).test(value))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
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

// ---- the text parser (labels.Lexer and labels.Parser) --------------------------------------

type Tok =
  'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item {
  tok: Tok;
  lit: string;
}
const KEYWORDS: Record<string, Tok> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>',
  in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
}; // prettier-ignore
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c) && c !== '';

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos] ?? '')) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    let buf = '';
    if (isSpecial(s[pos] ?? '')) {
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos] ?? '')) {
        const next = buf + (s[pos] ?? '');
        const tok = KEYWORDS[next];
        if (tok) last = { tok, lit: next };
        else if (last) break;
        buf = next;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      while (pos < s.length && !isSpecial(s[pos] ?? '') && !isSpace(s[pos] ?? '')) buf += s[pos++];
      items.push({ tok: KEYWORDS[buf] ?? 'id', lit: buf });
    }
  }
}

type NewRequirement = typeof newRequirement;
type Parsed = { ok: true; requirements: LabelRequirement[] } | { ok: false; error: string };
class ParseError extends Error {}

/** The grammar of labels.Parse, with its error messages (v1.30). */
function parseRequirements(text: string, make: NewRequirement): Parsed {
  const items = lex(text);
  let position = 0;
  // In the Values context, `in` and `notin` are plain identifiers.
  const view = (i: Item, values: boolean): Item =>
    values && (i.tok === 'in' || i.tok === 'notin') ? { tok: 'id', lit: i.lit } : i;
  const lookahead = (values = true): Item =>
    view(items[position] ?? items[items.length - 1]!, values);
  const consume = (values = true): Item => {
    const i = lookahead(values);
    position = Math.min(position + 1, items.length - 1);
    return i;
  };
  const fail = (msg: string): never => {
    throw new ParseError(msg);
  };

  const identifiersList = (): Set<string> => {
    const s = new Set<string>();
    for (;;) {
      const t = consume();
      if (t.tok === 'id') {
        s.add(t.lit);
        const t2 = lookahead();
        if (t2.tok === ',') continue;
        if (t2.tok === ')') return s;
        fail(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (s.size === 0) s.add('');
        const t2 = lookahead();
        if (t2.tok === ')') {
          s.add('');
          return s;
        }
        if (t2.tok === ',') {
          consume();
          s.add('');
        }
      } else {
        fail(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
  };
  const values = (): Set<string> => {
    const open = consume();
    if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
    const t = lookahead();
    if (t.tok === 'id' || t.tok === ',') {
      const s = identifiersList();
      if (consume().tok !== ')') fail(`found '${t.lit}', expected: ')'`);
      return s;
    }
    if (t.tok === ')') {
      consume();
      return new Set(['']);
    }
    return fail(`found '${t.lit}', expected: ',', ')' or identifier`);
  };
  const exactValue = (): Set<string> => {
    const t = lookahead();
    if (t.tok === 'eos' || t.tok === ',') return new Set(['']);
    const v = consume();
    if (v.tok === 'id') return new Set([v.lit]);
    return fail(`found '${v.lit}', expected: identifier`);
  };
  const OPS: Partial<Record<Tok, LabelOperator>> = {
    in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=',
  }; // prettier-ignore
  const requirement = (): LabelRequirement => {
    let t = consume();
    let op: LabelOperator | undefined;
    if (t.tok === '!') {
      op = '!';
      t = consume();
    }
    if (t.tok !== 'id') fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErr = validateLabelKey(key, '<nil>');
    if (keyErr) fail(keyErr);
    const next = lookahead().tok;
    if ((next === 'eos' || next === ',') && op !== '!') op = 'exists';
    let vals: string[] = [];
    if (op !== 'exists' && op !== '!') {
      const o = consume(false);
      op = OPS[o.tok] ?? fail(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
      vals = [...(op === 'in' || op === 'notin' ? values() : exactValue())].sort();
    }
    const r = make(key, op, vals);
    return r.ok ? r.requirement : fail(r.error);
  };

  const requirements: LabelRequirement[] = [];
  try {
    for (;;) {
      const t = lookahead();
      if (t.tok === 'eos') return { ok: true, requirements };
      if (t.tok !== 'id' && t.tok !== '!')
        fail(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(requirement());
      } catch (e) {
        if (e instanceof ParseError) fail(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = consume();
      if (after.tok === 'eos') return { ok: true, requirements };
      if (after.tok !== ',') fail(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t2 = lookahead();
      if (t2.tok !== 'id' && t2.tok !== '!')
        fail(`found '${t2.lit}', expected: identifier after ','`);
    }
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}
