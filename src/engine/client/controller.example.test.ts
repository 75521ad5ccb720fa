/**
 * The pattern every controller follows, end to end: informers feed a work queue with keys, a
 * level-based sync reads the cache through a Lister and writes through the client, and a failed
 * write is retried with the rate limiter (sample-controller's controller.go, as plain data).
 */
import { describe, expect, it } from 'vitest';
import { deepCopy } from '../../shared/index.ts';
import { objectKey, splitKey, type KubeObject } from '../api/objects.ts';
import type { Component, StepContext } from '../sim/component.ts';
import { isSuccess } from './errors.ts';
import {
  hasSynced,
  informerHandle,
  newInformer,
  startInformer,
  type Informer,
} from './informer.ts';
import { Lister } from './lister.ts';
import { clientHandle, newClient, type ClientState } from './requests.ts';
import { expectActions } from './testing/actions.ts';
import { newFixture } from './testing/fixture.ts';
import { sendUpdateStatus } from './verbs.ts';
import { WorkQueue, newWorkQueue, type WorkQueueState } from './workqueue.ts';

interface State {
  deployments: Informer;
  queue: WorkQueueState;
  client: ClientState;
}

/** Copies spec.replicas into status.observedReplicas (a stand-in for real reconcile logic). */
function syncDeployment(state: State, key: string, ctx: StepContext): void {
  const { namespace, name } = splitKey(key);
  const cached = Lister.get(state.deployments, namespace, name);
  if (!cached) return WorkQueue.done(state.queue, key); // deleted: nothing to do
  const want = (cached.spec as { replicas?: number }).replicas ?? 1;
  if ((cached.status as { observedReplicas?: number } | undefined)?.observedReplicas === want) {
    WorkQueue.forget(state.queue, key);
    return WorkQueue.done(state.queue, key);
  }
  const copy: KubeObject = deepCopy(cached); // never modify the cache
  copy.status = { observedReplicas: want };
  // The key stays "processing" until the reply arrives: no second sync of it meanwhile.
  sendUpdateStatus(state.client, ctx, 'deployments.apps', copy, { tag: 'status', data: key });
}

const controller: Component<State> = {
  type: 'example-controller',
  init(_config, ctx) {
    const credentials = { type: 'x509' as const, commonName: 'system:kube-controller-manager' };
    const state: State = {
      deployments: newInformer({ resource: 'deployments.apps', credentials }),
      queue: newWorkQueue({ name: 'deployment' }),
      client: newClient({ credentials }),
    };
    startInformer(state.deployments, ctx);
    return state;
  },
  step(state, message, ctx) {
    const events = informerHandle(state.deployments, message, ctx);
    for (const e of events ?? []) WorkQueue.add(state.queue, objectKey(e.object));
    for (const reply of clientHandle(state.client, message, ctx) ?? []) {
      const key = reply.data as string;
      if (isSuccess(reply)) WorkQueue.forget(state.queue, key);
      else WorkQueue.addRateLimited(state.queue, key, ctx); // conflict, timeout, ...
      WorkQueue.done(state.queue, key);
    }
    WorkQueue.handle(state.queue, message, ctx);
    if (!hasSynced(state.deployments)) return state; // WaitForCacheSync
    for (let key = WorkQueue.get(state.queue); key; key = WorkQueue.get(state.queue))
      syncDeployment(state, key, ctx);
    return state;
  },
};

describe('a controller built on the client library', () => {
  it('reconciles through the cache, retries a conflict with back-off, and converges', () => {
    const web: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3 },
    };
    const f = newFixture({ objects: [web], registry: { 'example-controller': controller } });
    f.fail({
      verb: 'update',
      resource: 'deployments.apps',
      times: 1,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: 'Conflict',
        message: 'the object has been modified',
        code: 409,
      },
    });
    f.start('kcm', 'example-controller');
    f.sequencer.runFor(1_000);
    const status = {
      verb: 'update' as const,
      resource: 'deployments.apps',
      subresource: 'status',
      name: 'web',
    };
    expectActions(f.controllerActions('kcm'), [status, status]);
    const informer = f.sequencer.stateOf<State>('kcm')!.deployments;
    // The controller's own write came back through the watch; the next sync found nothing to do.
    expect(Lister.get(informer, 'default', 'web')?.status).toEqual({ observedReplicas: 3 });
    expect(f.sequencer.stateOf<State>('kcm')!.queue.processing.size).toBe(0);
  });
});
