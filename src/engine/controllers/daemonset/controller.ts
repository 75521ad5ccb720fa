/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node the DaemonSet's pod fits,
 * following nodes as they join, change and leave; matching orphans adopted and pods that stop
 * matching released; failed pods replaced under a per-node back-off, succeeded ones at once; old pods replaced node by node within
 * maxUnavailable on a RollingUpdate; and the status counts.
 */
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isSuccess, messageOf } from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  claimObjects,
  enqueueForUnownedPod,
  ownerSelector,
  ownersOfPod,
  resumeRun,
  startRun,
  type Run,
} from '../controllerutil/index.ts';
import {
  DAEMONSETS,
  type DaemonSetControllerState,
  type DaemonSetSpecView,
} from './daemonSetState.ts';
import { observe, satisfied } from './expectations.ts';
import { gcBackoff } from './failedPodsBackoff.ts';
import { manage, nodesToDaemonPods } from './manage.ts';
import { computeHash, templateOf } from './podTemplate.ts';
import { rollingUpdate } from './rollingUpdate.ts';
import type { DaemonSetStatus } from './status.ts';
import { updateDaemonSetStatus } from './updateDaemonSetStatus.ts';

function controllerOf(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.kind === 'DaemonSet' && ref.apiVersion.startsWith('apps/')
    ? `${pod.metadata.namespace}/${ref.name}`
    : undefined;
}

/**
 * getDaemonPods: every pod of the namespace is a candidate, claimed with the DaemonSet's
 * selector (adopting matching orphans, releasing pods that stopped matching).
 */
function getDaemonPods(run: Run, ds: KubeObject): { pods: KubeObject[]; error?: string } {
  const sel = ownerSelector(ds);
  if (!sel.ok) return { pods: [], error: sel.error };
  const candidates = run.read(() =>
    Lister.list(run.kit.informer('pods'), { namespace: ds.metadata.namespace ?? '' }),
  );
  const claim = claimObjects(
    run,
    {
      owner: ds,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'DaemonSet',
      ownerResource: DAEMONSETS,
      selector: sel.selector,
      resource: 'pods',
      kind: 'Pod',
    },
    candidates,
  );
  return claim.error === undefined ? { pods: claim.claimed } : { pods: [], error: claim.error };
}

function syncDaemonSet(state: DaemonSetControllerState, run: Run): string | undefined {
  const { kit, key } = run;
  const { namespace, name } = splitKey(key);
  const ds = run.read(() => Lister.get(kit.informer(DAEMONSETS), namespace, name));
  if (!ds) {
    run.effect(() => {
      delete state.expectations[key];
      // Expired entries already read as absent, so sweeping only here (where the entries of a
      // deleted DaemonSet become garbage) saves walking them on every sync.
      gcBackoff(state.failedPodsBackoff, kit.ctx.now);
    });
    return undefined;
  }
  if (ds.metadata.deletionTimestamp) return undefined;
  const claimed = getDaemonPods(run, ds);
  if (claimed.error !== undefined) return claimed.error;
  run.effect(() => manageAndUpdateStatus(state, key, ds, claimed.pods, kit));
  return undefined;
}

function manageAndUpdateStatus(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  pods: KubeObject[],
  kit: ControllerKit,
): void {
  const hash = computeHash(
    templateOf(ds),
    (ds.status as DaemonSetStatus | undefined)?.collisionCount ?? 0,
  );
  const nodes = Lister.list(kit.informer('nodes')).sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const byNode = nodesToDaemonPods(pods);
  if (satisfied(state.expectations, key, kit.ctx.now)) {
    const acted = manage(state, key, ds, nodes, byNode, hash, kit);
    const strategy = (ds.spec as DaemonSetSpecView).updateStrategy?.type ?? 'RollingUpdate';
    if (acted === 0 && strategy === 'RollingUpdate')
      rollingUpdate(state, key, ds, nodes, byNode, hash, kit);
  }
  updateDaemonSetStatus(ds, nodes, byNode, hash, kit);
}

const handler = (state: DaemonSetControllerState) => (run: Run) => syncDaemonSet(state, run);

export const daemonSetController: ControllerDefinition<DaemonSetControllerState> = {
  name: 'daemonset',
  eventSource: 'daemonset-controller',
  informers: [{ resource: DAEMONSETS }, { resource: 'pods' }, { resource: 'nodes' }],
  init: () => ({ expectations: {}, ops: {}, failedPodsBackoff: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource === DAEMONSETS) return WorkQueue.add(kit.queue, objectKey(event.object));
    if (resource === 'nodes') {
      for (const ds of Lister.list(kit.informer(DAEMONSETS)))
        WorkQueue.add(kit.queue, objectKey(ds));
      return;
    }
    const key = controllerOf(event.object);
    if (!key)
      return enqueueForUnownedPod(kit, event, controllerOf, (pod) =>
        ownersOfPod(kit, DAEMONSETS, pod, { emptyMatchesNothing: true }),
      );
    if (event.type === 'add') observe(state.expectations, key, 1, 0);
    if (event.type === 'delete') observe(state.expectations, key, 0, 1);
    WorkQueue.add(kit.queue, key);
  },
  handleResponse(state, response, kit) {
    if (resumeRun(state.ops, response, kit, handler(state))) return;
    if (response.tag === 'create') {
      const { key } = response.data as { key: string };
      const ds = Lister.get(kit.informer(DAEMONSETS), splitKey(key).namespace, splitKey(key).name);
      if (isSuccess(response)) {
        if (ds)
          kit.event(
            ds,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${(response.body as KubeObject).metadata.name}`,
          );
      } else {
        observe(state.expectations, key, 1, 0);
        if (ds) kit.event(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(response)}`);
        WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
      }
    } else if (response.tag === 'delete') {
      const { key, name } = response.data as { key: string; name: string };
      const ds = Lister.get(kit.informer(DAEMONSETS), splitKey(key).namespace, splitKey(key).name);
      if (isSuccess(response)) {
        if (ds) kit.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      } else {
        observe(state.expectations, key, 0, 1);
        if (ds) kit.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(response)}`);
        WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
      }
    } else if (response.tag === 'status' && !isSuccess(response)) {
      WorkQueue.addRateLimited(kit.queue, response.data as string, kit.ctx);
    }
  },
  sync(state, key, kit) {
    startRun(state.ops, key, kit, handler(state));
  },
};

export type { DaemonSetControllerState } from './daemonSetState.ts';
