/**
 * What the narration says about one delivery, and what it may ask of whoever holds the run. The
 * narration is pure: it reads the trace event, the delivered payload and the answers of optional
 * lookups, never a component's memory. Every lookup may be absent; the text then says less.
 */
import type { Payload } from '../protocol.ts';
import type { DecisionRecord } from '../scheduler/index.ts';
import type { ComponentId, Envelope } from '../sim/envelope.ts';
import type { TraceEvent } from '../sim/trace.ts';

/** One row of the scheduler's filter and score table: a node as scheduleOne saw it. */
export interface SchedulingRow {
  node: string;
  /** Whether the node passed every Filter plugin. */
  filter: 'passed' | 'rejected';
  /** For a rejected node: the plugin that rejected it and its reasons ("Insufficient cpu"). */
  plugin?: string;
  reasons?: string[];
  /** Per Score plugin, in the table's plugin order; absent when the node was not scored. */
  scores?: { plugin: string; raw: number; normalized: number; weighted: number }[];
  total?: number;
  winner: boolean;
}

/** The filter and score table of one scheduling attempt. */
export interface SchedulingTable {
  /** namespace/name */
  pod: string;
  outcome: DecisionRecord['outcome'];
  /** The nodes the cluster had, how many the filters looked at, and how many passed. */
  nodes: number;
  evaluated: number;
  feasible: number;
  /** Score plugins with their weights, the columns of `rows[].scores`. */
  scorePlugins: { name: string; weight: number }[];
  rows: SchedulingRow[];
  /** Rows left out of a large cluster's table. */
  omitted: number;
  winner: string | null;
  /** The nodes that tied for the top score, when more than one did. */
  tied: string[];
  /** Why scheduling failed, as the FailedScheduling event says it. */
  message: string;
}

export interface Narration {
  /** The component that acted (the receiver of the delivery). */
  actor: ComponentId;
  /** One sentence: what happened. */
  headline: string;
  /** The why: what the component checked, what it decided, how real Kubernetes does it. */
  details?: string[];
  /** With a scheduling step: the scheduler's filter and score table. */
  table?: SchedulingTable;
  /**
   * A short title when this delivery is a step worth naming ("The scheduler binds pod
   * default/web-x to node-2"); absent for bookkeeping (a key queued, a cache updated).
   */
  title?: string;
}

/** A message a delivery sent. An `Envelope` is one. */
export type SentMessage = Pick<Envelope, 'id' | 'from' | 'to' | 'sentAt' | 'deliverAt' | 'payload'>;

/** What the narration may look up; the runtime answers what it can. */
export interface NarrationContext {
  /** The messages the delivery `seq` sent (its DeliveryResult.out); [] when it sent none. */
  sent?(seq: number): readonly SentMessage[] | undefined;
  /** The payload of the message with this id (e.g. the request a reply answers). */
  message?(id: string): Payload | undefined;
  /** The trace event of a delivery. */
  event?(seq: number): TraceEvent | undefined;
  /** The payload delivered at `seq`. */
  payload?(seq: number): Payload | undefined;
  /** The scheduler's latest decision record for a pod (its latestDecisionFor). */
  schedulingDecision?(namespace: string, name: string): DecisionRecord | undefined;
}
