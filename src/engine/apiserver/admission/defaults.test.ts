import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { applyDefaults } from './defaults.ts';
import { imageTag } from './podDefaults.ts';

function obj(kind: string, apiVersion: string, rest: Record<string, unknown>): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, ...rest };
}

/** Test-only loose access into defaulted objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const bareSpec = () => ({ containers: [{ name: 'web', image: 'nginx' }] });

describe('Pod defaults', () => {
  it('gives a bare pod every scheme default', () => {
    const pod = obj('Pod', 'v1', { spec: bareSpec() });
    applyDefaults(pod);
    expect(pod['spec']).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx',
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
    });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/nginx', 'Always'],
    ['registry.local:5000/nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
  ])('image %s pulls %s', (image, policy) => {
    const pod = obj('Pod', 'v1', { spec: { containers: [{ name: 'c', image }] } });
    applyDefaults(pod);
    expect(
      (pod['spec'] as { containers: { imagePullPolicy: string }[] }).containers[0]!.imagePullPolicy,
    ).toBe(policy);
  });

  it('keeps what the user set and defaults ports, probes and volumes', () => {
    const pod = obj('Pod', 'v1', {
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'c',
            image: 'nginx:1.25',
            imagePullPolicy: 'Never',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
          },
        ],
        volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }],
      },
    });
    applyDefaults(pod);
    const spec = pod['spec'] as Loose;
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.containers[0].imagePullPolicy).toBe('Never');
    expect(spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(spec.containers[0].livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    // requests default to limits per resource, keeping the ones given
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    ]);
  });
});

describe('workload defaults', () => {
  it('Deployment', () => {
    const d = obj('Deployment', 'apps/v1', { spec: { template: { spec: bareSpec() } } });
    applyDefaults(d);
    const spec = d['spec'] as Loose;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.progressDeadlineSeconds).toBe(600);
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    // Pod-only defaults stay off templates
    expect(spec.template.spec.enableServiceLinks).toBeUndefined();
  });

  it('Recreate deployments get no rollingUpdate', () => {
    const d = obj('Deployment', 'apps/v1', { spec: { strategy: { type: 'Recreate' } } });
    applyDefaults(d);
    expect((d['spec'] as Loose).strategy).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet and DaemonSet', () => {
    const rs = obj('ReplicaSet', 'apps/v1', { spec: {} });
    applyDefaults(rs);
    expect((rs['spec'] as Loose).replicas).toBe(1);
    const ds = obj('DaemonSet', 'apps/v1', { spec: { template: { spec: bareSpec() } } });
    applyDefaults(ds);
    const spec = ds['spec'] as Loose;
    expect(spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(spec.revisionHistoryLimit).toBe(10);
  });

  it('Job: completions and parallelism 1, backoffLimit 6, and the template restartPolicy becomes Always', () => {
    const job = obj('Job', 'batch/v1', {
      spec: { template: { metadata: { labels: { app: 'x' } }, spec: bareSpec() } },
    });
    applyDefaults(job);
    const spec = job['spec'] as Loose;
    expect(spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(spec.manualSelector).toBeUndefined();
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(job.metadata.labels).toEqual({ app: 'x' });
  });

  it('Job with only parallelism leaves completions unset', () => {
    const job = obj('Job', 'batch/v1', { spec: { parallelism: 3 } });
    applyDefaults(job);
    expect((job['spec'] as Loose).completions).toBeUndefined();
  });
});

describe('Service defaults', () => {
  it('ClusterIP service', () => {
    const svc = obj('Service', 'v1', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    applyDefaults(svc);
    expect(svc['spec']).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });
  it('NodePort gets externalTrafficPolicy Cluster; LoadBalancer also allocateLoadBalancerNodePorts', () => {
    const np = obj('Service', 'v1', {
      spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] },
    });
    applyDefaults(np);
    expect(np['spec']).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      ports: [{ targetPort: 'http' }],
    });
    const lb = obj('Service', 'v1', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    applyDefaults(lb);
    expect(lb['spec']).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
    const cip = obj('Service', 'v1', { spec: { ports: [{ port: 80 }] } });
    applyDefaults(cip);
    expect((cip['spec'] as Record<string, unknown>)['externalTrafficPolicy']).toBeUndefined();
  });
});

describe('other kinds', () => {
  it('HPA: minReplicas 1 and the cpu 80% metric; behavior only when given', () => {
    const hpa = obj('HorizontalPodAutoscaler', 'autoscaling/v2', { spec: { maxReplicas: 5 } });
    applyDefaults(hpa);
    expect(hpa['spec']).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    });
    const withBehavior = obj('HorizontalPodAutoscaler', 'autoscaling/v2', {
      spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    applyDefaults(withBehavior);
    expect((withBehavior['spec'] as Record<string, unknown>)['behavior']).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });

  it('Namespace gets its metadata.name label', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };
    applyDefaults(ns);
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('Secret: type Opaque and stringData merged into data', () => {
    const s = obj('Secret', 'v1', { data: { a: 'eA==' }, stringData: { b: 'hello', a: 'ü' } });
    applyDefaults(s);
    expect(s['type']).toBe('Opaque');
    expect(s['data']).toEqual({ a: 'w7w=', b: 'aGVsbG8=' });
    expect(s['stringData']).toBeUndefined();
  });

  it('Node allocatable defaults to capacity', () => {
    const n: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      status: { capacity: { cpu: '4' } },
    };
    applyDefaults(n);
    expect(n['status']).toEqual({ capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
  });

  it('leaves malformed bodies for validation', () => {
    const d = obj('Deployment', 'apps/v1', { spec: 'oops' });
    expect(() => applyDefaults(d)).not.toThrow();
    expect(d['spec']).toBe('oops');
  });
});

describe('imageTag', () => {
  it('finds the tag the way ParseImageName does', () => {
    expect(imageTag('busybox')).toBe('latest');
    expect(imageTag('busybox:1.36')).toBe('1.36');
    expect(imageTag('a/b@sha256:00')).toBe('');
  });
});
