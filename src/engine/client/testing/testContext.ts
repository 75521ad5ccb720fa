/**
 * A hand-driven StepContext for unit tests of client code outside a Sequencer: it records what
 * was sent and which timers were set, and lets the test move time and build the messages a
 * component would receive.
 */
import { createPrng, type JsonValue, type PrngState } from '../../../shared/index.ts';
import type { Payload } from '../../protocol.ts';
import type { StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';

export interface SentMessage {
  id: string;
  to: string;
  payload: Payload;
}

export interface SetTimer {
  id: string;
  at: number;
  name: string;
  data?: JsonValue;
}

export interface TestContext extends StepContext {
  now: number;
  sent: SentMessage[];
  timers: SetTimer[];
  notes: string[];
  /** A message from `from` to this context's component, as the host would deliver it. */
  envelope(from: string, payload: Payload): Envelope;
  /** The timer message for a timer set earlier, delivered at its time (time moves there). */
  fire(timer: SetTimer): Envelope;
}

export function testContext(self = 'component', seed = 1): TestContext {
  let n = 0;
  const rng: PrngState = createPrng(seed);
  const ctx: TestContext = {
    now: 0,
    self,
    rng,
    sent: [],
    timers: [],
    notes: [],
    send(to, payload) {
      const id = `${self}#${n++}`;
      ctx.sent.push({ id, to, payload });
      return id;
    },
    setTimer(delayMs, name, data) {
      const id = `${self}#${n++}`;
      const timer: SetTimer = { id, at: ctx.now + delayMs, name };
      if (data !== undefined) timer.data = data;
      ctx.timers.push(timer);
      return id;
    },
    tracing: true,
    note(text) {
      ctx.notes.push(text);
    },
    envelope(from, payload) {
      const id = `${from}#${n++}`;
      return { id, from, n, to: self, sentAt: ctx.now, deliverAt: ctx.now, cause: null, payload };
    },
    fire(timer) {
      ctx.now = Math.max(ctx.now, timer.at);
      const payload: Payload =
        timer.data === undefined
          ? { kind: 'timer', name: timer.name }
          : { kind: 'timer', name: timer.name, data: timer.data };
      return {
        id: timer.id,
        from: self,
        n: 0,
        to: self,
        sentAt: ctx.now,
        deliverAt: timer.at,
        cause: null,
        payload,
      };
    },
  };
  return ctx;
}
