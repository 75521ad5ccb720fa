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
  /**
   * The message counter each stopped or crashed component had reached. A restarted instance
   * continues from it, so message ids stay unique in a run: replies and watch events still in
   * flight to the old process can never pass for answers to the new one's requests.
   */
  readonly retiredCounters = new Map<ComponentId, number>();
  private readonly context: BoundContext;

  constructor(
    private readonly registry: ComponentRegistry,
    private readonly network: NetworkConfig,
    private readonly seed: number,
  ) {
    this.context = new BoundContext(network);
  }

  /** Whether deliveries' notes are kept (see StepContext.tracing). */
  get tracing(): boolean {
    return this.context.tracing;
  }

  set tracing(on: boolean) {
    this.context.tracing = on;
  }

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
      sent: this.slots.get(id)?.sent ?? this.retiredCounters.get(id) ?? 0,
      lastArrival: {},
    };
    this.slots.set(id, slot);
    return this.run(slot, now, cause, (ctx) => {
      slot.state = component.init(config, ctx);
    });
  }

  stop(id: ComponentId): void {
    const slot = this.slots.get(id);
    if (slot) this.retiredCounters.set(id, slot.sent);
    this.slots.delete(id);
  }

  deliver(message: Envelope, seq: number): DeliveryResult {
    const slot = this.slots.get(message.to);
    if (!slot) return { out: [], notes: [] };
    const component = this.component(slot.type);
    // run() without its closure: this is every delivery of a run.
    const ctx = this.context;
    ctx.bind(slot, message.deliverAt, seq);
    try {
      slot.state = component.step(slot.state, message, ctx);
    } catch (err) {
      return this.crashed(slot, err);
    }
    return this.filled();
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
    this.context.bind(slot, now, cause);
    this.context.send(to, payload);
    return this.context.out[0]!;
  }

  /**
   * The result of the last delivery, one object re-filled each time: callers read it at once
   * (the sequencer queues `out` and traces `notes`; a worker copies both into its reply).
   */
  private readonly result: DeliveryResult = { out: NO_OUT, notes: NO_NOTES };

  private run(
    slot: ComponentSlot,
    now: number,
    cause: number | null,
    body: (ctx: StepContext) => void,
  ): DeliveryResult {
    const ctx = this.context;
    ctx.bind(slot, now, cause);
    try {
      body(ctx);
    } catch (err) {
      return this.crashed(slot, err);
    }
    return this.filled();
  }

  private filled(): DeliveryResult {
    this.result.out = this.context.out;
    this.result.notes = this.context.notes;
    return this.result;
  }

  /** A step threw: the component is stopped and the message lost. */
  private crashed(slot: ComponentSlot, err: unknown): DeliveryResult {
    this.stop(slot.id);
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { out: [], notes: this.context.notes, error };
  }

  private component(type: string): AnyComponent {
    const component = this.registry[type];
    if (!component) throw new Error(`unknown component type ${type}`);
    return component;
  }
}

/** The notes of a delivery that noted nothing: shared, so most deliveries allocate no array. */
const NO_NOTES: string[] = Object.freeze([]) as unknown as string[];
/** The messages of a delivery that sent none: shared too. */
const NO_OUT: Envelope[] = Object.freeze([]) as unknown as Envelope[];

/**
 * The StepContext a host hands to each step. One instance is re-bound for every delivery rather
 * than built anew: a step runs synchronously and keeps no reference to it, and allocating a
 * context with its closures per message was a measurable share of a large run.
 */
class BoundContext implements StepContext {
  now = 0;
  self: ComponentId = '';
  rng!: PrngState;
  out: Envelope[] = NO_OUT;
  notes: string[] = NO_NOTES;
  tracing = true;
  private slot!: ComponentSlot;
  private cause: number | null = null;
  /** The link latency when no per-link overrides exist (the common case), else undefined. */
  private readonly fixedLatency: number | undefined;

  constructor(private readonly network: NetworkConfig) {
    this.fixedLatency =
      Object.keys(network.linkLatencyMs).length === 0
        ? Math.max(network.defaultLatencyMs, network.minLatencyMs)
        : undefined;
  }

  bind(slot: ComponentSlot, now: number, cause: number | null): void {
    this.slot = slot;
    this.self = slot.id;
    this.rng = slot.rng;
    this.now = now;
    this.cause = cause;
    this.out = NO_OUT;
    this.notes = NO_NOTES;
  }

  send(to: ComponentId, payload: Payload): string {
    const slot = this.slot;
    const arrival = Math.max(
      this.fixedLatency === undefined || this.network.jitterMs > 0
        ? arrivalTime(this.network, slot.rng, slot.id, to, this.now, this.fixedLatency)
        : this.now + this.fixedLatency,
      slot.lastArrival[to] ?? 0,
    );
    slot.lastArrival[to] = arrival;
    return this.push(to, payload, arrival);
  }

  setTimer(delayMs: number, name: string, data?: JsonValue): string {
    if (!Number.isFinite(delayMs))
      throw new RangeError(`setTimer(${name}): delay must be a finite number, got ${delayMs}`);
    const payload: Payload =
      data === undefined ? { kind: 'timer', name } : { kind: 'timer', name, data };
    return this.push(
      this.slot.id,
      payload,
      this.now + Math.max(delayMs, this.network.minLatencyMs),
    );
  }

  note(text: string): void {
    if (!this.tracing) return;
    if (this.notes === NO_NOTES) this.notes = [];
    this.notes.push(text);
  }

  private push(to: ComponentId, payload: Payload, deliverAt: number): string {
    const slot = this.slot;
    const n = slot.sent++;
    const id = `${slot.id}#${n}`;
    if (this.out === NO_OUT) this.out = [];
    this.out.push({
      id,
      from: slot.id,
      n,
      to,
      sentAt: this.now,
      deliverAt,
      cause: this.cause,
      payload,
    });
    return id;
  }
}
