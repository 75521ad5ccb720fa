/**
 * The text form of label selectors: labels.Lexer and labels.Parser (v1.30), with their error
 * messages. `make` builds and validates each requirement, so the parser holds no rules itself.
 */
import type { LabelOperator, LabelRequirement } from './labels.ts';

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

export type NewRequirement = (
  key: string,
  operator: LabelOperator,
  values: readonly string[] | undefined,
) => { ok: true; requirement: LabelRequirement } | { ok: false; error: string };
/** Checks a key as labels.validateLabelKey does; returns the error text or undefined. */
export type KeyCheck = (key: string, path: string) => string | undefined;
type Parsed = { ok: true; requirements: LabelRequirement[] } | { ok: false; error: string };
class ParseError extends Error {}

/** The grammar of labels.Parse, with its error messages (v1.30). */
export function parseRequirements(
  text: string,
  make: NewRequirement,
  validateLabelKey: KeyCheck,
): Parsed {
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
