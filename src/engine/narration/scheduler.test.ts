import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, message, podObject } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';
import type { DecisionRecord } from '../scheduler/index.ts';

const podAdded: Payload = {
  kind: 'api.watch',
  watchId: 'kube-scheduler#3',
  type: 'ADDED',
  object: podObject('web-x'),
};

/** node-3 lacks CPU; node-1 and node-2 are scored and node-1 wins 187 to 161. */
function decision(at: number): DecisionRecord {
  return {
    pod: 'default/web-x',
    uid: 'uid-web-x',
    cycle: 4,
    attempt: 1,
    at,
    numAllNodes: 3,
    startIndex: 0,
    numNodesToFind: 3,
    evaluated: 3,
    feasible: 2,
    rejected: [{ node: 'node-3', plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] }],
    rejectedTruncated: 0,
    scorePlugins: [
      { name: 'NodeResourcesFit', weight: 1 },
      { name: 'PodTopologySpread', weight: 2 },
    ],
    skippedScorePlugins: [],
    scored: {
      nodes: ['node-1', 'node-2'],
      totals: [187, 161],
      raw: [
        [87, 61],
        [0, 0],
      ],
      normalized: [
        [87, 61],
        [50, 50],
      ],
    },
    scoredTruncated: 0,
    winner: 'node-1',
    tied: ['node-1'],
    outcome: 'binding',
    message: '',
    summary:
      'filtered 3 nodes (node-3: Insufficient cpu); scored 2; node-1 won 187 to 161; binding',
  };
}

const bindNote =
  'scheduleOne default/web-x: filtered 3 nodes (node-3: Insufficient cpu); scored 2; node-1 won 187 to 161; binding';

describe('the scheduler', () => {
  it('tells the decision and shows the filter and score table', () => {
    const e = delivered('kube-apiserver', 'kube-scheduler', podAdded, { notes: [bindNote] });
    const n = narrate(e, podAdded, contextOf({ decision: decision(e.deliverAt) }));
    expect(n.actor).toBe('kube-scheduler');
    expect(n.headline).toBe(
      'The scheduler picks node-1 for pod default/web-x and asks the apiserver to bind it.',
    );
    expect(n.title).toBe('The scheduler binds pod default/web-x to node-1');
    expect(n.details![0]).toContain('with no spec.nodeName');
    expect(n.details![1]).toBe(
      'It filtered 3 nodes (node-3: Insufficient cpu) and scored the other 2; node-1 won 187 to 161.',
    );
    expect(n.details![2]).toContain('DefaultBinder');
    const t = n.table!;
    expect(t.pod).toBe('default/web-x');
    expect(t.scorePlugins.map((p) => p.name)).toEqual(['NodeResourcesFit', 'PodTopologySpread']);
    expect(t.rows.map((r) => [r.node, r.filter, r.total, r.winner])).toEqual([
      ['node-1', 'passed', 187, true],
      ['node-2', 'passed', 161, false],
      ['node-3', 'rejected', undefined, false],
    ]);
    expect(t.rows[0]!.scores).toEqual([
      { plugin: 'NodeResourcesFit', raw: 87, normalized: 87, weighted: 87 },
      { plugin: 'PodTopologySpread', raw: 0, normalized: 50, weighted: 100 },
    ]);
    expect(t.rows[2]).toMatchObject({ plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] });
  });

  it('uses only the record of this attempt, and the note without one', () => {
    const e = delivered('kube-apiserver', 'kube-scheduler', podAdded, { notes: [bindNote] });
    const later = narrate(e, podAdded, contextOf({ decision: decision(e.deliverAt + 5000) }));
    expect(later.table).toBeUndefined();
    expect(later.headline).toBe(
      'The scheduler picks node-1 for pod default/web-x and asks the apiserver to bind it.',
    );
    expect(later.details![1]).toBe(
      'scheduleOne: filtered 3 nodes (node-3: Insufficient cpu); scored 2; node-1 won 187 to 161; binding.',
    );
  });

  it('explains a pod that fits nowhere', () => {
    const note =
      'scheduleOne default/web-x: filtered 3 nodes (node-1: Insufficient cpu; node-2: Insufficient cpu; node-3: Insufficient cpu); 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const n = narrate(
      delivered('kube-apiserver', 'kube-scheduler', podAdded, { notes: [note] }),
      podAdded,
    );
    expect(n.headline).toBe(
      'The scheduler finds no node for pod default/web-x: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    expect(n.details!.join(' ')).toContain('PodScheduled condition to False');
    expect(n.title).toBe('The scheduler cannot place pod default/web-x');
  });

  it('confirms a binding and the Scheduled event', () => {
    const bind: Payload = {
      kind: 'api.request',
      method: 'POST',
      path: '/api/v1/namespaces/default/pods/web-x/binding',
      body: { target: { kind: 'Node', name: 'node-1' } },
    };
    const ok: Payload = {
      kind: 'api.response',
      inReplyTo: 'kube-scheduler#7',
      code: 201,
      body: {},
    };
    const event: Payload = {
      kind: 'api.request',
      method: 'POST',
      path: '/api/v1/namespaces/default/events',
      body: { reason: 'Scheduled', message: 'Successfully assigned default/web-x to node-1' },
    };
    const n = narrate(
      delivered('kube-apiserver', 'kube-scheduler', ok),
      ok,
      contextOf({
        messages: { 'kube-scheduler#7': bind },
        sent: [message('kube-scheduler', 'kube-apiserver', event)],
      }),
    );
    expect(n.headline).toBe(
      'The apiserver confirms the binding of pod default/web-x; the scheduler records a Scheduled event: "Successfully assigned default/web-x to node-1".',
    );
  });

  it('says what a pod change does to the scheduling queue', () => {
    const n = narrate(
      delivered(
        'kube-apiserver',
        'kube-scheduler',
        { ...podAdded, type: 'DELETED' },
        {
          notes: ['AssignedPodDelete default/web-y: moved 2 unschedulable pod(s)'],
        },
      ),
      { ...podAdded, type: 'DELETED' },
    );
    expect(n.headline).toBe("The scheduler's informer hears that pod default/web-x was deleted.");
    expect(n.details!.at(-1)).toContain('MoveAllToActiveOrBackoffQueue');
  });
});
