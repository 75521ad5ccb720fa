/**
 * client-go's work queue (util/workqueue: queue.go, delaying_queue.go, rate_limiting_queue.go)
 * as data and functions, on virtual time.
 *
 * - Fair: keys are handed out in the order they were added.
 * - Stingy: a key added many times before it is processed is processed once.
 * - A key is never processed twice at once: added while being processed, it is marked dirty and
 *   queued again when the worker calls done.
 * - addAfter waits on a timer named `workqueue/<name>` carrying the key; feed timer messages to
 *   workQueueHandle.
 * - addRateLimited waits as long as the rate limiter says (default: the controller rate limiter);
 *   forget clears an item's failure history once it syncs.
 */
import type { StepContext } from '../sim/component.ts';
import type { Envelope } from '../sim/envelope.ts';
import {
  DEFAULT_CONTROLLER_RATE_LIMITER,
  newRateLimiter,
  rateLimiterForget,
  rateLimiterNumRequeues,
  rateLimiterWhen,
  type RateLimiterSpec,
  type RateLimiterState,
} from './rateLimiter.ts';

export interface WorkQueueConfig {
  /** Unique within the component (names its timer); the controller's name by convention. */
  name: string;
  rateLimiter?: RateLimiterSpec;
}

export interface WorkQueueState {
  name: string;
  /** Keys ready to be handed out, oldest first. */
  queue: string[];
  /** Keys that need processing (queued, or re-added while being processed). */
  dirty: Set<string>;
  /** Keys handed out by get and not yet done. */
  processing: Set<string>;
  /** Keys waiting for addAfter's delay: key -> when it becomes ready. */
  waiting: Map<string, number>;
  rateLimiter: RateLimiterState;
  /** Totals for the UI (workqueue metrics: adds_total, retries_total). */
  adds: number;
  retries: number;
}

export function newWorkQueue(config: WorkQueueConfig): WorkQueueState {
  return {
    name: config.name,
    queue: [],
    dirty: new Set(),
    processing: new Set(),
    waiting: new Map(),
    rateLimiter: newRateLimiter(config.rateLimiter ?? DEFAULT_CONTROLLER_RATE_LIMITER),
    adds: 0,
    retries: 0,
  };
}

export function workQueueTimerName(q: WorkQueueState): string {
  return `workqueue/${q.name}`;
}

/** Add: marks the key as needing processing. */
export function queueAdd(q: WorkQueueState, key: string): void {
  if (q.dirty.has(key)) return;
  q.adds++;
  q.dirty.add(key);
  if (q.processing.has(key)) return;
  q.queue.push(key);
}

/** Get: the next key to process, or undefined when none is ready. Call queueDone when finished. */
export function queueGet(q: WorkQueueState): string | undefined {
  const key = q.queue.shift();
  if (key === undefined) return undefined;
  q.processing.add(key);
  q.dirty.delete(key);
  return key;
}

/** Done: processing of the key finished; if it was added meanwhile, it is queued again. */
export function queueDone(q: WorkQueueState, key: string): void {
  q.processing.delete(key);
  if (q.dirty.has(key)) q.queue.push(key);
}

/** AddAfter: adds the key once `delayMs` has passed (the earliest of several pending delays wins). */
export function queueAddAfter(
  q: WorkQueueState,
  key: string,
  delayMs: number,
  ctx: StepContext,
): void {
  q.retries++;
  if (delayMs <= 0) {
    queueAdd(q, key);
    return;
  }
  const readyAt = ctx.now + delayMs;
  const current = q.waiting.get(key);
  if (current !== undefined && current <= readyAt) return;
  q.waiting.set(key, readyAt);
  ctx.setTimer(delayMs, workQueueTimerName(q), { key });
}

/** AddRateLimited: adds the key after the rate limiter's delay for it. */
export function queueAddRateLimited(q: WorkQueueState, key: string, ctx: StepContext): void {
  queueAddAfter(q, key, rateLimiterWhen(q.rateLimiter, key, ctx.now), ctx);
}

export function queueForget(q: WorkQueueState, key: string): void {
  rateLimiterForget(q.rateLimiter, key);
}

export function queueNumRequeues(q: WorkQueueState, key: string): number {
  return rateLimiterNumRequeues(q.rateLimiter, key);
}

/** Len: keys ready to be handed out (the workqueue depth metric). */
export function queueLen(q: WorkQueueState): number {
  return q.queue.length;
}

/** Handles the queue's addAfter timer; returns false if the message is not that timer. */
export function workQueueHandle(q: WorkQueueState, message: Envelope, ctx: StepContext): boolean {
  const p = message.payload;
  if (p.kind !== 'timer' || p.name !== workQueueTimerName(q)) return false;
  const key = (p.data as { key?: unknown } | undefined)?.key;
  if (typeof key !== 'string') return true;
  const readyAt = q.waiting.get(key);
  if (readyAt !== undefined && readyAt <= ctx.now) {
    q.waiting.delete(key);
    queueAdd(q, key);
  }
  return true;
}

/** The queue's operations under one name: WorkQueue.add(q, key), WorkQueue.get(q), ... */
export const WorkQueue = {
  add: queueAdd,
  get: queueGet,
  done: queueDone,
  addAfter: queueAddAfter,
  addRateLimited: queueAddRateLimited,
  forget: queueForget,
  numRequeues: queueNumRequeues,
  len: queueLen,
  handle: workQueueHandle,
};
