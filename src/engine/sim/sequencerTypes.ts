import type { ComponentId, Envelope } from './envelope.ts';
import type { ComponentRegistry, ComponentSlot, DeliveryResult } from './host.ts';
import type { NetworkConfig } from './network.ts';
import type { TraceEvent } from './trace.ts';

/** A delivery as it happened: the envelope delivered and the messages its step sent. */
export interface DeliveryRecord {
  envelope: Envelope;
  sent: readonly Envelope[];
}

export type TraceListener = (event: TraceEvent, delivery?: DeliveryRecord) => void;

/** The sequencer's configuration, the commands it gives remote hosts and the windows it hands out. */
export interface SequencerOptions {
  seed: number;
  registry: ComponentRegistry;
  network?: NetworkConfig;
  /** Keep the trace in memory (default true). Benchmarks may turn it off. */
  recordTrace?: boolean;
  /**
   * Which components run in another host (a Web Worker). For those the sequencer does not run
   * step functions: it queues `HostCommand`s and hands their deliveries out in windows, and the
   * runtime passes the results back (`completeStart`, `finishWindow`).
   */
  isRemote?: (id: ComponentId) => boolean;
}

/** What a remote host must do between windows, in this order. */
export type HostCommand =
  | {
      op: 'start';
      id: ComponentId;
      type: string;
      config: unknown;
      now: number;
      /** The seq of the start's trace event: the cause of whatever init sends. */
      cause: number;
      generation: number;
      /** The message counter to continue from (unique ids across restarts). */
      sent: number;
    }
  | { op: 'stop'; id: ComponentId };

/** The outcome of a remote delivery or start, with the component's message counter after it. */
export interface RemoteResult extends DeliveryResult {
  sent: number;
}

/** The deliveries of one lookahead window, each with the seq it has in the trace. */
export interface DeliveryWindow {
  items: { envelope: Envelope; seq: number }[];
  /** The items a remote host must deliver (receiver remote, running and reachable). */
  remote: { envelope: Envelope; seq: number }[];
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
  running: ComponentId[];
  remoteSent: [ComponentId, number][];
  held: Envelope[];
  traceLength: number;
}
