import { describe, expect, it } from 'vitest';
import { recorder, type RecorderState } from '../sim/recorder.ts';
import { Sequencer } from '../sim/sequencer.ts';
import { etcd, type EtcdConfig, type EtcdState } from './etcdServer.ts';
import {
  prefixEnd,
  type EtcdOp,
  type EtcdResponsePayload,
  type EtcdWatchPayload,
} from './protocol.ts';

// No jitter: messages on one link arrive in the order they were sent.
const NETWORK = { minLatencyMs: 1, defaultLatencyMs: 2, jitterMs: 0, linkLatencyMs: {} };

function cluster(config: EtcdConfig = {}) {
  const s = new Sequencer({ seed: 1, registry: { etcd, recorder }, network: NETWORK });
  s.startComponent('etcd', 'etcd', config);
  s.startComponent('client', 'recorder');
  s.startComponent('apiserver', 'recorder');
  return s;
}

const inbox = (s: Sequencer, who: string) => s.stateOf<RecorderState>(who)!.inbox;

/** Sends a request and runs until its response arrives (and a little more, for watch traffic). */
function call(
  s: Sequencer,
  request: EtcdOp,
  from = 'client',
): EtcdResponsePayload & { id: string } {
  const id = s.inject(from, 'etcd', { kind: 'etcd.request', request });
  const reply = () =>
    inbox(s, from).find((m) => m.payload.kind === 'etcd.response' && m.payload.inReplyTo === id);
  s.runUntilTrue(() => reply() !== undefined);
  s.runFor(10);
  return { ...(reply()!.payload as EtcdResponsePayload), id };
}

function watchMessages(s: Sequencer, watchId: string, who = 'apiserver'): EtcdWatchPayload[] {
  return inbox(s, who)
    .map((m) => m.payload)
    .filter((p): p is EtcdWatchPayload => p.kind === 'etcd.watch' && p.watchId === watchId);
}

/** Watch messages as "rev: TYPE key, ..." lines. */
function lines(messages: EtcdWatchPayload[]): string[] {
  return messages.map(
    (m) =>
      `${m.header.revision}: ${m.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`).join(', ')}`,
  );
}

const pod = (name: string, n = 1) => ({
  op: 'put' as const,
  key: `/registry/pods/default/${name}`,
  value: { kind: 'Pod', metadata: { name, namespace: 'default' }, n },
});
const PODS = { key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') };

describe('etcd component', () => {
  it('answers the sender with etcd.response, inReplyTo the request id', () => {
    const s = cluster();
    const put = call(s, pod('web'));
    expect(put.inReplyTo).toBe(put.id);
    expect(put.response).toEqual({ op: 'put', header: { revision: 2 } });
    const got = call(s, { op: 'range', ...PODS });
    expect(got.response).toMatchObject({ op: 'range', count: 1, header: { revision: 2 } });
    const event = s.trace.find((e) => e.to === 'etcd' && e.summary.startsWith('put'))!;
    expect(event.notes).toEqual(['put /registry/pods/default/web at rev 2']);
  });

  it('replays a watch from a past revision, then streams live, one message per revision', () => {
    const s = cluster();
    call(s, pod('a')); // 2
    call(s, pod('b')); // 3
    call(s, { op: 'put', key: '/registry/services/default/x', value: {} }); // 4, not watched
    call(s, pod('a', 2)); // 5
    const watch = call(s, { op: 'watch', ...PODS, startRevision: 3 }, 'apiserver');
    expect(watch.response).toEqual({ op: 'watch', header: { revision: 5 }, watchId: watch.id });
    // The create response arrives before any event.
    const kinds = inbox(s, 'apiserver').map((m) => m.payload.kind);
    expect(kinds).toEqual(['etcd.response', 'etcd.watch', 'etcd.watch']);
    call(s, {
      op: 'txn',
      compare: [],
      success: [pod('c'), { op: 'deleteRange', key: '/registry/pods/default/b' }],
      failure: [],
    }); // 6: both events in one message
    call(s, { op: 'deleteRange', key: '/registry/services/default/x' }); // 7, not watched
    call(s, pod('a', 3)); // 8
    expect(lines(watchMessages(s, watch.id))).toEqual([
      '5: PUT /registry/pods/default/b@3',
      '5: PUT /registry/pods/default/a@5',
      '6: PUT /registry/pods/default/c@6, DELETE /registry/pods/default/b@6',
      '8: PUT /registry/pods/default/a@8',
    ]);
  });

  it('starts a watch without startRevision after the current revision', () => {
    const s = cluster();
    call(s, pod('a'));
    const watch = call(s, { op: 'watch', key: '/registry/pods/default/a' }, 'apiserver');
    call(s, pod('b'));
    call(s, pod('a', 2));
    expect(lines(watchMessages(s, watch.id))).toEqual(['4: PUT /registry/pods/default/a@4']);
  });

  it('holds a watch from a future revision until that revision', () => {
    const s = cluster();
    const watch = call(s, { op: 'watch', ...PODS, startRevision: 4 }, 'apiserver');
    call(s, pod('a')); // 2
    call(s, pod('b')); // 3
    call(s, pod('c')); // 4
    expect(lines(watchMessages(s, watch.id))).toEqual(['4: PUT /registry/pods/default/c@4']);
  });

  it('sends prevKv on updates and DELETEs when asked, never on creates', () => {
    const s = cluster();
    const watch = call(s, { op: 'watch', ...PODS, prevKv: true }, 'apiserver');
    const plain = call(s, { op: 'watch', ...PODS }, 'apiserver');
    call(s, pod('a', 1)); // 2
    call(s, pod('a', 2)); // 3
    call(s, { op: 'deleteRange', key: '/registry/pods/default/a' }); // 4
    const events = watchMessages(s, watch.id).flatMap((m) => m.events);
    expect(events.map((e) => [e.type, e.kv.modRevision, e.prevKv?.modRevision])).toEqual([
      ['PUT', 2, undefined],
      ['PUT', 3, 2],
      ['DELETE', 4, 3],
    ]);
    const deleted = events[2]!;
    expect(deleted.kv).toEqual({
      key: '/registry/pods/default/a',
      value: {},
      createRevision: 0,
      modRevision: 4,
      version: 0,
    });
    expect(deleted.prevKv!.value).toMatchObject({ n: 2 });
    expect(
      watchMessages(s, plain.id)
        .flatMap((m) => m.events)
        .some((e) => e.prevKv),
    ).toBe(false);
  });

  it('cancels a watch from a compacted revision with the compaction error', () => {
    const s = cluster();
    for (let i = 0; i < 5; i++) call(s, pod('a', i)); // 2..6
    expect(call(s, { op: 'compact', revision: 5 }).response).toEqual({
      op: 'compact',
      header: { revision: 6 },
    });
    const watch = call(s, { op: 'watch', ...PODS, startRevision: 4 }, 'apiserver');
    expect(watch.response).toMatchObject({ op: 'watch', watchId: watch.id });
    expect(watchMessages(s, watch.id)).toEqual([
      {
        kind: 'etcd.watch',
        watchId: watch.id,
        header: { revision: 0 },
        events: [],
        compactRevision: 5,
        canceled: true,
        cancelReason: 'etcdserver: mvcc: required revision has been compacted',
      },
    ]);
    expect(s.stateOf<EtcdState>('etcd')!.watchers.size).toBe(0);
    // The compact revision itself can still be watched from (as in etcd: only older is refused).
    const atCompact = call(s, { op: 'watch', ...PODS, startRevision: 5 }, 'apiserver');
    expect(lines(watchMessages(s, atCompact.id))).toEqual([
      '6: PUT /registry/pods/default/a@5',
      '6: PUT /registry/pods/default/a@6',
    ]);
  });

  it('refuses a range at a compacted revision with the real message', () => {
    const s = cluster();
    call(s, pod('a'));
    call(s, pod('a', 2));
    call(s, { op: 'compact', revision: 3 });
    expect(call(s, { op: 'range', ...PODS, revision: 2 }).error).toEqual({
      code: 'OutOfRange',
      message: 'etcdserver: mvcc: required revision has been compacted',
    });
    expect(call(s, { op: 'compact', revision: 2 }).error?.message).toBe(
      'etcdserver: mvcc: required revision has been compacted',
    );
  });

  it('refuses a too-large request and a txn with too many ops', () => {
    const s = cluster({ maxRequestBytes: 1000, maxTxnOps: 2 });
    const big = {
      op: 'put' as const,
      key: '/registry/secrets/default/big',
      value: { d: 'x'.repeat(1000) },
    };
    expect(call(s, big).error).toEqual({
      code: 'InvalidArgument',
      message: 'etcdserver: request is too large',
    });
    const txn = call(s, {
      op: 'txn',
      compare: [],
      success: [pod('a'), pod('b'), pod('c')],
      failure: [],
    });
    expect(txn.error?.message).toBe('etcdserver: too many operations in txn request');
    expect(s.stateOf<EtcdState>('etcd')!.store.revision).toBe(1);
  });

  it('notes why a txn compare failed', () => {
    const s = cluster();
    call(s, pod('web'));
    call(s, pod('web', 2));
    const key = '/registry/pods/default/web';
    const r = call(s, {
      op: 'txn',
      compare: [{ key, target: 'MOD', result: 'EQUAL', value: 2 }],
      success: [pod('web', 3)],
      failure: [{ op: 'range', key }],
    });
    expect(r.response).toMatchObject({ op: 'txn', succeeded: false, header: { revision: 3 } });
    const event = s.trace.find((e) => e.id === r.id)!;
    expect(event.notes).toEqual([`txn compare failed: mod_revision(${key}) = 3, expected 2`]);
  });

  it('stops sending events once a watch is cancelled', () => {
    const s = cluster();
    const watch = call(s, { op: 'watch', ...PODS }, 'apiserver');
    call(s, pod('a'));
    const cancel = call(s, { op: 'cancelWatch', watchId: watch.id }, 'apiserver');
    expect(cancel.response).toEqual({ op: 'cancelWatch', header: { revision: 2 } });
    call(s, pod('b'));
    expect(lines(watchMessages(s, watch.id))).toEqual(['2: PUT /registry/pods/default/a@2']);
    expect(s.stateOf<EtcdState>('etcd')!.watchers.size).toBe(0);
  });

  it('replays identically from a checkpoint', () => {
    const s = cluster();
    call(s, { op: 'watch', ...PODS, prevKv: true }, 'apiserver');
    call(s, pod('a'));
    const checkpoint = s.checkpoint();
    const script = () => {
      call(s, pod('a', 2));
      call(s, { op: 'deleteRange', ...PODS });
      call(s, { op: 'compact', revision: 3 });
    };
    script();
    const future = JSON.stringify(s.trace.slice(checkpoint.traceLength));
    s.restore(checkpoint);
    script();
    expect(JSON.stringify(s.trace.slice(checkpoint.traceLength))).toBe(future);
  });
});
