import { describe, expect, it } from 'vitest';
import { nodeAffinityPreFilter } from '../nodeAffinityPreFilter.ts';
import { podInfo } from './fixtures.ts';
import { SchedulerCluster, podObject } from './helpers.ts';

type Req = { key: string; operator: string; values: string[] };
const named = (...values: string[]): Req => ({ key: 'metadata.name', operator: 'In', values });
const withTerms = (...terms: { matchFields?: Req[]; matchExpressions?: Req[] }[]) => ({
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  },
});

describe('NodeAffinity PreFilter (PreFilterResult.NodeNames)', () => {
  it('names the nodes of matchFields metadata.name In: intersected within a term, united across', () => {
    const pre = (spec: Record<string, unknown>) => nodeAffinityPreFilter(podInfo('p', { spec }));
    expect(pre(withTerms({ matchFields: [named('a', 'b'), named('b', 'c')] }))).toEqual({
      nodeNames: new Set(['b']),
      rejected: null,
    });
    expect(pre(withTerms({ matchFields: [named('a')] }, { matchFields: [named('c')] }))).toEqual({
      nodeNames: new Set(['a', 'c']),
      rejected: null,
    });
    // A term without a name requirement lets every node through (terms are ORed).
    const zone = { key: 'zone', operator: 'In', values: ['x'] };
    expect(
      pre(withTerms({ matchFields: [named('a')] }, { matchExpressions: [zone] })).nodeNames,
    ).toBeNull();
    expect(pre({}).nodeNames).toBeNull();
    // NotIn names no node to keep.
    const notIn = { key: 'metadata.name', operator: 'NotIn', values: ['a'] };
    expect(pre(withTerms({ matchFields: [notIn] })).nodeNames).toBeNull();
    expect(pre(withTerms({ matchFields: [named('a'), named('b')] })).rejected).toEqual({
      plugin: 'NodeAffinity',
      code: 'UnschedulableAndUnresolvable',
      reasons: ['pod affinity terms conflict'],
    });
  });

  it("counts a DaemonSet-style pod's other nodes as filtered out by the prefilter result", () => {
    const c = new SchedulerCluster();
    for (const n of ['worker-1', 'worker-2', 'worker-3']) c.addNode(n);
    const port = { containerPort: 80, hostPort: 80 };
    const withPort = (name: string, spec: Record<string, unknown>) => {
      const pod = podObject(name, { spec });
      const containers = (pod.spec as { containers: Record<string, unknown>[] }).containers;
      containers[0]!.ports = [port];
      return pod;
    };
    c.addPod(withPort('holder', { nodeName: 'worker-1' }));
    c.run(500);
    c.addPod(withPort('daemon', withTerms({ matchFields: [named('worker-1')] })));
    c.run(2000);
    // The event a v1.30 cluster records for this case (the PostFilter message ends the FitError's
    // own sentence, hence the two periods).
    const message =
      "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, " +
      '2 node is filtered out by the prefilter result. preemption: 0/3 nodes are available: ' +
      '1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..';
    const failed = c.events().filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => e.message)).toEqual([message]);
    expect(c.state.queue.unschedulablePods.get('default/daemon')?.unschedulablePlugins).toEqual([
      'NodePorts',
    ]);
  });

  it('rejects a pod whose name terms conflict in PreFilter, for every node', () => {
    const c = new SchedulerCluster();
    for (const n of ['worker-1', 'worker-2', 'worker-3']) c.addNode(n);
    const torn = withTerms({ matchFields: [named('worker-1'), named('worker-2')] });
    c.addPod(podObject('torn', { spec: torn }));
    c.run(2000);
    const failed = c.events().filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => e.message)).toEqual([
      '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are ' +
        'available: 3 Preemption is not helpful for scheduling..',
    ]);
  });
});
