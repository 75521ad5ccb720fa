import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import type { ApiServerState } from '../state.ts';
import type { EtcdState } from '../../etcd/etcdServer.ts';
import { PODS, body, pod, startedCluster } from './helpers.ts';
import type { Cluster } from '../../cluster/cluster.ts';

const EVENTS = '/api/v1/namespaces/default/events';

function event(name: string, reason = 'Pulled'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', apiVersion: 'v1' },
    reason,
    message: `${reason} for ${name}`,
    type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' },
    count: 1,
  };
}

const apiserver = (c: Cluster) => c.sequencer.stateOf<ApiServerState>('kube-apiserver')!;
const etcdWatchCount = (c: Cluster) => c.sequencer.stateOf<EtcdState>('etcd')!.watchers.size;

function summary(c: Cluster, watchId: string): string[] {
  return c.watchEvents(watchId).map((e) => {
    const meta = e.object.metadata as { name?: string } | undefined;
    return `${e.type} ${meta?.name ?? String(e.object.message)}`;
  });
}

describe('kube-apiserver: events have no watch cache (DefaultWatchCacheSizes)', () => {
  it('keeps events out of the cache: their writes never reach it from etcd', () => {
    const c = startedCluster();
    const before = c.sequencer.trace.length;
    c.call('POST', EVENTS, { body: event('e1') });
    c.sequencer.runFor(10);
    const after = c.sequencer.trace.slice(before);
    expect(after.some((e) => e.kind === 'etcd.request' && e.summary.includes('/events/'))).toBe(
      true,
    );
    expect(after.filter((e) => e.kind === 'etcd.watch' && e.to === 'kube-apiserver')).toEqual([]);
    expect(apiserver(c).cache.resources['/events']).toBeUndefined();
    // A pod write still reaches the cache.
    c.call('POST', PODS, { body: pod('a') });
    c.sequencer.runFor(10);
    expect(apiserver(c).cache.resources['/pods']?.store.size).toBe(1);
  });

  it('lists events from etcd even when any version would do (resourceVersion=0)', () => {
    const c = startedCluster();
    c.call('POST', EVENTS, { body: event('e1') });
    c.call('POST', EVENTS, { body: event('e2') });
    const before = c.sequencer.trace.length;
    const r = c.call('GET', EVENTS, { query: { resourceVersion: '0' } });
    const reads = c.sequencer.trace
      .slice(before)
      .filter((e) => e.kind === 'etcd.request' && e.to === 'etcd');
    expect(reads.map((e) => e.summary)).toEqual([
      expect.stringContaining('/registry/events/default/'),
    ]);
    const list = body<KubeList>(r);
    expect(list.items.map((e) => e.metadata.name)).toEqual(['e1', 'e2']);
    expect(Number(list.metadata.resourceVersion)).toBe(c.etcdRevision());
  });

  it('watches from resourceVersion 0: the current events as ADDED, then changes from etcd', () => {
    const c = startedCluster();
    c.call('POST', EVENTS, { body: event('old') });
    const watchesBefore = etcdWatchCount(c);
    const w = c.call('GET', EVENTS, { query: { watch: 'true' } });
    expect(w.body).toEqual({ kind: 'WatchStarted' });
    expect(etcdWatchCount(c)).toBe(watchesBefore + 1);
    c.call('POST', EVENTS, { body: event('new') });
    c.call('PATCH', `${EVENTS}/new`, {
      body: { count: 2 },
      contentType: 'application/merge-patch+json',
    });
    c.call('DELETE', `${EVENTS}/old`);
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual([
      'ADDED old',
      'ADDED new',
      'MODIFIED new',
      'DELETED old',
    ]);
    const deleted = c.watchEvents(w.inReplyTo)[3]!.object;
    const deletedAt = (deleted.metadata as { resourceVersion: string }).resourceVersion;
    expect(Number(deletedAt)).toBe(c.etcdRevision());
    // Closing the watch cancels its etcd watch.
    c.sequencer.inject('kubectl', 'kube-apiserver', {
      kind: 'api.watchClose',
      watchId: w.inReplyTo,
    });
    c.sequencer.runFor(10);
    expect(etcdWatchCount(c)).toBe(watchesBefore);
    c.call('POST', EVENTS, { body: event('late') });
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toHaveLength(4);
  });

  it('resumes from a resourceVersion and applies field selectors', () => {
    const c = startedCluster();
    c.call('POST', EVENTS, { body: event('before') });
    const rv = body<KubeList>(c.call('GET', EVENTS)).metadata.resourceVersion!;
    const w = c.call('GET', EVENTS, {
      query: { watch: 'true', resourceVersion: rv, fieldSelector: 'reason=BackOff' },
    });
    c.call('POST', EVENTS, { body: event('pulled', 'Pulled') });
    c.call('POST', EVENTS, { body: event('backoff', 'BackOff') });
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED backoff']);
  });

  it("answers a watch from a revision etcd compacted with the etcd3 store's 410 Expired", () => {
    const c = startedCluster();
    c.call('POST', EVENTS, { body: event('e1') });
    const rv = body<KubeList>(c.call('GET', EVENTS)).metadata.resourceVersion!;
    c.call('POST', EVENTS, { body: event('e2') });
    c.call('POST', EVENTS, { body: event('e3') });
    // The compactor compacts, every 5 minutes, to the revision it saw one interval earlier:
    // event writes count, though they never reach the watch cache.
    c.sequencer.runUntil(10 * 60 * 1000 + 100);
    const watchesBefore = etcdWatchCount(c);
    const w = c.call('GET', EVENTS, { query: { watch: 'true', resourceVersion: rv } });
    c.sequencer.runFor(10);
    const events = c.watchEvents(w.inReplyTo);
    expect(events.map((e) => e.type)).toEqual(['ERROR']);
    expect(events[0]!.object).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided watch is too old.',
    });
    expect(etcdWatchCount(c)).toBe(watchesBefore);
    expect(apiserver(c).watchers.has(w.inReplyTo)).toBe(false);
  });

  it("deletes a collection of events listed from etcd, answering at the list's revision", () => {
    const c = startedCluster();
    c.call('POST', EVENTS, { body: event('pulled', 'Pulled') });
    c.call('POST', EVENTS, { body: event('backoff', 'BackOff') });
    const listedAt = c.etcdRevision();
    const r = c.call('DELETE', EVENTS, { query: { fieldSelector: 'reason=BackOff' } });
    expect(body<KubeList>(r).metadata.resourceVersion).toBe(String(listedAt));
    expect(body<KubeList>(r).items.map((e) => e.metadata.name)).toEqual(['backoff']);
    expect(c.stored('/registry/events/default/').map((e) => e.metadata.name)).toEqual(['pulled']);
    const all = c.call('DELETE', EVENTS);
    expect(body<KubeList>(all).items.map((e) => e.metadata.name)).toEqual(['pulled']);
    expect(c.stored('/registry/events/')).toEqual([]);
  });

  it('ends an events watch after timeoutSeconds, and one closed before its list came back', () => {
    const c = startedCluster();
    const watchesBefore = etcdWatchCount(c);
    const timed = c.call('GET', EVENTS, { query: { watch: 'true', timeoutSeconds: '5' } });
    expect(etcdWatchCount(c)).toBe(watchesBefore + 1);
    c.sequencer.runFor(6000);
    expect(c.sequencer.trace.some((e) => e.kind === 'api.watchEnd' && e.to === 'kubectl')).toBe(
      true,
    );
    expect(apiserver(c).watchers.has(timed.inReplyTo)).toBe(false);
    expect(etcdWatchCount(c)).toBe(watchesBefore);
    // Closed while its initial list is still on the way to etcd: no etcd watch is left behind.
    const id = c.sequencer.inject('kubectl', 'kube-apiserver', {
      kind: 'api.request',
      method: 'GET',
      path: EVENTS,
      query: { watch: 'true' },
    });
    c.sequencer.runFor(1);
    c.sequencer.inject('kubectl', 'kube-apiserver', { kind: 'api.watchClose', watchId: id });
    c.sequencer.runFor(20);
    expect(apiserver(c).watchers.has(id)).toBe(false);
    expect(etcdWatchCount(c)).toBe(watchesBefore);
    c.call('POST', EVENTS, { body: event('late') });
    c.sequencer.runFor(10);
    expect(c.watchEvents(id)).toEqual([]);
  });
});
