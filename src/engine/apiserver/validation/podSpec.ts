/**
 * PodSpec validation (core ValidatePodSpec), shared by Pods and by every pod template
 * (Deployment, ReplicaSet, DaemonSet, Job).
 */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { setVolumeSources } from '../../api/volumeSources.ts';
import { validateContainers } from './container.ts';
import { getInt, getObject, getObjectArray, getString, getStringMap } from './fields.ts';
import type { Errs } from './fields.ts';
import { validateAnnotations, validateLabelName, validateLabels } from './meta.ts';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidLabelValue,
} from './names.ts';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_UINT32 = 4294967295;

export function validatePodSpec(spec: JsonObject | undefined, path: string, errs: Errs): void {
  if (!spec) {
    errs.push(fieldError.required(`${path}.containers`, ''));
    return;
  }
  const volumes = validateVolumes(spec, `${path}.volumes`, errs);
  const names = new Set<string>();
  validateContainers(spec, 'initContainers', `${path}.initContainers`, volumes, names, errs);
  validateContainers(spec, 'containers', `${path}.containers`, volumes, names, errs);
  validateRestartPolicy(
    getString(spec, 'restartPolicy', `${path}.restartPolicy`, errs),
    `${path}.restartPolicy`,
    errs,
  );
  const dnsPolicy = getString(spec, 'dnsPolicy', `${path}.dnsPolicy`, errs) ?? '';
  if (!dnsPolicy) errs.push(fieldError.required(`${path}.dnsPolicy`, ''));
  else if (!DNS_POLICIES.includes(dnsPolicy))
    errs.push(fieldError.notSupported(`${path}.dnsPolicy`, dnsPolicy, DNS_POLICIES));
  validateLabels(
    getStringMap(spec, 'nodeSelector', `${path}.nodeSelector`, errs),
    `${path}.nodeSelector`,
    errs,
  );
  for (const key of ['serviceAccountName', 'nodeName', 'schedulerName', 'priorityClassName']) {
    const v = getString(spec, key, `${path}.${key}`, errs) ?? '';
    if (v)
      for (const msg of isDNS1123Subdomain(v))
        errs.push(fieldError.invalid(`${path}.${key}`, v, msg));
  }
  for (const key of ['hostname', 'subdomain']) {
    const v = getString(spec, key, `${path}.${key}`, errs) ?? '';
    if (v)
      for (const msg of isDNS1123Label(v)) errs.push(fieldError.invalid(`${path}.${key}`, v, msg));
  }
  const ads = getInt(spec, 'activeDeadlineSeconds', `${path}.activeDeadlineSeconds`, errs, 'int64');
  if (ads !== undefined && (ads < 1 || ads > MAX_UINT32))
    errs.push(
      fieldError.invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, MAX_UINT32)),
    );
  getInt(
    spec,
    'terminationGracePeriodSeconds',
    `${path}.terminationGracePeriodSeconds`,
    errs,
    'int64',
  );
  getInt(spec, 'priority', `${path}.priority`, errs);
  getObject(spec, 'securityContext', `${path}.securityContext`, errs);
  getObject(spec, 'affinity', `${path}.affinity`, errs);
  validateTolerations(spec, `${path}.tolerations`, errs);
}

export function validateRestartPolicy(policy: string | undefined, path: string, errs: Errs): void {
  if (!policy) errs.push(fieldError.required(path, ''));
  else if (!RESTART_POLICIES.includes(policy))
    errs.push(fieldError.notSupported(path, policy, RESTART_POLICIES));
}

/** Volume names must be unique DNS labels with exactly one source; returns the names. */
function validateVolumes(spec: JsonObject, path: string, errs: Errs): Set<string> {
  const names = new Set<string>();
  getObjectArray(spec, 'volumes', path, errs).forEach((vol, i) => {
    if (!vol) return;
    const p = `${path}[${i}]`;
    const name = getString(vol, 'name', `${p}.name`, errs) ?? '';
    if (!name) errs.push(fieldError.required(`${p}.name`, ''));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(fieldError.invalid(`${p}.name`, name, msg));
      if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const sources = setVolumeSources(vol);
    if (sources.length === 0) errs.push(fieldError.required(p, 'must specify a volume type'));
    for (const extra of sources.slice(1))
      errs.push(fieldError.forbidden(`${p}.${extra}`, 'may not specify more than 1 volume type'));
  });
  return names;
}

/** ValidateTolerations. */
export function validateTolerations(spec: JsonObject, path: string, errs: Errs): void {
  getObjectArray(spec, 'tolerations', path, errs).forEach((t, i) => {
    if (!t) return;
    const p = `${path}[${i}]`;
    const key = getString(t, 'key', `${p}.key`, errs) ?? '';
    const operator = getString(t, 'operator', `${p}.operator`, errs) ?? '';
    const value = getString(t, 'value', `${p}.value`, errs) ?? '';
    const effect = getString(t, 'effect', `${p}.effect`, errs) ?? '';
    const seconds = getInt(t, 'tolerationSeconds', `${p}.tolerationSeconds`, errs, 'int64');
    if (key) validateLabelName(key, `${p}.key`, errs);
    if (!key && operator !== 'Exists')
      errs.push(
        fieldError.invalid(
          `${p}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (seconds !== undefined && effect !== 'NoExecute')
      errs.push(
        fieldError.invalid(
          `${p}.effect`,
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(fieldError.invalid(`${p}.operator`, value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value)
        errs.push(
          fieldError.invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(fieldError.notSupported(`${p}.operator`, operator, ['Equal', 'Exists']));
    }
    if (effect) validateTaintEffect(effect, `${p}.effect`, errs);
  });
}

export function validateTaintEffect(effect: string, path: string, errs: Errs): void {
  if (!TAINT_EFFECTS.includes(effect))
    errs.push(fieldError.notSupported(path, effect, TAINT_EFFECTS));
}

/** ValidatePodTemplateSpec: template labels, annotations and spec. */
export function validatePodTemplateSpec(
  template: JsonObject | undefined,
  path: string,
  errs: Errs,
): void {
  const meta = getObject(template, 'metadata', `${path}.metadata`, errs);
  validateLabels(
    getStringMap(meta, 'labels', `${path}.metadata.labels`, errs),
    `${path}.metadata.labels`,
    errs,
  );
  validateAnnotations(
    getStringMap(meta, 'annotations', `${path}.metadata.annotations`, errs),
    `${path}.metadata.annotations`,
    errs,
  );
  validatePodSpec(getObject(template, 'spec', `${path}.spec`, errs), `${path}.spec`, errs);
}

/** The template's labels, read leniently (type errors are reported by validatePodTemplateSpec). */
export function templateLabels(template: JsonObject | undefined): Record<string, string> {
  const meta = template?.['metadata'];
  const labels =
    meta && typeof meta === 'object' && !Array.isArray(meta) ? meta['labels'] : undefined;
  const out: Record<string, string> = {};
  if (labels && typeof labels === 'object' && !Array.isArray(labels))
    for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
