/**
 * A component that only watches, the way any controller does: informers over pods (all, and one
 * node's pods through the kubelet's field selector), ReplicaSets and Nodes. Besides feeding its
 * informers it writes down every watch it opens (the resourceVersion it starts from) and every
 * event each watch delivers, so a test can hold the watch stream against etcd's history.
 */
import type { ApiQuery } from '../../api/protocol.ts';
import type { Payload } from '../../protocol.ts';
import { ADMIN_CREDENTIALS } from '../../cluster/cluster.ts';
import {
  informerHandle,
  newInformer,
  startInformer,
  type Informer,
  type InformerConfig,
} from '../../client/index.ts';
import type { Component, StepContext } from '../../sim/component.ts';

export interface ObservedEvent {
  type: string;
  /** namespace/name (or name for cluster-scoped objects). */
  key: string;
  rv: string;
}

export interface ObservedWatch {
  id: string;
  /** The informer that opened it. */
  informer: string;
  path: string;
  fieldSelector: string;
  /** The resourceVersion the watch asked to start after. */
  startRV: string;
  events: ObservedEvent[];
}

export interface ObserverState {
  informers: Informer[];
  /** Every watch opened, in order, by request id. */
  watches: Map<string, ObservedWatch>;
}

export interface ObserverConfig {
  /** The node whose pods the kubelet-like informer follows. */
  nodeName: string;
}

// Short watch timeouts make the run renew watches often (the server ends them, the reflector
// re-watches from the last resourceVersion), which is where a lost or repeated event would hide.
const SHORT = { minWatchTimeoutMs: 20_000, watchLivenessMarginMs: 5_000 };

function informerConfigs(config: ObserverConfig): InformerConfig[] {
  const credentials = ADMIN_CREDENTIALS;
  return [
    { name: 'pods', resource: 'pods', credentials, options: SHORT },
    {
      name: `pods@${config.nodeName}`,
      resource: 'pods',
      fieldSelector: `spec.nodeName=${config.nodeName}`,
      credentials,
      options: SHORT,
    },
    { name: 'replicasets', resource: 'replicasets.apps', credentials },
    { name: 'nodes', resource: 'nodes', credentials, options: SHORT },
  ];
}

/** A context whose sends are also written down when they open a watch. */
function recordingContext(state: ObserverState, ctx: StepContext, informer: string): StepContext {
  // Delegates member by member: the host's context may keep its methods on a prototype.
  return {
    now: ctx.now,
    self: ctx.self,
    rng: ctx.rng,
    setTimer: (delayMs, name, data) => ctx.setTimer(delayMs, name, data),
    note: (text) => ctx.note(text),
    tracing: ctx.tracing,
    send(to, payload: Payload) {
      const id = ctx.send(to, payload);
      if (payload.kind === 'api.request' && payload.query?.watch === 'true') {
        const query: ApiQuery = payload.query;
        state.watches.set(id, {
          id,
          informer,
          path: payload.path,
          fieldSelector: query.fieldSelector ?? '',
          startRV: query.resourceVersion ?? '',
          events: [],
        });
      }
      return id;
    },
  };
}

export const observer: Component<ObserverState, ObserverConfig> = {
  type: 'observer',
  init(config, ctx) {
    const state: ObserverState = { informers: [], watches: new Map() };
    for (const c of informerConfigs(config)) {
      const informer = newInformer(c);
      state.informers.push(informer);
      startInformer(informer, recordingContext(state, ctx, informer.name));
    }
    return state;
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'api.watch') {
      const watch = state.watches.get(p.watchId);
      const meta = (
        p.object as { metadata?: { namespace?: string; name?: string; resourceVersion?: string } }
      ).metadata;
      watch?.events.push({
        type: p.type,
        key: meta?.namespace ? `${meta.namespace}/${meta.name}` : (meta?.name ?? ''),
        rv: meta?.resourceVersion ?? '',
      });
    }
    for (const informer of state.informers)
      informerHandle(informer, message, recordingContext(state, ctx, informer.name));
    return state;
  },
};
