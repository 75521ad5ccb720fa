/** A learner's actions that are not API requests: carried out on the cluster, and described. */
import type { KubevizCluster } from '../engine/index.ts';
import type { ClusterAction } from './runtimeProtocol.ts';

/** Carries out a learner's action on the cluster (errors are the cluster's own messages). */
export function applyAction(c: KubevizCluster, action: ClusterAction): void {
  switch (action.type) {
    case 'addNode':
      return c.addNode(action.spec);
    case 'removeNode':
      return c.removeNode(action.name);
    case 'stopNode':
      return c.stopNode(action.name);
    case 'startNode':
      return c.startNode(action.name);
    case 'partitionNode':
      return c.partitionNode(action.name, action.partitioned);
    case 'setComponentRunning':
      return c.setComponentRunning(
        action.id as Parameters<KubevizCluster['setComponentRunning']>[0],
        action.running,
      );
    case 'crashContainer':
      return c.crashContainer(action.namespace, action.pod, action.container, {
        ...(action.exitCode !== undefined ? { exitCode: action.exitCode } : {}),
        ...(action.oomKilled !== undefined ? { oomKilled: action.oomKilled } : {}),
      });
    case 'setLoad':
      return c.setLoad(action.namespace, action.selector, action.millicores);
    case 'sendRequest':
      void c.sendRequest(action.via, action.destination, action.requestId);
      return;
  }
}

/** What the action is, in a few words (the trace's user.action event and the timeline say it). */
export function describeAction(action: ClusterAction): string {
  switch (action.type) {
    case 'addNode':
      return `add node ${action.spec.name}`;
    case 'removeNode':
      return `remove node ${action.name}`;
    case 'stopNode':
      return `stop node ${action.name}`;
    case 'startNode':
      return `start node ${action.name}`;
    case 'partitionNode':
      return `${action.partitioned ? 'cut the network to' : 'heal the network to'} node ${action.name}`;
    case 'setComponentRunning':
      return `${action.running ? 'start' : 'stop'} ${action.id}`;
    case 'crashContainer':
      return `crash container ${action.container} of pod ${action.namespace}/${action.pod}${action.oomKilled ? ' (OOMKilled)' : ''}`;
    case 'setLoad':
      return `set the load on ${action.selector} in ${action.namespace} to ${action.millicores}m CPU`;
    case 'sendRequest':
      return `curl ${action.destination} through ${action.via}`;
  }
}
