/** batch/v1 Job validation (pkg/apis/batch/validation). */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import {
  getBool,
  getInt,
  getObject,
  getString,
  immutable,
  nonNegative,
  metaOf,
  metaString,
} from './fields.ts';
import type { Errs } from './fields.ts';
import {
  selectorMatches,
  subdomainName,
  validateLabelSelector,
  validateObjectMeta,
} from './meta.ts';
import { templateLabels, validatePodTemplateSpec } from './podSpec.ts';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];

export function validateJob(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  validateJobSpec(spec, errs);
  validateGeneratedSelector(obj, spec, errs);
}

function validateJobSpec(spec: JsonObject, errs: Errs): void {
  for (const key of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    nonNegative(getInt(spec, key, `spec.${key}`, errs), `spec.${key}`, errs);
  nonNegative(
    getInt(spec, 'activeDeadlineSeconds', 'spec.activeDeadlineSeconds', errs, 'int64'),
    'spec.activeDeadlineSeconds',
    errs,
  );
  getBool(spec, 'suspend', 'spec.suspend', errs);
  const mode = getString(spec, 'completionMode', 'spec.completionMode', errs);
  if (mode !== undefined) {
    if (!COMPLETION_MODES.includes(mode))
      errs.push(fieldError.notSupported('spec.completionMode', mode, COMPLETION_MODES));
    if (mode === 'Indexed' && spec['completions'] === undefined)
      errs.push(fieldError.required('spec.completions', 'when completion mode is Indexed'));
  }
  const selector = getObject(spec, 'selector', 'spec.selector', errs);
  if (!selector) errs.push(fieldError.required('spec.selector', ''));
  else validateLabelSelector(selector, 'spec.selector', errs);
  const template = getObject(spec, 'template', 'spec.template', errs);
  const labels = templateLabels(template);
  if (selector && !selectorMatches(selector, labels))
    errs.push(
      fieldError.invalid(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  validatePodTemplateSpec(template, 'spec.template', errs);
  const podSpec = getObject(template, 'spec', 'spec.template.spec', errs);
  const restartPolicy =
    getString(podSpec, 'restartPolicy', 'spec.template.spec.restartPolicy', errs) ?? '';
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never')
    errs.push(
      fieldError.notSupported('spec.template.spec.restartPolicy', restartPolicy, [
        'OnFailure',
        'Never',
      ]),
    );
}

/** ValidateGeneratedSelector: unless manualSelector, the selector must be the one the strategy made. */
function validateGeneratedSelector(obj: JsonObject, spec: JsonObject, errs: Errs): void {
  if (spec['manualSelector'] === true || !isJsonObject(spec['selector'])) return;
  const uid = metaString(obj, 'uid');
  if (!uid) errs.push(fieldError.required('metadata.uid', ''));
  const template = isJsonObject(spec['template']) ? spec['template'] : undefined;
  const labels = templateLabels(template);
  const hasLabel = (key: string, expected: string): void => {
    const p = `spec.template.metadata.labels[${key}]`;
    if (!(key in labels)) errs.push(fieldError.required(p, expected));
    else if (labels[key] !== expected)
      errs.push(fieldError.invalid(p, labels, `must be '${expected}'`));
  };
  hasLabel(LEGACY_CONTROLLER_UID_LABEL, uid);
  hasLabel(LEGACY_JOB_NAME_LABEL, metaString(obj, 'name'));
  hasLabel(CONTROLLER_UID_LABEL, uid);
  hasLabel(JOB_NAME_LABEL, metaString(obj, 'name'));
  if (!selectorMatches(spec['selector'], { [CONTROLLER_UID_LABEL]: uid }))
    errs.push(
      fieldError.invalid('spec.selector', spec['selector'], '`selector` not auto-generated'),
    );
}

/** The pod template fields a suspended, never-started Job may still change. */
const SCHEDULING_DIRECTIVES = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'];

export function validateJobUpdate(obj: JsonObject, old: JsonObject, errs: Errs): void {
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  const oldSpec = isJsonObject(old['spec']) ? old['spec'] : {};
  validateJobSpec(spec, errs);
  const indexedElastic =
    spec['completionMode'] === 'Indexed' &&
    spec['completions'] === spec['parallelism'] &&
    oldSpec['completions'] === oldSpec['parallelism'];
  if (!indexedElastic)
    immutable(spec['completions'], oldSpec['completions'], 'spec.completions', errs);
  immutable(spec['selector'], oldSpec['selector'], 'spec.selector', errs);
  const oldStatus = isJsonObject(old['status']) ? old['status'] : {};
  const mutableScheduling = oldSpec['suspend'] === true && oldStatus['startTime'] === undefined;
  if (!mutableScheduling) {
    immutable(spec['template'], oldSpec['template'], 'spec.template', errs);
  } else {
    const strip = (t: unknown): unknown => {
      if (!isJsonObject(t)) return t;
      const podSpec = isJsonObject(t['spec']) ? { ...t['spec'] } : {};
      for (const key of SCHEDULING_DIRECTIVES) delete podSpec[key];
      const meta = isJsonObject(t['metadata'])
        ? { ...t['metadata'], labels: null, annotations: null }
        : {};
      return { ...t, spec: podSpec, metadata: meta };
    };
    immutable(strip(spec['template']), strip(oldSpec['template']), 'spec.template', errs);
  }
  immutable(spec['completionMode'], oldSpec['completionMode'], 'spec.completionMode', errs);
  immutable(spec['podFailurePolicy'], oldSpec['podFailurePolicy'], 'spec.podFailurePolicy', errs);
  immutable(
    spec['backoffLimitPerIndex'],
    oldSpec['backoffLimitPerIndex'],
    'spec.backoffLimitPerIndex',
    errs,
  );
}

export function validateJobStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  for (const key of ['active', 'succeeded', 'failed', 'ready', 'terminating'])
    nonNegative(getInt(status, key, `status.${key}`, errs), `status.${key}`, errs);
}
