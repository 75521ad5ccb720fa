import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../api/fieldErrors.ts';
import type { KubeObject } from '../../api/objects.ts';
import { findResource } from '../../api/resources.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { deepCopy } from '../../../shared/json.ts';
import { applyDefaults } from '../admission/defaults.ts';
import { prepareJobForCreate } from '../admission/jobStrategy.ts';
import { validateCreate, validateUpdate } from './index.ts';

const DEPLOYMENTS = findResource('apps', 'deployments')!;
const REPLICASETS = findResource('apps', 'replicasets')!;
const DAEMONSETS = findResource('apps', 'daemonsets')!;
const JOBS = findResource('batch', 'jobs')!;

const template = (
  labels: Record<string, string> = { app: 'web' },
  spec: Record<string, unknown> = {},
) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

function workload(info: ResourceInfo, spec: Record<string, unknown>): KubeObject {
  const o: KubeObject = {
    apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
    kind: info.kind,
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', resourceVersion: '7' },
    spec,
  };
  applyDefaults(o);
  if (info.kind === 'Job') prepareJobForCreate(o);
  return o;
}

const create = (info: ResourceInfo, spec: Record<string, unknown>) =>
  validateCreate(info, workload(info, spec)).map(formatFieldError);

const deploy = (over: Record<string, unknown> = {}) => ({
  selector: { matchLabels: { app: 'web' } },
  template: template(),
  ...over,
});

describe('Deployment', () => {
  it('accepts a defaulted deployment', () => {
    expect(create(DEPLOYMENTS, deploy())).toEqual([]);
  });

  it('matches the template against matchExpressions as a label selector does', () => {
    const expr = (operator: string, values?: string[]) => ({
      selector: { matchExpressions: [{ key: 'app', operator, ...(values ? { values } : {}) }] },
    });
    expect(create(DEPLOYMENTS, deploy(expr('In', ['api', 'web'])))).toEqual([]);
    expect(create(DEPLOYMENTS, deploy(expr('Exists')))).toEqual([]);
    expect(create(DEPLOYMENTS, deploy(expr('NotIn', ['web'])))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('replicas >= 0', () => {
    expect(create(DEPLOYMENTS, deploy({ replicas: -1 }))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('replicas of the wrong type is a decode error', () => {
    expect(create(DEPLOYMENTS, deploy({ replicas: 'three' }))).toEqual([
      'spec.replicas: Invalid value: "three": cannot unmarshal string into Go value of type int32',
    ]);
  });

  it('selector is required and must match the template', () => {
    expect(create(DEPLOYMENTS, deploy({ selector: undefined }))).toEqual([
      'spec.selector: Required value',
    ]);
    expect(create(DEPLOYMENTS, deploy({ selector: { matchLabels: { app: 'api' } } }))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(create(DEPLOYMENTS, deploy({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });

  it('template restartPolicy must be Always', () => {
    expect(
      create(
        DEPLOYMENTS,
        deploy({ template: template({ app: 'web' }, { restartPolicy: 'Never' }) }),
      ),
    ).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('rolling update parameters', () => {
    const ru = (rollingUpdate: Record<string, unknown>) =>
      deploy({ strategy: { type: 'RollingUpdate', rollingUpdate } });
    expect(create(DEPLOYMENTS, ru({ maxSurge: 0, maxUnavailable: 0 }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    expect(create(DEPLOYMENTS, ru({ maxUnavailable: '110%' }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%',
    ]);
    expect(create(DEPLOYMENTS, ru({ maxSurge: 'lots' }))).toEqual([
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: "lots": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ]);
    expect(create(DEPLOYMENTS, ru({ maxSurge: -1 }))).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('revisionHistoryLimit and progressDeadlineSeconds', () => {
    expect(create(DEPLOYMENTS, deploy({ revisionHistoryLimit: -2 }))).toEqual([
      'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
    expect(
      create(DEPLOYMENTS, deploy({ minReadySeconds: 30, progressDeadlineSeconds: 30 })),
    ).toEqual([
      'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
    ]);
  });

  it('the selector is immutable on update; replicas may change', () => {
    const old = workload(DEPLOYMENTS, deploy());
    const scaled = deepCopy(old);
    (scaled['spec'] as { replicas: number }).replicas = 5;
    expect(validateUpdate(DEPLOYMENTS, scaled, old)).toEqual([]);
    const moved = workload(
      DEPLOYMENTS,
      deploy({
        selector: { matchLabels: { app: 'web', tier: 'x' } },
        template: template({ app: 'web', tier: 'x' }),
      }),
    );
    expect(validateUpdate(DEPLOYMENTS, moved, old).map(formatFieldError)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    ]);
  });

  it('status updates: counters non-negative and bounded by replicas', () => {
    const old = workload(DEPLOYMENTS, deploy());
    const next = deepCopy(old);
    next['status'] = { replicas: 1, readyReplicas: 2, availableReplicas: -1 };
    expect(validateUpdate(DEPLOYMENTS, next, old, 'status').map(formatFieldError)).toEqual([
      'status.availableReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ]);
  });
});

describe('ReplicaSet', () => {
  it('shares the deployment rules (including the message naming deployments)', () => {
    expect(create(REPLICASETS, deploy())).toEqual([]);
    expect(create(REPLICASETS, deploy({ replicas: -3, selector: {} }))).toEqual([
      'spec.replicas: Invalid value: -3: must be greater than or equal to 0',
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ]);
  });
});

describe('DaemonSet', () => {
  it('accepts a defaulted daemonset', () => {
    expect(create(DAEMONSETS, deploy())).toEqual([]);
  });
  it('a missing selector matches nothing', () => {
    expect(create(DAEMONSETS, deploy({ selector: undefined }))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });
  it('rolling update: exactly one of maxSurge and maxUnavailable', () => {
    const ds = (rollingUpdate: Record<string, unknown>) =>
      deploy({ updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
    expect(create(DAEMONSETS, ds({ maxUnavailable: 0, maxSurge: 0 }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
    expect(create(DAEMONSETS, ds({ maxUnavailable: 1, maxSurge: 1 }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ]);
  });
});

describe('Job', () => {
  const job = (over: Record<string, unknown> = {}) => ({
    template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } },
    ...over,
  });

  it('accepts a job with a generated selector', () => {
    expect(create(JOBS, job())).toEqual([]);
  });

  it('restartPolicy defaults to Always, which a Job rejects', () => {
    expect(
      create(JOBS, { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }),
    ).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('counts are non-negative', () => {
    expect(create(JOBS, job({ parallelism: -1, completions: -2, backoffLimit: -3 }))).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -2: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0',
    ]);
  });

  it('a hand-written selector needs manualSelector', () => {
    const errs = create(JOBS, job({ selector: { matchLabels: { app: 'pi' } } }));
    expect(errs).toContain(
      'spec.selector: Invalid value: {"matchLabels":{"app":"pi","batch.kubernetes.io/controller-uid":"uid-1"}}: `selector` not auto-generated',
    );
  });

  it('template and selector are immutable', () => {
    const old = workload(JOBS, job());
    const next = deepCopy(old);
    const spec = next['spec'] as {
      template: { spec: { containers: { image: string }[] } };
      parallelism: number;
    };
    spec.parallelism = 3;
    expect(validateUpdate(JOBS, next, old)).toEqual([]);
    spec.template.spec.containers[0]!.image = 'perl:5';
    const [msg] = validateUpdate(JOBS, next, old).map(formatFieldError);
    expect(msg).toMatch(/^spec\.template: Invalid value: \{.*\}: field is immutable$/);
  });
});
