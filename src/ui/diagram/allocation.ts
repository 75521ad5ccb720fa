/**
 * Requested against allocatable CPU and memory on a node, summed the way `kubectl describe node`
 * sums "Allocated resources": every pod on the node that has not terminated (phase not Succeeded
 * or Failed), each counted as PodRequests in k8s.io/component-helpers/resource counts it:
 * the app containers added up, init containers taken at their peak (sidecars stay running, so
 * they add to everything after them), and the pod overhead on top.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../engine/index.ts';
import { integerValue, milliValue } from './quantity.ts';

export interface Requests {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
}

export interface Allocation {
  requested: Requests;
  allocatable: Requests;
}

type ResourceMap = Record<string, string | number> | undefined;

function requestsOf(list: ResourceMap): Requests {
  return { cpu: milliValue(list?.cpu ?? 0), memory: integerValue(list?.memory ?? 0) };
}

function add(a: Requests, b: Requests): Requests {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function max(a: Requests, b: Requests): Requests {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) };
}

/** What one pod asks of its node. */
export function podRequests(pod: Pod): Requests {
  const spec = pod.spec;
  let total: Requests = { cpu: 0, memory: 0 };
  for (const c of spec?.containers ?? []) total = add(total, requestsOf(c.resources?.requests));
  let sidecars: Requests = { cpu: 0, memory: 0 };
  let initPeak: Requests = { cpu: 0, memory: 0 };
  for (const c of spec?.initContainers ?? []) {
    const own = requestsOf(c.resources?.requests);
    let during: Requests;
    if (c.restartPolicy === 'Always') {
      total = add(total, own);
      sidecars = add(sidecars, own);
      during = sidecars;
    } else {
      during = add(own, sidecars);
    }
    initPeak = max(initPeak, during);
  }
  total = max(total, initPeak);
  return add(total, requestsOf(spec?.overhead as ResourceMap));
}

/** The node's allocatable resources and what its non-terminated pods request. */
export function nodeAllocation(
  node: KubeObject | undefined,
  pods: readonly KubeObject[],
): Allocation {
  const allocatable = requestsOf(
    (node?.status as { allocatable?: ResourceMap } | undefined)?.allocatable,
  );
  let requested: Requests = { cpu: 0, memory: 0 };
  for (const obj of pods) {
    const pod = obj as unknown as Pod;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    requested = add(requested, podRequests(pod));
  }
  return { requested, allocatable };
}

/** Whole percent, truncated, as kubectl describe prints it ("(6%)"); 0 with nothing allocatable. */
export function percent(requested: number, allocatable: number): number {
  return allocatable > 0 ? Math.trunc((requested / allocatable) * 100) : 0;
}
