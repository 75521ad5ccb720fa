import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster/cluster.ts';
import type { KubeList } from '../../api/objects.ts';
import { PODS, bindPod, body, pod, startedCluster } from './helpers.ts';

function summary(c: Cluster, watchId: string) {
  return c
    .watchEvents(watchId)
    .map(
      (e) =>
        `${e.type} ${String((e.object.metadata as { name?: string } | undefined)?.name ?? e.object.message)}`,
    );
}

describe('kube-apiserver: watch', () => {
  it('resumes from a list resourceVersion and streams ADDED, MODIFIED, DELETED in order', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('before') });
    const rv = body<KubeList>(c.call('GET', PODS)).metadata.resourceVersion!;
    const w = c.call('GET', PODS, { query: { watch: 'true', resourceVersion: rv } });
    expect(w.body).toEqual({ kind: 'WatchStarted' });
    c.call('POST', PODS, { body: pod('a') });
    c.call('PATCH', `${PODS}/a`, {
      body: { metadata: { labels: { x: 'y' } } },
      contentType: 'application/merge-patch+json',
    });
    c.call('DELETE', `${PODS}/a`);
    c.sequencer.runFor(20);
    // A pod's deletion is recorded first (deletionGracePeriodSeconds 0), then carried out.
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED a', 'MODIFIED a', 'MODIFIED a', 'DELETED a']);
    const events = c.watchEvents(w.inReplyTo);
    expect(
      (events[2]!.object.metadata as { deletionGracePeriodSeconds?: number })
        .deletionGracePeriodSeconds,
    ).toBe(0);
    const rvs = events.map((e) =>
      Number((e.object.metadata as { resourceVersion: string }).resourceVersion),
    );
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
    expect(new Set(rvs).size).toBe(4);
  });

  it('starts a watch without resourceVersion with synthetic ADDED events for what exists', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('one') });
    c.call('POST', PODS, { body: pod('two') });
    c.sequencer.runFor(10);
    const w = c.call('GET', PODS, { query: { watch: 'true' } });
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED one', 'ADDED two']);
  });

  it('replays events after an older resourceVersion from the watch cache', () => {
    const c = startedCluster();
    const rv = body<KubeList>(c.call('GET', PODS)).metadata.resourceVersion!;
    c.call('POST', PODS, { body: pod('a') });
    c.call('POST', PODS, { body: pod('b') });
    c.sequencer.runFor(10);
    const w = c.call('GET', PODS, { query: { watch: 'true', resourceVersion: rv } });
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED a', 'ADDED b']);
  });

  it('filters by selector and turns leaving the selector into DELETED', () => {
    const c = startedCluster();
    const w = c.call('GET', PODS, { query: { watch: 'true', labelSelector: 'app=web' } });
    c.call('POST', PODS, { body: pod('a', { metadata: { name: 'a', labels: { app: 'web' } } }) });
    c.call('POST', PODS, { body: pod('b', { metadata: { name: 'b', labels: { app: 'db' } } }) });
    c.call('PATCH', `${PODS}/a`, {
      body: { metadata: { labels: { app: 'db' } } },
      contentType: 'application/merge-patch+json',
    });
    c.call('PATCH', `${PODS}/b`, {
      body: { metadata: { labels: { app: 'web' } } },
      contentType: 'application/merge-patch+json',
    });
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED a', 'DELETED a', 'ADDED b']);
  });

  it('delivers a node-scoped pod watch only the pods bound to that node', () => {
    const c = startedCluster();
    const w = c.call('GET', '/api/v1/pods', {
      query: { watch: 'true', fieldSelector: 'spec.nodeName=node-1' },
    });
    for (const [name, node] of [
      ['a', 'node-1'],
      ['b', 'node-2'],
    ]) {
      c.call('POST', PODS, { body: pod(name!) });
      bindPod(c, name!, node!);
    }
    c.sequencer.runFor(10);
    expect(summary(c, w.inReplyTo)).toEqual(['ADDED a']);
  });

  it('answers a watch from a version older than the cache window with 410 Expired', () => {
    const c = new Cluster({ seed: 1, apiserver: { watchCacheCapacity: 5 } });
    c.sequencer.runFor(50);
    const rv = body<KubeList>(c.call('GET', PODS)).metadata.resourceVersion!;
    for (let i = 0; i < 8; i++) c.call('POST', PODS, { body: pod(`p${i}`) });
    c.sequencer.runFor(10);
    const w = c.call('GET', PODS, { query: { watch: 'true', resourceVersion: rv } });
    c.sequencer.runFor(10);
    const events = c.watchEvents(w.inReplyTo);
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(String(events[0]!.object.message)).toMatch(
      new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`),
    );
  });

  it('ends a watch after timeoutSeconds', () => {
    const c = startedCluster();
    const w = c.call('GET', PODS, { query: { watch: 'true', timeoutSeconds: '5' } });
    c.sequencer.runFor(6000);
    expect(c.sequencer.trace.some((e) => e.kind === 'api.watchEnd' && e.to === 'kubectl')).toBe(
      true,
    );
    c.call('POST', PODS, { body: pod('late') });
    c.sequencer.runFor(10);
    expect(c.watchEvents(w.inReplyTo)).toHaveLength(0);
  });

  it('compacts etcd every 5 minutes to the revision seen one interval earlier', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('a') });
    c.sequencer.runUntil(5 * 60 * 1000 + 100);
    const revAtFirstTick = c.etcdRevision();
    c.call('POST', PODS, { body: pod('b') });
    c.sequencer.runUntil(10 * 60 * 1000 + 100);
    const compactions = c.sequencer.trace.filter(
      (e) => e.kind === 'etcd.request' && e.summary.startsWith('compact'),
    );
    expect(compactions.map((e) => e.summary)).toEqual([`compact to rev ${revAtFirstTick}`]);
  });
});
