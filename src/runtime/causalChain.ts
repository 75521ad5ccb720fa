/**
 * "Why is this object like this?": the chain of causes from a learner's action (or a timer) to
 * the etcd write that stored an object's version. The trace's own causalChain walks the cause
 * links; this finds where to start: the delivery to etcd that wrote the version.
 */
import { causalChain, type TraceEvent } from '../engine/index.ts';

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

/** Why `key` holds its version `revision`: the causes, oldest first, ending in the write; or []. */
export function whyWritten(
  trace: readonly TraceEvent[],
  key: string,
  revision: number,
): TraceEvent[] {
  const write = writeOf(trace, key, revision);
  return write ? causalChain(trace, write.seq) : [];
}
