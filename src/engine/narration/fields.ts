/**
 * Reading the fields a narration needs out of message bodies, which are untyped JSON. Every
 * reader tolerates anything: a missing or odd field gives undefined, never an exception.
 */
import type { ObjectRef } from '../sim/trace.ts';

/** The value at a path of object keys, or undefined. */
export function dig(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The kind, namespace and name of an object body. */
export function refOf(body: unknown): ObjectRef | undefined {
  const name = str(dig(body, 'metadata', 'name'));
  if (name === undefined) return undefined;
  const ref: ObjectRef = { name };
  const kind = str(dig(body, 'kind'));
  const namespace = str(dig(body, 'metadata', 'namespace'));
  const rv = str(dig(body, 'metadata', 'resourceVersion'));
  if (kind) ref.kind = kind;
  if (namespace) ref.namespace = namespace;
  if (rv) ref.resourceVersion = rv;
  return ref;
}

/** The first owner reference that is the controller ({kind, name}). */
export function controllerOf(body: unknown): { kind: string; name: string } | undefined {
  for (const ref of arr(dig(body, 'metadata', 'ownerReferences'))) {
    const kind = str(dig(ref, 'kind'));
    const name = str(dig(ref, 'name'));
    if (kind && name && dig(ref, 'controller') === true) return { kind, name };
  }
  return undefined;
}

/** What a container status says, in kubectl's words: 'Running', 'ContainerCreating', 'Terminated (Error)'. */
function containerState(status: unknown): string | undefined {
  const waiting = dig(status, 'state', 'waiting');
  if (waiting) return str(dig(waiting, 'reason')) ?? 'Waiting';
  if (dig(status, 'state', 'running')) return 'Running';
  const terminated = dig(status, 'state', 'terminated');
  if (terminated) {
    const reason = str(dig(terminated, 'reason'));
    return reason ? `Terminated (${reason})` : 'Terminated';
  }
  return undefined;
}

/**
 * A pod status (or a status patch) in a few words: 'phase Running, Ready True, container web
 * Running'. Only the fields present are said.
 */
export function podStatusText(status: unknown): string | undefined {
  const parts: string[] = [];
  const phase = str(dig(status, 'phase'));
  if (phase) parts.push(`phase ${phase}`);
  for (const c of arr(dig(status, 'conditions'))) {
    const type = str(dig(c, 'type'));
    const s = str(dig(c, 'status'));
    if (type === 'Ready' && s) parts.push(`Ready ${s}`);
    if (type === 'PodScheduled' && s === 'False')
      parts.push(`PodScheduled False (${str(dig(c, 'reason')) ?? 'Unschedulable'})`);
    if (type === 'DisruptionTarget' && s === 'True') parts.push('DisruptionTarget True');
  }
  for (const c of arr(dig(status, 'containerStatuses'))) {
    const state = containerState(c);
    const name = str(dig(c, 'name'));
    if (state && name) parts.push(`container ${name} ${state}`);
  }
  const ip = str(dig(status, 'podIP'));
  if (ip) parts.push(`IP ${ip}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** A node's Ready condition ('True', 'False', 'Unknown'), when the body carries one. */
export function nodeReady(body: unknown): string | undefined {
  for (const c of arr(dig(body, 'status', 'conditions')))
    if (str(dig(c, 'type')) === 'Ready') return str(dig(c, 'status'));
  return undefined;
}

/** Taints as kubectl describe prints them: 'node.kubernetes.io/unreachable:NoExecute'. */
export function taintsText(taints: unknown): string[] {
  return arr(taints).map((t) => {
    const key = str(dig(t, 'key')) ?? '';
    const value = str(dig(t, 'value'));
    const effect = str(dig(t, 'effect')) ?? '';
    return `${key}${value ? `=${value}` : ''}:${effect}`;
  });
}
