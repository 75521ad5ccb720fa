/**
 * apps/v1 Deployment and ReplicaSet validation (pkg/apis/apps/validation), plus the pieces
 * DaemonSet shares: int-or-percent checks and the replica-set style pod template rules.
 */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import {
  getInt,
  getIntOrString,
  getObject,
  getString,
  immutable,
  nonNegative,
  nonNegativeCounters,
  metaOf,
} from './fields.ts';
import type { Errs } from './fields.ts';
import {
  selectorIsEmpty,
  selectorMatches,
  subdomainName,
  validateLabelSelector,
  validateObjectMeta,
} from './meta.ts';
import { isValidPercent } from './names.ts';
import { templateLabels, validatePodTemplateSpec } from './podSpec.ts';

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(
  value: number | string | undefined,
  path: string,
  errs: Errs,
): void {
  if (typeof value === 'string')
    for (const msg of isValidPercent(value)) errs.push(fieldError.invalid(path, value, msg));
  else nonNegative(value, path, errs);
}

/** getIntOrPercentValue: the number, or the percentage's number. */
export function intOrPercentValue(value: number | string | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = Number.parseInt(value.replace(/%$/, ''), 10);
  return Number.isNaN(n) ? 0 : n;
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(
  value: number | string | undefined,
  path: string,
  errs: Errs,
): void {
  if (typeof value !== 'string' || !value.endsWith('%')) return;
  if (intOrPercentValue(value) > 100)
    errs.push(fieldError.invalid(path, value, 'must not be greater than 100%'));
}

/** The selector checks shared by Deployment and ReplicaSet; returns the selector if usable. */
function validateSelector(spec: JsonObject, errs: Errs): JsonObject | undefined {
  const selector = getObject(spec, 'selector', 'spec.selector', errs);
  if (!selector) {
    errs.push(fieldError.required('spec.selector', ''));
    return undefined;
  }
  validateLabelSelector(selector, 'spec.selector', errs);
  // The real message says "deployment" for ReplicaSets too.
  if (selectorIsEmpty(selector))
    errs.push(
      fieldError.invalid('spec.selector', selector, 'empty selector is invalid for deployment'),
    );
  return selector;
}

/** ValidatePodTemplateSpecForReplicaSet: the template must match the selector and restart Always. */
export function validateTemplateForReplicaSet(
  template: JsonObject | undefined,
  selector: JsonObject | undefined,
  path: string,
  kindWord: string,
  errs: Errs,
): void {
  if (!template) {
    errs.push(fieldError.required(path, ''));
    return;
  }
  if (selector && !selectorIsEmpty(selector)) {
    const labels = templateLabels(template);
    if (!selectorMatches(selector, labels))
      errs.push(
        fieldError.invalid(
          `${path}.metadata.labels`,
          labels,
          '`selector` does not match template `labels`',
        ),
      );
  }
  validatePodTemplateSpec(template, path, errs);
  const spec = getObject(template, 'spec', `${path}.spec`, errs);
  const restartPolicy = getString(spec, 'restartPolicy', `${path}.spec.restartPolicy`, errs) ?? '';
  if (restartPolicy !== 'Always')
    errs.push(fieldError.notSupported(`${path}.spec.restartPolicy`, restartPolicy, ['Always']));
  const ads = getInt(
    spec,
    'activeDeadlineSeconds',
    `${path}.spec.activeDeadlineSeconds`,
    errs,
    'int64',
  );
  if (ads !== undefined)
    errs.push(
      fieldError.invalid(
        `${path}.spec.activeDeadlineSeconds`,
        ads,
        `activeDeadlineSeconds in ${kindWord} is not Supported`,
      ),
    );
}

function validateDeploymentStrategy(spec: JsonObject, errs: Errs): void {
  const path = 'spec.strategy';
  const strategy = getObject(spec, 'strategy', path, errs) ?? {};
  const type = getString(strategy, 'type', `${path}.type`, errs) ?? '';
  const rolling = getObject(strategy, 'rollingUpdate', `${path}.rollingUpdate`, errs);
  if (type === 'Recreate') {
    if (rolling)
      errs.push(
        fieldError.forbidden(
          `${path}.rollingUpdate`,
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
  } else if (type === 'RollingUpdate') {
    if (!rolling) {
      errs.push(
        fieldError.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil'),
      );
      return;
    }
    const p = `${path}.rollingUpdate`;
    const maxUnavailable = getIntOrString(rolling, 'maxUnavailable', `${p}.maxUnavailable`, errs);
    const maxSurge = getIntOrString(rolling, 'maxSurge', `${p}.maxSurge`, errs);
    validatePositiveIntOrPercent(maxUnavailable, `${p}.maxUnavailable`, errs);
    validatePositiveIntOrPercent(maxSurge, `${p}.maxSurge`, errs);
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
      errs.push(
        fieldError.invalid(
          `${p}.maxUnavailable`,
          maxUnavailable ?? 0,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    notMoreThan100Percent(maxUnavailable, `${p}.maxUnavailable`, errs);
  } else {
    errs.push(fieldError.notSupported(path, strategy, ['Recreate', 'RollingUpdate']));
  }
}

export function validateDeployment(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  const replicas = getInt(spec, 'replicas', 'spec.replicas', errs);
  nonNegative(replicas, 'spec.replicas', errs);
  const selector = validateSelector(spec, errs);
  validateTemplateForReplicaSet(
    getObject(spec, 'template', 'spec.template', errs),
    selector,
    'spec.template',
    'ReplicaSet',
    errs,
  );
  validateDeploymentStrategy(spec, errs);
  const minReady = getInt(spec, 'minReadySeconds', 'spec.minReadySeconds', errs) ?? 0;
  nonNegative(minReady, 'spec.minReadySeconds', errs);
  nonNegative(
    getInt(spec, 'revisionHistoryLimit', 'spec.revisionHistoryLimit', errs),
    'spec.revisionHistoryLimit',
    errs,
  );
  const pds = getInt(spec, 'progressDeadlineSeconds', 'spec.progressDeadlineSeconds', errs);
  if (pds !== undefined) {
    nonNegative(pds, 'spec.progressDeadlineSeconds', errs);
    if (pds <= minReady)
      errs.push(
        fieldError.invalid(
          'spec.progressDeadlineSeconds',
          pds,
          'must be greater than minReadySeconds',
        ),
      );
  }
}

export function validateReplicaSet(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  nonNegative(getInt(spec, 'replicas', 'spec.replicas', errs), 'spec.replicas', errs);
  nonNegative(
    getInt(spec, 'minReadySeconds', 'spec.minReadySeconds', errs),
    'spec.minReadySeconds',
    errs,
  );
  const selector = validateSelector(spec, errs);
  validateTemplateForReplicaSet(
    getObject(spec, 'template', 'spec.template', errs),
    selector,
    'spec.template',
    'ReplicaSet',
    errs,
  );
}

/** Deployment and ReplicaSet updates: apps/v1 selectors are immutable. */
export function validateSelectorUpdate(obj: JsonObject, old: JsonObject, errs: Errs): void {
  const spec = obj['spec'] as JsonObject | undefined;
  const oldSpec = old['spec'] as JsonObject | undefined;
  immutable(spec?.['selector'], oldSpec?.['selector'], 'spec.selector', errs);
}

/** Status updates of Deployment and ReplicaSet: the counters must not be negative. */
export function validateReplicaStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  nonNegativeCounters(
    status,
    [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
      'fullyLabeledReplicas',
      'observedGeneration',
      'collisionCount',
    ],
    errs,
  );
  const replicas = typeof status?.['replicas'] === 'number' ? status['replicas'] : 0;
  for (const key of [
    'readyReplicas',
    'availableReplicas',
    'updatedReplicas',
    'fullyLabeledReplicas',
  ]) {
    const v = status?.[key];
    if (typeof v === 'number' && v > replicas)
      errs.push(fieldError.invalid(`status.${key}`, v, 'cannot be greater than status.replicas'));
  }
  const ready = status?.['readyReplicas'];
  const available = status?.['availableReplicas'];
  if (typeof ready === 'number' && typeof available === 'number' && available > ready)
    errs.push(
      fieldError.invalid(
        'status.availableReplicas',
        available,
        'cannot be greater than readyReplicas',
      ),
    );
}
