import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, etcdChange, message } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';

const guarded: Payload = {
  kind: 'etcd.request',
  request: {
    op: 'txn',
    compare: [{ key: '/registry/pods/default/web-x', target: 'MOD', result: 'EQUAL', value: 59 }],
    success: [{ op: 'put', key: '/registry/pods/default/web-x', value: {} }],
    failure: [{ op: 'range', key: '/registry/pods/default/web-x' }],
  },
};

describe('etcd', () => {
  it('writes a key at a new revision and tells its watchers', () => {
    const change = etcdChange(61);
    const n = narrate(
      delivered('kube-apiserver', 'etcd', guarded, { notes: ['txn succeeded at rev 60'] }),
      guarded,
      contextOf({ sent: [message('etcd', 'kube-apiserver', change)] }),
    );
    expect(n.actor).toBe('etcd');
    expect(n.headline).toBe('etcd writes /registry/pods/default/web-x at revision 60.');
    expect(n.details![0]).toBe(
      'The transaction: if mod_revision(/registry/pods/default/web-x) = 59 then put /registry/pods/default/web-x, else read /registry/pods/default/web-x. etcd checks the condition and applies the branch atomically.',
    );
    expect(n.details!.join(' ')).toContain("the apiserver's watch on /registry/");
    expect(n.details!.join(' ')).not.toContain('txn succeeded');
  });

  it('says when the compare fails', () => {
    const n = narrate(
      delivered('kube-apiserver', 'etcd', guarded, {
        notes: ['txn compare failed: mod_revision(/registry/pods/default/web-x) is 61, not 59'],
      }),
      guarded,
    );
    expect(n.headline).toContain('finds the compare false');
    expect(n.details!.at(-1)).toContain('etcd notes: txn compare failed');
  });

  it('reads, watches and compacts', () => {
    const range: Payload = {
      kind: 'etcd.request',
      request: { op: 'range', key: '/registry/', rangeEnd: '/registry0' },
    };
    expect(narrate(delivered('kube-apiserver', 'etcd', range), range).headline).toBe(
      'etcd reads /registry/ and every key under it.',
    );
    const watch: Payload = {
      kind: 'etcd.request',
      request: { op: 'watch', key: '/registry/', rangeEnd: '/registry0', startRevision: 12 },
    };
    expect(narrate(delivered('kube-apiserver', 'etcd', watch), watch).headline).toBe(
      'etcd starts a watch on /registry/ and every key under it from revision 12.',
    );
    const compact: Payload = { kind: 'etcd.request', request: { op: 'compact', revision: 40 } };
    const n = narrate(delivered('kube-apiserver', 'etcd', compact), compact);
    expect(n.headline).toBe('etcd compacts its history up to revision 40.');
    expect(n.details![0]).toContain('required revision has been compacted');
  });
});
