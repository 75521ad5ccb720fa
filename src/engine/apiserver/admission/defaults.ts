/**
 * Scheme defaulting: what the apiserver fills in when it decodes a request body, before admission
 * and validation (the SetDefaults_* functions of core/v1, apps/v1, batch/v1, autoscaling/v2,
 * discovery/v1). `applyDefaults` changes the object in place; give it a private copy.
 *
 * Also here, because it happens while decoding too: a Secret's stringData is merged into data
 * (base64) and dropped, as the v1 -> internal conversion does.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import {
  applyPodOnlyDefaults,
  applyPodSpecDefaults,
  child,
  objects,
  setDefault,
  templateSpec,
} from './podDefaults.ts';
import { base64Utf8 } from './base64.ts';

/** A JSON view of the object, for generic field access. */
function json(obj: KubeObject): JsonObject {
  return obj as unknown as JsonObject;
}

function defaultPod(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  applyPodSpecDefaults(spec);
  applyPodOnlyDefaults(spec);
}

function defaultTemplate(spec: JsonObject): void {
  const podSpec = templateSpec(spec);
  if (podSpec) applyPodSpecDefaults(podSpec);
}

function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  if (strategy) {
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const rolling = child(strategy, 'rollingUpdate');
      if (rolling) {
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  const strategy = child(spec, 'updateStrategy');
  if (strategy) {
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const rolling = child(strategy, 'rollingUpdate');
      if (rolling) {
        setDefault(rolling, 'maxUnavailable', 1);
        if (rolling['maxSurge'] === undefined || rolling['maxSurge'] === null)
          rolling['maxSurge'] = 0;
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

/**
 * SetDefaults_Job. The template's restartPolicy is defaulted to Always like any PodSpec, which
 * Job validation then rejects: a Job must say OnFailure or Never.
 */
function defaultJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  const unset = (k: string): boolean => spec[k] === undefined || spec[k] === null;
  if (unset('completions') && unset('parallelism')) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  if (unset('parallelism')) spec['parallelism'] = 1;
  if (unset('backoffLimit')) spec['backoffLimit'] = unset('backoffLimitPerIndex') ? 6 : 2147483647;
  const template = spec['template'];
  const templateMeta = isJsonObject(template) ? template['metadata'] : undefined;
  const templateLabels = isJsonObject(templateMeta) ? templateMeta['labels'] : undefined;
  const meta = child(obj, 'metadata');
  if (meta && isJsonObject(templateLabels)) {
    const labels = meta['labels'];
    if (!isJsonObject(labels) || Object.keys(labels).length === 0)
      meta['labels'] = { ...templateLabels };
  }
  if (unset('completionMode')) spec['completionMode'] = 'NonIndexed';
  if (unset('suspend')) spec['suspend'] = false;
  if (unset('podReplacementPolicy'))
    spec['podReplacementPolicy'] = unset('podFailurePolicy') ? 'TerminatingOrFailed' : 'Failed';
  defaultTemplate(spec);
}

/** Whether a Service is reachable from outside (service.ExternallyAccessible). */
function externallyAccessible(spec: JsonObject): boolean {
  const type = spec['type'];
  const ips = spec['externalIPs'];
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(ips) && ips.length > 0)
  );
}

function defaultService(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = child(spec, 'sessionAffinityConfig');
    const clientIP = config && child(config, 'clientIP');
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of objects(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    const target = port['targetPort'];
    if (target === undefined || target === null || target === 0 || target === '')
      port['targetPort'] = port['port'] ?? 0;
  }
  if (externallyAccessible(spec)) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(spec['type'])))
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec['type'] === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  defaultServiceIPFamilies(spec);
}

/**
 * Not a scheme default but the service registry's initIPFamilyFields, which runs before
 * validation on a single-stack IPv4 cluster: SingleStack / [IPv4], except headless services
 * without a selector (RequireDualStack) and ExternalName services (no IP families).
 */
function defaultServiceIPFamilies(spec: JsonObject): void {
  if (spec['type'] === 'ExternalName') return;
  const selector = spec['selector'];
  const headlessNoSelector =
    spec['clusterIP'] === 'None' && (!isJsonObject(selector) || Object.keys(selector).length === 0);
  setDefault(spec, 'ipFamilyPolicy', headlessNoSelector ? 'RequireDualStack' : 'SingleStack');
  const families = spec['ipFamilies'];
  if (!Array.isArray(families) || families.length === 0) spec['ipFamilies'] = ['IPv4'];
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2). Behavior is filled in only if given. */
function defaultHPA(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'minReplicas', 1);
  const metrics = spec['metrics'];
  if (!Array.isArray(metrics) || metrics.length === 0)
    spec['metrics'] = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  const behavior = spec['behavior'];
  if (!isJsonObject(behavior)) return;
  const up = child(behavior, 'scaleUp');
  if (up) {
    setDefault(up, 'stabilizationWindowSeconds', 0);
    setDefault(up, 'selectPolicy', 'Max');
    if (up['policies'] === undefined || up['policies'] === null)
      up['policies'] = [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ];
  }
  // scaleDown keeps stabilizationWindowSeconds unset: the controller's
  // --horizontal-pod-autoscaler-downscale-stabilization (300s) applies then.
  const down = child(behavior, 'scaleDown');
  if (down) {
    setDefault(down, 'selectPolicy', 'Max');
    if (down['policies'] === undefined || down['policies'] === null)
      down['policies'] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  }
}

/** SetDefaults_Namespace (the kubernetes.io/metadata.name label) and SetDefaults_NamespaceStatus. */
function defaultNamespace(obj: JsonObject): void {
  const meta = child(obj, 'metadata');
  const name = meta?.['name'];
  if (meta && typeof name === 'string' && name) {
    const labels = child(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = name;
  }
  const status = obj['status'];
  if (isJsonObject(status)) setDefault(status, 'phase', 'Active');
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
function defaultNode(obj: JsonObject): void {
  const status = obj['status'];
  if (!isJsonObject(status)) return;
  const capacity = status['capacity'];
  if (
    isJsonObject(capacity) &&
    (status['allocatable'] === undefined || status['allocatable'] === null)
  )
    status['allocatable'] = { ...capacity };
}

function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
  const stringData = obj['stringData'];
  if (isJsonObject(stringData)) {
    const data = child(obj, 'data');
    if (data)
      for (const [k, v] of Object.entries(stringData))
        if (typeof v === 'string') data[k] = base64Utf8(v);
    delete obj['stringData'];
  }
}

function defaultEndpoints(obj: JsonObject): void {
  for (const subset of objects(obj, 'subsets'))
    for (const port of objects(subset, 'ports')) setDefault(port, 'protocol', 'TCP');
}

function defaultEndpointSlice(obj: JsonObject): void {
  for (const port of objects(obj, 'ports')) {
    if (port['name'] === undefined || port['name'] === null) port['name'] = '';
    setDefault(port, 'protocol', 'TCP');
  }
}

const DEFAULTERS: Record<string, (obj: JsonObject) => void> = {
  Pod: defaultPod,
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  DaemonSet: defaultDaemonSet,
  Job: defaultJob,
  Service: defaultService,
  HorizontalPodAutoscaler: defaultHPA,
  Namespace: defaultNamespace,
  Node: defaultNode,
  Secret: defaultSecret,
  Endpoints: defaultEndpoints,
  EndpointSlice: defaultEndpointSlice,
};

/**
 * Applies the scheme defaults for the object's kind, in place. ConfigMap, ServiceAccount, Lease
 * and Event have no scheme defaults. Malformed fields are left alone for validation to report.
 */
export function applyDefaults(obj: KubeObject): void {
  DEFAULTERS[obj.kind]?.(json(obj));
}
