import { describe, expect, it } from 'vitest';
import { newCache, setNode, setPod } from '../cache.ts';
import {
  findNodesThatPassFilters,
  fitErrorMessage,
  numFeasibleNodesToFind,
  runFilters,
  runPreFilter,
} from '../filterPass.ts';
import type { NodeInfo, PodInfo } from '../types.ts';
import { nodeObject, type NodeSpec } from './helpers.ts';
import { nodeInfo, podInfo } from './fixtures.ts';

function rejects(p: PodInfo, n: NodeInfo, all: NodeInfo[] = [n]) {
  const s = runFilters(runPreFilter(p, all, new Map()), p, n);
  return s && { plugin: s.plugin, code: s.code, reasons: s.reasons };
}

describe('filter plugins reject with the real reasons', () => {
  it('NodeUnschedulable', () => {
    const n = nodeInfo('n', { unschedulable: true });
    expect(rejects(podInfo('p'), n)).toEqual({
      plugin: 'NodeUnschedulable',
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) were unschedulable'],
    });
    const tolerant = podInfo('t', {
      spec: {
        tolerations: [
          { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    });
    expect(rejects(tolerant, n)).toBeNull();
  });

  it('TaintToleration names the first untolerated NoSchedule or NoExecute taint', () => {
    const n = nodeInfo('n', {
      taints: [
        { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      ],
    });
    expect(rejects(podInfo('p'), n)?.reasons).toEqual([
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    ]);
    const m = nodeInfo('m', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] });
    expect(rejects(podInfo('p'), m)?.reasons).toEqual([
      'node(s) had untolerated taint {dedicated: gpu}',
    ]);
    const ok = podInfo('q', {
      spec: { tolerations: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] },
    });
    expect(rejects(ok, m)).toBeNull();
  });

  it('NodeAffinity: nodeSelector and required terms', () => {
    const n = nodeInfo('n', { labels: { disk: 'hdd' } });
    const bySelector = podInfo('p', { spec: { nodeSelector: { disk: 'ssd' } } });
    expect(rejects(bySelector, n)).toEqual({
      plugin: 'NodeAffinity',
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
    const byTerm = podInfo('q', {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] },
              ],
            },
          },
        },
      },
    });
    expect(rejects(byTerm, n)?.plugin).toBe('NodeAffinity');
    expect(rejects(byTerm, nodeInfo('m', { labels: { disk: 'ssd' } }))).toBeNull();
  });

  it('NodePorts', () => {
    const ports = (hostPort: number, hostIP?: string) => ({
      containers: [
        {
          name: 'c',
          image: 'x',
          ports: [{ containerPort: 80, hostPort, ...(hostIP ? { hostIP } : {}) }],
        },
      ],
    });
    const n = nodeInfo('n', {}, [podInfo('a', { spec: ports(8080, '10.0.0.1') })]);
    expect(rejects(podInfo('p', { spec: ports(8080) }), n)).toEqual({
      plugin: 'NodePorts',
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
    expect(rejects(podInfo('q', { spec: ports(8080, '10.0.0.2') }), n)).toBeNull();
    expect(rejects(podInfo('r', { spec: ports(9090) }), n)).toBeNull();
  });

  it('NodeResourcesFit lists every insufficient resource, counting init containers as Kubernetes does', () => {
    const n = nodeInfo('n', { cpu: '2', memory: '1Gi', pods: '1' }, [
      podInfo('a', { cpu: '1500m' }),
    ]);
    expect(rejects(podInfo('p', { cpu: '1', memory: '2Gi' }), n)).toEqual({
      plugin: 'NodeResourcesFit',
      code: 'Unschedulable',
      reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'],
    });
    const m = nodeInfo('m', { cpu: '2', memory: '4Gi' });
    // max(sum of app containers 500m, largest init container 3) = 3 cpu: too much.
    const init = podInfo('i', {
      cpu: '500m',
      spec: {
        initContainers: [{ name: 'init', image: 'x', resources: { requests: { cpu: '3' } } }],
      },
    });
    expect(rejects(init, m)?.reasons).toEqual(['Insufficient cpu']);
  });

  it('PodTopologySpread: skew over maxSkew, and nodes without the topology key', () => {
    const cache = newCache();
    const add = (name: string, s: NodeSpec) => setNode(cache, nodeObject(name, s));
    const a = add('a', { labels: { zone: 'z1' } });
    const b = add('b', { labels: { zone: 'z2' } });
    const c = add('c', {});
    for (const i of [1, 2])
      setPod(cache, { ...podInfo(`w${i}`, { labels: { app: 'web' } }), nodeName: 'a' });
    const p = podInfo('p', {
      labels: { app: 'web' },
      spec: {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'web' } },
          },
        ],
      },
    });
    const all = [a, b, c];
    expect(rejects(p, a, all)).toEqual({
      plugin: 'PodTopologySpread',
      code: 'Unschedulable',
      reasons: ["node(s) didn't match pod topology spread constraints"],
    });
    expect(rejects(p, b, all)).toBeNull();
    expect(rejects(p, c, all)).toEqual({
      plugin: 'PodTopologySpread',
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"],
    });
  });

  it('InterPodAffinity: anti-affinity, affinity, and the existing pods anti-affinity', () => {
    const cache = newCache();
    const a = setNode(cache, nodeObject('a'));
    const b = setNode(cache, nodeObject('b'));
    setPod(cache, { ...podInfo('db', { labels: { app: 'db' } }), nodeName: 'a' });
    const term = {
      labelSelector: { matchLabels: { app: 'db' } },
      topologyKey: 'kubernetes.io/hostname',
    };
    const anti = podInfo('p', {
      spec: {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } },
      },
    });
    expect(rejects(anti, a, [a, b])).toEqual({
      plugin: 'InterPodAffinity',
      code: 'Unschedulable',
      reasons: ["node(s) didn't match pod anti-affinity rules"],
    });
    expect(rejects(anti, b, [a, b])).toBeNull();
    const aff = podInfo('q', {
      spec: {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } },
      },
    });
    expect(rejects(aff, b, [a, b])).toEqual({
      plugin: 'InterPodAffinity',
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match pod affinity rules"],
    });
    expect(rejects(aff, a, [a, b])).toBeNull();
    // A placed pod that repels app=web keeps web pods off its node.
    const repel = {
      labelSelector: { matchLabels: { app: 'web' } },
      topologyKey: 'kubernetes.io/hostname',
    };
    setPod(cache, {
      ...podInfo('guard', {
        spec: {
          affinity: {
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [repel] },
          },
        },
      }),
      nodeName: 'b',
    });
    expect(rejects(podInfo('web', { labels: { app: 'web' } }), b, [a, b])?.reasons).toEqual([
      "node(s) didn't satisfy existing pods anti-affinity rules",
    ]);
  });
});

describe('the filter pass', () => {
  it('numFeasibleNodesToFind: all below 100 nodes, then 50% - n/125 (at least 5%, at least 100)', () => {
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 200)).toBe(100);
    expect(numFeasibleNodesToFind(0, 6000)).toBe(300);
    expect(numFeasibleNodesToFind(10, 5000)).toBe(500);
  });

  it('stops at enough feasible nodes and rotates the start index', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => nodeInfo(`n${i}`));
    const p = podInfo('p');
    const pre = runPreFilter(p, nodes, new Map());
    const first = findNodesThatPassFilters(pre, p, nodes, 0, 0);
    // 300 nodes: 50 - 300/125 = 48% -> 144 nodes, checked from the start index on.
    expect(first.feasible.length).toBe(144);
    expect(first.feasible[0]!.name).toBe('n0');
    expect(first.nextStartNodeIndex).toBe(144);
    const second = findNodesThatPassFilters(pre, p, nodes, 0, first.nextStartNodeIndex);
    expect(second.feasible[0]!.name).toBe('n144');
    const third = findNodesThatPassFilters(pre, p, nodes, 0, 288);
    expect(third.feasible.map((n) => n.name).slice(11, 13)).toEqual(['n299', 'n0']);
    expect(third.nextStartNodeIndex).toBe(132);
  });

  it('FitError message: reason counts sorted as strings, then the PostFilter message', () => {
    const taint = {
      plugin: 'TaintToleration',
      code: 'UnschedulableAndUnresolvable' as const,
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    };
    const cpu = {
      plugin: 'NodeResourcesFit',
      code: 'Unschedulable' as const,
      reasons: ['Insufficient cpu'],
    };
    expect(fitErrorMessage(3, [cpu, taint, cpu], 'preemption: x')).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: x.',
    );
    const many = Array.from({ length: 10 }, () => cpu);
    expect(fitErrorMessage(12, [...many, taint, taint], '')).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.',
    );
  });
});
