import { prngFor, type JsonValue, type PrngState } from '../../shared/index.ts';
import type { Payload } from '../protocol.ts';
import type { AnyComponent, StepContext } from './component.ts';
import type { ComponentId, Envelope } from './envelope.ts';
import { arrivalTime, type NetworkConfig } from './network.ts';

/** Everything the host keeps for one component instance: plain data, checkpointable. */
export interface ComponentSlot {
  id: ComponentId;
  type: string;
  config: unknown;
  state: unknown;
  rng: PrngState;
  /** The component's message counter: the `n` of the next message it sends. */
  sent: number;
  /**
   * The latest arrival time of a message sent to each receiver. Links are FIFO, like the TCP
   * connections and gRPC streams they stand for: jitter never lets a later message overtake.
   */
  lastArrival: Record<ComponentId, number>;
}

/** What handling one delivery produced. */
export interface DeliveryResult {
  out: Envelope[];
  notes: string[];
  /** Set when the component threw: the message is lost and the component is marked crashed. */
  error?: string;
}

export type ComponentRegistry = Readonly<Record<string, AnyComponent>>;

/**
 * Hosts a set of components and runs their step functions. In-process there is one host for the
 * whole cluster; in the browser each Web Worker runs a host for the components placed in it.
 */
export class ComponentHost {
  readonly slots = new Map<ComponentId, ComponentSlot>();

  constructor(
    private readonly registry: ComponentRegistry,
    private readonly network: NetworkConfig,
    private readonly seed: number,
  ) {}

  has(id: ComponentId): boolean {
    return this.slots.has(id);
  }

  /** Starts a component with fresh state (a restarted process remembers nothing). */
  start(
    id: ComponentId,
    type: string,
    config: unknown,
    now: number,
    cause: number | null,
    generation = 0,
  ): DeliveryResult {
    const component = this.component(type);
    // A restarted instance draws from a different stream than its predecessor, as a new process would.
    const slot: ComponentSlot = {
      id,
      type,
      config,
      state: undefined,
      rng: prngFor(this.seed, generation === 0 ? id : `${id}@${generation}`),
      sent: 0,
      lastArrival: {},
    };
    this.slots.set(id, slot);
    return this.run(slot, now, cause, (ctx) => {
      slot.state = component.init(config, ctx);
    });
  }

  stop(id: ComponentId): void {
    this.slots.delete(id);
  }

  deliver(message: Envelope, seq: number): DeliveryResult {
    const slot = this.slots.get(message.to);
    if (!slot) return { out: [], notes: [] };
    const component = this.component(slot.type);
    return this.run(slot, message.deliverAt, seq, (ctx) => {
      slot.state = component.step(slot.state, message, ctx);
    });
  }

  /** Sends a message on a component's behalf (a user action typed into kubectl, for example). */
  sendAs(
    id: ComponentId,
    to: ComponentId,
    payload: Payload,
    now: number,
    cause: number | null,
  ): Envelope {
    const slot = this.slots.get(id);
    if (!slot) throw new Error(`no component ${id}`);
    const out: Envelope[] = [];
    this.context(slot, now, cause, out, []).send(to, payload);
    return out[0]!;
  }

  private run(
    slot: ComponentSlot,
    now: number,
    cause: number | null,
    body: (ctx: StepContext) => void,
  ): DeliveryResult {
    const out: Envelope[] = [];
    const notes: string[] = [];
    try {
      body(this.context(slot, now, cause, out, notes));
      return { out, notes };
    } catch (err) {
      this.slots.delete(slot.id);
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return { out: [], notes, error };
    }
  }

  private context(
    slot: ComponentSlot,
    now: number,
    cause: number | null,
    out: Envelope[],
    notes: string[],
  ): StepContext {
    const network = this.network;
    const send = (to: ComponentId, payload: Payload, deliverAt: number): string => {
      const n = slot.sent++;
      const id = `${slot.id}#${n}`;
      out.push({ id, from: slot.id, n, to, sentAt: now, deliverAt, cause, payload });
      return id;
    };
    return {
      now,
      self: slot.id,
      rng: slot.rng,
      send: (to, payload) => {
        const arrival = Math.max(
          arrivalTime(network, slot.rng, slot.id, to, now),
          slot.lastArrival[to] ?? 0,
        );
        slot.lastArrival[to] = arrival;
        return send(to, payload, arrival);
      },
      setTimer: (delayMs: number, name: string, data?: JsonValue) => {
        if (!Number.isFinite(delayMs))
          throw new RangeError(`setTimer(${name}): delay must be a finite number, got ${delayMs}`);
        return send(
          slot.id,
          data === undefined ? { kind: 'timer', name } : { kind: 'timer', name, data },
          now + Math.max(delayMs, network.minLatencyMs),
        );
      },
      note: (text) => notes.push(text),
    };
  }

  private component(type: string): AnyComponent {
    const component = this.registry[type];
    if (!component) throw new Error(`unknown component type ${type}`);
    return component;
  }
}
