/**
 * Checks on what a learner types, with the messages the real tools print: kubectl's flag parsing
 * (cobra and Go's strconv), resource.ParseQuantity, and the apiserver's name rules for the
 * machines Kubeviz adds (no API request carries those, so nothing else would check them).
 */
import { isDNS1123Subdomain, toMilli, toNumber } from '../../engine/display.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Go's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  const hex = /^0x/i.test(s);
  if (/^0[box]/i.test(s)) {
    s = s.slice(2);
    saw = '0';
  }
  for (const c of s) {
    if (/[0-9]/.test(c) || (hex && /[a-f]/i.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * strconv.ParseInt(s, 0, bits), as pflag parses an int flag: a sign, then 0x, 0o, 0b or a leading
 * 0 for octal, and underscores between digits.
 */
export function parseGoInt(text: string, bits: 32 | 64): Parsed<number> {
  const syntax = bad<number>(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  let s = text.replace(/^[+-]/, '');
  if (s === '') return syntax;
  let base = 10;
  if (s.startsWith('0')) {
    const kind = s.length >= 3 ? s[1]!.toLowerCase() : '';
    base = kind === 'x' ? 16 : kind === 'o' ? 8 : kind === 'b' ? 2 : 8;
    s = s.slice(kind === 'x' || kind === 'o' || kind === 'b' ? 2 : 1);
  }
  let magnitude = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const digit = parseInt(c, 36);
    if (Number.isNaN(digit) || digit >= base) return syntax;
    magnitude = magnitude * BigInt(base) + BigInt(digit);
  }
  if (underscores && !underscoreOK(text)) return syntax;
  const value = text.startsWith('-') ? -magnitude : magnitude;
  const limit = 1n << BigInt(bits - 1);
  if (value >= limit || value < -limit)
    return bad(`strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  return ok(Number(value));
}

/** pflag's error for a flag value that does not parse: `invalid argument "x" for "--f" flag: ...`. */
export function parseIntFlag(text: string, flag: string, bits: 32 | 64): Parsed<number> {
  const parsed = parseGoInt(text, bits);
  if (parsed.ok) return parsed;
  return bad(`error: invalid argument ${JSON.stringify(text)} for "${flag}" flag: ${parsed.error}`);
}

const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** A CPU quantity ("500m", "2") in millicores. */
export function parseCpu(text: string, what: string): Parsed<number> {
  const milli = toMilli(text.trim());
  if (Number.isNaN(milli)) return bad(`error: ${what} ${JSON.stringify(text)}: ${QUANTITY_FORMAT}`);
  if (milli < 0) return bad(`error: ${what} ${JSON.stringify(text)} must not be negative`);
  return ok(milli);
}

/** A positive quantity (a machine's CPU or memory), kept as typed once it parses. */
export function parsePositiveQuantity(text: string, what: string): Parsed<string> {
  const value = toNumber(text.trim());
  if (Number.isNaN(value)) return bad(`error: ${what} ${JSON.stringify(text)}: ${QUANTITY_FORMAT}`);
  if (toMilli(text.trim()) <= 0)
    return bad(`error: ${what} ${JSON.stringify(text)} must be greater than 0`);
  return ok(text.trim());
}

/** A new machine's name, checked as the apiserver will check the Node its kubelet registers. */
export function parseNodeName(text: string): Parsed<string> {
  const name = text.trim();
  const prefix = `The Node ${JSON.stringify(name)} is invalid: metadata.name: Invalid value: ${JSON.stringify(name)}: `;
  if (name === '')
    return bad(
      'The Node "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  // The engine's IsDNS1123Subdomain, which the apiserver applies to the Node's name; the first
  // complaint is the one shown.
  const errs = isDNS1123Subdomain(name);
  return errs.length ? bad(`${prefix}${errs[0]}`) : ok(name);
}

/** The cluster's seed: sfc32 is seeded with 32 bits, and 0 means "the default". */
export function parseSeed(text: string): Parsed<number> {
  const s = text.trim();
  if (!/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > 0xffffffff)
    return bad(`error: seed ${JSON.stringify(text)} must be a whole number from 1 to 4294967295`);
  return ok(Number(s));
}

/** A container's exit code: what a process can return on Linux, and not success. */
export function parseExitCode(text: string): Parsed<number> {
  const s = text.trim();
  if (!/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > 255)
    return bad(`error: exit code ${JSON.stringify(text)} must be a whole number from 1 to 255`);
  return ok(Number(s));
}
