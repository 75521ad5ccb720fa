/**
 * Pod validation: create, update (ValidatePodUpdate's short list of mutable spec fields) and
 * status updates.
 */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import { getInt, getObject, getObjectArray, getString, sameJson, metaOf } from './fields.ts';
import type { Errs } from './fields.ts';
import { subdomainName, validateObjectMeta } from './meta.ts';
import { inclusiveRangeError, isDNS1123Subdomain, isValidIP } from './names.ts';
import { validatePodSpec } from './podSpec.ts';

export const POD_UPDATE_FORBIDDEN_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const MAX_INT32 = 2147483647;

export function validatePod(pod: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(pod), true, subdomainName, errs);
  validatePodSpec(getObject(pod, 'spec', 'spec', errs), 'spec', errs);
}

function containerList(spec: JsonObject, key: string): JsonObject[] {
  const v = spec[key];
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** ValidatePodUpdate, after ValidateObjectMetaUpdate has run. */
export function validatePodUpdate(pod: JsonObject, old: JsonObject, errs: Errs): void {
  const spec = getObject(pod, 'spec', 'spec', errs) ?? {};
  const oldSpec = isJsonObject(old['spec']) ? old['spec'] : {};
  for (const key of ['containers', 'initContainers'] as const) {
    const next = containerList(spec, key);
    const prev = containerList(oldSpec, key);
    if (next.length !== prev.length) {
      errs.push(
        fieldError.forbidden(`spec.${key}`, 'pod updates may not add or remove containers'),
      );
      return;
    }
    next.forEach((c, i) => {
      if (!c['image']) errs.push(fieldError.required(`spec.${key}[${i}].image`, ''));
    });
  }
  validatePodSpec(spec, 'spec', errs);

  const ads = getInt(spec, 'activeDeadlineSeconds', 'spec.activeDeadlineSeconds', errs, 'int64');
  const oldAds =
    typeof oldSpec['activeDeadlineSeconds'] === 'number'
      ? oldSpec['activeDeadlineSeconds']
      : undefined;
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(
        fieldError.invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32)),
      );
      return;
    }
    if (oldAds !== undefined && oldAds < ads) {
      errs.push(
        fieldError.invalid(
          'spec.activeDeadlineSeconds',
          ads,
          'must be less than or equal to previous value',
        ),
      );
      return;
    }
  } else if (oldAds !== undefined) {
    errs.push(
      fieldError.invalid(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }

  validateOnlyAddedTolerations(spec, oldSpec, errs);

  // Everything else must be unchanged: copy the mutable fields from the old spec and compare.
  const munged: JsonObject = { ...spec };
  for (const key of ['containers', 'initContainers'] as const) {
    const prev = containerList(oldSpec, key);
    if (Array.isArray(spec[key]))
      munged[key] = containerList(spec, key).map((c, i) => ({
        ...c,
        image: prev[i]?.['image'] ?? null,
      }));
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['tolerations'] = oldSpec['tolerations'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && spec['terminationGracePeriodSeconds'] === 1)
    munged['terminationGracePeriodSeconds'] = oldGrace;
  if (!sameJson(munged, oldSpec))
    errs.push(
      fieldError.forbidden('spec', `${POD_UPDATE_FORBIDDEN_MESSAGE}\n${specDiff(oldSpec, munged)}`),
    );
}

function validateOnlyAddedTolerations(spec: JsonObject, oldSpec: JsonObject, errs: Errs): void {
  const next = getObjectArray(spec, 'tolerations', 'spec.tolerations', errs).filter(isJsonObject);
  const prev = Array.isArray(oldSpec['tolerations'])
    ? oldSpec['tolerations'].filter(isJsonObject)
    : [];
  for (const o of prev) {
    const found = next.some((n) =>
      sameJson({ ...o, tolerationSeconds: n['tolerationSeconds'] }, n),
    );
    if (!found) {
      errs.push(
        fieldError.forbidden(
          'spec.tolerations',
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      );
      return;
    }
  }
}

/**
 * A readable diff of two specs, one line per changed leaf. The real apiserver appends a
 * go-cmp diff of core.PodSpec; this keeps its spirit (what changed, old and new) in JSON paths.
 */
export function specDiff(before: JsonObject, after: JsonObject): string {
  const a = flatten(before, 'spec');
  const b = flatten(after, 'spec');
  const lines: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === y) continue;
    if (x !== undefined) lines.push(`-\t${key}: ${x}`);
    if (y !== undefined) lines.push(`+\t${key}: ${y}`);
  }
  return `  core.PodSpec{\n${lines.join('\n')}\n  }`;
}

function flatten(
  value: JsonValue | undefined,
  path: string,
  out = new Map<string, string>(),
): Map<string, string> {
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (isJsonObject(value))
    for (const [k, v] of Object.entries(value)) flatten(v, `${path}.${k}`, out);
  else out.set(path, JSON.stringify(value));
  return out;
}

/** ValidatePodStatusUpdate (lightly): IPs, nominated node, container restart counts. */
export function validatePodStatusUpdate(pod: JsonObject, errs: Errs): void {
  const status = getObject(pod, 'status', 'status', errs);
  if (!status) return;
  const nominated = getString(status, 'nominatedNodeName', 'status.nominatedNodeName', errs) ?? '';
  if (nominated)
    for (const msg of isDNS1123Subdomain(nominated))
      errs.push(fieldError.invalid('status.nominatedNodeName', nominated, msg));
  for (const key of ['hostIP', 'podIP']) {
    const ip = getString(status, key, `status.${key}`, errs) ?? '';
    if (ip && !isValidIP(ip))
      errs.push(fieldError.invalid(`status.${key}`, ip, 'must be a valid IP address'));
  }
  for (const key of ['containerStatuses', 'initContainerStatuses']) {
    getObjectArray(status, key, `status.${key}`, errs).forEach((cs, i) => {
      const count = getInt(cs, 'restartCount', `status.${key}[${i}].restartCount`, errs);
      if (count !== undefined && count < 0)
        errs.push(
          fieldError.invalid(
            `status.${key}[${i}].restartCount`,
            count,
            'must be greater than or equal to 0',
          ),
        );
    });
  }
}
