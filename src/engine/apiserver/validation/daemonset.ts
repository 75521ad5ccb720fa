/** apps/v1 DaemonSet validation (ValidateDaemonSet / ValidateDaemonSetSpec). */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from './apps.ts';
import {
  getInt,
  getIntOrString,
  getObject,
  getString,
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
import { templateLabels, validatePodTemplateSpec } from './podSpec.ts';

function validateUpdateStrategy(spec: JsonObject, errs: Errs): void {
  const path = 'spec.updateStrategy';
  const strategy = getObject(spec, 'updateStrategy', path, errs) ?? {};
  const type = getString(strategy, 'type', `${path}.type`, errs) ?? '';
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    errs.push(fieldError.notSupported(path, strategy, ['RollingUpdate', 'OnDelete']));
    return;
  }
  const p = `${path}.rollingUpdate`;
  const rolling = getObject(strategy, 'rollingUpdate', p, errs);
  if (!rolling) {
    errs.push(fieldError.required(p, ''));
    return;
  }
  const maxUnavailable = getIntOrString(rolling, 'maxUnavailable', `${p}.maxUnavailable`, errs);
  const maxSurge = getIntOrString(rolling, 'maxSurge', `${p}.maxSurge`, errs);
  validatePositiveIntOrPercent(maxUnavailable, `${p}.maxUnavailable`, errs);
  validatePositiveIntOrPercent(maxSurge, `${p}.maxSurge`, errs);
  notMoreThan100Percent(maxUnavailable, `${p}.maxUnavailable`, errs);
  notMoreThan100Percent(maxSurge, `${p}.maxSurge`, errs);
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge)
    errs.push(
      fieldError.invalid(
        `${p}.maxSurge`,
        maxSurge ?? 0,
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  else if (!hasUnavailable && !hasSurge)
    errs.push(fieldError.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
}

export function validateDaemonSet(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  const selector = getObject(spec, 'selector', 'spec.selector', errs);
  validateLabelSelector(selector, 'spec.selector', errs);
  const template = getObject(spec, 'template', 'spec.template', errs);
  const labels = templateLabels(template);
  // A missing selector selects nothing, so it never matches the template.
  if (!selectorMatches(selector, labels))
    errs.push(
      fieldError.invalid(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  if (selector && selectorIsEmpty(selector))
    errs.push(
      fieldError.invalid('spec.selector', selector, 'empty selector is invalid for daemonset'),
    );
  validatePodTemplateSpec(template, 'spec.template', errs);
  const podSpec = getObject(template, 'spec', 'spec.template.spec', errs);
  const restartPolicy =
    getString(podSpec, 'restartPolicy', 'spec.template.spec.restartPolicy', errs) ?? '';
  if (restartPolicy !== 'Always')
    errs.push(
      fieldError.notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']),
    );
  const ads = getInt(
    podSpec,
    'activeDeadlineSeconds',
    'spec.template.spec.activeDeadlineSeconds',
    errs,
    'int64',
  );
  if (ads !== undefined)
    errs.push(
      fieldError.invalid(
        'spec.template.spec.activeDeadlineSeconds',
        ads,
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  nonNegative(
    getInt(spec, 'minReadySeconds', 'spec.minReadySeconds', errs),
    'spec.minReadySeconds',
    errs,
  );
  validateUpdateStrategy(spec, errs);
  nonNegative(
    getInt(spec, 'revisionHistoryLimit', 'spec.revisionHistoryLimit', errs),
    'spec.revisionHistoryLimit',
    errs,
  );
}

/** ValidateDaemonSetStatus: every counter non-negative. */
export function validateDaemonSetStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  nonNegativeCounters(
    status,
    [
      'currentNumberScheduled',
      'numberMisscheduled',
      'desiredNumberScheduled',
      'numberReady',
      'observedGeneration',
      'updatedNumberScheduled',
      'numberAvailable',
      'numberUnavailable',
      'collisionCount',
    ],
    errs,
  );
}
