/**
 * What a healthy cluster looks like once faults have stopped: every Deployment rolled out (its
 * status and its ReplicaSets' counts equal spec.replicas, the old ReplicaSets at zero), each of
 * its pods Running and Ready with the template's image, nothing stuck terminating, and no
 * ReplicaSet or Pod whose owner is gone (the garbage collector finished every cascade).
 */
import type { KubeObject } from '../../api/objects.ts';
import { toMilli, toNumber } from '../../api/quantity.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import { podRequests } from './etcdChecker.ts';

interface Owned {
  metadata: { uid?: string; ownerReferences?: { uid: string; kind: string; name: string }[] };
}

function counts(obj: KubeObject): Record<string, number> {
  const s = (obj.status ?? {}) as Record<string, unknown>;
  const pick = (k: string) => (typeof s[k] === 'number' ? s[k] : 0);
  return {
    replicas: pick('replicas'),
    updated: pick('updatedReplicas'),
    ready: pick('readyReplicas'),
    available: pick('availableReplicas'),
  };
}

function ownedBy(obj: Owned, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

function podReady(pod: KubeObject): boolean {
  const status = pod.status as
    { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  return (
    status?.phase === 'Running' &&
    (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

function image(template: unknown): string | undefined {
  return (template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec
    ?.containers?.[0]?.image;
}

export interface Convergence {
  /** What still differs from the converged state. */
  problems: string[];
  /**
   * Unscheduled pods no node has room for. Their Deployments cannot converge (the scheduler has
   * no preemption victims among equal-priority pods), so those rollouts are not judged; every
   * other check still is, and a pod left Pending while some node has room is a problem.
   */
  noRoom: string[];
}

const isTerminated = (p: KubeObject) => {
  const phase = (p.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** Pending, unscheduled pods that fit on no node's free allocatable (cpu and memory). */
function podsWithoutRoom(c: Cluster, pods: readonly KubeObject[]): Set<string> {
  const all = c.stored('/registry/pods/');
  const free = c.stored('/registry/minions/').map((node) => {
    const alloc =
      (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {};
    let cpu = toMilli(alloc.cpu ?? 0);
    let memory = toNumber(alloc.memory ?? 0);
    for (const p of all) {
      if ((p.spec as { nodeName?: string }).nodeName !== node.metadata.name || isTerminated(p))
        continue;
      const r = podRequests(p);
      cpu -= r.cpu;
      memory -= r.memory;
    }
    return { cpu, memory };
  });
  const stuck = new Set<string>();
  for (const p of pods) {
    if ((p.spec as { nodeName?: string }).nodeName || p.metadata.deletionTimestamp) continue;
    const r = podRequests(p);
    if (!free.some((f) => f.cpu >= r.cpu && f.memory >= r.memory)) stuck.add(p.metadata.name!);
  }
  return stuck;
}

export function checkConvergence(c: Cluster): Convergence {
  const problems: string[] = [];
  const deployments = c.stored('/registry/deployments/default/');
  const replicaSets = c.stored('/registry/replicasets/default/');
  const pods = c.stored('/registry/pods/default/');
  const noRoom = podsWithoutRoom(c, pods);
  const uids = new Set<string>();
  for (const o of [...deployments, ...replicaSets]) if (o.metadata.uid) uids.add(o.metadata.uid);

  for (const d of deployments) {
    const name = d.metadata.name!;
    const spec = d.spec as { replicas?: number; template?: unknown };
    const want = spec.replicas ?? 1;
    const mine = replicaSets.filter((rs) => ownedBy(rs, d));
    const blocked = pods.some(
      (p) => noRoom.has(p.metadata.name!) && mine.some((rs) => ownedBy(p, rs)),
    );
    if (blocked) continue;
    const status = (d.status ?? {}) as { observedGeneration?: number };
    if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 0))
      problems.push(`${name}: generation ${d.metadata.generation} not observed`);
    const n = counts(d);
    if (n.replicas !== want || n.updated !== want || n.ready !== want || n.available !== want)
      problems.push(`${name}: status ${JSON.stringify(n)}, want ${want}`);
    const current = mine.filter(
      (rs) => image((rs.spec as { template?: unknown }).template) === image(spec.template),
    );
    for (const rs of mine) {
      const rsWant = (rs.spec as { replicas?: number }).replicas ?? 1;
      const r = counts(rs);
      const target = current.includes(rs) ? want : 0;
      if (
        rsWant !== target ||
        r.replicas !== target ||
        r.ready !== target ||
        r.available !== target
      )
        problems.push(
          `${rs.metadata.name}: spec ${rsWant} status ${JSON.stringify(r)}, want ${target}`,
        );
    }
    const live = pods.filter(
      (p) => !p.metadata.deletionTimestamp && mine.some((rs) => ownedBy(p, rs)),
    );
    if (live.length !== want) problems.push(`${name}: ${live.length} pods, want ${want}`);
    for (const p of live) {
      if (!podReady(p))
        problems.push(
          `${p.metadata.name}: ${(p.status as { phase?: string } | undefined)?.phase}, not Running and Ready`,
        );
      if (image(p) !== image(spec.template)) problems.push(`${p.metadata.name}: runs ${image(p)}`);
    }
  }
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) problems.push(`${p.metadata.name}: still terminating`);
    else if (!podReady(p) && !noRoom.has(p.metadata.name!))
      problems.push(`${p.metadata.name}: not Running and Ready`);
  }
  for (const o of [...replicaSets, ...pods])
    for (const ref of o.metadata.ownerReferences ?? [])
      if (!uids.has(ref.uid))
        problems.push(
          `orphan ${o.kind ?? ''} ${o.metadata.name}: its ${ref.kind} ${ref.name} is gone`,
        );
  return { problems, noRoom: [...noRoom] };
}
