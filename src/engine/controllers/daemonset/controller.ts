/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node the DaemonSet's pod fits,
 * following nodes as they join, change and leave; old pods replaced node by node within
 * maxUnavailable on a RollingUpdate; and the status counts.
 */
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isSuccess, messageOf } from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  DAEMONSETS,
  type DaemonSetControllerState,
  type DaemonSetSpecView,
} from './daemonSetState.ts';
import { observe, satisfied } from './expectations.ts';
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

function ownedPods(ds: KubeObject, kit: ControllerKit): KubeObject[] {
  return Lister.list(kit.informer('pods'), { namespace: ds.metadata.namespace ?? '' }).filter((p) =>
    p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid),
  );
}

function syncDaemonSet(state: DaemonSetControllerState, key: string, kit: ControllerKit): void {
  const { namespace, name } = splitKey(key);
  const ds = Lister.get(kit.informer(DAEMONSETS), namespace, name);
  if (!ds) {
    delete state.expectations[key];
    return;
  }
  if (ds.metadata.deletionTimestamp) return;
  const hash = computeHash(
    templateOf(ds),
    (ds.status as DaemonSetStatus | undefined)?.collisionCount ?? 0,
  );
  const nodes = Lister.list(kit.informer('nodes')).sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const byNode = nodesToDaemonPods(ownedPods(ds, kit));
  if (satisfied(state.expectations, key, kit.ctx.now)) {
    const acted = manage(state, key, ds, nodes, byNode, hash, kit);
    const strategy = (ds.spec as DaemonSetSpecView).updateStrategy?.type ?? 'RollingUpdate';
    if (acted === 0 && strategy === 'RollingUpdate')
      rollingUpdate(state, key, ds, nodes, byNode, hash, kit);
  }
  updateDaemonSetStatus(ds, nodes, byNode, hash, kit);
}

export const daemonSetController: ControllerDefinition<DaemonSetControllerState> = {
  name: 'daemonset',
  eventSource: 'daemonset-controller',
  informers: [{ resource: DAEMONSETS }, { resource: 'pods' }, { resource: 'nodes' }],
  init: () => ({ expectations: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource === DAEMONSETS) return WorkQueue.add(kit.queue, objectKey(event.object));
    if (resource === 'nodes') {
      for (const ds of Lister.list(kit.informer(DAEMONSETS)))
        WorkQueue.add(kit.queue, objectKey(ds));
      return;
    }
    const key = controllerOf(event.object);
    if (!key) return;
    if (event.type === 'add') observe(state.expectations, key, 1, 0);
    if (event.type === 'delete') observe(state.expectations, key, 0, 1);
    WorkQueue.add(kit.queue, key);
  },
  handleResponse(state, response, kit) {
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
  sync: syncDaemonSet,
};

export type { DaemonSetControllerState } from './daemonSetState.ts';
