import type { Payload } from '../protocol.ts';
import { compareEnvelopes, type ComponentId, type Envelope } from './envelope.ts';
import { TieredQueue } from './tieredQueue.ts';
import { ComponentHost, type DeliveryResult } from './host.ts';
import type {
  Checkpoint,
  DeliveryRecord,
  DeliveryWindow,
  HostCommand,
  RemoteResult,
  SequencerOptions,
  TraceListener,
} from './sequencerTypes.ts';
import { DEFAULT_NETWORK, validateNetwork, type NetworkConfig } from './network.ts';

export type * from './sequencerTypes.ts';
import { Partitions } from './partitions.ts';
import { deliveryEvent, type TraceEvent, type TraceKind } from './trace.ts';

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

/**
 * Messages in flight, keyed by delivery time (the comparator's first field: sifts compare numbers
 * kept in place). What is due within the next 100 ms of virtual time is kept apart from the
 * timers set minutes ahead (see TieredQueue).
 */
function newQueue(): TieredQueue<Envelope> {
  return new TieredQueue<Envelope>(compareEnvelopes, (e) => e.deliverAt, 100);
}

/**
 * Owns virtual time and the simulated network. Messages are delivered in (deliverAt, from, n)
 * order. Because every link takes at least `minLatencyMs`, everything due inside one lookahead
 * window [t, t + minLatencyMs) is independent: `beginWindow` hands such a batch out so hosts in
 * different workers can process it in parallel, and `finishWindow` merges the results in seq
 * order, which keeps the run identical whatever the placement.
 */
export class Sequencer {
  now = 0;
  readonly trace: TraceEvent[] = [];
  readonly network: NetworkConfig;
  private seq = 0;
  private queue = newQueue();
  private readonly host: ComponentHost;
  private readonly recordTrace: boolean;
  private readonly isRemote: (id: ComponentId) => boolean;
  private readonly listeners = new Set<TraceListener>();
  /** How many times each component has been (re)started: a restarted process gets a fresh stream. */
  private readonly restarts = new Map<ComponentId, number>();
  /** Started and neither stopped nor crashed, wherever they run. */
  private readonly running = new Set<ComponentId>();
  /** A remote component's message counter, as its host last reported it. */
  private readonly remoteSent = new Map<ComponentId, number>();
  /** Commands for remote hosts not yet handed out, and the start events awaiting their result. */
  private commands: HostCommand[] = [];
  private readonly startEvents = new Map<number, TraceEvent>();
  readonly crashed = new Map<ComponentId, string>();
  private readonly partitions = new Partitions();
  /** The learner's action being carried out (see userAction), recorded before its first effect. */
  private pendingAction: string | undefined;
  private actionMarker: TraceEvent | undefined;
  delivered = 0;

  constructor(private readonly options: SequencerOptions) {
    this.network = options.network ?? DEFAULT_NETWORK;
    validateNetwork(this.network);
    this.host = new ComponentHost(options.registry, this.network, options.seed);
    this.recordTrace = options.recordTrace ?? true;
    this.isRemote = options.isRemote ?? (() => false);
    this.host.tracing = this.recordTrace;
  }

  get pending(): number {
    return this.queue.size;
  }

  /**
   * Messages between components sent and not yet delivered (timers, sent to self, excluded),
   * soonest first, at most `limit`: what the diagram draws travelling along its edges.
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

  /**
   * Calls `listener` with every trace event as it is recorded; for a delivery, also with the
   * envelope delivered and the messages its step sent (what the narration needs and the trace
   * leaves out).
   */
  onTrace(listener: TraceListener): () => void {
    this.listeners.add(listener);
    this.host.tracing = true;
    return () => {
      this.listeners.delete(listener);
      this.host.tracing = this.recordTrace || this.listeners.size > 0;
    };
  }

  isRunning(id: ComponentId): boolean {
    return this.running.has(id);
  }

  /** The live state of a component running in this host (read-only: for inspection and tests). */
  stateOf<S>(id: ComponentId): S | undefined {
    return this.host.slots.get(id)?.state as S | undefined;
  }

  /** The running components, wherever they run. */
  componentIds(): ComponentId[] {
    return [...this.running];
  }

  /** Starts (or restarts) a component with empty state, as a process starting up. */
  startComponent(id: ComponentId, type: string, config: unknown = {}): void {
    const generation = this.restarts.get(id) ?? 0;
    this.restarts.set(id, generation + 1);
    this.crashed.delete(id);
    this.running.add(id);
    const event = this.lifecycle('component.start', id, `start ${id}`);
    if (this.isRemote(id)) {
      const sent = this.remoteSent.get(id) ?? 0;
      this.commands.push({
        op: 'start',
        id,
        type,
        config,
        now: this.now,
        cause: event.seq,
        generation,
        sent,
      });
      this.startEvents.set(event.seq, event);
    } else {
      this.absorb(this.host.start(id, type, config, this.now, event.seq, generation), id, event);
    }
    this.record(event);
  }

  /** Stops a component: its state is gone and messages to it are dropped until it starts again. */
  stopComponent(id: ComponentId): void {
    this.running.delete(id);
    if (this.isRemote(id)) this.commands.push({ op: 'stop', id });
    else this.host.stop(id);
    this.record(this.lifecycle('component.stop', id, `stop ${id}`));
  }

  /** How many messages a remote component has sent (what its host last reported). */
  sentBy(id: ComponentId): number {
    return this.remoteSent.get(id) ?? 0;
  }

  /** Hands out the commands remote hosts must carry out before the next window. */
  takeCommands(): HostCommand[] {
    const commands = this.commands;
    this.commands = [];
    return commands;
  }

  /** Takes in what a remote component's init did (its first messages, or its crash). */
  completeStart(command: Extract<HostCommand, { op: 'start' }>, result: RemoteResult): void {
    const event = this.startEvents.get(command.cause);
    this.startEvents.delete(command.cause);
    this.remoteSent.set(command.id, result.sent);
    if (event) this.absorb(result, command.id, event);
  }

  /**
   * Cuts (or restores) every link of a component except to itself and to the components cut off
   * on the same `island` (a machine's kubelet still reaches its container runtime over the local
   * socket while the machine is off the network). Without an island the component is alone.
   */
  setPartitioned(id: ComponentId, partitioned: boolean, island: string = id): void {
    this.partitions.set(id, partitioned, island);
    if (!partitioned) for (const e of this.partitions.release(this.now)) this.queue.push(e);
    this.record(
      this.lifecycle(
        partitioned ? 'network.partition' : 'network.heal',
        id,
        `${partitioned ? 'partition' : 'heal'} ${id}`,
      ),
    );
  }

  /**
   * Carries out a learner's action. Its first effect is preceded in the trace by a 'user.action'
   * event saying what the learner did, and the messages it sends have that event as their cause,
   * so every chain of causes starts at the learner. An action that throws before doing anything
   * (a node name that does not exist) leaves no trace. Returns the marker, if there is one.
   */
  userAction(summary: string, act: () => void): TraceEvent | undefined {
    this.pendingAction = summary;
    this.actionMarker = undefined;
    try {
      act();
      return this.actionMarker;
    } finally {
      this.pendingAction = undefined;
      this.actionMarker = undefined;
    }
  }

  /** Records the pending user action's marker before its first effect. */
  private markAction(): void {
    if (this.pendingAction === undefined || this.actionMarker) return;
    const marker: TraceEvent = {
      seq: ++this.seq,
      id: '',
      from: 'user',
      to: 'user',
      sentAt: this.now,
      deliverAt: this.now,
      kind: 'user.action',
      summary: this.pendingAction,
      cause: null,
    };
    this.actionMarker = marker;
    this.record(marker);
  }

  /** Sends a message on a local component's behalf (a user typing into kubectl). Returns its id. */
  inject(from: ComponentId, to: ComponentId, payload: Payload): string {
    this.markAction();
    const envelope = this.host.sendAs(from, to, payload, this.now, this.actionMarker?.seq ?? null);
    this.queue.push(envelope);
    return envelope.id;
  }

  /** Delivers the next message. Returns its trace event, or undefined when nothing is in flight. */
  step(): TraceEvent | undefined {
    if (this.commands.length > 0)
      throw new Error('host commands must be carried out before a window');
    // A window of one, without building one: this is every delivery of runUntil.
    for (;;) {
      const next = this.queue.pop();
      if (!next) return undefined;
      this.now = Math.max(this.now, next.deliverAt);
      // A stream message held by a partition: take the next one.
      if (this.hold(next)) continue;
      this.deliverItem(next, ++this.seq);
      break;
    }
    return (this.recordTrace ? this.trace[this.trace.length - 1] : undefined) ?? NOT_RECORDED;
  }

  /**
   * Removes the messages due inside the next lookahead window (and at or before `until`, at most
   * `maxCount` of them) and gives each its seq. Nothing else may happen to the sequencer until
   * `finishWindow` takes the results back.
   */
  beginWindow(
    until = Number.POSITIVE_INFINITY,
    maxCount = Number.POSITIVE_INFINITY,
  ): DeliveryWindow {
    if (this.commands.length > 0)
      throw new Error('host commands must be carried out before a window');
    const window: DeliveryWindow = { items: [], remote: [] };
    const first = this.queue.peek();
    if (!first || first.deliverAt > until) return window;
    const end = first.deliverAt + this.network.minLatencyMs;
    while (window.items.length < maxCount && this.queue.size > 0) {
      const next = this.queue.peek()!;
      if (next.deliverAt >= end || next.deliverAt > until) break;
      this.queue.pop();
      this.now = Math.max(this.now, next.deliverAt);
      if (this.hold(next)) continue;
      const item = { envelope: next, seq: ++this.seq };
      window.items.push(item);
      if (this.isRemote(next.to) && this.running.has(next.to) && !this.cutOff(next.from, next.to))
        window.remote.push(item);
    }
    return window;
  }

  /**
   * Completes a window: delivers the local items, takes the remote results (keyed by seq), and
   * records everything in seq order, as if each message had been delivered one by one.
   */
  finishWindow(window: DeliveryWindow, remoteResults?: ReadonlyMap<number, RemoteResult>): void {
    for (const { envelope, seq } of window.items) this.deliverItem(envelope, seq, remoteResults);
  }

  private deliverItem(
    envelope: Envelope,
    seq: number,
    remoteResults?: ReadonlyMap<number, RemoteResult>,
  ): void {
    let dropped: TraceEvent['dropped'];
    let result: DeliveryResult | undefined;
    const to = envelope.to;
    if (!this.running.has(to)) {
      dropped = 'receiver down';
    } else if (this.cutOff(envelope.from, to)) {
      dropped = 'network partition';
    } else {
      this.delivered++;
      if (this.isRemote(to)) {
        const remote = remoteResults?.get(seq);
        if (!remote) throw new Error(`no result for delivery ${seq} to ${to}`);
        this.remoteSent.set(to, remote.sent);
        result = remote;
      } else {
        result = this.host.deliver(envelope, seq);
      }
      // Indexed: an iterator here allocates on every delivery of a run.
      const out = result.out;
      for (let i = 0; i < out.length; i++) this.queue.push(out[i]!);
      if (result.error !== undefined) {
        this.crashed.set(to, result.error);
        this.running.delete(to);
      }
    }
    this.traceDelivery(envelope, seq, dropped, result);
  }

  /**
   * Delivers one whole lookahead window (of messages due by `until`) in-process. Returns the
   * number of messages it handled.
   */
  runWindow(until = Number.POSITIVE_INFINITY): number {
    const window = this.beginWindow(until);
    this.finishWindow(window);
    return window.items.length;
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

  /** A copy of the sequencer and its local components (remote hosts checkpoint their own). */
  checkpoint(): Checkpoint {
    return structuredClone({
      now: this.now,
      seq: this.seq,
      queue: this.queue.toArray(),
      slots: [...this.host.slots.values()],
      retiredCounters: [...this.host.retiredCounters],
      restarts: [...this.restarts],
      crashed: [...this.crashed],
      partitioned: [...this.partitions.partitioned],
      islands: [...this.partitions.islands],
      running: [...this.running],
      remoteSent: [...this.remoteSent],
      held: this.partitions.held,
      traceLength: this.trace.length,
    });
  }

  /** Goes back to a checkpoint; the trace after it is discarded (acting from here forks the run). */
  restore(checkpoint: Checkpoint): void {
    const c = structuredClone(checkpoint);
    this.now = c.now;
    this.seq = c.seq;
    this.queue = newQueue();
    for (const e of c.queue) this.queue.push(e);
    this.host.slots.clear();
    for (const slot of c.slots) this.host.slots.set(slot.id, slot);
    refill(this.host.retiredCounters, c.retiredCounters);
    refill(this.restarts, c.restarts);
    refill(this.crashed, c.crashed);
    refill(this.remoteSent, c.remoteSent);
    this.partitions.restore(c.partitioned, c.islands, c.held);
    this.running.clear();
    for (const id of c.running) this.running.add(id);
    this.commands = [];
    this.startEvents.clear();
    this.trace.length = Math.min(this.trace.length, c.traceLength);
  }

  private cutOff(from: ComponentId, to: ComponentId): boolean {
    return this.partitions.cutOff(from, to);
  }

  /** Holds a stream message to a running component that cannot cross a partition yet. */
  private hold(envelope: Envelope): boolean {
    return (
      this.partitions.active && this.running.has(envelope.to) && this.partitions.hold(envelope)
    );
  }

  private traceDelivery(
    envelope: Envelope,
    seq: number,
    dropped: TraceEvent['dropped'],
    result: DeliveryResult | undefined,
  ): void {
    // Building trace events costs; a run that neither records nor listens (a benchmark) skips it.
    if (!this.recordTrace && this.listeners.size === 0) return;
    this.record(deliveryEvent(envelope, seq, dropped, result), {
      envelope,
      sent: result?.out ?? [],
    });
  }

  private absorb(result: DeliveryResult, id: ComponentId, event: TraceEvent): void {
    if (result.notes.length) event.notes = result.notes;
    if (result.error !== undefined) {
      event.error = result.error;
      this.crashed.set(id, result.error);
      this.running.delete(id);
    }
    for (const out of result.out) this.queue.push(out);
  }

  private lifecycle(kind: TraceKind, id: ComponentId, summary: string): TraceEvent {
    this.markAction();
    return {
      seq: ++this.seq,
      id: '',
      from: 'user',
      to: id,
      sentAt: this.now,
      deliverAt: this.now,
      kind,
      summary,
      cause: this.actionMarker?.seq ?? null,
    };
  }

  private record(event: TraceEvent, delivery?: DeliveryRecord): void {
    if (this.recordTrace) this.trace.push(event);
    for (const listener of this.listeners) listener(event, delivery);
  }
}

function refill<K, V>(map: Map<K, V>, entries: [K, V][]): void {
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}
