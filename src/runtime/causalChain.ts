/**
 * "Why is this object like this?": the chain of causes from a learner's action (or a timer) to
 * the etcd write that stored an object's version. Each trace event names the delivery that sent
 * its message (`cause`), so the chain is a walk back from the write until a cause-less event.
 */
import type { TraceEvent } from '../engine/index.ts';

/** The longest chain returned (a chain never loops, but a long controller cascade can be deep). */
const MAX_CHAIN = 60;

/** The trace event with `seq`, by bisection (seqs ascend; events held by a partition have none). */
export function eventBySeq(trace: readonly TraceEvent[], seq: number): TraceEvent | undefined {
  const guess = trace[seq - 1];
  if (guess?.seq === seq) return guess;
  let lo = 0;
  let hi = trace.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = trace[mid]!.seq;
    if (at === seq) return trace[mid];
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The delivery to etcd that wrote `key` at `revision` (a put or a txn that succeeded). */
export function writeOf(
  trace: readonly TraceEvent[],
  key: string,
  revision: number,
): TraceEvent | undefined {
  const mark = `at rev ${revision}`;
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.to !== 'etcd' || e.kind !== 'etcd.request' || !e.summary.includes(key)) continue;
    if (e.notes?.some((n) => n.endsWith(mark))) return e;
  }
  return undefined;
}

/** The causes of `event`, oldest first, ending with `event` itself. */
export function chainOf(trace: readonly TraceEvent[], event: TraceEvent): TraceEvent[] {
  const chain = [event];
  let cause = event.cause;
  while (cause !== null && chain.length < MAX_CHAIN) {
    const parent = eventBySeq(trace, cause);
    if (!parent) break;
    chain.push(parent);
    cause = parent.cause;
  }
  return chain.reverse();
}

/** Why `key` holds its version `revision`: the chain of causes ending in the write, or []. */
export function causalChain(
  trace: readonly TraceEvent[],
  key: string,
  revision: number,
): TraceEvent[] {
  const write = writeOf(trace, key, revision);
  return write ? chainOf(trace, write) : [];
}
