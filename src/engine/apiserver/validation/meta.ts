/**
 * ObjectMeta validation (apimachinery ValidateObjectMeta / ValidateObjectMetaUpdate) and the
 * label, annotation and selector checks every kind shares.
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import { fieldError } from '../../api/fieldErrors.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import type { JsonObject } from '../../../shared/json.ts';
import {
  getArray,
  getInt,
  getObjectArray,
  getString,
  getStringMap,
  immutable,
  nonNegative,
} from './fields.ts';
import type { Errs } from './fields.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.ts';

/** A name check: the messages for a bad name; `prefix` allows the trailing '-' of generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[];

export function nameValidator(check: (name: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateLabelName: errors are reported against the map's path, as the apiserver does. */
export function validateLabelName(key: string, path: string, errs: Errs): void {
  for (const msg of isQualifiedName(key)) errs.push(fieldError.invalid(path, key, msg));
}

export function validateLabels(
  labels: Record<string, string> | undefined,
  path: string,
  errs: Errs,
): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    validateLabelName(k, path, errs);
    for (const msg of isValidLabelValue(v)) errs.push(fieldError.invalid(path, v, msg));
  }
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: string,
  errs: Errs,
): void {
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, msg));
    size += k.length + v.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    errs.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** ValidateLabelSelector for metav1.LabelSelector. */
export function validateLabelSelector(
  selector: JsonObject | undefined,
  path: string,
  errs: Errs,
): void {
  if (!selector) return;
  const exprs = getObjectArray(selector, 'matchExpressions', `${path}.matchExpressions`, errs);
  exprs.forEach((expr, i) => {
    if (!expr) return;
    const p = `${path}.matchExpressions[${i}]`;
    const op = getString(expr, 'operator', `${p}.operator`, errs) ?? '';
    const values = getArray(expr, 'values', `${p}.values`, errs) ?? [];
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        errs.push(
          fieldError.required(
            `${p}.values`,
            "must be specified when `operator` is 'In' or 'NotIn'",
          ),
        );
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          fieldError.forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(fieldError.invalid(`${p}.operator`, op, 'not a valid selector operator'));
    }
    validateLabelName(getString(expr, 'key', `${p}.key`, errs) ?? '', `${p}.key`, errs);
    values.forEach((v, j) => {
      if (typeof v !== 'string') return;
      for (const msg of isValidLabelValue(v))
        errs.push(fieldError.invalid(`${p}.values[${j}]`, v, msg));
    });
  });
  validateLabels(
    getStringMap(selector, 'matchLabels', `${path}.matchLabels`, errs),
    `${path}.matchLabels`,
    errs,
  );
}

/**
 * Whether a LabelSelector selects the labels (nil selects nothing, empty selects everything), by
 * LabelSelectorAsSelector and Matches. A selector that does not convert is not said to mismatch,
 * as the DaemonSet and Job validation check the match only after a clean conversion: its own
 * errors are validateLabelSelector's to report.
 */
export function selectorMatches(
  selector: JsonObject | undefined,
  labels: Record<string, string>,
): boolean {
  const converted = labelSelectorFromObject(selector as MetaLabelSelector | undefined);
  return !converted.ok || matchesLabels(converted.selector, labels);
}

export function selectorIsEmpty(selector: JsonObject): boolean {
  const ml = selector['matchLabels'];
  const me = selector['matchExpressions'];
  const labelCount =
    ml && typeof ml === 'object' && !Array.isArray(ml) ? Object.keys(ml).length : 0;
  return labelCount + (Array.isArray(me) ? me.length : 0) === 0;
}

/** ValidateObjectMeta for create. */
export function validateObjectMeta(
  meta: JsonObject | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
  errs: Errs,
): void {
  const generateName = getString(meta, 'generateName', 'metadata.generateName', errs) ?? '';
  if (generateName)
    for (const msg of nameFn(generateName, true))
      errs.push(fieldError.invalid('metadata.generateName', generateName, msg));
  const name = getString(meta, 'name', 'metadata.name', errs) ?? '';
  if (!name) {
    // The apiserver generates the name from generateName before validating; a body that only has
    // generateName is accepted here so callers may validate before or after generating it.
    if (!generateName)
      errs.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false))
      errs.push(fieldError.invalid('metadata.name', name, msg));
  }
  const namespace = getString(meta, 'namespace', 'metadata.namespace', errs) ?? '';
  if (namespaced) {
    if (!namespace) errs.push(fieldError.required('metadata.namespace', ''));
    else
      for (const msg of isDNS1123Label(namespace))
        errs.push(fieldError.invalid('metadata.namespace', namespace, msg));
  } else if (namespace) {
    errs.push(fieldError.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  nonNegative(
    getInt(meta, 'generation', 'metadata.generation', errs, 'int64'),
    'metadata.generation',
    errs,
  );
  validateLabels(getStringMap(meta, 'labels', 'metadata.labels', errs), 'metadata.labels', errs);
  validateAnnotations(
    getStringMap(meta, 'annotations', 'metadata.annotations', errs),
    'metadata.annotations',
    errs,
  );
  validateOwnerReferences(meta, errs);
  const finalizers = getArray(meta, 'finalizers', 'metadata.finalizers', errs) ?? [];
  for (const f of finalizers) {
    if (typeof f !== 'string') continue;
    for (const msg of isQualifiedName(f))
      errs.push(fieldError.invalid('metadata.finalizers', f, msg));
  }
}

function validateOwnerReferences(meta: JsonObject | undefined, errs: Errs): void {
  const path = 'metadata.ownerReferences';
  const refs = getObjectArray(meta, 'ownerReferences', path, errs);
  const controllers: string[] = [];
  for (const ref of refs) {
    if (!ref) continue;
    const apiVersion = getString(ref, 'apiVersion', `${path}.apiVersion`, errs) ?? '';
    const kind = getString(ref, 'kind', `${path}.kind`, errs) ?? '';
    const name = getString(ref, 'name', `${path}.name`, errs) ?? '';
    const uid = getString(ref, 'uid', `${path}.uid`, errs) ?? '';
    const version = apiVersion.includes('/')
      ? apiVersion.slice(apiVersion.indexOf('/') + 1)
      : apiVersion;
    if (!version)
      errs.push(fieldError.invalid(`${path}.apiVersion`, version, 'version must not be empty'));
    if (!kind) errs.push(fieldError.invalid(`${path}.kind`, kind, 'kind must not be empty'));
    if (!name) errs.push(fieldError.invalid(`${path}.name`, name, 'name must not be empty'));
    if (!uid) errs.push(fieldError.invalid(`${path}.uid`, uid, 'uid must not be empty'));
    if (ref['controller'] === true) controllers.push(`${kind}/${name}`);
  }
  if (controllers.length > 1)
    errs.push(
      fieldError.invalid(
        path,
        refs,
        `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`,
      ),
    );
}

/** The metadata fields an update may not change, with their paths (built once, not per update). */
const IMMUTABLE_META = [
  'name',
  'namespace',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
].map((key) => [key, `metadata.${key}`] as const);

/** ValidateObjectMetaUpdate: identity and system fields may not change. */
export function validateObjectMetaUpdate(
  meta: JsonObject | undefined,
  old: JsonObject | undefined,
  errs: Errs,
): void {
  const rv = getString(meta, 'resourceVersion', 'metadata.resourceVersion', errs) ?? '';
  if (!rv)
    errs.push(
      fieldError.invalid('metadata.resourceVersion', rv, 'must be specified for an update'),
    );
  const gen = getInt(meta, 'generation', 'metadata.generation', errs, 'int64') ?? 0;
  const oldGen = typeof old?.['generation'] === 'number' ? old['generation'] : 0;
  if (gen < oldGen)
    errs.push(fieldError.invalid('metadata.generation', gen, 'must not be decremented'));
  for (const [key, path] of IMMUTABLE_META) immutable(meta?.[key], old?.[key], path, errs);
  validateLabels(getStringMap(meta, 'labels', 'metadata.labels', errs), 'metadata.labels', errs);
  validateAnnotations(
    getStringMap(meta, 'annotations', 'metadata.annotations', errs),
    'metadata.annotations',
    errs,
  );
  validateOwnerReferences(meta, errs);
  if (old?.['deletionTimestamp']) {
    const oldFinalizers = new Set(Array.isArray(old['finalizers']) ? old['finalizers'] : []);
    const added = (getArray(meta, 'finalizers', 'metadata.finalizers', errs) ?? []).filter(
      (f) => !oldFinalizers.has(f),
    );
    if (added.length > 0)
      errs.push(
        fieldError.forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`,
        ),
      );
  }
}

/** Go's %q of a []string: ["a" "b"]. */
export function goStringSlice(values: unknown[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** The subdomain check most kinds use for their names. */
export const subdomainName = nameValidator(isDNS1123Subdomain);
