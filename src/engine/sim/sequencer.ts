import type { Payload } from '../protocol.ts';
import { compareEnvelopes, type ComponentId, type Envelope } from './envelope.ts';
import { MinHeap } from './heap.ts';
import {
  ComponentHost,
  type ComponentRegistry,
  type ComponentSlot,
  type DeliveryResult,
} from './host.ts';
import { DEFAULT_NETWORK, validateNetwork, type NetworkConfig } from './network.ts';
import { summarize } from './summary.ts';
import type { TraceEvent, TraceKind } from './trace.ts';

/**
 * Messages that travel on a long-lived connection (a watch's HTTP stream). TCP never loses a
 * segment in the middle of a stream: while a partition lasts it retransmits, and the data
 * arrives in order once the path is back (or the connection dies, which the client sees). So a
 * partition holds these instead of dropping them; a watch can never silently skip an event.
 */
const STREAM_KINDS: ReadonlySet<string> = new Set(['api.watch', 'api.watchEnd', 'api.watchClose']);

/** What step() returns for a delivery when the trace is off (so callers can tell it happened). */
const NOT_RECORDED: TraceEvent = Object.freeze({
  seq: 0,
  id: '',
  from: '',
  to: '',
  sentAt: 0,
  deliverAt: 0,
  kind: 'timer',
  summary: '',
  cause: null,
}) as TraceEvent;

export interface SequencerOptions {
  seed: number;
  registry: ComponentRegistry;
  network?: NetworkConfig;
  /** Keep the trace in memory (default true). Benchmarks may turn it off. */
  recordTrace?: boolean;
}

/** A copy of everything that determines the future: restoring it and replaying gives the same trace. */
export interface Checkpoint {
  now: number;
  seq: number;
  queue: Envelope[];
  slots: ComponentSlot[];
  retiredCounters: [ComponentId, number][];
  restarts: [ComponentId, number][];
  crashed: [ComponentId, string][];
  partitioned: ComponentId[];
  islands: [ComponentId, string][];
  held: Envelope[];
  traceLength: number;
}

/**
 * Owns virtual time and the simulated network. Messages are delivered in (deliverAt, from, n)
 * order. Because every link takes at least `minLatencyMs`, everything due inside one lookahead
 * window [t, t + minLatencyMs) is independent: `takeWindow` hands such a batch out so hosts in
 * different workers can process it in parallel, and `completeWindow` merges the results in seq
 * order, which keeps the run identical whatever the placement.
 */
export class Sequencer {
  now = 0;
  readonly trace: TraceEvent[] = [];
  readonly network: NetworkConfig;
  private seq = 0;
  private queue = new MinHeap<Envelope>(compareEnvelopes);
  private readonly host: ComponentHost;
  private readonly recordTrace: boolean;
  private readonly listeners = new Set<(event: TraceEvent) => void>();
  /** How many times each component has been (re)started: a restarted process gets a fresh stream. */
  private readonly restarts = new Map<ComponentId, number>();
  readonly crashed = new Map<ComponentId, string>();
  readonly partitioned = new Set<ComponentId>();
  /** Which side of a partition each cut-off component is on; components on one side still talk. */
  private readonly islands = new Map<ComponentId, string>();
  /** Stream messages waiting for a partition to heal (see STREAM_KINDS). */
  private held: Envelope[] = [];
  delivered = 0;

  constructor(private readonly options: SequencerOptions) {
    this.network = options.network ?? DEFAULT_NETWORK;
    validateNetwork(this.network);
    this.host = new ComponentHost(options.registry, this.network, options.seed);
    this.recordTrace = options.recordTrace ?? true;
  }

  get pending(): number {
    return this.queue.size;
  }

  /**
   * Messages between components sent and not yet delivered (timers, sent to self, excluded), soonest first, at most `limit`: what
   * the diagram draws travelling along its edges.
   */
  inFlight(limit = 200): Envelope[] {
    const messages = this.queue.toArray().filter((e) => e.from !== e.to);
    messages.sort(compareEnvelopes);
    return messages.length > limit ? messages.slice(0, limit) : messages;
  }

  /** The time of the next delivery, if any. */
  peekTime(): number | undefined {
    return this.queue.peek()?.deliverAt;
  }

  onTrace(listener: (event: TraceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isRunning(id: ComponentId): boolean {
    return this.host.has(id);
  }

  /** The live state of a component (read-only: for inspection and tests). */
  stateOf<S>(id: ComponentId): S | undefined {
    return this.host.slots.get(id)?.state as S | undefined;
  }

  componentIds(): ComponentId[] {
    return [...this.host.slots.keys()];
  }

  /** Starts (or restarts) a component with empty state, as a process starting up. */
  startComponent(id: ComponentId, type: string, config: unknown = {}): void {
    const generation = this.restarts.get(id) ?? 0;
    this.restarts.set(id, generation + 1);
    this.crashed.delete(id);
    const event = this.lifecycle('component.start', id, `start ${id}`);
    this.absorb(this.host.start(id, type, config, this.now, event.seq, generation), id, event);
    this.record(event);
  }

  /** Stops a component: its state is gone and messages to it are dropped until it starts again. */
  stopComponent(id: ComponentId): void {
    this.host.stop(id);
    this.record(this.lifecycle('component.stop', id, `stop ${id}`));
  }

  /**
   * Cuts (or restores) every link of a component except to itself and to the components cut off
   * on the same `island` (a machine's kubelet still reaches its container runtime over the local
   * socket while the machine is off the network). Without an island the component is alone.
   */
  setPartitioned(id: ComponentId, partitioned: boolean, island: string = id): void {
    if (partitioned) {
      this.partitioned.add(id);
      this.islands.set(id, island);
    } else {
      this.partitioned.delete(id);
      this.islands.delete(id);
      this.releaseHeld();
    }
    this.record(
      this.lifecycle(
        partitioned ? 'network.partition' : 'network.heal',
        id,
        `${partitioned ? 'partition' : 'heal'} ${id}`,
      ),
    );
  }

  /** Sends a message on a component's behalf (a user typing into kubectl). Returns its id. */
  inject(from: ComponentId, to: ComponentId, payload: Payload): string {
    const envelope = this.host.sendAs(from, to, payload, this.now, null);
    this.queue.push(envelope);
    return envelope.id;
  }

  /** Delivers the next message. Returns its trace event, or undefined when nothing is in flight. */
  step(): TraceEvent | undefined {
    const envelope = this.queue.pop();
    if (!envelope) return undefined;
    return this.deliver(envelope) ?? NOT_RECORDED;
  }

  /**
   * Removes and returns every message due inside the next lookahead window, with the seq each
   * will have. The caller delivers them (possibly in parallel) and passes the results to
   * completeWindow in the same order.
   */
  takeWindow(): { envelope: Envelope; seq: number }[] {
    const first = this.queue.peek();
    if (!first) return [];
    const end = first.deliverAt + this.network.minLatencyMs;
    const batch: { envelope: Envelope; seq: number }[] = [];
    let seq = this.seq;
    while (this.queue.size > 0 && this.queue.peek()!.deliverAt < end) {
      const envelope = this.queue.pop()!;
      if (!this.hold(envelope)) batch.push({ envelope, seq: ++seq });
    }
    return batch;
  }

  /** Delivers one whole lookahead window in-process. Returns the number of deliveries. */
  runWindow(): number {
    const batch = this.takeWindow();
    for (const { envelope } of batch) this.deliver(envelope);
    return batch.length;
  }

  /** Runs until virtual time reaches `time` (deliveries at exactly `time` included). */
  runUntil(time: number, maxDeliveries = Number.POSITIVE_INFINITY): number {
    let count = 0;
    while (count < maxDeliveries) {
      const next = this.queue.peek();
      if (!next || next.deliverAt > time) break;
      this.step();
      count++;
    }
    if (count < maxDeliveries) this.now = Math.max(this.now, time);
    return count;
  }

  runFor(ms: number, maxDeliveries?: number): number {
    return this.runUntil(this.now + ms, maxDeliveries);
  }

  /** Runs until `done()` is true; throws if it is still false after `maxDeliveries`. */
  runUntilTrue(done: () => boolean, maxDeliveries = 1_000_000): number {
    let count = 0;
    while (!done()) {
      if (count >= maxDeliveries || !this.step()) {
        throw new Error(
          `condition not reached after ${count} deliveries (virtual time ${this.now} ms)`,
        );
      }
      count++;
    }
    return count;
  }

  checkpoint(): Checkpoint {
    return structuredClone({
      now: this.now,
      seq: this.seq,
      queue: this.queue.toArray(),
      slots: [...this.host.slots.values()],
      retiredCounters: [...this.host.retiredCounters],
      restarts: [...this.restarts],
      crashed: [...this.crashed],
      partitioned: [...this.partitioned],
      islands: [...this.islands],
      held: this.held,
      traceLength: this.trace.length,
    });
  }

  /** Goes back to a checkpoint; the trace after it is discarded (acting from here forks the run). */
  restore(checkpoint: Checkpoint): void {
    const c = structuredClone(checkpoint);
    this.now = c.now;
    this.seq = c.seq;
    this.queue = new MinHeap<Envelope>(compareEnvelopes);
    for (const e of c.queue) this.queue.push(e);
    this.host.slots.clear();
    for (const slot of c.slots) this.host.slots.set(slot.id, slot);
    this.host.retiredCounters.clear();
    for (const [id, n] of c.retiredCounters) this.host.retiredCounters.set(id, n);
    this.restarts.clear();
    for (const [id, n] of c.restarts) this.restarts.set(id, n);
    this.crashed.clear();
    for (const [id, error] of c.crashed) this.crashed.set(id, error);
    this.partitioned.clear();
    for (const id of c.partitioned) this.partitioned.add(id);
    this.islands.clear();
    for (const [id, island] of c.islands) this.islands.set(id, island);
    this.held = c.held;
    this.trace.length = Math.min(this.trace.length, c.traceLength);
  }

  /** Whether a partition lies between two components. */
  private cutOff(from: ComponentId, to: ComponentId): boolean {
    return (
      from !== to &&
      (this.partitioned.has(from) || this.partitioned.has(to)) &&
      this.islands.get(from) !== this.islands.get(to)
    );
  }

  /** Holds a stream message that cannot cross a partition yet; true if it was held. */
  private hold(envelope: Envelope): boolean {
    if (!STREAM_KINDS.has(envelope.payload.kind) || !this.host.has(envelope.to)) return false;
    if (!this.cutOff(envelope.from, envelope.to)) return false;
    this.held.push(envelope);
    return true;
  }

  /** Sends on the held stream messages whose path is open again, in their original order. */
  private releaseHeld(): void {
    const still: Envelope[] = [];
    for (const envelope of this.held) {
      if (this.cutOff(envelope.from, envelope.to)) still.push(envelope);
      else this.queue.push({ ...envelope, deliverAt: Math.max(envelope.deliverAt, this.now) });
    }
    this.held = still;
  }

  private deliver(envelope: Envelope): TraceEvent | undefined {
    this.now = Math.max(this.now, envelope.deliverAt);
    if (this.hold(envelope)) return undefined;
    const seq = ++this.seq;
    let dropped: TraceEvent['dropped'];
    let result: DeliveryResult | undefined;
    if (!this.host.has(envelope.to)) {
      dropped = 'receiver down';
    } else if (this.cutOff(envelope.from, envelope.to)) {
      dropped = 'network partition';
    } else {
      this.delivered++;
      result = this.host.deliver(envelope, seq);
      for (const out of result.out) this.queue.push(out);
      if (result.error !== undefined) this.crashed.set(envelope.to, result.error);
    }
    // Building trace events costs; a run that neither records nor listens (a benchmark) skips it.
    if (!this.recordTrace && this.listeners.size === 0) return undefined;
    const { summary, object } = summarize(envelope.payload);
    const event: TraceEvent = {
      seq,
      id: envelope.id,
      from: envelope.from,
      to: envelope.to,
      sentAt: envelope.sentAt,
      deliverAt: envelope.deliverAt,
      kind: envelope.payload.kind,
      summary,
      cause: envelope.cause,
    };
    if (object) event.object = object;
    if (dropped) event.dropped = dropped;
    if (result?.notes.length) event.notes = result.notes;
    if (result?.error !== undefined) event.error = result.error;
    this.record(event);
    return event;
  }

  private absorb(result: DeliveryResult, id: ComponentId, event: TraceEvent): void {
    if (result.notes.length) event.notes = result.notes;
    if (result.error !== undefined) {
      event.error = result.error;
      this.crashed.set(id, result.error);
    }
    for (const out of result.out) this.queue.push(out);
  }

  private lifecycle(kind: TraceKind, id: ComponentId, summary: string): TraceEvent {
    return {
      seq: ++this.seq,
      id: '',
      from: 'user',
      to: id,
      sentAt: this.now,
      deliverAt: this.now,
      kind,
      summary,
      cause: null,
    };
  }

  private record(event: TraceEvent): void {
    if (this.recordTrace) this.trace.push(event);
    for (const listener of this.listeners) listener(event);
  }
}
