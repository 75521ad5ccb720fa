/**
 * Runs a controller's sync handler, written in the straight-line style of the Go original
 * (get, decide, write, wait for the reply, decide again), on top of a message-passing client.
 *
 * A Go worker blocks on each API call while it keeps its key; here a step cannot block. So a
 * sync is a replayable run: every outside value it reads (listers, the clock, controller state)
 * and every side effect (events, expectations, requeues) goes through the Run and is journaled,
 * and every API call sends a request and suspends the run. When all replies to the calls it is
 * waiting on have arrived, the handler is re-run from the top; journaled reads return what they
 * returned the first time, journaled effects are not repeated, and calls return their replies,
 * until the handler reaches new ground. The journal is plain data in the controller's state.
 *
 * While a run is in flight the key counts as being processed, as in client-go's work queue: a
 * new sync of the same key only marks it dirty, and it is queued again when the run finishes.
 * A run that ends with an error is requeued with the rate limiter; otherwise the key is forgotten.
 */
import type { JsonValue } from '../../../shared/index.ts';
import {
  WorkQueue,
  sendRequest,
  type ClientResponse,
  type Reply,
  type RequestSpec,
} from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';

type JournalEntry =
  { kind: 'read'; value: unknown } | { kind: 'effect' } | { kind: 'call'; reply?: Reply };

export interface SyncOp {
  key: string;
  journal: JournalEntry[];
  /** Replies still awaited before the run can resume. */
  waiting: number;
  /** The key was synced again while this run was in flight. */
  dirty: boolean;
}

export type SyncOps = Record<string, SyncOp>;

/** What a sync handler uses to touch anything outside its own arguments. */
export interface Run {
  readonly kit: ControllerKit;
  readonly key: string;
  /** A value from outside (a lister, controller state); journaled. Treat it as read-only. */
  read<T>(fn: () => T): T;
  /** A side effect (an event, an expectation, a requeue); performed once. */
  effect(fn: () => void): void;
  /** Virtual time in ms, as the run first saw it at this point. */
  now(): number;
  /** One API call; the run resumes when its reply arrives. */
  call(spec: RequestSpec): Reply;
  /** Several API calls in parallel (goroutines and a WaitGroup); resumes when all have replied. */
  callAll(specs: readonly RequestSpec[]): Reply[];
}

/** Thrown to unwind a run that is waiting for replies; never escapes this module. */
const SUSPEND = { suspend: true };

/** A sync handler: returns an error message to requeue with back-off, or undefined. */
export type SyncHandler = (run: Run) => string | undefined;

export const RUN_TAG = 'run';

function makeRun(op: SyncOp, kit: ControllerKit): Run {
  let cursor = 0;
  const next = (kind: JournalEntry['kind']): JournalEntry | undefined => {
    if (cursor >= op.journal.length) return undefined;
    const entry = op.journal[cursor]!;
    if (entry.kind !== kind)
      throw new Error(
        `sync ${op.key}: replay diverged at step ${cursor} (${entry.kind} vs ${kind})`,
      );
    cursor++;
    return entry;
  };
  const run: Run = {
    kit,
    key: op.key,
    read<T>(fn: () => T): T {
      const entry = next('read');
      if (entry) return (entry as { value: T }).value;
      const value = fn();
      op.journal.push({ kind: 'read', value });
      cursor++;
      return value;
    },
    effect(fn) {
      if (next('effect')) return;
      fn();
      op.journal.push({ kind: 'effect' });
      cursor++;
    },
    now: () => run.read(() => kit.ctx.now),
    call: (spec) => run.callAll([spec])[0]!,
    callAll(specs) {
      if (specs.length === 0) return [];
      if (cursor < op.journal.length) {
        const replies: Reply[] = [];
        for (let i = 0; i < specs.length; i++) {
          const entry = next('call') as { reply?: Reply } | undefined;
          if (!entry?.reply) throw SUSPEND;
          replies.push(entry.reply);
        }
        return replies;
      }
      for (const spec of specs) {
        const data: JsonValue = { key: op.key, i: op.journal.length };
        op.journal.push({ kind: 'call' });
        sendRequest(kit.client, kit.ctx, spec, { tag: kit.tag(RUN_TAG), data });
      }
      op.waiting = specs.length;
      throw SUSPEND;
    },
  };
  return run;
}

function drive(ops: SyncOps, op: SyncOp, kit: ControllerKit, handler: SyncHandler): void {
  let error: string | undefined;
  try {
    error = handler(makeRun(op, kit));
  } catch (e) {
    if (e === SUSPEND) return;
    throw e;
  }
  delete ops[op.key];
  if (error !== undefined) {
    kit.ctx.note(`sync ${op.key} failed: ${error}`);
    WorkQueue.addRateLimited(kit.queue, op.key, kit.ctx);
  } else {
    WorkQueue.forget(kit.queue, op.key);
  }
  if (op.dirty) WorkQueue.add(kit.queue, op.key);
}

/** Starts a run for `key`, or marks the one in flight dirty. */
export function startRun(ops: SyncOps, key: string, kit: ControllerKit, handler: SyncHandler) {
  const current = ops[key];
  if (current) {
    current.dirty = true;
    return;
  }
  const op: SyncOp = { key, journal: [], waiting: 0, dirty: false };
  ops[key] = op;
  drive(ops, op, kit, handler);
}

/** Feeds a reply to the run waiting for it; true if the response was a run's. */
export function resumeRun(
  ops: SyncOps,
  response: ClientResponse,
  kit: ControllerKit,
  handler: SyncHandler,
): boolean {
  if (response.tag !== RUN_TAG) return false;
  const { key, i } = response.data as { key: string; i: number };
  const op = ops[key];
  const entry = op?.journal[i];
  if (!op || !entry || entry.kind !== 'call' || entry.reply) return true;
  entry.reply = { code: response.code, body: response.body, timedOut: response.timedOut };
  op.waiting--;
  if (op.waiting === 0) drive(ops, op, kit, handler);
  return true;
}
