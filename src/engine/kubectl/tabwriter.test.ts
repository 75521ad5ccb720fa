import { describe, expect, it } from 'vitest';
import { formatColumns } from './tabwriter.ts';

describe("formatColumns: kubectl's tabwriter (minwidth 6, padding 3)", () => {
  it('pads every column but the last to its widest cell plus three spaces', () => {
    expect(
      formatColumns([
        ['NAME', 'STATUS', 'AGE'],
        ['a-much-longer-name', 'Ready', '5m'],
      ]),
    ).toBe('NAME                 STATUS   AGE\na-much-longer-name   Ready    5m\n');
  });

  it('never makes a column narrower than six, padding included', () => {
    expect(
      formatColumns([
        ['A', 'B'],
        ['', 'x'],
      ]),
    ).toBe('A     B\n      x\n');
  });

  it('counts runes, not UTF-16 units', () => {
    expect(
      formatColumns([
        ['é', 'x'],
        ['😀😀😀😀', 'y'],
      ]),
    ).toBe('é      x\n😀😀😀😀   y\n');
  });

  it('aligns a column only over consecutive lines that have it', () => {
    expect(formatColumns([['long-cell', 'a'], ['x'], ['y', 'b']])).toBe(
      'long-cell   a\nx\ny     b\n',
    );
  });
});
