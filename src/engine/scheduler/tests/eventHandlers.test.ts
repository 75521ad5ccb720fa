/**
 * Requeueing through the informer handlers (SchedulerQueueingHints off, as in v1.30): node
 * updates send one cluster event per changed property, each filtered by the rejecting plugins'
 * registrations and by preCheckForNode; assigned pods move the pending pods whose required
 * affinity they match; an assigned pod's deletion moves every pod a plugin waits on it for.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import type { InformerEvent } from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import { newCache } from '../cache.ts';
import {
  handleNodeEvent,
  handlePodEvent,
  nodeSchedulingPropertiesChange,
} from '../eventHandlers.ts';
import { newPodInfo } from '../podInfo.ts';
import { addUnschedulable, newSchedulingQueue, queueAdd, queueOf, queuePop } from '../queue.ts';
import type { SchedulerState } from '../state.ts';
import { nodeObject, podObject } from './helpers.ts';

function harness() {
  const state = {
    cache: newCache(),
    queue: newSchedulingQueue(1000, 10_000),
    namespaceLabels: new Map([['default', {}]]),
  } as unknown as SchedulerState;
  const notes: string[] = [];
  const ctx = { now: 0, note: (t: string) => notes.push(t) } as unknown as StepContext;
  /** A pending pod that failed once, rejected by `plugins`. */
  const reject = (pod: KubeObject, plugins: string[]) => {
    queueAdd(state.queue, newPodInfo(pod), 0);
    const q = queuePop(state.queue, 0)!;
    q.unschedulablePlugins = plugins;
    addUnschedulable(state.queue, q, state.queue.schedulingCycle, 0);
  };
  const where = (name: string) => queueOf(state.queue, `default/${name}`);
  return { state, ctx, notes, reject, where };
}

const added = (object: KubeObject): InformerEvent => ({
  type: 'add',
  object,
  isInInitialList: false,
});
const update = (oldObject: KubeObject, object: KubeObject): InformerEvent => ({
  type: 'update',
  oldObject,
  object,
});

const WEB = { app: 'web' };
const spreadPod = podObject('spread', {
  labels: WEB,
  spec: {
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: WEB },
      },
    ],
  },
});
const affinityPod = (name: string, app: string, cpu?: string) =>
  podObject(name, {
    cpu,
    spec: {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    },
  });
const ssdPod = podObject('ssd', { spec: { nodeSelector: { disk: 'ssd' } } });

describe('node updates (updateNodeInCache)', () => {
  it('lists every changed property, in the real order', () => {
    const before = nodeObject('n1', { cpu: '2', unschedulable: true });
    const after = nodeObject('n1', { cpu: '4', labels: { disk: 'ssd' } });
    expect(nodeSchedulingPropertiesChange(after, before).map((e) => e.label)).toEqual([
      'NodeSpecUnschedulableChange',
      'NodeAllocatableChange',
      'NodeLabelChange',
    ]);
    // Becoming unschedulable helps no pod; a change to nothing the plugins read sends nothing.
    expect(nodeSchedulingPropertiesChange(before, nodeObject('n1', { cpu: '2' }))).toEqual([]);
    const imaged = nodeObject('n1', { cpu: '2', images: [{ names: ['x:1'], sizeBytes: 1 }] });
    expect(nodeSchedulingPropertiesChange(imaged, nodeObject('n1', { cpu: '2' }))).toEqual([]);
  });

  it('an update changing allocatable and labels requeues pods waiting on either', () => {
    const { state, ctx, notes, reject, where } = harness();
    const before = nodeObject('n1', { cpu: '2' });
    handleNodeEvent(state, added(before), ctx);
    reject(spreadPod, ['PodTopologySpread']);
    reject(affinityPod('affinity', 'db'), ['InterPodAffinity']);
    reject(ssdPod, ['NodeAffinity']);
    reject(podObject('cordoned'), ['NodeUnschedulable']);
    const after = nodeObject('n1', { cpu: '4', labels: { disk: 'ssd' } });
    handleNodeEvent(state, update(before, after), ctx);
    // NodeAffinity registered every node update: the first event moves it. PodTopologySpread and
    // InterPodAffinity registered only label updates: the second. NodeUnschedulable neither.
    expect(notes).toEqual([
      'NodeAllocatableChange n1: moved 1 unschedulable pod(s)',
      'NodeLabelChange n1: moved 2 unschedulable pod(s)',
    ]);
    expect(['spread', 'affinity', 'ssd', 'cordoned'].map(where)).toEqual([
      'backoffQ',
      'backoffQ',
      'backoffQ',
      'unschedulablePods',
    ]);
  });

  it('moves only the pods that pass preCheckForNode on the updated node', () => {
    const { state, ctx, notes, reject, where } = harness();
    const taints = [{ key: 'gpu', effect: 'NoSchedule' }];
    const tainted = nodeObject('n1', { cpu: '2', taints });
    handleNodeEvent(state, added(tainted), ctx);
    const tolerate = (pod: KubeObject): KubeObject => ({
      ...pod,
      spec: { ...(pod.spec as object), tolerations: [{ key: 'gpu', operator: 'Exists' }] },
    });
    reject(tolerate(affinityPod('fits', 'db')), ['InterPodAffinity']);
    // More cpu than the node has: the admission check keeps it where it is.
    reject(tolerate(affinityPod('too-big', 'db', '3')), ['InterPodAffinity']);
    // Matches the new label, but not the NoSchedule taint the node keeps.
    reject(ssdPod, ['NodeAffinity']);
    const labelled = nodeObject('n1', { cpu: '2', taints, labels: { disk: 'ssd' } });
    handleNodeEvent(state, update(tainted, labelled), ctx);
    expect(notes).toEqual(['NodeLabelChange n1: moved 1 unschedulable pod(s)']);
    expect(['fits', 'too-big', 'ssd'].map(where)).toEqual([
      'backoffQ',
      'unschedulablePods',
      'unschedulablePods',
    ]);
    // The taint goes: NodeAffinity registered taint updates and `ssd` now passes the pre-check;
    // InterPodAffinity did not register them.
    const untainted = nodeObject('n1', { cpu: '2', labels: { disk: 'ssd' } });
    handleNodeEvent(state, update(labelled, untainted), ctx);
    expect(notes.at(-1)).toBe('NodeTaintChange n1: moved 1 unschedulable pod(s)');
    expect(['too-big', 'ssd'].map(where)).toEqual(['unschedulablePods', 'backoffQ']);
  });
});

describe('assigned pods (AssignedPodAdded / Updated, MoveAll on delete)', () => {
  const bound = (name: string, labels: Record<string, string>, cpu?: string) =>
    podObject(name, { labels, cpu, spec: { nodeName: 'n1' } });

  it('an added or relabelled assigned pod moves the pods whose required affinity it matches', () => {
    const { state, ctx, notes, reject, where } = harness();
    handleNodeEvent(state, added(nodeObject('n1')), ctx);
    reject(affinityPod('wants-db', 'db'), ['InterPodAffinity']);
    reject(affinityPod('wants-cache', 'cache'), ['InterPodAffinity']);
    handlePodEvent(state, added(bound('db-0', { app: 'db' })), ctx);
    expect(notes).toEqual(['AssignedPodAdd default/db-0: moved 1 unschedulable pod(s)']);
    expect([where('wants-db'), where('wants-cache')]).toEqual(['backoffQ', 'unschedulablePods']);

    const withRv = (o: KubeObject, rv: string) => ({
      ...o,
      metadata: { ...o.metadata, resourceVersion: rv },
    });
    const old = withRv(bound('x', { app: 'other' }), '5');
    handlePodEvent(state, added(old), ctx);
    const relabelled = withRv(bound('x', { app: 'cache' }), '6');
    handlePodEvent(state, update(old, relabelled), ctx);
    expect(notes.at(-1)).toBe('AssignedPodUpdate default/x: moved 1 unschedulable pod(s)');
    expect(where('wants-cache')).toBe('backoffQ');
  });

  it("an assigned pod's deletion moves the pods a plugin registered Pod/Delete for", () => {
    const { state, ctx, notes, reject, where } = harness();
    handleNodeEvent(state, added(nodeObject('n1', { cpu: '2' })), ctx);
    const filler = bound('filler', {}, '2');
    handlePodEvent(state, added(filler), ctx);
    reject(podObject('needs-cpu', { cpu: '1' }), ['NodeResourcesFit']);
    reject(podObject('tainted-out'), ['TaintToleration']);
    handlePodEvent(state, { type: 'delete', object: filler, finalStateUnknown: false }, ctx);
    expect(notes).toEqual(['AssignedPodDelete default/filler: moved 1 unschedulable pod(s)']);
    expect([where('needs-cpu'), where('tainted-out')]).toEqual(['backoffQ', 'unschedulablePods']);
    expect(state.cache.nodes.get('n1')!.reqCpu).toBe(0);
  });
});
