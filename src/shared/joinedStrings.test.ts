import { describe, expect, it } from 'vitest';
import { JoinedStrings } from './joinedStrings.ts';

describe('JoinedStrings', () => {
  it('joins with the separator and hands out the same string again', () => {
    const keys = new JoinedStrings('/');
    const first = keys.join('default', 'web');
    expect(first).toBe('default/web');
    expect(keys.join('default', 'web')).toBe(first);
    expect(keys.join('kube-system', 'web')).toBe('kube-system/web');
    expect(new JoinedStrings('').join('/registry/pods/default/', 'web')).toBe(
      '/registry/pods/default/web',
    );
  });

  it('starts over once full, with the same answers', () => {
    const keys = new JoinedStrings('/', 2);
    const joined = ['a', 'b', 'c', 'd'].map((name) => keys.join('ns', name));
    expect(joined).toEqual(['ns/a', 'ns/b', 'ns/c', 'ns/d']);
    expect(keys.join('ns', 'a')).toBe('ns/a');
  });
});
