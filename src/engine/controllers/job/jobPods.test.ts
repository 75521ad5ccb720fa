import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { JOBS, PODS, jobBody, setup } from './harness.test-util.ts';

type T = ReturnType<typeof setup>;

/** The controller manager's pod creations since `from`, grouped by the virtual time they were sent. */
function createBatches(t: T, from: number): number[] {
  const sent = new Map<number, number>();
  for (const e of t.cluster.sequencer.trace.slice(from))
    if (
      e.from === 'kube-controller-manager' &&
      e.to === 'kube-apiserver' &&
      e.summary === `POST ${PODS}`
    )
      sent.set(e.sentAt, (sent.get(e.sentAt) ?? 0) + 1);
  return [...sent.values()];
}

const ownerUids = (p: KubeObject) => (p.metadata.ownerReferences ?? []).map((r) => r.uid);

describe('Job pod creation', () => {
  it('creates at most 500 pods per sync, in slow-start batches of 1, 2, 4, ...', () => {
    const t = setup();
    const mark = t.cluster.sequencer.trace.length;
    t.must(
      t.cluster.call('POST', JOBS, { body: jobBody({ parallelism: 600, completions: 600 }) }),
      201,
    );
    t.cluster.sequencer.runFor(5_000);
    expect(t.pods()).toHaveLength(600);
    // The first sync stops at 500 (1 + 2 + ... + 128 = 255, then the 245 left); the next one
    // starts its own slow start for the last 100.
    expect(createBatches(t, mark)).toEqual([
      1, 2, 4, 8, 16, 32, 64, 128, 245, 1, 2, 4, 8, 16, 32, 37,
    ]);
    expect(t.job().status).toMatchObject({ active: 600 });
  });

  it('stops a slow start at the first failed creation, and retries later', () => {
    const t = setup();
    const mark = t.cluster.sequencer.trace.length;
    // Priority admission refuses a pod that sets spec.priority itself: every creation fails.
    const body = jobBody({ parallelism: 8, completions: 8 });
    (body.spec as { template: { spec: Record<string, unknown> } }).template.spec.priority = 5;
    t.must(t.cluster.call('POST', JOBS, { body }), 201);
    t.cluster.sequencer.runFor(2_000);
    const failed = t.events().filter((e) => e.startsWith('Warning FailedCreate'));
    expect(failed[0]).toMatch(
      /^Warning FailedCreate Error creating: pods "pi-\w*" is forbidden: the integer value of priority \(5\) must not be provided in pod spec/,
    );
    expect(failed).toHaveLength(createBatches(t, mark).length);
    // Each sync tries one pod, not eight; the retries come with the rate limiter's back-off.
    const batches = createBatches(t, mark);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.every((n) => n === 1)).toBe(true);
    expect(t.pods()).toHaveLength(0);
  });

  it('dates a failure by when the pod finished, not when the controller saw it', () => {
    const t = setup();
    t.must(t.cluster.call('POST', JOBS, { body: jobBody({}) }), 201);
    t.cluster.sequencer.runFor(10_000);
    expect(t.pods()).toHaveLength(1);
    // The kubelet reports, late, a failure from 8 s ago: 2 s of the 10 s back-off remain.
    t.finish(t.pods()[0]!, 'Failed', 8);
    t.cluster.sequencer.runFor(1_500);
    expect(t.pods()).toHaveLength(1);
    t.cluster.sequencer.runFor(1_500);
    expect(t.pods()).toHaveLength(2);
  });
});

describe('Job pod adoption (ClaimPods)', () => {
  it('adopts a matching orphan with the tracking finalizer, and releases a pod that stops matching', () => {
    const t = setup();
    const orphan = t.must(
      t.cluster.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'stray', labels: { app: 'pi' } },
          spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] },
        },
      }),
      201,
    );
    const body = jobBody({
      parallelism: 2,
      manualSelector: true,
      selector: { matchLabels: { app: 'pi' } },
    });
    (body.spec as { template: Record<string, unknown> }).template.metadata = {
      labels: { app: 'pi' },
    };
    const job = t.must(t.cluster.call('POST', JOBS, { body }), 201);
    t.cluster.sequencer.runFor(1_000);
    const pods = t.pods();
    // The orphan counts as one of the two: only one pod is created.
    expect(pods).toHaveLength(2);
    const adopted = pods.find((p) => p.metadata.uid === orphan.metadata.uid)!;
    expect(adopted.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: 'pi',
        uid: job.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(adopted.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(t.job().status).toMatchObject({ active: 2 });

    // Relabelled out of the selector: released (reference and finalizer gone) and replaced.
    t.must(
      t.cluster.call('PATCH', `${PODS}/stray`, {
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { app: 'other' } } },
      }),
      200,
    );
    t.cluster.sequencer.runFor(1_000);
    const released = t.pods().find((p) => p.metadata.name === 'stray')!;
    expect(released.metadata.ownerReferences ?? []).toEqual([]);
    expect(released.metadata.finalizers ?? []).toEqual([]);
    expect(t.pods().filter((p) => ownerUids(p).includes(job.metadata.uid!))).toHaveLength(2);
  });

  it('leaves alone a pod that matches the labels but not the generated controller-uid selector', () => {
    const t = setup();
    t.must(
      t.cluster.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'lookalike',
            labels: { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' },
          },
          spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] },
        },
      }),
      201,
    );
    t.must(t.cluster.call('POST', JOBS, { body: jobBody({}) }), 201);
    t.cluster.sequencer.runFor(1_000);
    expect(t.pods()).toHaveLength(2);
    expect(
      t.pods().find((p) => p.metadata.name === 'lookalike')!.metadata.ownerReferences,
    ).toBeUndefined();
  });
});
