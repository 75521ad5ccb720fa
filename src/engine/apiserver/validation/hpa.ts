/** autoscaling/v2 HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation). */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { parseQuantityExact } from '../../api/quantity.ts';
import { getInt, getObject, getObjectArray, getString, nonNegative, metaOf } from './fields.ts';
import type { Errs } from './fields.ts';
import { subdomainName, validateObjectMeta } from './meta.ts';
import { isDNS1123Label, isValidPathSegmentName } from './names.ts';

const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

function validateCrossVersionObjectReference(
  ref: JsonObject | undefined,
  path: string,
  errs: Errs,
): void {
  for (const key of ['kind', 'name']) {
    const v = getString(ref, key, `${path}.${key}`, errs) ?? '';
    if (!v) errs.push(fieldError.required(`${path}.${key}`, ''));
    else
      for (const msg of isValidPathSegmentName(v))
        errs.push(fieldError.invalid(`${path}.${key}`, v, msg));
  }
}

/** Reads a quantity in a metric target; returns its sign, or undefined when absent or malformed. */
function quantitySign(
  target: JsonObject,
  key: string,
  path: string,
  errs: Errs,
): number | undefined {
  const raw = target[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    errs.push(fieldError.typeInvalid(path, raw, 'quantities must be a string or a number'));
    return undefined;
  }
  const q = parseQuantityExact(raw);
  if ('error' in q) {
    errs.push(fieldError.typeInvalid(path, raw, q.error));
    return undefined;
  }
  return q.mantissa > 0n ? 1 : q.mantissa < 0n ? -1 : 0;
}

interface Target {
  utilization?: number;
  value?: number;
  averageValue?: number;
}

function validateMetricTarget(target: JsonObject | undefined, path: string, errs: Errs): Target {
  const t = target ?? {};
  const type = getString(t, 'type', `${path}.type`, errs) ?? '';
  if (!type) errs.push(fieldError.required(`${path}.type`, 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type))
    errs.push(
      fieldError.invalid(
        `${path}.type`,
        type,
        'must be either Utilization, Value, or AverageValue',
      ),
    );
  const value = quantitySign(t, 'value', `${path}.value`, errs);
  if (value !== undefined && value !== 1)
    errs.push(fieldError.invalid(`${path}.value`, t['value'], 'must be positive'));
  const averageValue = quantitySign(t, 'averageValue', `${path}.averageValue`, errs);
  if (averageValue !== undefined && averageValue !== 1)
    errs.push(fieldError.invalid(`${path}.averageValue`, t['averageValue'], 'must be positive'));
  const utilization = getInt(t, 'averageUtilization', `${path}.averageUtilization`, errs);
  if (utilization !== undefined && utilization < 1)
    errs.push(
      fieldError.invalid(`${path}.averageUtilization`, utilization, 'must be greater than 0'),
    );
  return { utilization, value, averageValue };
}

function validateMetricName(metric: JsonObject | undefined, path: string, errs: Errs): void {
  const name = getString(metric, 'name', `${path}.name`, errs) ?? '';
  if (!name) errs.push(fieldError.required(`${path}.name`, 'must specify a metric name'));
  else
    for (const msg of isValidPathSegmentName(name))
      errs.push(fieldError.invalid(`${path}.name`, name, msg));
}

function validateSource(kind: string, src: JsonObject, path: string, errs: Errs): void {
  const targetPath = `${path}.target`;
  if (kind === 'Resource' || kind === 'ContainerResource') {
    if (!getString(src, 'name', `${path}.name`, errs))
      errs.push(fieldError.required(`${path}.name`, 'must specify a resource name'));
    if (kind === 'ContainerResource') {
      const c = getString(src, 'container', `${path}.container`, errs) ?? '';
      if (!c) errs.push(fieldError.required(`${path}.container`, 'must specify a container'));
      else
        for (const msg of isDNS1123Label(c))
          errs.push(fieldError.invalid(`${path}.container`, c, msg));
    }
    const t = validateMetricTarget(getObject(src, 'target', targetPath, errs), targetPath, errs);
    if (t.utilization === undefined && t.averageValue === undefined)
      errs.push(
        fieldError.required(
          `${targetPath}.averageUtilization`,
          'must set either a target raw value or a target utilization',
        ),
      );
    if (t.utilization !== undefined && t.averageValue !== undefined)
      errs.push(
        fieldError.forbidden(
          `${targetPath}.averageValue`,
          'may not set both a target raw value and a target utilization',
        ),
      );
    return;
  }
  if (kind === 'Object') {
    validateCrossVersionObjectReference(
      getObject(src, 'describedObject', `${path}.describedObject`, errs),
      `${path}.describedObject`,
      errs,
    );
  }
  validateMetricName(getObject(src, 'metric', `${path}.metric`, errs), `${path}.metric`, errs);
  const t = validateMetricTarget(getObject(src, 'target', targetPath, errs), targetPath, errs);
  if (kind === 'Pods' && t.averageValue === undefined)
    errs.push(
      fieldError.required(
        `${targetPath}.averageValue`,
        'must specify a positive target averageValue',
      ),
    );
  if (kind === 'Object' && t.value === undefined && t.averageValue === undefined)
    errs.push(
      fieldError.required(
        `${targetPath}.averageValue`,
        'must set either a target value or averageValue',
      ),
    );
  if (kind === 'External') {
    if (t.value === undefined && t.averageValue === undefined)
      errs.push(
        fieldError.required(
          `${targetPath}.averageValue`,
          'must set either a target value for metric or a per-pod target',
        ),
      );
    if (t.value !== undefined && t.averageValue !== undefined)
      errs.push(
        fieldError.forbidden(
          `${targetPath}.value`,
          'may not set both a target value for metric and a per-pod target',
        ),
      );
  }
}

function validateMetricSpec(spec: JsonObject, path: string, errs: Errs): void {
  const type = getString(spec, 'type', `${path}.type`, errs) ?? '';
  if (!type) errs.push(fieldError.required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type))
    errs.push(fieldError.notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  const present: [string, JsonObject][] = [];
  for (const [kind, key] of Object.entries(SOURCE_FIELD)) {
    const src = getObject(spec, key, `${path}.${key}`, errs);
    if (src) present.push([kind, src]);
  }
  const first = present[0];
  if (first) validateSource(first[0], first[1], `${path}.${SOURCE_FIELD[first[0]]}`, errs);
  const expected = SOURCE_FIELD[type];
  if (expected && !present.some(([kind]) => kind === type))
    errs.push(
      fieldError.required(
        `${path}.${expected}`,
        'must populate information for the given metric source',
      ),
    );
  if (!expected && type)
    errs.push(fieldError.notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  if (present.length !== 1)
    for (const [kind] of present)
      if (SOURCE_FIELD[kind] !== expected)
        errs.push(
          fieldError.forbidden(
            `${path}.${SOURCE_FIELD[kind]}`,
            'must populate the given metric source only',
          ),
        );
}

function validateScalingRules(rules: JsonObject | undefined, path: string, errs: Errs): void {
  if (!rules) return;
  const window = getInt(
    rules,
    'stabilizationWindowSeconds',
    `${path}.stabilizationWindowSeconds`,
    errs,
  );
  if (window !== undefined && window < 0)
    errs.push(
      fieldError.invalid(
        `${path}.stabilizationWindowSeconds`,
        window,
        'must be greater than or equal to zero',
      ),
    );
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    errs.push(
      fieldError.invalid(
        `${path}.stabilizationWindowSeconds`,
        window,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    );
  const select = getString(rules, 'selectPolicy', `${path}.selectPolicy`, errs);
  if (select !== undefined && !['Disabled', 'Max', 'Min'].includes(select))
    errs.push(fieldError.notSupported(`${path}.selectPolicy`, select, ['Disabled', 'Max', 'Min']));
  const policies = getObjectArray(rules, 'policies', `${path}.policies`, errs);
  if (policies.length === 0)
    errs.push(fieldError.required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((policy, i) => {
    const p = `${path}.policies[${i}]`;
    const type = getString(policy, 'type', `${p}.type`, errs) ?? '';
    if (type !== 'Pods' && type !== 'Percent')
      errs.push(fieldError.notSupported(`${p}.type`, type, ['Percent', 'Pods']));
    const value = getInt(policy, 'value', `${p}.value`, errs) ?? 0;
    if (value <= 0) errs.push(fieldError.invalid(`${p}.value`, value, 'must be greater than zero'));
    const period = getInt(policy, 'periodSeconds', `${p}.periodSeconds`, errs) ?? 0;
    if (period <= 0)
      errs.push(fieldError.invalid(`${p}.periodSeconds`, period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS)
      errs.push(
        fieldError.invalid(
          `${p}.periodSeconds`,
          period,
          `must be less than or equal to ${MAX_PERIOD_SECONDS}`,
        ),
      );
  });
}

/** `minReplicasLowerBound` is 1 unless the object already had minReplicas 0 (HPAScaleToZero is off). */
export function validateHPA(obj: JsonObject, errs: Errs, minReplicasLowerBound = 1): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  const min = getInt(spec, 'minReplicas', 'spec.minReplicas', errs);
  const max = getInt(spec, 'maxReplicas', 'spec.maxReplicas', errs) ?? 0;
  if (min !== undefined && min < minReplicasLowerBound)
    errs.push(
      fieldError.invalid(
        'spec.minReplicas',
        min,
        `must be greater than or equal to ${minReplicasLowerBound}`,
      ),
    );
  if (max < 1) errs.push(fieldError.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(
      fieldError.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'),
    );
  validateCrossVersionObjectReference(
    getObject(spec, 'scaleTargetRef', 'spec.scaleTargetRef', errs),
    'spec.scaleTargetRef',
    errs,
  );
  const metrics = getObjectArray(spec, 'metrics', 'spec.metrics', errs);
  metrics.forEach((m, i) => {
    if (m) validateMetricSpec(m, `spec.metrics[${i}]`, errs);
  });
  if (min === 0 && !metrics.some((m) => m?.['type'] === 'Object' || m?.['type'] === 'External'))
    errs.push(
      fieldError.forbidden(
        'spec.metrics',
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  const behavior = getObject(spec, 'behavior', 'spec.behavior', errs);
  validateScalingRules(
    getObject(behavior, 'scaleUp', 'spec.behavior.scaleUp', errs),
    'spec.behavior.scaleUp',
    errs,
  );
  validateScalingRules(
    getObject(behavior, 'scaleDown', 'spec.behavior.scaleDown', errs),
    'spec.behavior.scaleDown',
    errs,
  );
}

export function validateHPAStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  nonNegative(
    getInt(status, 'currentReplicas', 'status.currentReplicas', errs),
    'status.currentReplicas',
    errs,
  );
  nonNegative(
    getInt(status, 'desiredReplicas', 'status.desiredReplicas', errs),
    'status.desiredReplicas',
    errs,
  );
}
