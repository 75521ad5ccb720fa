/**
 * Shared steps of the whole-cluster scenarios: boot a cluster until its nodes can take pods,
 * build the objects a learner would apply, read what etcd holds, and run virtual time until a
 * condition holds (with a deadline, so a broken control loop fails instead of spinning).
 */
import type { KubeObject } from '../api/objects.ts';
import type { EtcdState } from '../etcd/etcdServer.ts';
import { kvAt } from '../etcd/mvcc.ts';
import { KubevizCluster, type FullClusterOptions } from '../cluster/fullCluster.ts';
import { deployment, type DeploymentOptions } from '../testing/objects.ts';
import type { TraceEvent } from '../sim/trace.ts';

export interface PodView {
  name: string;
  uid: string;
  node: string | undefined;
  phase: string | undefined;
  ready: boolean;
  deleting: boolean;
  ip: string | undefined;
  labels: Record<string, string>;
  obj: KubeObject;
}

interface PodLike {
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
  };
}

export function podView(obj: KubeObject): PodView {
  const p = obj as unknown as PodLike;
  return {
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    node: p.spec?.nodeName,
    phase: p.status?.phase,
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    deleting: obj.metadata.deletionTimestamp !== undefined,
    ip: p.status?.podIP,
    labels: obj.metadata.labels ?? {},
    obj,
  };
}

/** The pods etcd holds in a namespace whose labels include `labels`. */
export function pods(
  c: KubevizCluster,
  labels: Record<string, string> = {},
  namespace = 'default',
): PodView[] {
  return c
    .stored(`/registry/pods/${namespace}/`)
    .map(podView)
    .filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
}

/** Pods that are Running and Ready and not being deleted. */
export function runningReady(c: KubevizCluster, labels: Record<string, string>): PodView[] {
  return pods(c, labels).filter((p) => p.phase === 'Running' && p.ready && !p.deleting);
}

export function nodeObject(c: KubevizCluster, name: string): KubeObject | undefined {
  return c.stored(`/registry/minions/${name}`).find((n) => n.metadata.name === name);
}

export function nodeReadyStatus(c: KubevizCluster, name: string): string | undefined {
  const node = nodeObject(c, name) as
    { status?: { conditions?: { type: string; status: string }[] } } | undefined;
  return node?.status?.conditions?.find((x) => x.type === 'Ready')?.status;
}

export function nodeTaints(c: KubevizCluster, name: string): { key: string; effect: string }[] {
  const node = nodeObject(c, name) as { spec?: { taints?: { key: string; effect: string }[] } };
  return node?.spec?.taints ?? [];
}

/** The object etcd held under `key` at revision `rev` (from its MVCC history). */
export function storedAt(c: KubevizCluster, key: string, rev: number): KubeObject | undefined {
  const store = c.sequencer.stateOf<EtcdState>('etcd')?.store;
  const kv = store ? kvAt(store.keys.get(key), rev) : null;
  return (kv?.value as KubeObject | undefined) ?? undefined;
}

/**
 * Delivers messages until `done()` holds; fails when virtual time passes `withinMs` from now.
 * Checking after every delivery gives the exact virtual time the condition first held.
 */
export function runUntil(c: KubevizCluster, done: () => boolean, withinMs: number): number {
  const s = c.sequencer;
  const deadline = s.now + withinMs;
  while (!done()) {
    const next = s.peekTime();
    if (next === undefined || next > deadline)
      throw new Error(`condition not reached within ${withinMs} ms (virtual time ${s.now} ms)`);
    s.step();
  }
  return s.now;
}

/** A cluster whose nodes have registered, been initialized by the cloud and become Ready. */
export function bootCluster(options: FullClusterOptions = {}): KubevizCluster {
  const c = new KubevizCluster({ seed: 1, ...options });
  runUntil(
    c,
    () =>
      c
        .nodeNames()
        .every(
          (n) =>
            nodeReadyStatus(c, n) === 'True' &&
            !nodeTaints(c, n).some((t) => t.key.startsWith('node.')),
        ),
    60_000,
  );
  expect0Crashes(c);
  return c;
}

/** No component threw while handling a message. */
export function expect0Crashes(c: KubevizCluster): void {
  if (c.sequencer.crashed.size > 0)
    throw new Error(`components crashed: ${JSON.stringify([...c.sequencer.crashed])}`);
}

/** Posts a Deployment whose container is named after it. */
export function createDeployment(
  c: KubevizCluster,
  name: string,
  replicas: number,
  options: DeploymentOptions = {},
): void {
  const r = c.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
    body: deployment(name, replicas, { container: name, ...options }),
  });
  if (r.code !== 201) throw new Error(`create deployment ${name}: ${JSON.stringify(r.body)}`);
}

/** The first trace event at or after `from` (an index into the trace) that matches. */
export function firstEvent(
  trace: readonly TraceEvent[],
  match: (e: TraceEvent) => boolean,
  from = 0,
): TraceEvent | undefined {
  for (let i = from; i < trace.length; i++) if (match(trace[i]!)) return trace[i];
  return undefined;
}

/** Events recorded under the default namespace with a given reason, as etcd holds them. */
export function events(c: KubevizCluster, reason: string, namespace = 'default'): KubeObject[] {
  return c
    .stored(`/registry/events/${namespace}/`)
    .filter((e) => (e as { reason?: string }).reason === reason);
}
