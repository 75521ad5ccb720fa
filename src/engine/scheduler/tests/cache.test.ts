import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newCache, refreshPod, setNode, setPod } from '../cache.ts';
import { newPodInfo } from '../podInfo.ts';
import { nodeObject, podObject } from './helpers.ts';

function boundPod(name: string): KubeObject {
  const pod = podObject(name, { cpu: '250m', memory: '64Mi', labels: { app: 'web' } });
  return {
    ...pod,
    metadata: { ...pod.metadata, uid: `uid-${name}` },
    spec: { ...(pod.spec as object), nodeName: 'n1' },
  };
}

function cacheWith(pod: KubeObject) {
  const cache = newCache();
  setNode(cache, nodeObject('n1'));
  setPod(cache, newPodInfo(pod));
  return cache;
}

describe('the scheduler cache', () => {
  it('takes a status-only update without recounting the node, as remove-and-add would count it', () => {
    const pod = boundPod('a');
    const cache = cacheWith(pod);
    const node = cache.nodes.get('n1')!;
    const before = { reqCpu: node.reqCpu, reqMem: node.reqMem, generation: node.generation };
    const running: KubeObject = { ...pod, status: { phase: 'Running' } };
    const info = refreshPod(cache, 'default/a', pod, running);
    expect(info?.pod).toBe(running);
    expect(node.pods).toEqual([info]);
    expect({ reqCpu: node.reqCpu, reqMem: node.reqMem, generation: node.generation }).toEqual(
      before,
    );
    // The long way gives the same sums.
    const recounted = cacheWith(running).nodes.get('n1')!;
    expect([recounted.reqCpu, recounted.reqMem, recounted.nzCpu]).toEqual([
      node.reqCpu,
      node.reqMem,
      node.nzCpu,
    ]);
  });

  it('leaves a change of spec, labels, uid or deletion to the long way', () => {
    const pod = boundPod('a');
    const changes: KubeObject[] = [
      { ...pod, spec: { ...(pod.spec as object) } },
      { ...pod, metadata: { ...pod.metadata, labels: { app: 'api' } } },
      { ...pod, metadata: { ...pod.metadata, uid: 'other' } },
      { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
    ];
    for (const next of changes)
      expect(refreshPod(cacheWith(pod), 'default/a', pod, next)).toBeUndefined();
    // An update from a version the cache does not hold is not taken either.
    expect(refreshPod(cacheWith(pod), 'default/a', boundPod('a'), pod)).toBeUndefined();
  });
});
