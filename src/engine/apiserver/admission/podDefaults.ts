/**
 * The scheme defaults for PodSpec and everything inside it (core/v1 SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...). They apply wherever a PodSpec
 * appears: Pods and the pod templates of Deployments, ReplicaSets, DaemonSets and Jobs. A few
 * defaults are Pod-only (SetDefaults_Pod): see applyPodOnlyDefaults.
 */
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import { parseQuantityExact } from '../../api/quantity.ts';
import { setVolumeSources } from '../../api/volumeSources.ts';

/** Returns parent[key] as an object, creating it when absent (but never replacing a non-object). */
export function child(parent: JsonObject, key: string): JsonObject | undefined {
  const v = parent[key];
  if (v === undefined || v === null) {
    const created: JsonObject = {};
    parent[key] = created;
    return created;
  }
  return isJsonObject(v) ? v : undefined;
}

/** The objects of parent[key] when it is an array (other elements are left for validation). */
export function objects(parent: JsonObject, key: string): JsonObject[] {
  const v = parent[key];
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

export function setDefault(obj: JsonObject, key: string, value: JsonObject[string]): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

/**
 * The tag parsers.ParseImageName finds: "latest" when there is neither tag nor digest, "" when
 * there is only a digest. A ':' after the last '/' starts the tag (a ':' before it is a registry port).
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(probe: unknown): void {
  if (!isJsonObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  const httpGet = probe['httpGet'];
  if (isJsonObject(httpGet)) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
}

function defaultContainer(ctr: JsonObject): void {
  if (!ctr['imagePullPolicy']) {
    const image = typeof ctr['image'] === 'string' ? ctr['image'] : '';
    ctr['imagePullPolicy'] = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(ctr, 'terminationMessagePath', '/dev/termination-log');
  setDefault(ctr, 'terminationMessagePolicy', 'File');
  for (const port of objects(ctr, 'ports')) setDefault(port, 'protocol', 'TCP');
  if (ctr['resources'] === undefined) ctr['resources'] = {};
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(ctr[probe]);
  for (const env of objects(ctr, 'env')) {
    const from = env['valueFrom'];
    const fieldRef = isJsonObject(from) ? from['fieldRef'] : undefined;
    if (isJsonObject(fieldRef)) setDefault(fieldRef, 'apiVersion', 'v1');
  }
}

/** 0644, the mode Kubernetes writes as 420. */
const DEFAULT_MODE = 420;

function defaultVolume(vol: JsonObject): void {
  if (setVolumeSources(vol).length === 0) vol['emptyDir'] = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = vol[key];
    if (isJsonObject(src)) setDefault(src, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = vol['hostPath'];
  if (isJsonObject(hostPath) && hostPath['type'] === undefined) hostPath['type'] = '';
  const projected = vol['projected'];
  if (isJsonObject(projected))
    for (const source of objects(projected, 'sources')) {
      const token = source['serviceAccountToken'];
      if (isJsonObject(token)) setDefault(token, 'expirationSeconds', 3600);
    }
}

/** SetDefaults_PodSpec and the defaults of the structs inside a PodSpec. */
export function applyPodSpecDefaults(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (spec['securityContext'] === undefined || spec['securityContext'] === null)
    spec['securityContext'] = {};
  if (
    spec['terminationGracePeriodSeconds'] === undefined ||
    spec['terminationGracePeriodSeconds'] === null
  )
    spec['terminationGracePeriodSeconds'] = 30;
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const key of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const ctr of objects(spec, key)) defaultContainer(ctr);
  for (const vol of objects(spec, 'volumes')) defaultVolume(vol);
}

/**
 * SetDefaults_Pod: only Pods (not pod templates) get these. Requests default to limits per
 * resource; enableServiceLinks defaults to true; with hostNetwork, hostPort follows containerPort.
 */
export function applyPodOnlyDefaults(spec: JsonObject): void {
  for (const key of ['containers', 'initContainers']) {
    for (const ctr of objects(spec, key)) {
      const resources = child(ctr, 'resources');
      const limits = resources?.['limits'];
      if (!resources || !isJsonObject(limits)) continue;
      const requests = child(resources, 'requests');
      if (!requests) continue;
      // A malformed quantity fails decoding before defaulting in the real apiserver; leaving it
      // uncopied keeps validation to the one error the user would see.
      for (const [name, value] of Object.entries(limits))
        if (requests[name] === undefined && isQuantity(value)) requests[name] = value;
    }
  }
  if (spec['enableServiceLinks'] === undefined || spec['enableServiceLinks'] === null)
    spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true)
    for (const key of ['containers', 'initContainers'])
      for (const ctr of objects(spec, key))
        for (const port of objects(ctr, 'ports'))
          if (port['hostPort'] === undefined || port['hostPort'] === 0)
            port['hostPort'] = port['containerPort'] ?? 0;
}

function isQuantity(value: unknown): boolean {
  return (
    (typeof value === 'string' || typeof value === 'number') &&
    !('error' in parseQuantityExact(value))
  );
}

/** The pod spec of a workload's template, if the template is shaped right. */
export function templateSpec(spec: JsonObject): JsonObject | undefined {
  const template = spec['template'];
  if (!isJsonObject(template)) return undefined;
  return child(template, 'spec');
}
