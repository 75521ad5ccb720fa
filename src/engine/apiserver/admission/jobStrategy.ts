/**
 * The Job registry strategy's PrepareForCreate: unless spec.manualSelector is true, the selector
 * is generated from the Job's uid and the template gets the matching labels (generateSelector).
 * It needs metadata.uid and metadata.name, so call it after those are filled in.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { child } from './podDefaults.ts';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/** generateSelector: labels the user already set are kept (validation reports a conflict). */
export function prepareJobForCreate(job: KubeObject): void {
  const obj = job as unknown as JsonObject;
  const spec = child(obj, 'spec');
  if (!spec || spec['manualSelector'] === true) return;
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  const template = child(spec, 'template');
  const meta = template && child(template, 'metadata');
  const labels = meta && child(meta, 'labels');
  if (labels) {
    for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL])
      if (!(key in labels)) labels[key] = name;
    for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL])
      if (!(key in labels)) labels[key] = uid;
  }
  const selector = child(spec, 'selector');
  const matchLabels = selector && child(selector, 'matchLabels');
  if (matchLabels && !(CONTROLLER_UID_LABEL in matchLabels))
    matchLabels[CONTROLLER_UID_LABEL] = uid;
}
