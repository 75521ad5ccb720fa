/**
 * The kubelet's own admission (lifecycle.PredicateAdmitHandler with the scheduler's resource fit):
 * a pod bound to this node must fit in the node's allocatable next to the pods already admitted.
 * A pod that does not fit is rejected: it fails with reason OutOf<resource>.
 */
import { toMilli, toNumber } from '../../api/quantity.ts';
import { specOf, type SpecContainer } from './podStatus.ts';
import type { KubeletState, PodWorker } from './state.ts';
import type { KubeObject } from '../../api/objects.ts';

interface Requests {
  cpu: number;
  memory: number;
}

function containerRequests(c: SpecContainer): Requests {
  const r = c.resources?.requests ?? {};
  return {
    cpu: r.cpu ? toMilli(r.cpu) : 0,
    memory: r.memory ? toNumber(r.memory) : 0,
  };
}

/**
 * Requests by pod spec: every admission adds up the pods already on the node, and a spec never
 * changes in place (a pod's versions share it), so each is parsed once.
 */
const bySpec = new WeakMap<object, Requests>();

/** The pod's effective request: the larger of the sum of its containers and any one init container. */
export function podRequests(pod: KubeObject): Requests {
  const key = pod.spec;
  if (typeof key !== 'object' || key === null || !Object.isFrozen(key)) return sumRequests(pod);
  let known = bySpec.get(key);
  if (!known) bySpec.set(key, (known = sumRequests(pod)));
  return known;
}

function sumRequests(pod: KubeObject): Requests {
  const spec = specOf(pod);
  const sum = { cpu: 0, memory: 0 };
  for (const c of spec.containers) {
    const r = containerRequests(c);
    sum.cpu += r.cpu;
    sum.memory += r.memory;
  }
  for (const c of spec.initContainers) {
    const r = containerRequests(c);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  return sum;
}

const active = (w: PodWorker) => w.phase !== 'terminated' && !w.rejected;

/** canAdmitPod: undefined when the pod fits, else the rejection reason and message. */
export function admitPod(
  state: KubeletState,
  pod: KubeObject,
): { reason: string; message: string } | undefined {
  const admitted = [...state.workers.values()].filter(
    (w) => active(w) && w.uid !== pod.metadata.uid,
  );
  const c = state.config;
  const insufficient = (resource: string, requested: number, used: number, capacity: number) => ({
    reason: `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  });
  if (admitted.length + 1 > c.allocatablePods)
    return insufficient('pods', 1, admitted.length, c.allocatablePods);
  const want = podRequests(pod);
  const used = { cpu: 0, memory: 0 };
  for (const w of admitted) {
    const r = podRequests(w.pod);
    used.cpu += r.cpu;
    used.memory += r.memory;
  }
  if (want.cpu > 0 && used.cpu + want.cpu > c.allocatableCpuMilli)
    return insufficient('cpu', want.cpu, used.cpu, c.allocatableCpuMilli);
  if (want.memory > 0 && used.memory + want.memory > c.allocatableMemoryBytes)
    return insufficient('memory', want.memory, used.memory, c.allocatableMemoryBytes);
  return undefined;
}
