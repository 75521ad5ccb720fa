/**
 * cloud-controller-manager: one component hosting the cloud node, cloud node lifecycle and
 * service controllers over shared node and service informers, one API client and a client
 * for the cloud's API. Like kube-controller-manager it drains each controller's work queue
 * once its caches have synced; unlike it, a sync may wait for replies (from the cloud or the
 * apiserver) before it is done, holding its key as a blocking sync holds it in Go.
 */
import type { Credentials } from '../../api/protocol.ts';
import {
  clientHandle,
  hasSynced,
  informerHandle,
  newClient,
  newEventRecorder,
  newInformer,
  startInformer,
  WorkQueue,
  type ClientState,
  type EventRecorderState,
  type Informer,
} from '../../client/index.ts';
import { DEFAULT_CONTROLLER_MANAGER_SETTINGS } from '../../controllers/framework.ts';
import type { Component, StepContext } from '../../sim/component.ts';
import {
  CLOUD_NODE_CONTROLLER,
  cloudNodeHandleCloud,
  cloudNodeHandleEvent,
  cloudNodeHandleResponse,
  cloudNodeSync,
  newCloudNodeController,
  type CloudNodeControllerState,
} from './cloudNodeController.ts';
import {
  CLOUD_NODE_LIFECYCLE_CONTROLLER,
  cloudNodeLifecycleHandleCloud,
  cloudNodeLifecycleHandleResponse,
  MONITOR_TIMER,
  monitorNodes,
  newCloudNodeLifecycle,
  type CloudNodeLifecycleState,
} from './cloudNodeLifecycleController.ts';
import { makeKit, takeCloudReply, type CcmKit, type CloudCalls } from './kit.ts';
import {
  newServiceController,
  SERVICE_CONTROLLER,
  serviceHandleCloud,
  serviceHandleEvent,
  serviceHandleNodeEvent,
  serviceHandleResponse,
  serviceSync,
  type ServiceControllerState,
} from './serviceController.ts';

export const CLOUD_CONTROLLER_MANAGER_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'system:cloud-controller-manager',
};

export interface CloudControllerManagerConfig {
  /** --cluster-name (default "kubernetes"), which load balancer names may carry. */
  clusterName?: string;
  /** --node-monitor-period (5 s). */
  nodeMonitorPeriodMs?: number;
  /** --controllers; all three when absent. */
  controllers?: string[];
  startSeconds?: number;
}

export interface CloudControllerManagerState {
  clusterName: string;
  controllers: string[];
  client: ClientState;
  nodes: Informer;
  services: Informer;
  calls: CloudCalls;
  recorders: Record<string, EventRecorderState>;
  cloudNode: CloudNodeControllerState;
  lifecycle: CloudNodeLifecycleState;
  service: ServiceControllerState;
  /** The lifecycle monitor starts once the node cache has synced. */
  monitorStarted: boolean;
}

const EVENT_SOURCES: Record<string, string> = {
  [CLOUD_NODE_CONTROLLER]: 'cloud-node-controller',
  [CLOUD_NODE_LIFECYCLE_CONTROLLER]: 'cloud-node-lifecycle-controller',
  [SERVICE_CONTROLLER]: 'service-controller',
};

function kit(state: CloudControllerManagerState, controller: string, ctx: StepContext): CcmKit {
  return makeKit(ctx, controller, { ...state, recorder: state.recorders[controller]! });
}

function drain(state: CloudControllerManagerState, ctx: StepContext): void {
  if (!hasSynced(state.nodes) || !hasSynced(state.services)) return;
  const on = (c: string) => state.controllers.includes(c);
  if (on(CLOUD_NODE_LIFECYCLE_CONTROLLER) && !state.monitorStarted) {
    state.monitorStarted = true;
    monitorNodes(state.lifecycle, kit(state, CLOUD_NODE_LIFECYCLE_CONTROLLER, ctx));
  }
  if (on(CLOUD_NODE_CONTROLLER)) {
    const k = kit(state, CLOUD_NODE_CONTROLLER, ctx);
    const q = state.cloudNode.queue;
    for (let key = WorkQueue.get(q); key !== undefined; key = WorkQueue.get(q))
      if (cloudNodeSync(state.cloudNode, key, k)) {
        WorkQueue.forget(q, key);
        WorkQueue.done(q, key);
      }
  }
  if (on(SERVICE_CONTROLLER)) {
    const k = kit(state, SERVICE_CONTROLLER, ctx);
    const q = state.service.queue;
    for (let key = WorkQueue.get(q); key !== undefined; key = WorkQueue.get(q))
      if (serviceSync(state.service, key, k)) {
        WorkQueue.forget(q, key);
        WorkQueue.done(q, key);
      }
  }
}

function route(
  state: CloudControllerManagerState,
  tag: string,
): { controller: string; tag: string } {
  const colon = tag.indexOf(':');
  return { controller: tag.slice(0, colon), tag: tag.slice(colon + 1) };
}

export const cloudControllerManager: Component<
  CloudControllerManagerState,
  CloudControllerManagerConfig
> = {
  type: 'cloud-controller-manager',
  init(config, ctx) {
    const credentials = CLOUD_CONTROLLER_MANAGER_CREDENTIALS;
    const startSeconds = config.startSeconds ?? DEFAULT_CONTROLLER_MANAGER_SETTINGS.startSeconds;
    const controllers = config.controllers ?? [
      CLOUD_NODE_CONTROLLER,
      CLOUD_NODE_LIFECYCLE_CONTROLLER,
      SERVICE_CONTROLLER,
    ];
    const recorders: Record<string, EventRecorderState> = {};
    for (const [c, component] of Object.entries(EVENT_SOURCES))
      recorders[c] = newEventRecorder({ component }, startSeconds);
    const state: CloudControllerManagerState = {
      clusterName: config.clusterName ?? 'kubernetes',
      controllers,
      client: newClient({ name: 'cloud-controller-manager', credentials }),
      nodes: newInformer({ resource: 'nodes', credentials }),
      services: newInformer({ resource: 'services', credentials }),
      calls: {},
      recorders,
      cloudNode: newCloudNodeController(),
      lifecycle: newCloudNodeLifecycle(
        config.nodeMonitorPeriodMs ?? DEFAULT_CONTROLLER_MANAGER_SETTINGS.nodeMonitorPeriodMs,
      ),
      service: newServiceController(),
      monitorStarted: false,
    };
    startInformer(state.nodes, ctx);
    startInformer(state.services, ctx);
    return state;
  },
  step(state, message, ctx) {
    const on = (c: string) => state.controllers.includes(c);
    const p = message.payload;
    const nodeEvents = informerHandle(state.nodes, message, ctx);
    const serviceEvents = nodeEvents ? undefined : informerHandle(state.services, message, ctx);
    if (nodeEvents) {
      if (on(CLOUD_NODE_CONTROLLER))
        for (const e of nodeEvents) cloudNodeHandleEvent(state.cloudNode, e);
      if (on(SERVICE_CONTROLLER) && nodeEvents.length > 0 && hasSynced(state.services))
        serviceHandleNodeEvent(state.service, kit(state, SERVICE_CONTROLLER, ctx));
    } else if (serviceEvents) {
      if (on(SERVICE_CONTROLLER)) {
        const k = kit(state, SERVICE_CONTROLLER, ctx);
        for (const e of serviceEvents) serviceHandleEvent(state.service, e, k);
      }
    } else if (p.kind === 'cloud.response') {
      const reply = takeCloudReply(state.calls, message);
      if (reply) {
        const r = route(state, reply.tag);
        const routed = { ...reply, tag: r.tag };
        const k = kit(state, r.controller, ctx);
        if (r.controller === CLOUD_NODE_CONTROLLER)
          cloudNodeHandleCloud(state.cloudNode, routed, k);
        else if (r.controller === CLOUD_NODE_LIFECYCLE_CONTROLLER)
          cloudNodeLifecycleHandleCloud(state.lifecycle, routed, k);
        else if (r.controller === SERVICE_CONTROLLER) serviceHandleCloud(state.service, routed, k);
      }
    } else if (
      p.kind === 'timer' &&
      p.name === `${CLOUD_NODE_LIFECYCLE_CONTROLLER}:${MONITOR_TIMER}`
    ) {
      monitorNodes(state.lifecycle, kit(state, CLOUD_NODE_LIFECYCLE_CONTROLLER, ctx));
    } else {
      const responses = clientHandle(state.client, message, ctx);
      if (responses) {
        for (const response of responses) {
          const r = route(state, response.tag);
          const routed = { ...response, tag: r.tag };
          const k = kit(state, r.controller, ctx);
          if (r.controller === CLOUD_NODE_CONTROLLER)
            cloudNodeHandleResponse(state.cloudNode, routed, k);
          else if (r.controller === CLOUD_NODE_LIFECYCLE_CONTROLLER)
            cloudNodeLifecycleHandleResponse(state.lifecycle, routed, k);
          else if (r.controller === SERVICE_CONTROLLER)
            serviceHandleResponse(state.service, routed, k);
        }
      } else if (!WorkQueue.handle(state.cloudNode.queue, message, ctx)) {
        WorkQueue.handle(state.service.queue, message, ctx);
      }
    }
    drain(state, ctx);
    return state;
  },
};
