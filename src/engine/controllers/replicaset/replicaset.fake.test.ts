/**
 * The ReplicaSet controller against the fake apiserver, asserted by the requests it sends
 * (sample-controller style): slow-start creation batches, expectations, deletion order,
 * adoption, and failure reporting.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { expectActions, newFixture, type FakeAction } from '../../client/testing/index.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { createControllerManager } from '../manager.ts';
import { pod, replicaSet } from './testObjects.ts';
import { replicaSetController } from './index.ts';

const KCM = 'kube-controller-manager';

function start(objects: KubeObject[]) {
  const f = newFixture({
    objects,
    registry: { 'kube-controller-manager': createControllerManager([replicaSetController]) },
  });
  const trace: TraceEvent[] = [];
  f.sequencer.onTrace((e) => trace.push(e));
  return { f, trace, go: () => f.start(KCM, 'kube-controller-manager') };
}

const stored = (f: ReturnType<typeof newFixture>, gr: string, key: string) =>
  f.apiserver().store.objects.get(gr)?.get(key);
const podActions = (f: ReturnType<typeof newFixture>, verb?: string) =>
  f.controllerActions(KCM).filter((a) => a.resource === 'pods' && (!verb || a.verb === verb));
const events = (f: ReturnType<typeof newFixture>) =>
  f
    .controllerActions(KCM)
    .filter((a) => a.resource === 'events')
    .map((a) => a.body as KubeObject);

describe('ReplicaSet controller (fake apiserver)', () => {
  it('creates the missing pods in slow-start batches of 1, then 2, each with an owner reference', () => {
    const { f, trace, go } = start([replicaSet('web', 3)]);
    go();
    f.sequencer.runFor(2_000);
    const creates = podActions(f, 'create');
    expect(creates).toHaveLength(3);
    for (const a of creates) {
      const meta = (a.body as KubeObject).metadata;
      expect(meta.generateName).toBe('web-');
      expect(meta.labels).toEqual({ app: 'web' });
      expect(meta.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: 'uid-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    // The second batch (2 pods) goes out together, only after the first pod's reply came back.
    const sent = trace.filter(
      (e) => e.from === KCM && e.summary.startsWith('POST /api/v1/namespaces/default/pods'),
    );
    expect(sent.map((e) => e.sentAt)).toEqual([sent[0]!.sentAt, sent[1]!.sentAt, sent[1]!.sentAt]);
    expect(sent[1]!.sentAt).toBeGreaterThan(sent[0]!.sentAt);
    const created = events(f).filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(3);
    expect(created[0]!.message).toMatch(/^Created pod: web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const rs = stored(f, 'replicasets.apps', 'default/web');
    expect(rs?.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('batches 1, 2, 4, 8, ... up to the burst for a large ReplicaSet', () => {
    const { f, trace, go } = start([replicaSet('big', 20)]);
    go();
    f.sequencer.runFor(5_000);
    const sent = trace.filter(
      (e) => e.from === KCM && e.summary.startsWith('POST /api/v1/namespaces/default/pods'),
    );
    const sizes = new Map<number, number>();
    for (const e of sent) sizes.set(e.sentAt, (sizes.get(e.sentAt) ?? 0) + 1);
    expect([...sizes.values()]).toEqual([1, 2, 4, 8, 5]);
  });

  it('does not create again while its cache has not seen its own creations (expectations), even after its informer relists', () => {
    const { f, go } = start([replicaSet('web', 3)]);
    // Pod watch events never arrive: the informer lists once and then sees nothing.
    f.fail({ verb: 'watch', resource: 'pods', drop: true });
    go();
    f.sequencer.runFor(60_000);
    expect(podActions(f, 'create')).toHaveLength(3);
    // Touch the ReplicaSet: a sync runs, but the 3 expected creations are still unobserved.
    const rs = structuredClone(stored(f, 'replicasets.apps', 'default/web')!);
    rs.metadata.annotations = { touched: '1' };
    f.update('replicasets.apps', rs);
    f.sequencer.runFor(60_000);
    expect(podActions(f, 'create')).toHaveLength(3);
    // Whenever the pod informer catches up (its watch is re-established by a relist), the
    // controller sees its three pods: still no second round.
    f.sequencer.runFor(600_000);
    expect(podActions(f, 'create')).toHaveLength(3);
  });

  it('scales down by deleting unassigned, then pending, then not-ready pods first', () => {
    const rs = replicaSet('web', 2);
    const pods = [
      pod('ready-old', {
        owner: rs,
        node: 'n1',
        phase: 'Running',
        readySince: '2026-01-01T00:00:10Z',
      }),
      pod('not-ready', { owner: rs, node: 'n2', phase: 'Running' }),
      pod('unassigned', { owner: rs }),
      pod('ready-new', {
        owner: rs,
        node: 'n3',
        phase: 'Running',
        readySince: '2026-01-01T00:00:20Z',
      }),
      pod('pending', { owner: rs, node: 'n1', phase: 'Pending' }),
    ];
    const { f, go } = start([rs, ...pods]);
    go();
    f.sequencer.runFor(2_000);
    expectActions(podActions(f), [
      { verb: 'delete', name: 'unassigned' },
      { verb: 'delete', name: 'pending' },
      { verb: 'delete', name: 'not-ready' },
    ] as Partial<FakeAction>[]);
    expect(
      events(f)
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message),
    ).toEqual(['Deleted pod: unassigned', 'Deleted pod: pending', 'Deleted pod: not-ready']);
  });

  it('adopts a matching orphan after re-reading itself, and releases a pod that stopped matching', () => {
    const rs = replicaSet('web', 2);
    const orphan = pod('orphan', { labels: { app: 'web' } });
    const strayed = pod('strayed', { owner: rs, labels: { app: 'other' } });
    const mine = pod('mine', { owner: rs });
    const { f, go } = start([rs, orphan, strayed, mine]);
    go();
    f.sequencer.runFor(2_000);
    const acts = f.controllerActions(KCM).filter((a) => a.resource !== 'events');
    // Candidates come as FilterPodsByOwner gives them: our own pods, then the orphans.
    expectActions(acts.slice(0, 3), [
      {
        verb: 'patch',
        resource: 'pods',
        name: 'strayed',
        body: {
          metadata: { ownerReferences: [{ $patch: 'delete', uid: 'uid-web' }], uid: 'uid-strayed' },
        },
      },
      { verb: 'get', resource: 'replicasets.apps', name: 'web' },
      {
        verb: 'patch',
        resource: 'pods',
        name: 'orphan',
        body: {
          metadata: {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'web',
                uid: 'uid-web',
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
            uid: 'uid-orphan',
          },
        },
      },
    ] as Partial<FakeAction>[]);
    // Claimed: mine + orphan = 2 = replicas: no creations.
    expect(podActions(f, 'create')).toHaveLength(0);
  });

  it('stops at the first failed creation, records FailedCreate and the ReplicaFailure condition', () => {
    const { f, go } = start([replicaSet('web', 3)]);
    const message =
      'pods "web-x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0';
    f.fail({
      verb: 'create',
      resource: 'pods',
      times: 1,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason: 'Forbidden',
        code: 403,
      },
    });
    go();
    const statusWrites = () =>
      f
        .controllerActions(KCM)
        .filter((a) => a.subresource === 'status')
        .map((a) => (a.body as KubeObject).status);
    f.sequencer.runUntilTrue(() => statusWrites().length > 0);
    expect(podActions(f, 'create')).toHaveLength(1);
    const failed = events(f).find((e) => e.reason === 'FailedCreate');
    expect(failed?.type).toBe('Warning');
    expect(failed?.message).toBe(`Error creating: ${message}`);
    const status = statusWrites()[0] as { conditions?: unknown[] };
    expect(status.conditions?.[0]).toMatchObject({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message,
    });
    // The error requeues the key with back-off; the next sync creates all three.
    f.sequencer.runFor(2_000);
    expect(podActions(f, 'create')).toHaveLength(4);
    const healed = stored(f, 'replicasets.apps', 'default/web')?.status as { conditions?: unknown };
    expect(healed).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });
});
