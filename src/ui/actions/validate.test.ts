import { describe, expect, it } from 'vitest';
import {
  parseCpu,
  parseExitCode,
  parseGoInt,
  parseIntFlag,
  parseNodeName,
  parsePositiveQuantity,
  parseSeed,
} from './validate.ts';

describe('parseGoInt (strconv.ParseInt with base 0)', () => {
  it.each([
    ['5', 5],
    ['-1', -1],
    ['+7', 7],
    ['0', 0],
    ['010', 8],
    ['0x1f', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['0x_1f', 31],
  ])('reads %s as %d', (text, value) => {
    expect(parseGoInt(text, 64)).toEqual({ ok: true, value });
  });

  it.each(['', 'abc', '3.5', '08', '0x', '1__0', '_1', '1_', ' 5', '-'])(
    'refuses %j as invalid syntax',
    (text) => {
      expect(parseGoInt(text, 64)).toEqual({
        ok: false,
        error: `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
      });
    },
  );

  it('refuses values outside the flag type', () => {
    expect(parseGoInt('2147483647', 32).ok).toBe(true);
    expect(parseGoInt('2147483648', 32)).toEqual({
      ok: false,
      error: 'strconv.ParseInt: parsing "2147483648": value out of range',
    });
    expect(parseGoInt('-2147483648', 32).ok).toBe(true);
    expect(parseGoInt('9223372036854775808', 64).ok).toBe(false);
  });

  it('prints pflag’s flag error', () => {
    expect(parseIntFlag('abc', '--replicas', 64)).toEqual({
      ok: false,
      error:
        'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    });
  });
});

describe('quantities', () => {
  it('reads CPU in millicores', () => {
    expect(parseCpu('1500m', 'CPU load')).toEqual({ ok: true, value: 1500 });
    expect(parseCpu('2', 'CPU load')).toEqual({ ok: true, value: 2000 });
    expect(parseCpu('0', 'CPU load')).toEqual({ ok: true, value: 0 });
  });

  it('says why a quantity does not parse, or is out of range', () => {
    const bad = parseCpu('lots', 'CPU load');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('quantities must match the regular expression');
    expect(parseCpu('-1', 'CPU load')).toEqual({
      ok: false,
      error: 'error: CPU load "-1" must not be negative',
    });
    expect(parsePositiveQuantity('8Gi', 'memory')).toEqual({ ok: true, value: '8Gi' });
    expect(parsePositiveQuantity('0', 'CPU').ok).toBe(false);
  });
});

describe('names, seeds and exit codes', () => {
  it('checks a machine name as the apiserver checks a Node name', () => {
    expect(parseNodeName('node-4')).toEqual({ ok: true, value: 'node-4' });
    const bad = parseNodeName('Node_4');
    expect(!bad.ok && bad.error).toBe(
      "The Node \"Node_4\" is invalid: metadata.name: Invalid value: \"Node_4\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
    expect(parseNodeName('').ok).toBe(false);
    expect(parseNodeName('a'.repeat(254)).ok).toBe(false);
  });

  it('takes a seed from 1 to 2^32 - 1', () => {
    expect(parseSeed('42')).toEqual({ ok: true, value: 42 });
    for (const text of ['0', '-3', '1.5', 'abc', '', '4294967296'])
      expect(parseSeed(text).ok, text).toBe(false);
    expect(parseSeed('4294967295').ok).toBe(true);
  });

  it('takes an exit code from 1 to 255', () => {
    expect(parseExitCode('137')).toEqual({ ok: true, value: 137 });
    for (const text of ['0', '256', 'x', '']) expect(parseExitCode(text).ok, text).toBe(false);
  });
});
