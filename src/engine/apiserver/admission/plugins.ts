/**
 * The mutating admission plugins of kube-apiserver's default chain that change objects we serve,
 * in the chain's order: ServiceAccount, TaintNodesByCondition, Priority, DefaultTolerationSeconds.
 * Each is a pure function over the object; runMutatingAdmission runs them and names those that
 * changed something, for the trace.
 *
 * Left out on purpose:
 * - ServiceAccount's token volume (kube-api-access-xxxxx projected volume and its mounts) and the
 *   automountServiceAccountToken handling; its check that the service account exists needs the
 *   store and belongs to the apiserver (see serviceAccountLookup below).
 * - NamespaceLifecycle, LimitRanger, ResourceQuota and webhooks (the first is in the apiserver).
 */
import type { KubeObject } from '../../api/objects.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import { child, objects } from './podDefaults.ts';

export type AdmissionOperation = 'CREATE' | 'UPDATE';

export interface MutatingPlugin {
  name: string;
  /** Changes the object in place; returns whether it changed anything. */
  admit(resource: ResourceInfo, op: AdmissionOperation, obj: JsonObject, old?: JsonObject): boolean;
}

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

const isPods = (r: ResourceInfo): boolean => r.group === '' && r.resource === 'pods';
const isNodes = (r: ResourceInfo): boolean => r.group === '' && r.resource === 'nodes';

function isMirrorPod(pod: JsonObject): boolean {
  const meta = pod['metadata'];
  const annotations = isJsonObject(meta) ? meta['annotations'] : undefined;
  return isJsonObject(annotations) && annotations[MIRROR_POD_ANNOTATION] !== undefined;
}

/** ServiceAccount: pods without a service account run as "default". */
export const serviceAccountPlugin: MutatingPlugin = {
  name: 'ServiceAccount',
  admit(resource, op, pod) {
    if (!isPods(resource) || op !== 'CREATE' || isMirrorPod(pod)) return false;
    const spec = child(pod, 'spec');
    if (!spec) return false;
    let changed = false;
    // The v1 field serviceAccount is the deprecated alias; conversion fills one from the other.
    if (
      !spec['serviceAccountName'] &&
      typeof spec['serviceAccount'] === 'string' &&
      spec['serviceAccount']
    )
      spec['serviceAccountName'] = spec['serviceAccount'];
    if (!spec['serviceAccountName']) {
      spec['serviceAccountName'] = DEFAULT_SERVICE_ACCOUNT;
      changed = true;
    }
    if (spec['serviceAccount'] !== spec['serviceAccountName'])
      spec['serviceAccount'] = spec['serviceAccountName'];
    return changed;
  },
};

/** TaintNodesByCondition: a new Node starts tainted not-ready:NoSchedule until the kubelet reports Ready. */
export const taintNodesByConditionPlugin: MutatingPlugin = {
  name: 'TaintNodesByCondition',
  admit(resource, op, node) {
    if (!isNodes(resource) || op !== 'CREATE') return false;
    const spec = child(node, 'spec');
    if (!spec) return false;
    const taints = objects(spec, 'taints');
    if (taints.some((t) => t['key'] === TAINT_NODE_NOT_READY && t['effect'] === 'NoSchedule'))
      return false;
    spec['taints'] = [
      ...(Array.isArray(spec['taints']) ? spec['taints'] : []),
      { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' },
    ];
    return true;
  },
};

/** The built-in PriorityClasses every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/**
 * Priority: resolves spec.priority from priorityClassName (0 with no class and no global default)
 * and defaults preemptionPolicy to PreemptLowerPriority. Unknown classes are rejected by
 * validatingAdmission.
 */
export const priorityPlugin: MutatingPlugin = {
  name: 'Priority',
  admit(resource, op, pod) {
    if (!isPods(resource) || op !== 'CREATE') return false;
    const spec = child(pod, 'spec');
    if (!spec) return false;
    const className =
      typeof spec['priorityClassName'] === 'string' ? spec['priorityClassName'] : '';
    const priority = className ? SYSTEM_PRIORITY_CLASSES[className] : 0;
    if (priority === undefined) return false;
    let changed = false;
    if (spec['priority'] === undefined || spec['priority'] === null) {
      spec['priority'] = priority;
      changed = true;
    }
    if (spec['preemptionPolicy'] === undefined || spec['preemptionPolicy'] === null) {
      spec['preemptionPolicy'] = 'PreemptLowerPriority';
      changed = true;
    }
    return changed;
  },
};

/**
 * DefaultTolerationSeconds: pods tolerate not-ready and unreachable (NoExecute) for 300 s unless
 * they already tolerate them (a toleration with that key or no key, and effect NoExecute or none).
 */
export const defaultTolerationSecondsPlugin: MutatingPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(resource, _op, pod) {
    if (!isPods(resource)) return false;
    const spec = child(pod, 'spec');
    if (!spec) return false;
    const tolerations = objects(spec, 'tolerations');
    const tolerates = (key: string): boolean =>
      tolerations.some(
        (t) => (t['key'] === key || !t['key']) && (t['effect'] === 'NoExecute' || !t['effect']),
      );
    const added: JsonObject[] = [];
    for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE])
      if (!tolerates(key))
        added.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
        });
    if (added.length === 0) return false;
    spec['tolerations'] = [
      ...(Array.isArray(spec['tolerations']) ? spec['tolerations'] : []),
      ...added,
    ];
    return true;
  },
};

export const MUTATING_PLUGINS: readonly MutatingPlugin[] = [
  serviceAccountPlugin,
  taintNodesByConditionPlugin,
  priorityPlugin,
  defaultTolerationSecondsPlugin,
];

/**
 * Runs the mutating chain on a request for the main resource (not subresources) and returns the
 * names of the plugins that changed the object, in order.
 */
export function runMutatingAdmission(
  resource: ResourceInfo,
  op: AdmissionOperation,
  obj: KubeObject,
  old?: KubeObject,
): string[] {
  const target = obj as unknown as JsonObject;
  const previous = old as unknown as JsonObject | undefined;
  return MUTATING_PLUGINS.filter((p) => p.admit(resource, op, target, previous)).map((p) => p.name);
}

export interface AdmissionDenial {
  plugin: string;
  /** The reason, as the apiserver puts it after `pods "x" is forbidden: `. */
  message: string;
}

/**
 * The rejections plugins in this chain make (answered 403 Forbidden): Priority rejects unknown
 * PriorityClasses and a spec.priority that disagrees with the class. Run after mutation.
 */
export function validatingAdmission(
  resource: ResourceInfo,
  op: AdmissionOperation,
  obj: KubeObject,
): AdmissionDenial[] {
  if (!isPods(resource) || op !== 'CREATE') return [];
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  const className = typeof spec['priorityClassName'] === 'string' ? spec['priorityClassName'] : '';
  const expected = className ? SYSTEM_PRIORITY_CLASSES[className] : 0;
  if (expected === undefined)
    return [{ plugin: 'Priority', message: `no PriorityClass with name ${className} was found` }];
  const given = spec['priority'];
  if (typeof given === 'number' && given !== expected)
    return [
      {
        plugin: 'Priority',
        message: `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${expected} from the given PriorityClass name`,
      },
    ];
  return [];
}

/**
 * ServiceAccount's validation half: the pod's service account must exist. The caller supplies
 * the lookup (the store); returns the Forbidden reason, or undefined when it exists.
 */
export function serviceAccountLookup(
  pod: KubeObject,
  exists: (namespace: string, name: string) => boolean,
): string | undefined {
  if (isMirrorPod(pod as unknown as JsonObject)) return undefined;
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const name = typeof spec['serviceAccountName'] === 'string' ? spec['serviceAccountName'] : '';
  const ns = pod.metadata.namespace ?? '';
  if (!name || exists(ns, name)) return undefined;
  return `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`;
}
