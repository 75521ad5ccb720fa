/**
 * The informer checker must be able to fail: a cache that missed a change, holds an object etcd
 * no longer has, or refused a change as stale is reported; a field-selected cache is held only
 * to the objects its selector sees.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newInformer, type Informer } from '../../client/index.ts';
import type { RecordedEvent } from './etcdChecker.ts';
import { checkInformer, findInformers } from './informerChecker.ts';

const put = (revision: number, name: string, node?: string): RecordedEvent => ({
  revision,
  type: 'PUT',
  key: `/registry/pods/default/${name}`,
  value: {
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: node ? { nodeName: node } : {},
  },
  prev: null,
});
const del = (revision: number, name: string): RecordedEvent => ({
  revision,
  type: 'DELETE',
  key: `/registry/pods/default/${name}`,
  value: null,
  prev: null,
});
// a@10, b@11 (on n1), a deleted at 12, b@13.
const events = [put(10, 'a'), put(11, 'b', 'n1'), del(12, 'a'), put(13, 'b', 'n1')];

function informer(at: string, cache: Record<string, string>, fieldSelector?: string): Informer {
  const inf = newInformer({ resource: 'pods', ...(fieldSelector ? { fieldSelector } : {}) });
  inf.reflector.lastSyncResourceVersion = at;
  for (const [name, rv] of Object.entries(cache))
    inf.indexer.items.set(`default/${name}`, {
      metadata: { name, namespace: 'default', resourceVersion: rv },
    } as KubeObject);
  return inf;
}

describe('the informer checker', () => {
  it('accepts a cache equal to etcd at its resourceVersion', () => {
    expect(checkInformer(informer('11', { a: '10', b: '11' }), events)).toBeUndefined();
    expect(checkInformer(informer('13', { b: '13' }), events)).toBeUndefined();
    expect(checkInformer(informer('', {}), events)).toBeUndefined();
  });

  it('reports a missed update, a missed deletion and a stale refusal', () => {
    expect(checkInformer(informer('13', { b: '11' }), events)).toMatch(/default\/b at 11, etcd 13/);
    expect(checkInformer(informer('13', { a: '10', b: '13' }), events)).toMatch(
      /default\/a cached, absent from etcd/,
    );
    const stale = informer('11', { a: '10', b: '11' });
    stale.staleEvents = 1;
    expect(checkInformer(stale, events)).toMatch(/stale watch event/);
  });

  it('holds a field-selected cache to what its selector sees', () => {
    const kubelet = informer('13', { b: '13' }, 'spec.nodeName=n1');
    expect(checkInformer(kubelet, events)).toBeUndefined();
    expect(checkInformer(informer('11', {}, 'spec.nodeName=n1'), events)).toMatch(
      /default\/b at none, etcd 11/,
    );
  });

  it('finds informers in a component’s fields and in records and arrays of them', () => {
    const a = informer('', {});
    const b = informer('', {});
    expect(findInformers({ pods: a, informers: { x: b }, queue: new Map() })).toEqual([a, b]);
    expect(findInformers({ informers: [a] })).toEqual([a]);
  });
});
