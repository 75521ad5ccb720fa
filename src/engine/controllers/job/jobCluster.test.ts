/**
 * Jobs in the whole simulated cluster (scheduler, kubelets, containerd), where pods really run:
 * a container that keeps crashing under restartPolicy OnFailure is restarted in place by the
 * kubelet, and the Job counts those restarts against backoffLimit.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import type { KubevizCluster } from '../../cluster/fullCluster.ts';
import { bootCluster, events, expect0Crashes, pods, runUntil } from '../../scenarios/helpers.ts';

const JOBS = '/apis/batch/v1/namespaces/default/jobs';

function job(c: KubevizCluster): KubeObject {
  return c.stored('/registry/jobs/default/crash')[0]!;
}

function restarts(c: KubevizCluster): number {
  return pods(c, { 'job-name': 'crash' })
    .filter((p) => p.phase === 'Running' || p.phase === 'Pending')
    .flatMap(
      (p) =>
        (p.obj.status as { containerStatuses?: { restartCount?: number }[] }).containerStatuses ??
        [],
    )
    .reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

const failedCondition = (c: KubevizCluster) =>
  (
    (job(c).status as { conditions?: { type: string; reason?: string; message?: string }[] })
      .conditions ?? []
  ).find((x) => x.type === 'Failed');

describe('Job with restartPolicy OnFailure in a cluster', () => {
  it('fails with BackoffLimitExceeded once container restarts reach backoffLimit', () => {
    const c = bootCluster();
    const r = c.call('POST', JOBS, {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'crash' },
        spec: {
          backoffLimit: 2,
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'crash',
                  image: 'kubeviz/crashloop',
                  env: [{ name: 'CRASH_AFTER_SECONDS', value: '1' }],
                },
              ],
            },
          },
        },
      },
    });
    expect(r.code).toBe(201);
    // One restart is below the limit: the Job keeps its pod running.
    runUntil(c, () => restarts(c) === 1, 60_000);
    c.sequencer.runFor(2_000);
    expect(failedCondition(c)).toBeUndefined();
    expect(pods(c, { 'job-name': 'crash' })).toHaveLength(1);
    // The second restart (after the kubelet's 10 s crash back-off) reaches it.
    const reached = runUntil(c, () => restarts(c) >= 2, 60_000);
    const failedAt = runUntil(c, () => failedCondition(c) !== undefined, 10_000);
    expect(failedAt - reached).toBeLessThan(2_000);
    expect(failedCondition(c)).toMatchObject({
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    // The pod never failed by itself; the Job deleted it and counts it as failed.
    expect(job(c).status).toMatchObject({ failed: 1 });
    runUntil(c, () => pods(c, { 'job-name': 'crash' }).length === 0, 60_000);
    expect(
      events(c, 'BackoffLimitExceeded').map((e) => (e as { message?: string }).message),
    ).toEqual(['Job has reached the specified backoff limit']);
    expect0Crashes(c);
  });
});
