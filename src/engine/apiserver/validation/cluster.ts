/** Namespace, Node and Lease validation. */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { readResourceList } from './container.ts';
import { getArray, getInt, getObject, getObjectArray, getString, metaOf } from './fields.ts';
import type { Errs } from './fields.ts';
import { nameValidator, subdomainName, validateLabelName, validateObjectMeta } from './meta.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from './names.ts';
import { validateTaintEffect } from './podSpec.ts';

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** validateFinalizerName (core): qualified, or one of the standard short names. */
function validateFinalizerName(name: string, path: string, errs: Errs): void {
  const msgs = isQualifiedName(name);
  for (const msg of msgs) errs.push(fieldError.invalid(path, name, msg));
  if (msgs.length === 0 && !name.includes('/') && !STANDARD_FINALIZERS.includes(name))
    errs.push(
      fieldError.invalid(
        path,
        name,
        'name is neither a standard finalizer name nor is it fully qualified',
      ),
    );
}

export function validateNamespace(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), false, nameValidator(isDNS1123Label), errs);
  validateNamespaceFinalizers(obj, errs);
}

export function validateNamespaceFinalizers(obj: JsonObject, errs: Errs): void {
  const spec = getObject(obj, 'spec', 'spec', errs);
  for (const f of getArray(spec, 'finalizers', 'spec.finalizers', errs) ?? [])
    if (typeof f === 'string') validateFinalizerName(f, 'spec.finalizers', errs);
}

/** ValidateNamespaceStatusUpdate: the phase follows deletionTimestamp (the path really is `status.Phase`). */
export function validateNamespaceStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  const phase = getString(status, 'phase', 'status.phase', errs) ?? '';
  if (!metaOf(obj)?.['deletionTimestamp']) {
    if (phase !== 'Active')
      errs.push(
        fieldError.invalid(
          'status.Phase',
          phase,
          "may only be 'Active' if `deletionTimestamp` is empty",
        ),
      );
  } else if (phase !== 'Terminating') {
    errs.push(
      fieldError.invalid(
        'status.Phase',
        phase,
        "may only be 'Terminating' if `deletionTimestamp` is not empty",
      ),
    );
  }
}

export function validateNode(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), false, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs);
  const seen = new Map<string, Set<string>>();
  getObjectArray(spec, 'taints', 'spec.taints', errs).forEach((taint, i) => {
    if (!taint) return;
    const p = `spec.taints[${i}]`;
    const key = getString(taint, 'key', `${p}.key`, errs) ?? '';
    const value = getString(taint, 'value', `${p}.value`, errs) ?? '';
    const effect = getString(taint, 'effect', `${p}.effect`, errs) ?? '';
    validateLabelName(key, `${p}.key`, errs);
    const msgs = isValidLabelValue(value);
    if (msgs.length > 0) errs.push(fieldError.invalid(`${p}.value`, value, msgs.join(';')));
    if (!effect) errs.push(fieldError.required(`${p}.effect`, ''));
    else validateTaintEffect(effect, `${p}.effect`, errs);
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(key)) {
      errs.push({
        ...fieldError.duplicate(p, taint),
        detail: 'taints must be unique by key and effect pair',
      });
      return;
    }
    keys.add(key);
    seen.set(effect, keys);
  });
  validateNodeStatus(obj, errs);
}

/** Node status: capacity and allocatable must be valid, non-negative quantities. */
export function validateNodeStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  for (const key of ['capacity', 'allocatable']) {
    const list = readResourceList(
      getObject(status, key, `status.${key}`, errs),
      `status.${key}`,
      errs,
    );
    for (const [name, q] of list)
      if (q.mantissa < 0n)
        errs.push(
          fieldError.invalid(
            `status.${key}[${name}]`,
            String(q.mantissa),
            'must be greater than or equal to 0',
          ),
        );
  }
}

export function validateLease(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs);
  const duration = getInt(spec, 'leaseDurationSeconds', 'spec.leaseDurationSeconds', errs);
  if (duration !== undefined && duration <= 0)
    errs.push(fieldError.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = getInt(spec, 'leaseTransitions', 'spec.leaseTransitions', errs);
  if (transitions !== undefined && transitions < 0)
    errs.push(
      fieldError.invalid(
        'spec.leaseTransitions',
        transitions,
        'must be greater than or equal to 0',
      ),
    );
  getString(spec, 'holderIdentity', 'spec.holderIdentity', errs);
  getString(spec, 'acquireTime', 'spec.acquireTime', errs);
  getString(spec, 'renewTime', 'spec.renewTime', errs);
}
