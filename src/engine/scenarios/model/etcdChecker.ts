/**
 * Safety invariants read from etcd's own write history, checked after every delivery to etcd
 * (etcd's state changes nowhere else, so that is as fine-grained as checking after every
 * delivery, at a fraction of the cost):
 *
 * - revisions: every write has a higher revision than the one before; each key's modRevision
 *   grows across its versions, its version counts up by one, its createRevision never moves;
 * - binding: a pod's spec.nodeName, once set, never changes; a pod is bound only to a Node that
 *   exists in etcd at that revision;
 * - capacity: on no node do the requests of its non-terminated pods exceed its allocatable cpu
 *   or memory, nor their number its allocatable pods (the kubelet's --max-pods).
 *
 * It also keeps the events it saw (pods, ReplicaSets, Nodes) so watches can be held against them.
 */
import { toMilli, toNumber } from '../../api/quantity.ts';
import type { EtcdState } from '../../etcd/etcdServer.ts';
import type { EtcdEvent, EtcdValue } from '../../etcd/protocol.ts';
import type { Sequencer } from '../../sim/sequencer.ts';

export interface RecordedEvent {
  revision: number;
  type: 'PUT' | 'DELETE';
  key: string;
  value: EtcdValue | null;
  prev: EtcdValue | null;
}

const WATCHED = ['/registry/pods/', '/registry/replicasets/', '/registry/minions/'];
const NODE_PREFIX = '/registry/minions/';
const POD_PREFIX = '/registry/pods/';

interface PodSpecLike {
  nodeName?: string;
  containers?: { resources?: { requests?: Record<string, string> } }[];
  initContainers?: { resources?: { requests?: Record<string, string> } }[];
  overhead?: Record<string, string>;
}

/** The scheduler's view of what a pod asks for: containers summed, init containers as a floor. */
export function podRequests(pod: EtcdValue): { cpu: number; memory: number } {
  const spec = (pod.spec ?? {}) as PodSpecLike;
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    cpu += toMilli(c.resources?.requests?.cpu ?? 0);
    memory += toNumber(c.resources?.requests?.memory ?? 0);
  }
  for (const c of spec.initContainers ?? []) {
    cpu = Math.max(cpu, toMilli(c.resources?.requests?.cpu ?? 0));
    memory = Math.max(memory, toNumber(c.resources?.requests?.memory ?? 0));
  }
  cpu += toMilli(spec.overhead?.cpu ?? 0);
  memory += toNumber(spec.overhead?.memory ?? 0);
  return { cpu, memory };
}

function nodeNameOf(pod: EtcdValue | null | undefined): string | undefined {
  return (pod?.spec as PodSpecLike | undefined)?.nodeName || undefined;
}

function uidOf(obj: EtcdValue | null | undefined): string | undefined {
  return (obj?.metadata as { uid?: string } | undefined)?.uid;
}

function terminated(pod: EtcdValue): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export class EtcdChecker {
  readonly violations: string[] = [];
  readonly events: RecordedEvent[] = [];
  /** Bindings seen: pod key, node, revision. */
  readonly bindings: { key: string; node: string; revision: number }[] = [];
  private lastRevision = 1;
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly live = new Map<
    string,
    { value: EtcdValue; mod: number; create: number; version: number }
  >();

  constructor(private readonly sequencer: Sequencer) {}

  /** Reads the revisions etcd committed since the last call. */
  check(): void {
    const store = this.sequencer.stateOf<EtcdState>('etcd')?.store;
    if (!store || store.revision === this.lastRevision) return;
    const history = store.history;
    let i = history.length;
    while (i > 0 && history[i - 1]!.revision > this.lastRevision) i--;
    if (i > 0 && history[i - 1]!.revision !== this.lastRevision && this.lastRevision > 1)
      this.fail(`etcd history lost revisions after ${this.lastRevision}`);
    const nodes = new Set<string>();
    for (; i < history.length; i++) {
      const entry = history[i]!;
      if (entry.revision <= this.lastRevision)
        this.fail(`revision ${entry.revision} written after ${this.lastRevision}`);
      if (entry.revision !== this.lastRevision + 1)
        this.fail(`revision ${entry.revision} follows ${this.lastRevision}: a gap`);
      this.lastRevision = entry.revision;
      for (const event of entry.events) this.apply(entry.revision, event, nodes);
    }
    if (store.revision !== this.lastRevision)
      this.fail(
        `etcd is at revision ${store.revision} but its history ends at ${this.lastRevision}`,
      );
    for (const node of nodes) this.checkCapacity(node);
  }

  private apply(revision: number, event: EtcdEvent, nodes: Set<string>): void {
    const { key } = event.kv;
    const before = this.live.get(key);
    if (event.kv.modRevision !== revision)
      this.fail(`${key}: modRevision ${event.kv.modRevision} in the event of revision ${revision}`);
    if ((before?.mod ?? null) !== (event.prevKv?.modRevision ?? null))
      this.fail(
        `${key}: prevKv at ${event.prevKv?.modRevision} but the last write was ${before?.mod}`,
      );
    if (before && before.mod >= revision)
      this.fail(`${key}: revision went from ${before.mod} to ${revision}`);
    if (event.type === 'PUT') {
      if (before) {
        if (event.kv.version !== before.version + 1)
          this.fail(`${key}: version ${event.kv.version} after ${before.version}`);
        if (event.kv.createRevision !== before.create)
          this.fail(
            `${key}: createRevision moved from ${before.create} to ${event.kv.createRevision}`,
          );
      } else if (event.kv.version !== 1 || event.kv.createRevision !== revision) {
        this.fail(
          `${key}: created with version ${event.kv.version}, createRevision ${event.kv.createRevision}`,
        );
      }
      this.live.set(key, {
        value: event.kv.value,
        mod: revision,
        create: event.kv.createRevision,
        version: event.kv.version,
      });
    } else {
      this.live.delete(key);
    }
    const prev = before?.value ?? null;
    const value = event.type === 'PUT' ? event.kv.value : null;
    if (WATCHED.some((p) => key.startsWith(p)))
      this.events.push({ revision, type: event.type, key, value, prev });
    if (key.startsWith(POD_PREFIX)) this.checkPod(key, revision, prev, value, nodes);
    if (key.startsWith(NODE_PREFIX)) nodes.add(key.slice(NODE_PREFIX.length));
  }

  private checkPod(
    key: string,
    revision: number,
    prev: EtcdValue | null,
    value: EtcdValue | null,
    nodes: Set<string>,
  ): void {
    const was = nodeNameOf(prev);
    const now = value ? nodeNameOf(value) : was;
    if (prev && value && uidOf(prev) !== uidOf(value))
      this.fail(`${key}: uid changed from ${uidOf(prev)} to ${uidOf(value)} in an update`);
    if (was && now !== was)
      this.fail(`${key}: nodeName changed from ${was} to ${now} at ${revision}`);
    if (value && now && !was) {
      this.bindings.push({ key, node: now, revision });
      if (!this.live.has(NODE_PREFIX + now))
        this.fail(`${key}: bound to ${now} at revision ${revision}, but no such Node exists`);
    }
    if (was) {
      nodes.add(was);
      this.podsByNode.get(was)?.delete(key);
    }
    if (now && value) {
      nodes.add(now);
      let set = this.podsByNode.get(now);
      if (!set) this.podsByNode.set(now, (set = new Set()));
      set.add(key);
    }
  }

  private checkCapacity(node: string): void {
    const nodeObj = this.live.get(NODE_PREFIX + node)?.value;
    if (!nodeObj) return;
    const alloc = (nodeObj.status as { allocatable?: Record<string, string> } | undefined)
      ?.allocatable;
    if (!alloc) return;
    let cpu = 0;
    let memory = 0;
    const names: string[] = [];
    for (const key of this.podsByNode.get(node) ?? []) {
      const entry = this.live.get(key);
      if (!entry || terminated(entry.value)) continue;
      const r = podRequests(entry.value);
      cpu += r.cpu;
      memory += r.memory;
      names.push(key.slice(POD_PREFIX.length));
    }
    const cpuCap = toMilli(alloc.cpu ?? 0);
    const memCap = toNumber(alloc.memory ?? 0);
    const podCap = alloc.pods === undefined ? Infinity : toNumber(alloc.pods);
    if (cpu > cpuCap || memory > memCap || names.length > podCap)
      this.fail(
        `${node} over-committed at revision ${this.lastRevision}: cpu ${cpu}m/${cpuCap}m, memory ${memory}/${memCap}, pods ${names.length}/${podCap} (${names.join(', ')})`,
      );
  }

  private fail(message: string): void {
    if (this.violations.length < 50) this.violations.push(`[t=${this.sequencer.now}] ${message}`);
  }
}
