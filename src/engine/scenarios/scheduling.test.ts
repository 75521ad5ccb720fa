/**
 * The scheduler's side of the loop: a pod that fits no node stays Pending with the exact
 * FailedScheduling message and a PodScheduled=False condition; and a stopped scheduler leaves new
 * pods Pending until it starts again, re-lists, and places them.
 */
import { describe, expect, it } from 'vitest';
import {
  bootCluster,
  createDeployment,
  events,
  expect0Crashes,
  pods,
  runningReady,
  runUntil,
} from './helpers.ts';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const FIT_ERROR =
  '0/3 nodes are available: 3 Insufficient cpu. ' +
  'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';

describe('scheduling', () => {
  it('leaves a pod that fits nowhere Pending with the FailedScheduling event and condition', () => {
    const c = bootCluster();
    const r = c.call('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'huge', labels: { app: 'huge' } },
        spec: {
          containers: [
            { name: 'huge', image: 'nginx:1.27', resources: { requests: { cpu: '5' } } },
          ],
        },
      },
    });
    expect(r.code).toBe(201);
    runUntil(c, () => events(c, 'FailedScheduling').length > 0, 10_000);
    c.sequencer.runFor(30_000);
    expect0Crashes(c);

    const [pod] = pods(c, { app: 'huge' });
    expect(pod!.phase).toBe('Pending');
    expect(pod!.node).toBeUndefined();
    const conditions = (pod!.obj.status as { conditions?: Condition[] }).conditions ?? [];
    expect(conditions).toContainEqual(
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: FIT_ERROR,
      }),
    );
    const failed = events(c, 'FailedScheduling')[0] as {
      type?: string;
      message?: string;
      involvedObject?: { name?: string };
      source?: { component?: string };
      reportingComponent?: string;
    };
    expect(failed.type).toBe('Warning');
    expect(failed.message).toBe(FIT_ERROR);
    expect(failed.involvedObject?.name).toBe('huge');
  });

  it('leaves new pods Pending while the scheduler is down, and places them once it restarts', () => {
    const c = bootCluster();
    c.setComponentRunning('kube-scheduler', false);
    createDeployment(c, 'web', 3);
    c.sequencer.runFor(30_000);
    const waiting = pods(c, { app: 'web' });
    expect(waiting).toHaveLength(3);
    for (const p of waiting) {
      expect(p.phase).toBe('Pending');
      expect(p.node).toBeUndefined();
    }
    expect(events(c, 'Scheduled')).toHaveLength(0);

    const trace = c.sequencer.trace;
    const mark = trace.length;
    c.setComponentRunning('kube-scheduler', true);
    runUntil(c, () => runningReady(c, { app: 'web' }).length === 3, 60_000);
    expect0Crashes(c);
    // A fresh process knows nothing: it lists pods and nodes before it can place anything.
    const started = trace.slice(mark);
    const list = started.findIndex(
      (e) =>
        e.from === 'kube-scheduler' &&
        e.kind === 'api.request' &&
        /^GET \/api\/v1\/pods\?/.test(e.summary),
    );
    const bind = started.findIndex(
      (e) => e.from === 'kube-scheduler' && e.summary.endsWith('/binding'),
    );
    expect(list).toBeGreaterThanOrEqual(0);
    expect(bind).toBeGreaterThan(list);
    expect(new Set(pods(c, { app: 'web' }).map((p) => p.name))).toEqual(
      new Set(waiting.map((p) => p.name)),
    );
    expect(events(c, 'Scheduled')).toHaveLength(3);
  });
});
