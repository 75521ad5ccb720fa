import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../engine/index.ts';
import { StoreMirror } from './storeMirror.ts';

const obj = (name: string, rv: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: String(rv) },
});

describe('StoreMirror', () => {
  it('rebuilds only the lists a change falls under', () => {
    const m = new StoreMirror();
    m.apply({
      revision: 2,
      reset: true,
      put: [
        ['/registry/pods/default/a', obj('a', 1)],
        ['/registry/events/default/e', obj('e', 2)],
      ],
      deleted: [],
    });
    const pods = m.stored('/registry/pods/');
    const events = m.stored('/registry/events/');
    expect(pods.map((p) => p.metadata.name)).toEqual(['a']);
    m.apply({
      revision: 3,
      reset: false,
      put: [['/registry/pods/default/b', obj('b', 3)]],
      deleted: [],
    });
    expect(m.stored('/registry/events/')).toBe(events);
    expect(m.stored('/registry/pods/').map((p) => p.metadata.name)).toEqual(['a', 'b']);
    m.apply({ revision: 4, reset: false, put: [], deleted: ['/registry/events/default/e'] });
    expect(m.stored('/registry/events/')).toEqual([]);
    expect(m.apply({ revision: 5, reset: true, put: [], deleted: [] })).toBe(true);
    expect(m.stored('/registry/pods/')).toEqual([]);
  });
});
