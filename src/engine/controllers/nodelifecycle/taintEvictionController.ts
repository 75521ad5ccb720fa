/**
 * The taint eviction controller (pkg/controller/tainteviction, 'taint-eviction-controller',
 * separate from the node lifecycle controller since v1.29): pods on a node with NoExecute taints
 * they do not tolerate are deleted at once; pods that tolerate them for tolerationSeconds are
 * deleted when that time runs out, unless the taints go away first.
 */
import { formatRfc3339, type JsonValue } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  isNotFound,
  isSuccess,
  sendDelete,
  sendGet,
  sendPatch,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { taintsOf, type Taint } from './taints.ts';
import { matchingTolerations, minTolerationTimeMs, type Toleration } from './tolerations.ts';
import { NODE_NAME_INDEX } from './nodeLifecycleController.ts';

interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
}

export interface TaintEvictionState {
  /** NoExecute taints of each tainted node. */
  taintedNodes: Record<string, Taint[]>;
  /** The TimedWorkerQueue: pod key -> when its deletion fires. */
  evictions: Record<string, ScheduledEviction>;
}

const noExecute = (node: KubeObject) => taintsOf(node).filter((t) => t.effect === 'NoExecute');
const sameTaints = (a: KubeObject, b: KubeObject) =>
  JSON.stringify(noExecute(a)) === JSON.stringify(noExecute(b));
const tolerationsOf = (pod: KubeObject) =>
  (pod.spec as { tolerations?: Toleration[] } | undefined)?.tolerations ?? [];
const nodeNameOf = (pod: KubeObject) => (pod.spec as { nodeName?: string } | undefined)?.nodeName;

function podRef(key: string): KubeObject {
  const [namespace, name] = key.split('/') as [string, string];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}

function cancelWorkWithEvent(s: TaintEvictionState, key: string, kit: ControllerKit): void {
  if (!s.evictions[key]) return;
  delete s.evictions[key];
  kit.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
}

function addWork(
  s: TaintEvictionState,
  key: string,
  createdAt: number,
  fireAt: number,
  kit: ControllerKit,
) {
  s.evictions[key] = { createdAt, fireAt };
  kit.setTimer(Math.max(0, fireAt - kit.ctx.now), 'evict', key);
}

function processPodOnNode(
  s: TaintEvictionState,
  key: string,
  pod: KubeObject,
  taints: Taint[],
  kit: ControllerKit,
) {
  const now = kit.ctx.now;
  if (taints.length === 0) cancelWorkWithEvent(s, key, kit);
  const { allTolerated, used } = matchingTolerations(taints, tolerationsOf(pod));
  if (!allTolerated) {
    kit.ctx.note(`pod ${key} does not tolerate every NoExecute taint of its node: delete now`);
    cancelWorkWithEvent(s, key, kit);
    addWork(s, key, now, now, kit);
    return;
  }
  const min = minTolerationTimeMs(used);
  if (min < 0) {
    cancelWorkWithEvent(s, key, kit);
    return;
  }
  let start = now;
  const scheduled = s.evictions[key];
  if (scheduled) {
    start = scheduled.createdAt;
    if (start + min < now + min) return;
    cancelWorkWithEvent(s, key, kit);
  }
  kit.ctx.note(`pod ${key} tolerates its node's NoExecute taints for ${min / 1000}s`);
  addWork(s, key, start, start + min, kit);
}

function handleNodeUpdate(s: TaintEvictionState, name: string, kit: ControllerKit) {
  const node = Lister.get(kit.informer('nodes'), '', name);
  if (!node) {
    delete s.taintedNodes[name];
    return;
  }
  const taints = noExecute(node);
  if (taints.length === 0) delete s.taintedNodes[name];
  else s.taintedNodes[name] = taints;
  const pods = Lister.byIndex(kit.informer('pods'), NODE_NAME_INDEX, name);
  const keys = pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
  if (taints.length === 0) {
    for (const key of keys) cancelWorkWithEvent(s, key, kit);
    return;
  }
  for (const pod of pods)
    processPodOnNode(s, `${pod.metadata.namespace}/${pod.metadata.name}`, pod, taints, kit);
}

function handlePodUpdate(s: TaintEvictionState, key: string, kit: ControllerKit) {
  const [namespace, name] = key.split('/') as [string, string];
  const pod = Lister.get(kit.informer('pods'), namespace, name);
  if (!pod) {
    cancelWorkWithEvent(s, key, kit);
    return;
  }
  const nodeName = nodeNameOf(pod);
  if (!nodeName) return;
  const taints = s.taintedNodes[nodeName];
  if (!taints) return;
  processPodOnNode(s, key, pod, taints, kit);
}

/** The pod condition the controller adds before deleting (PodDisruptionConditions, on by default). */
const DISRUPTION_TARGET = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
};

function fire(s: TaintEvictionState, key: string, kit: ControllerKit) {
  const scheduled = s.evictions[key];
  if (!scheduled || scheduled.fireAt > kit.ctx.now) return; // cancelled or moved later
  delete s.evictions[key];
  kit.event(podRef(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
  const [namespace, name] = key.split('/') as [string, string];
  sendGet(kit.client, kit.ctx, 'pods', namespace, name, { tag: kit.tag('getPod'), data: key });
}

/** addConditionAndDeletePod: GET, add DisruptionTarget if missing, then DELETE. */
function onPodFetched(response: ClientResponse, kit: ControllerKit) {
  const key = response.data as string;
  const [namespace, name] = key.split('/') as [string, string];
  if (!isSuccess(response)) return;
  const pod = response.body as unknown as KubeObject;
  const conditions =
    (pod.status as { conditions?: { type: string; status: string; reason?: string }[] } | undefined)
      ?.conditions ?? [];
  const existing = conditions.find((c) => c.type === 'DisruptionTarget');
  const remove = () =>
    sendDelete(kit.client, kit.ctx, 'pods', namespace, name, {
      tag: kit.tag('deletePod'),
      data: key,
    });
  if (existing && existing.status === 'True' && existing.reason === DISRUPTION_TARGET.reason)
    return remove();
  sendPatch(
    kit.client,
    kit.ctx,
    'pods',
    namespace,
    name,
    {
      metadata: { uid: pod.metadata.uid },
      status: {
        conditions: [
          { ...DISRUPTION_TARGET, lastProbeTime: null, lastTransitionTime: timestamp(kit) },
        ],
      },
    },
    {
      tag: kit.tag('patchStatus'),
      data: key,
      subresource: 'status',
      patchType: 'application/strategic-merge-patch+json',
    },
  );
  remove();
}

function timestamp(kit: ControllerKit): string {
  const secs = kit.settings.startSeconds + kit.ctx.now / 1000;
  return formatRfc3339(secs);
}

export const taintEvictionController: ControllerDefinition<TaintEvictionState> = {
  name: 'taint-eviction-controller',
  eventSource: 'taint-eviction-controller',
  informers: [
    { resource: 'nodes' },
    { resource: 'pods', indexers: [{ name: NODE_NAME_INDEX, field: 'spec.nodeName' }] },
  ],
  init() {
    return { taintedNodes: {}, evictions: {} };
  },
  handleEvent(_s, resource, event, kit) {
    if (resource === 'nodes') {
      if (event.type === 'update' && sameTaints(event.oldObject, event.object)) return;
      WorkQueue.add(kit.queue, `node:${event.object.metadata.name}`);
      return;
    }
    if (event.type === 'update') {
      const old = event.oldObject;
      const pod = event.object;
      if (
        nodeNameOf(old) === nodeNameOf(pod) &&
        JSON.stringify(tolerationsOf(old)) === JSON.stringify(tolerationsOf(pod))
      )
        return;
    }
    WorkQueue.add(
      kit.queue,
      `pod:${event.object.metadata.namespace}/${event.object.metadata.name}`,
    );
  },
  handleTimer(s, name, data: JsonValue | undefined, kit) {
    if (name === 'evict' && typeof data === 'string') fire(s, data, kit);
  },
  handleResponse(_s, response, kit) {
    if (response.tag === 'getPod') onPodFetched(response, kit);
    else if (response.tag === 'deletePod' && !isSuccess(response) && !isNotFound(response))
      kit.ctx.note(`deleting pod ${String(response.data)} failed with ${response.code}`);
  },
  sync(s, key, kit) {
    // Node updates first in the real worker; here each key is handled as it comes.
    if (key.startsWith('node:')) handleNodeUpdate(s, key.slice(5), kit);
    else handlePodUpdate(s, key.slice(4), kit);
  },
};
