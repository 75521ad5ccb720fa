/**
 * The Deployment controller of kube-controller-manager (pkg/controller/deployment, v1.30): one
 * ReplicaSet per pod template, rolled out by RollingUpdate or Recreate, resized proportionally
 * mid-rollout, with revisions, history cleanup, pause and the Progressing/Available conditions.
 */
import type { ControllerDefinition } from '../framework.ts';
import { resumeRun, startRun } from '../controllerutil/index.ts';
import { handleDeploymentEvent, handlePodEvent, handleReplicaSetEvent } from './handlers.ts';
import { syncDeployment, type DeploymentControllerState } from './sync.ts';

export { syncDeployment, type DeploymentControllerState } from './sync.ts';
export * as deploymentutil from './util.ts';

export const deploymentController: ControllerDefinition<DeploymentControllerState> = {
  name: 'deployment',
  eventSource: 'deployment-controller',
  informers: [
    { resource: 'deployments.apps' },
    { resource: 'replicasets.apps' },
    { resource: 'pods' },
  ],
  init: () => ({ ops: {} }),
  handleEvent(_state, resource, event, kit) {
    if (resource === 'deployments.apps') handleDeploymentEvent(event, kit);
    else if (resource === 'replicasets.apps') handleReplicaSetEvent(event, kit);
    else handlePodEvent(event, kit);
  },
  handleResponse(state, response, kit) {
    resumeRun(state.ops, response, kit, syncDeployment);
  },
  sync(state, key, kit) {
    startRun(state.ops, key, kit, syncDeployment);
  },
};
