/**
 * The pod registry strategy's PrepareForCreate: a new pod's status is reset to phase Pending with
 * its QoS class computed (qos.GetPodQOS), and a pod with scheduling gates gets the
 * PodScheduled=False/SchedulingGated condition.
 */
import type { KubeObject } from '../../api/objects.ts';
import { toMilli } from '../../api/quantity.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

function containersOf(spec: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const key of ['initContainers', 'containers']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const c of list) if (isJsonObject(c)) out.push(c);
  }
  return out;
}

/** Positive cpu and memory amounts of a ResourceList, in milli-units. */
function positiveAmounts(list: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!isJsonObject(list)) return out;
  for (const name of QOS_RESOURCES) {
    const raw = list[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const milli = toMilli(raw);
    if (milli > 0) out.set(name, milli);
  }
  return out;
}

/**
 * GetPodQOS: BestEffort when no container requests or limits cpu or memory; Guaranteed when every
 * container limits both and the pod's summed requests equal its summed limits; else Burstable.
 */
export function podQOSClass(spec: JsonObject): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const ctr of containersOf(spec)) {
    const resources = isJsonObject(ctr['resources']) ? ctr['resources'] : {};
    for (const [name, v] of positiveAmounts(resources['requests']))
      requests.set(name, (requests.get(name) ?? 0) + v);
    const ctrLimits = positiveAmounts(resources['limits']);
    for (const [name, v] of ctrLimits) limits.set(name, (limits.get(name) ?? 0) + v);
    if (!QOS_RESOURCES.every((name) => ctrLimits.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed)
    for (const [name, req] of requests)
      if (limits.get(name) !== req) {
        guaranteed = false;
        break;
      }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** podStrategy.PrepareForCreate: status is the server's; phase Pending and the QoS class. */
export function preparePodForCreate(pod: KubeObject): void {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const status: JsonObject = { phase: 'Pending', qosClass: podQOSClass(spec) };
  const gates = spec['schedulingGates'];
  if (Array.isArray(gates) && gates.length > 0)
    status['conditions'] = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
        lastProbeTime: null,
        lastTransitionTime: null,
      },
    ];
  pod['status'] = status;
}
