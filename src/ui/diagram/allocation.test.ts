import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../engine/index.ts';
import { nodeAllocation, percent, podRequests } from './allocation.ts';
import { formatCpu, formatMemory, integerValue, milliValue } from './quantity.ts';

function pod(spec: object, phase = 'Running'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec, status: { phase } };
}

const container = (cpu?: string, memory?: string, extra: object = {}) => ({
  name: 'c',
  image: 'nginx',
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...extra,
});

describe('quantities', () => {
  it('reads cpu as millicores and memory as bytes, rounding up', () => {
    expect(milliValue('250m')).toBe(250);
    expect(milliValue('0.5')).toBe(500);
    expect(milliValue('2')).toBe(2000);
    expect(milliValue(1)).toBe(1000);
    expect(milliValue('100u')).toBe(1);
    expect(integerValue('128Mi')).toBe(134217728);
    expect(integerValue('1G')).toBe(1e9);
    expect(integerValue('1e3')).toBe(1000);
    expect(integerValue('1.5Ki')).toBe(1536);
    expect(milliValue('nonsense')).toBe(0);
  });

  it('prints sums as kubectl does', () => {
    expect(formatCpu(250)).toBe('250m');
    expect(formatCpu(2000)).toBe('2');
    expect(formatMemory(134217728)).toBe('128Mi');
    expect(formatMemory(8 * 1024 ** 3)).toBe('8Gi');
    expect(formatMemory(0)).toBe('0');
  });
});

describe('allocated resources', () => {
  it('adds app containers and takes init containers at their peak', () => {
    const p = pod({
      initContainers: [container('1', '64Mi')],
      containers: [container('100m', '32Mi'), container('200m', '32Mi')],
    });
    // Containers: 300m and 64Mi; the init container needs 1 cpu alone, so cpu peaks at 1.
    expect(podRequests(p as never)).toEqual({ cpu: 1000, memory: 64 * 1024 ** 2 });
  });

  it('counts sidecars for the whole life of the pod, and overhead on top', () => {
    const p = pod({
      initContainers: [
        container('100m', undefined, { restartPolicy: 'Always' }),
        container('500m'),
      ],
      containers: [container('200m')],
      overhead: { cpu: '10m' },
    });
    // App: 200m + sidecar 100m = 300m; the second init container runs beside the sidecar: 600m.
    expect(podRequests(p as never).cpu).toBe(610);
  });

  it('sums the pods that have not terminated against allocatable', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1' },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
    };
    const pods = [
      pod({ containers: [container('250m', '128Mi')] }),
      pod({ containers: [container('250m', '128Mi')] }, 'Pending'),
      pod({ containers: [container('1', '1Gi')] }, 'Succeeded'),
      pod({ containers: [container()] }),
    ];
    const a = nodeAllocation(node, pods);
    expect(a).toEqual({
      requested: { cpu: 500, memory: 256 * 1024 ** 2 },
      allocatable: { cpu: 4000, memory: 8 * 1024 ** 3 },
    });
    expect(percent(a.requested.cpu, a.allocatable.cpu)).toBe(12);
    expect(percent(a.requested.memory, a.allocatable.memory)).toBe(3);
    expect(percent(1, 0)).toBe(0);
  });
});
