/**
 * The ReplicaSet controller of kube-controller-manager (pkg/controller/replicaset, v1.30):
 * keeps spec.replicas active pods for every ReplicaSet, adopting and releasing pods by owner
 * reference, and reports their counts in the status.
 */
import type { ControllerDefinition } from '../framework.ts';
import {
  newControllerExpectations,
  resumeRun,
  startRun,
  type Run,
} from '../controllerutil/index.ts';
import { handlePodEvent, handleReplicaSetEvent } from './handlers.ts';
import { newPodTable, podTableApply } from './podTable.ts';
import { CONTROLLER_UID_INDEX, syncReplicaSet, type ReplicaSetControllerState } from './sync.ts';

export {
  BURST_REPLICAS,
  getPodsToDelete,
  syncReplicaSet,
  type ReplicaSetControllerState,
} from './sync.ts';
export { calculateStatus } from './status.ts';

const handler = (state: ReplicaSetControllerState) => (run: Run) => syncReplicaSet(state, run);

export const replicaSetController: ControllerDefinition<ReplicaSetControllerState> = {
  name: 'replicaset',
  eventSource: 'replicaset-controller',
  informers: [
    { resource: 'pods' },
    {
      resource: 'replicasets.apps',
      indexers: [{ name: CONTROLLER_UID_INDEX, owner: 'controller' }],
    },
  ],
  init: () => ({ expectations: newControllerExpectations(), ops: {}, pods: newPodTable() }),
  handleEvent(state, resource, event, kit) {
    if (resource === 'pods') {
      podTableApply(state.pods, event);
      handlePodEvent(state, event, kit);
    } else handleReplicaSetEvent(state, event, kit);
  },
  handleResponse(state, response, kit) {
    resumeRun(state.ops, response, kit, handler(state));
  },
  sync(state, key, kit) {
    startRun(state.ops, key, kit, handler(state));
  },
};
