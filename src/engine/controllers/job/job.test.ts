import { describe, expect, it } from 'vitest';
import { jobBody, JOBS, setup } from './harness.test-util.ts';

describe('Job controller in a cluster', () => {
  it('runs completions with parallelism and reaches Complete', () => {
    const t = setup();
    t.must(
      t.cluster.call('POST', JOBS, { body: jobBody({ completions: 3, parallelism: 2 }) }),
      201,
    );
    t.cluster.sequencer.runFor(1_000);
    let pods = t.pods();
    expect(pods).toHaveLength(2);
    expect(pods[0]!.metadata.generateName).toBe('pi-');
    expect(pods[0]!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pods[0]!.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'pi',
      'job-name': 'pi',
    });
    expect(t.job().status).toMatchObject({
      active: 2,
      ready: 0,
      startTime: '2026-01-01T00:00:00Z',
    });
    for (const p of pods) t.finish(p, 'Succeeded');
    t.cluster.sequencer.runFor(1_000);
    pods = t.pods();
    // The two are counted and released from the finalizer; one more runs for the last completion.
    expect(
      pods.filter((p) => t.phase(p) === 'Succeeded').every((p) => !p.metadata.finalizers?.length),
    ).toBe(true);
    expect(pods.filter((p) => t.phase(p) !== 'Succeeded')).toHaveLength(1);
    expect(t.job().status).toMatchObject({ active: 1, succeeded: 2, uncountedTerminatedPods: {} });
    t.finish(
      pods.find((p) => t.phase(p) !== 'Succeeded')!,
      'Succeeded',
    );
    t.cluster.sequencer.runFor(1_000);
    const status = t.job().status as Record<string, unknown>;
    expect(status).toMatchObject({
      succeeded: 3,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(status.active).toBeUndefined();
    expect(status.completionTime).toMatch(/^2026-01-01T00:00:0\dZ$/);
    expect(status.conditions).toEqual([
      {
        type: 'Complete',
        status: 'True',
        lastProbeTime: status.completionTime,
        lastTransitionTime: status.completionTime,
      },
    ]);
    const events = t.events();
    expect(
      events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: pi-')),
    ).toHaveLength(3);
    expect(events).toContain('Normal Completed Job completed');
  });

  it('replaces failed pods after 10 s, then 20 s, and fails after backoffLimit', () => {
    const t = setup();
    t.must(t.cluster.call('POST', JOBS, { body: jobBody({ backoffLimit: 2 }) }), 201);
    const created: number[] = [];
    const failNext = () => {
      const running = t.pods().filter((p) => !t.phase(p) || t.phase(p) === 'Pending');
      expect(running).toHaveLength(1);
      created.push(t.cluster.sequencer.now);
      t.finish(running[0]!, 'Failed');
    };
    t.cluster.sequencer.runFor(1_000);
    failNext();
    // No replacement within the first 10 s of back-off.
    t.cluster.sequencer.runFor(9_000);
    expect(t.pods()).toHaveLength(1);
    t.cluster.sequencer.runFor(2_000);
    expect(t.pods()).toHaveLength(2);
    failNext();
    t.cluster.sequencer.runFor(19_000);
    expect(t.pods()).toHaveLength(2);
    t.cluster.sequencer.runFor(2_000);
    expect(t.pods()).toHaveLength(3);
    failNext();
    t.cluster.sequencer.runFor(2_000);
    const status = t.job().status as Record<string, unknown>;
    expect(status).toMatchObject({ failed: 3, uncountedTerminatedPods: {} });
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      }),
    ]);
    expect(status.completionTime).toBeUndefined();
    expect(t.events()).toContain(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    );
    t.cluster.sequencer.runFor(30_000);
    expect(t.pods()).toHaveLength(3); // no more pods after failure
    expect(t.pods().every((p) => !p.metadata.finalizers?.length)).toBe(true);
  });
});
