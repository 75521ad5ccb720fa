/**
 * Throughput of the scheduler alone: 1,000 nodes, 10,000 pods, the scheduling cycle plus the
 * informer events that confirm each binding, driven directly (no apiserver) and timed with the
 * wall clock. Used by bench/run.ts.
 */

import { createPrng, deepCopy } from '../src/shared/index.ts';
import type { KubeObject } from '../src/engine/api/objects.ts';
import { indexerSet } from '../src/engine/client/indexer.ts';
import type { StepContext } from '../src/engine/sim/component.ts';
import { handleNodeEvent, handlePodEvent } from '../src/engine/scheduler/eventHandlers.ts';
import { handleBindResponse, scheduleOne } from '../src/engine/scheduler/scheduleOne.ts';
import { newSchedulerState } from '../src/engine/scheduler/scheduler.ts';
import { nodeObject, podObject } from '../src/engine/scheduler/tests/helpers.ts';

function fakeContext(): StepContext & { sent: number } {
  let n = 0;
  return {
    now: 0,
    self: 'kube-scheduler',
    rng: createPrng(7),
    sent: 0,
    send() {
      this.sent++;
      return `kube-scheduler#${n++}`;
    },
    setTimer() {
      return `kube-scheduler#${n++}`;
    },
    note() {},
    tracing: false,
  };
}

export function runThroughput(nodes: number, pods: number, owned: boolean) {
  const ctx = fakeContext();
  const state = newSchedulerState({}, ctx);
  for (let i = 0; i < nodes; i++) {
    const node = nodeObject(`node-${i}`, {
      labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` },
    });
    handleNodeEvent(state, { type: 'add', object: node, isInInitialList: true }, ctx);
  }
  if (owned)
    indexerSet(state.informers.replicasets.indexer, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'bench', namespace: 'default', uid: 'rs' },
      spec: { selector: { matchLabels: { app: 'bench' } } },
    });
  const created: KubeObject[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = podObject(`pod-${i}`, { cpu: '10m', memory: '16Mi', labels: { app: 'bench' } });
    pod.metadata.uid = `uid-${i}`;
    pod.metadata.resourceVersion = String(i + 1);
    if (owned)
      pod.metadata.ownerReferences = [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bench', uid: 'rs', controller: true },
      ];
    (pod.spec as Record<string, unknown>).schedulerName = 'default-scheduler';
    created.push(pod);
  }
  const start = performance.now();
  for (const pod of created)
    handlePodEvent(state, { type: 'add', object: pod, isInInitialList: false }, ctx);
  let rv = pods + 1;
  while (state.queue.activeQ.length > 0) {
    scheduleOne(state, ctx);
    for (const [key, b] of [...state.binding]) {
      handleBindResponse(state, ctx, {
        id: 'x',
        tag: 'bind',
        data: key,
        code: 201,
        body: {},
        timedOut: false,
      });
      const old = b.queued.pod.pod;
      const bound = deepCopy(old);
      (bound.spec as Record<string, unknown>).nodeName = b.node;
      bound.metadata.resourceVersion = String(rv++);
      handlePodEvent(state, { type: 'update', oldObject: old, object: bound }, ctx);
    }
  }
  const ms = performance.now() - start;
  return { ms, podsPerSecond: (pods / ms) * 1000, scheduled: state.stats.scheduled, state };
}
