import type { JsonValue, PrngState } from '../../shared/index.ts';
import type { Payload, TimerPayload } from '../protocol.ts';
import type { ComponentId, Envelope } from './envelope.ts';

/**
 * What a component may do while it handles one message. Everything it does is recorded by the host
 * and returned as output: the component itself never touches the network, the clock or another
 * component's memory.
 */
export interface StepContext {
  /** Virtual time of this delivery, in milliseconds since the cluster started. */
  readonly now: number;
  readonly self: ComponentId;
  /** The component's own seeded generator (uids, generated names, jitter, tie-breaks). */
  readonly rng: PrngState;
  /** Sends a message; returns its id, which replies carry as `inReplyTo`. */
  send(to: ComponentId, payload: Payload): string;
  /** Asks to be woken after `delayMs` with a timer message. Returns the timer's message id. */
  setTimer(delayMs: number, name: string, data?: JsonValue): string;
  /** Adds a line to this delivery's trace event (e.g. a stage of the apiserver's request pipeline). */
  note(text: string): void;
  /**
   * Whether notes are kept: false when nothing records or reads the trace (a benchmark), where
   * note() drops its text. A step may then skip building the text of a note it sends often.
   */
  readonly tracing: boolean;
}

/**
 * A component type: a pure step function over its own state. `step` may update the state object
 * it is given in place (the host owns it and never shares it), but its result must depend only on
 * the state, the message and the context: no clock, no Math.random, no I/O. State is plain data
 * (objects, arrays, Maps, Sets) so it can be checkpointed with structuredClone and moved to a Web
 * Worker.
 */
export interface Component<S = unknown, C = unknown> {
  readonly type: string;
  /** Builds the initial state; may send the component's first messages (e.g. an initial list). */
  init(config: C, ctx: StepContext): S;
  step(state: S, message: Envelope, ctx: StepContext): S;
}

/** Narrows a timer delivery. */
export function isTimer(message: Envelope): message is Envelope<TimerPayload> {
  return message.payload.kind === 'timer';
}

// Components are stored heterogeneously; each one's state type is private to it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyComponent = Component<any, any>;
