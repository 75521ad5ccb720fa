import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import type { Component } from '../sim/component.ts';
import {
  hasSynced,
  informerHandle,
  newInformer,
  startInformer,
  type Informer,
  type InformerConfig,
} from './informer.ts';
import { Lister } from './lister.ts';
import { storeWrite } from './testing/fakeStore.ts';
import { newFixture } from './testing/fixture.ts';

interface WatcherState {
  informer: Informer;
  /** 'add default/a 3 initial', 'update default/a 3->5', 'delete default/a 7' */
  log: string[];
}

const describeEvent = (e: NonNullable<ReturnType<typeof informerHandle>>[number]): string => {
  const k = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
  const rv = e.object.metadata.resourceVersion;
  if (e.type === 'add') return `add ${k} ${rv}${e.isInInitialList ? ' initial' : ''}`;
  if (e.type === 'update') return `update ${k} ${e.oldObject.metadata.resourceVersion}->${rv}`;
  return `delete ${k} ${rv}${e.finalStateUnknown ? ' unknown' : ''}`;
};

/** A component with one informer that logs the notifications it gets. */
const podWatcher: Component<WatcherState, InformerConfig> = {
  type: 'pod-watcher',
  init(config, ctx) {
    const informer = newInformer(config);
    startInformer(informer, ctx);
    return { informer, log: [] };
  },
  step(state, message, ctx) {
    const events = informerHandle(state.informer, message, ctx);
    for (const e of events ?? []) state.log.push(describeEvent(e));
    return state;
  },
};

function pod(name: string, nodeName: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
  };
}

const kubelet = {
  resource: 'pods',
  fieldSelector: 'spec.nodeName=node-1',
  credentials: {
    type: 'x509' as const,
    commonName: 'system:node:node-1',
    organizations: ['system:nodes'],
  },
};

function setup(
  config: InformerConfig = kubelet,
  objects = [pod('a', 'node-1'), pod('b', 'node-2'), pod('c', 'node-1')],
) {
  const f = newFixture({ objects, registry: { 'pod-watcher': podWatcher } });
  f.start('watcher', 'pod-watcher', config);
  const state = () => f.sequencer.stateOf<WatcherState>('watcher')!;
  return { f, state, s: f.sequencer };
}

describe('Informer', () => {
  it('lists with the field selector, then watches from the list resourceVersion', () => {
    const { f, state, s } = setup();
    s.runFor(100);
    expect(hasSynced(state().informer)).toBe(true);
    expect(state().log).toEqual(['add default/a 2 initial', 'add default/c 4 initial']);
    const [list, watch, ...rest] = f.actions('watcher');
    expect(rest).toEqual([]);
    expect(list).toEqual({
      from: 'watcher',
      user: 'system:node:node-1',
      verb: 'list',
      resource: 'pods',
      namespace: '',
      name: '',
      subresource: '',
      query: { fieldSelector: 'spec.nodeName=node-1', limit: '500', resourceVersion: '0' },
    });
    expect(watch).toMatchObject({ verb: 'watch', resource: 'pods', user: 'system:node:node-1' });
    const { timeoutSeconds, ...query } = watch!.query!;
    expect(query).toEqual({
      allowWatchBookmarks: 'true',
      fieldSelector: 'spec.nodeName=node-1',
      resourceVersion: '4',
      watch: 'true',
    });
    expect(Number(timeoutSeconds)).toBeGreaterThanOrEqual(300);
    expect(Number(timeoutSeconds)).toBeLessThan(600);
  });

  it('applies watch events to the cache and notifies in order', () => {
    const { f, state, s } = setup();
    s.runFor(100);
    f.create('pods', pod('d', 'node-1'));
    f.create('pods', pod('e', 'node-2')); // not this node's
    s.runFor(100);
    f.update('pods', { ...pod('d', 'node-1', { app: 'web' }) });
    s.runFor(100);
    f.remove('pods', 'default', 'a');
    s.runFor(100);
    expect(state().log.slice(2)).toEqual([
      'add default/d 5',
      'update default/d 5->7',
      'delete default/a 8',
    ]);
    const inf = state().informer;
    expect(Lister.list(inf).map((p) => p.metadata.name)).toEqual(['c', 'd']);
    expect(Lister.get(inf, 'default', 'd')?.metadata.labels).toEqual({ app: 'web' });
    expect(inf.reflector.lastSyncResourceVersion).toBe('8');
  });

  it('skips events not newer than the cached object', () => {
    const { f, state, s } = setup();
    s.runFor(100);
    f.update('pods', pod('a', 'node-1', { v: '2' }));
    s.runFor(100);
    const watchId = state().informer.reflector.requestId!;
    const stale = { ...pod('a', 'node-1', { v: '1' }) };
    stale.metadata.resourceVersion = '2';
    s.inject('kube-apiserver', 'watcher', {
      kind: 'api.watch',
      watchId,
      type: 'MODIFIED',
      object: stale,
    });
    s.runFor(100);
    expect(state().log.slice(2)).toEqual(['update default/a 2->5']);
    expect(state().informer.staleEvents).toBe(1);
    expect(Lister.get(state().informer, 'default', 'a')?.metadata.labels).toEqual({ v: '2' });
  });

  it('re-lists after 410 Expired, backing off first, and emits the difference', () => {
    const { f, state, s } = setup();
    s.runFor(100);
    // Changes the informer never hears about.
    const store = f.apiserver().store;
    storeWrite(store, 'ADDED', pod('x', 'node-1'));
    storeWrite(store, 'MODIFIED', { ...pod('c', 'node-1', { changed: 'yes' }) });
    storeWrite(store, 'DELETED', pod('a', 'node-1'));
    f.control('expireWatches');
    s.runFor(5_000);
    expect(state().log.slice(2)).toEqual([
      'update default/c 4->6',
      'add default/x 5',
      'delete default/a 2 unknown',
    ]);
    const actions = f.actions('watcher');
    expect(actions.map((a) => a.verb)).toEqual(['list', 'watch', 'list', 'watch']);
    // The re-list asks for data at least as new as what it saw, unpaged; then it watches from there.
    expect(actions[2]!.query).toEqual({
      fieldSelector: 'spec.nodeName=node-1',
      resourceVersion: '4',
    });
    expect(actions[3]!.query?.resourceVersion).toBe('7');
    const error = s.trace.find((e) => e.to === 'watcher' && e.summary.includes('ERROR'))!;
    const relist = s.trace.filter((e) => e.from === 'watcher' && e.kind === 'api.request')[2]!;
    expect(relist.sentAt - error.deliverAt).toBeGreaterThanOrEqual(800);
    expect(relist.sentAt - error.deliverAt).toBeLessThan(1600);
  });

  it('re-watches from the last resourceVersion when the server ends the watch', () => {
    const { f, state, s } = setup();
    s.runFor(2_000);
    f.create('pods', pod('d', 'node-1'));
    s.runFor(100);
    f.control('endWatches');
    s.runFor(100);
    const actions = f.actions('watcher');
    expect(actions.map((a) => a.verb)).toEqual(['list', 'watch', 'watch']);
    expect(actions[2]!.query?.resourceVersion).toBe('5');
    f.create('pods', pod('e', 'node-1'));
    s.runFor(100);
    expect(state().log.slice(2)).toEqual(['add default/d 5', 'add default/e 6']);
  });

  it('treats a watch that ends at once with no events as an error: back off, re-list', () => {
    const { f, s } = setup();
    s.runFor(20);
    f.control('endWatches');
    s.runFor(3_000);
    expect(f.actions('watcher').map((a) => a.verb)).toEqual(['list', 'watch', 'list', 'watch']);
  });

  it('survives a lost apiserver: watch presumed dead, timeouts, back-off, re-list when it returns', () => {
    const options = {
      minWatchTimeoutMs: 10_000,
      watchLivenessMarginMs: 5_000,
      requestTimeoutMs: 2_000,
    };
    const objects = [pod('a', 'node-1'), pod('b', 'node-2'), pod('c', 'node-1')];
    const { state, s } = setup({ ...kubelet, options }, objects);
    s.runFor(100);
    s.stopComponent('kube-apiserver');
    s.runFor(60_000);
    const r = state().informer.reflector;
    expect(r.lastError).toMatch(/timed out/);
    const requests = s.trace.filter((e) => e.from === 'watcher' && e.kind === 'api.request');
    expect(requests.slice(2).every((e) => e.dropped === 'receiver down')).toBe(true);
    // After the dead watch: one re-watch, then lists spaced by request timeout plus growing back-off.
    const gaps = requests.slice(3).map((e, i) => e.sentAt - requests[i + 2]!.sentAt - 2_000);
    expect(gaps.length).toBeGreaterThan(3);
    gaps.forEach((g, i) => {
      const base = Math.min(800 * 2 ** i, 30_000);
      expect(g).toBeGreaterThanOrEqual(base);
      expect(g).toBeLessThan(2 * base);
    });
    // It comes back (empty of memory, preloaded with a different set of pods).
    s.startComponent('kube-apiserver', 'fake-apiserver', {
      objects: [pod('a', 'node-1'), pod('z', 'node-1')],
    });
    s.runFor(60_000);
    expect(r.phase === 'watching' || r.phase === 'watchStarting').toBe(true);
    expect(state().log.slice(2)).toEqual(['add default/z 3', 'delete default/c 4 unknown']);
    expect(Lister.list(state().informer).map((p) => p.metadata.name)).toEqual(['a', 'z']);
  });

  it('indexes objects by namespace, field, label and owner', () => {
    const owned = pod('d', 'node-2', { app: 'web' });
    owned.metadata.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true },
    ];
    const other = {
      ...pod('e', 'node-1', { app: 'web' }),
      metadata: { name: 'e', namespace: 'prod', labels: { app: 'web' } },
    };
    const config: InformerConfig = {
      resource: 'pods',
      indexers: [
        { name: 'byNodeName', field: 'spec.nodeName' },
        { name: 'byApp', label: 'app' },
        { name: 'byController', owner: 'controller' },
      ],
    };
    const { f, state, s } = setup(config, [pod('a', 'node-1'), pod('b', 'node-2'), owned, other]);
    s.runFor(100);
    const inf = state().informer;
    const names = (objs: KubeObject[]) =>
      objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(names(Lister.byIndex(inf, 'byNodeName', 'node-1'))).toEqual(['default/a', 'prod/e']);
    expect(names(Lister.byIndex(inf, 'byApp', 'web'))).toEqual(['default/d', 'prod/e']);
    expect(names(Lister.byIndex(inf, 'byController', 'rs-uid'))).toEqual(['default/d']);
    expect(names(Lister.list(inf, { namespace: 'default', labelSelector: 'app=web' }))).toEqual([
      'default/d',
    ]);
    expect(names(Lister.list(inf, { namespace: 'prod' }))).toEqual(['prod/e']);
    // An update moves the object between index values.
    f.update('pods', { ...pod('a', 'node-2') });
    s.runFor(100);
    expect(names(Lister.byIndex(inf, 'byNodeName', 'node-1'))).toEqual(['prod/e']);
    expect(names(Lister.byIndex(inf, 'byNodeName', 'node-2'))).toEqual([
      'default/a',
      'default/b',
      'default/d',
    ]);
    expect(() => Lister.byIndex(inf, 'nope', 'x')).toThrow(/does not exist/);
  });

  it('keeps working after a checkpoint and restore (its state is plain data)', () => {
    const { f, state, s } = setup();
    s.runFor(100);
    const checkpoint = s.checkpoint();
    f.create('pods', pod('d', 'node-1'));
    s.runFor(100);
    const log = [...state().log];
    s.restore(checkpoint);
    f.create('pods', pod('d', 'node-1'));
    s.runFor(100);
    expect(state().log).toEqual(log);
  });
});
