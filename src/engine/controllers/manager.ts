/**
 * kube-controller-manager: one component hosting many controllers. It runs the shared informers
 * (each resource listed and watched once, whatever the number of controllers reading it), routes
 * informer events, API replies and timers to the controllers they belong to, and then lets each
 * controller whose caches have synced drain its work queue, one `sync(key)` per key.
 */
import type { JsonValue } from '../../shared/index.ts';
import {
  WorkQueue,
  clientHandle,
  hasSynced,
  informersHandle,
  newClient,
  newEventRecorder,
  newInformer,
  newWorkQueue,
  recordEvent,
  startInformer,
  type ClientState,
  type EventRecorderState,
  type IndexSpec,
  type Informer,
  type WorkQueueState,
} from '../client/index.ts';
import type { Credentials } from '../api/protocol.ts';
import type { Component, StepContext } from '../sim/component.ts';
import {
  DEFAULT_CONTROLLER_MANAGER_SETTINGS,
  type AnyControllerDefinition,
  type ControllerKit,
  type ControllerManagerSettings,
} from './framework.ts';

export const CONTROLLER_MANAGER_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'system:kube-controller-manager',
};

export interface ControllerManagerConfig {
  /** Which controllers run (names as in --controllers); all the manager was built with if absent. */
  controllers?: string[];
  settings?: Partial<ControllerManagerSettings>;
}

interface ControllerSlot {
  state: unknown;
  queue: WorkQueueState;
  recorder: EventRecorderState;
}

export interface ControllerManagerState {
  settings: ControllerManagerSettings;
  client: ClientState;
  /** Shared informers by resource ('pods', 'replicasets.apps'). */
  informers: Record<string, Informer>;
  /** Controller names in the order they run. */
  order: string[];
  controllers: Record<string, ControllerSlot>;
  /** Whether the workers' timer is set (keys are queued and will be taken when it fires). */
  workersDue: boolean;
}

const TIMER_PREFIX = 'ctrl/';
/** The timer on which the controllers' workers take the queued keys. */
const WORKERS_TIMER = 'workers';
/** How long after a key is queued the workers take it (a worker's pickup and sync time). */
const WORKER_PICKUP_MS = 1;

/** Builds the kube-controller-manager component around a set of controller definitions. */
export function createControllerManager(
  definitions: readonly AnyControllerDefinition[],
): Component<ControllerManagerState, ControllerManagerConfig> {
  const byName = new Map(definitions.map((d) => [d.name, d]));

  // One kit per controller for as long as the manager's state and the step context are the same
  // objects (a host re-binds one context for every delivery): a pod event reaches most
  // controllers, and building their kits for each was a measurable share of a large run.
  const kits = new WeakMap<
    ControllerManagerState,
    { ctx: StepContext; byName: Map<string, ControllerKit> }
  >();

  function kit(state: ControllerManagerState, name: string, ctx: StepContext): ControllerKit {
    let cached = kits.get(state);
    if (!cached || cached.ctx !== ctx) kits.set(state, (cached = { ctx, byName: new Map() }));
    let k = cached.byName.get(name);
    if (!k) cached.byName.set(name, (k = buildKit(state, name, ctx)));
    return k;
  }

  function buildKit(state: ControllerManagerState, name: string, ctx: StepContext): ControllerKit {
    const slot = state.controllers[name]!;
    return {
      ctx,
      settings: state.settings,
      queue: slot.queue,
      client: state.client,
      informer(resource) {
        const informer = state.informers[resource];
        if (!informer)
          throw new Error(`controller ${name} did not declare an informer for ${resource}`);
        return informer;
      },
      tag: (tag) => `${name}:${tag}`,
      event: (obj, type, reason, message) => {
        recordEvent(slot.recorder, state.client, ctx, obj, type, reason, message);
      },
      setTimer: (delayMs, timerName, data) => {
        ctx.setTimer(delayMs, `${TIMER_PREFIX}${name}/${timerName}`, data);
      },
    };
  }

  function synced(state: ControllerManagerState, def: AnyControllerDefinition): boolean {
    return def.informers.every((spec) => hasSynced(state.informers[spec.resource]!));
  }

  function drain(state: ControllerManagerState, ctx: StepContext): void {
    for (const name of state.order) {
      const def = byName.get(name)!;
      const slot = state.controllers[name]!;
      // Most messages leave most queues empty: build a kit only for a controller with work.
      if (slot.queue.queue.length === 0 || !synced(state, def)) continue;
      const k = kit(state, name, ctx);
      for (
        let key = WorkQueue.get(slot.queue);
        key !== undefined;
        key = WorkQueue.get(slot.queue)
      ) {
        def.sync(slot.state, key, k);
        WorkQueue.done(slot.queue, key);
      }
    }
  }

  return {
    type: 'kube-controller-manager',
    init(config, ctx) {
      const settings = { ...DEFAULT_CONTROLLER_MANAGER_SETTINGS, ...config.settings };
      const names = (config.controllers ?? definitions.map((d) => d.name)).filter((n) =>
        byName.has(n),
      );
      const state: ControllerManagerState = {
        settings,
        client: newClient({
          name: 'kube-controller-manager',
          credentials: CONTROLLER_MANAGER_CREDENTIALS,
        }),
        informers: {},
        order: names,
        controllers: {},
        workersDue: false,
      };
      // One shared informer per resource, with the union of the indexes its readers need.
      const indexes = new Map<string, IndexSpec[]>();
      for (const name of names) {
        for (const spec of byName.get(name)!.informers) {
          const list = indexes.get(spec.resource) ?? [];
          for (const index of spec.indexers ?? [])
            if (!list.some((i) => i.name === index.name)) list.push(index);
          indexes.set(spec.resource, list);
        }
      }
      for (const [resource, indexers] of indexes) {
        state.informers[resource] = newInformer({
          name: resource,
          resource,
          credentials: CONTROLLER_MANAGER_CREDENTIALS,
          indexers,
        });
      }
      for (const name of names) {
        const def = byName.get(name)!;
        state.controllers[name] = {
          state: undefined,
          queue: newWorkQueue({ name }),
          recorder: newEventRecorder({ component: def.eventSource }, settings.startSeconds),
        };
      }
      for (const name of names) {
        const slot = state.controllers[name]!;
        slot.state = byName.get(name)!.init(kit(state, name, ctx));
      }
      for (const resource of Object.keys(state.informers).sort())
        startInformer(state.informers[resource]!, ctx);
      return state;
    },
    step(state, message, ctx) {
      const p = message.payload;
      const informed = informersHandle(state.informers, message, ctx);
      if (informed) {
        const resource = informed.informer;
        for (const name of state.order) {
          const def = byName.get(name)!;
          if (!def.handleEvent || !def.informers.some((s) => s.resource === resource)) continue;
          const k = kit(state, name, ctx);
          for (const event of informed.events)
            def.handleEvent(state.controllers[name]!.state, resource, event, k);
        }
      } else if (p.kind === 'timer' && p.name.startsWith(TIMER_PREFIX)) {
        const rest = p.name.slice(TIMER_PREFIX.length);
        const slash = rest.indexOf('/');
        const name = rest.slice(0, slash);
        const def = byName.get(name);
        if (def?.handleTimer)
          def.handleTimer(
            state.controllers[name]!.state,
            rest.slice(slash + 1),
            p.data as JsonValue | undefined,
            kit(state, name, ctx),
          );
      } else {
        const responses = clientHandle(state.client, message, ctx);
        if (responses) {
          for (const response of responses) {
            const colon = response.tag.indexOf(':');
            const name = colon < 0 ? '' : response.tag.slice(0, colon);
            const def = byName.get(name);
            if (def?.handleResponse)
              def.handleResponse(
                state.controllers[name]!.state,
                { ...response, tag: response.tag.slice(colon + 1) },
                kit(state, name, ctx),
              );
          }
        } else {
          for (const name of state.order)
            if (WorkQueue.handle(state.controllers[name]!.queue, message, ctx)) break;
        }
      }
      if (p.kind === 'timer' && p.name === WORKERS_TIMER) {
        state.workersDue = false;
        drain(state, ctx);
      } else if (
        !state.workersDue &&
        state.order.some((n) => state.controllers[n]!.queue.queue.length > 0)
      ) {
        // The workers pick keys up a moment later, not inside this delivery: keys added by a
        // burst of events in the meantime are processed once, as a busy real worker pool does.
        state.workersDue = true;
        ctx.setTimer(WORKER_PICKUP_MS, WORKERS_TIMER);
      }
      return state;
    },
  };
}
