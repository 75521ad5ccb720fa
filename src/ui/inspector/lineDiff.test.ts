import { describe, expect, it } from 'vitest';
import { diffHunks, lineDiff } from './lineDiff.ts';

describe('line diff', () => {
  it('marks what was removed and added, keeping the rest in order', () => {
    const d = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d.map((l) => `${l.op}${l.text}`)).toEqual([' a', '-b', '+B', ' c', '+d']);
  });

  it('treats a first version as all added, and equal texts as no change', () => {
    expect(lineDiff('', 'x\ny\n').map((l) => l.op)).toEqual(['+', '+']);
    expect(lineDiff('x\n', 'x\n')).toEqual([{ op: ' ', text: 'x' }]);
  });

  it('keeps the context around changes and marks the gaps', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
    const after = before.replace('5', 'five');
    const hunks = diffHunks(lineDiff(before, after), 1);
    expect(hunks.map((l) => (l ? `${l.op}${l.text}` : '…'))).toEqual([
      '…',
      ' 4',
      '-5',
      '+five',
      ' 6',
      '…',
    ]);
  });
});
