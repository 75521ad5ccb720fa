import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { findResource } from '../../api/resources.ts';
import { applyDefaults } from './defaults.ts';
import { prepareJobForCreate } from './jobStrategy.ts';
import { runMutatingAdmission, serviceAccountLookup, validatingAdmission } from './plugins.ts';
import { podQOSClass, preparePodForCreate } from './podStrategy.ts';

const PODS = findResource('', 'pods')!;
const NODES = findResource('', 'nodes')!;
const DEPLOYMENTS = findResource('apps', 'deployments')!;

function pod(spec: Record<string, unknown> = {}): KubeObject {
  const p: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  };
  applyDefaults(p);
  return p;
}

const NOT_READY = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const UNREACHABLE = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

describe('runMutatingAdmission on pods', () => {
  it('sets the service account, priority and the default tolerations, and names each plugin', () => {
    const p = pod();
    expect(runMutatingAdmission(PODS, 'CREATE', p)).toEqual([
      'ServiceAccount',
      'Priority',
      'DefaultTolerationSeconds',
    ]);
    expect(p['spec']).toMatchObject({
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [NOT_READY, UNREACHABLE],
    });
  });

  it('keeps a pod own not-ready toleration and adds only the missing one', () => {
    const own = {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 30,
    };
    const p = pod({ tolerations: [own], serviceAccountName: 'builder' });
    runMutatingAdmission(PODS, 'CREATE', p);
    expect((p['spec'] as Record<string, unknown>)['tolerations']).toEqual([own, UNREACHABLE]);
    expect((p['spec'] as Record<string, unknown>)['serviceAccountName']).toBe('builder');
  });

  it('a toleration of every taint covers both', () => {
    const p = pod({ tolerations: [{ operator: 'Exists' }] });
    expect(runMutatingAdmission(PODS, 'CREATE', p)).not.toContain('DefaultTolerationSeconds');
  });

  it('NoSchedule tolerations do not count', () => {
    const p = pod({
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    runMutatingAdmission(PODS, 'CREATE', p);
    expect(((p['spec'] as Record<string, unknown>)['tolerations'] as unknown[]).length).toBe(3);
  });

  it('an unchanged update mutates nothing; other kinds are left alone', () => {
    const p = pod();
    runMutatingAdmission(PODS, 'CREATE', p);
    expect(runMutatingAdmission(PODS, 'UPDATE', p, p)).toEqual([]);
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {},
    };
    expect(runMutatingAdmission(DEPLOYMENTS, 'CREATE', d)).toEqual([]);
  });

  it('system priority classes resolve; unknown ones are denied', () => {
    const p = pod({ priorityClassName: 'system-node-critical' });
    runMutatingAdmission(PODS, 'CREATE', p);
    expect((p['spec'] as Record<string, unknown>)['priority']).toBe(2000001000);
    expect(validatingAdmission(PODS, 'CREATE', p)).toEqual([]);
    const q = pod({ priorityClassName: 'gold' });
    runMutatingAdmission(PODS, 'CREATE', q);
    expect(validatingAdmission(PODS, 'CREATE', q)).toEqual([
      { plugin: 'Priority', message: 'no PriorityClass with name gold was found' },
    ]);
  });

  it('service account lookup', () => {
    const p = pod();
    runMutatingAdmission(PODS, 'CREATE', p);
    expect(serviceAccountLookup(p, () => true)).toBeUndefined();
    expect(serviceAccountLookup(p, () => false)).toBe(
      'error looking up service account default/default: serviceaccount "default" not found',
    );
  });
});

describe('TaintNodesByCondition', () => {
  it('taints a new node not-ready:NoSchedule once', () => {
    const n: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    expect(runMutatingAdmission(NODES, 'CREATE', n)).toEqual(['TaintNodesByCondition']);
    expect(n['spec']).toEqual({
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
    });
    expect(runMutatingAdmission(NODES, 'CREATE', n)).toEqual([]);
    expect(runMutatingAdmission(NODES, 'UPDATE', { ...n, spec: {} }, n)).toEqual([]);
  });
});

describe('pod strategy', () => {
  const res = (requests?: JsonObject, limits?: JsonObject): JsonObject => ({
    name: 'c',
    image: 'i',
    resources: { requests, limits },
  });
  it.each([
    ['BestEffort', [res()]],
    ['Guaranteed', [res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]],
    ['Guaranteed', [res({ cpu: '1000m', memory: '1Gi' }, { cpu: '1', memory: '1024Mi' })]],
    ['Burstable', [res({ cpu: '500m' }, { cpu: '1', memory: '1Gi' })]],
    ['Burstable', [res({ cpu: '1' }, { cpu: '1' })]],
    ['Burstable', [res({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), res()]],
    ['BestEffort', [res({ cpu: '0' })]],
  ])('%s', (qos, containers) => {
    expect(podQOSClass({ containers })).toBe(qos);
  });

  it('a pod with only limits is Guaranteed once requests are defaulted', () => {
    const p = pod({
      containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    });
    preparePodForCreate(p);
    expect(p['status']).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });
});

describe('job strategy', () => {
  it('generates the selector and template labels from uid and name', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid: 'u-1' },
      spec: { template: { spec: {} } },
    };
    prepareJobForCreate(job);
    expect(job['spec']).toEqual({
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      template: {
        metadata: {
          labels: {
            'job-name': 'pi',
            'batch.kubernetes.io/job-name': 'pi',
            'controller-uid': 'u-1',
            'batch.kubernetes.io/controller-uid': 'u-1',
          },
        },
        spec: {},
      },
    });
  });
});
