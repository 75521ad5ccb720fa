import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, message, podObject } from './testing/fixtures.ts';
import type { ApiRequestPayload } from '../api/protocol.ts';
import type { Payload } from '../protocol.ts';

const KCM = 'kube-controller-manager';
const workers: Payload = { kind: 'timer', name: 'workers' };

function request(method: ApiRequestPayload['method'], path: string, body?: unknown): Payload {
  return { kind: 'api.request', method, path, ...(body === undefined ? {} : { body }) };
}

const owned = (kind: string, name: string) => ({
  metadata: {
    generateName: `${name}-`,
    namespace: 'default',
    ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true }],
  },
});

function afterWorkers(...sent: Payload[]) {
  const e = delivered(KCM, KCM, workers);
  return narrate(
    e,
    workers,
    contextOf({ sent: sent.map((p) => message(KCM, 'kube-apiserver', p)) }),
  );
}

describe('the controller manager', () => {
  it('queues keys when its informer hears of a change', () => {
    const added: Payload = {
      kind: 'api.watch',
      watchId: 'w',
      type: 'ADDED',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
      },
    };
    const n = narrate(
      delivered('kube-apiserver', KCM, added),
      added,
      contextOf({ sent: [message(KCM, KCM, workers, 1)] }),
    );
    expect(n.headline).toBe(
      "The controller manager's informer hears that Deployment default/web was added.",
    );
    expect(n.title).toBeUndefined();
    const details = n.details!.join(' ');
    expect(details).toContain('The handlers of the Deployment controller');
    expect(details).toContain('a moment later');
  });

  it('tells the Deployment controller creating a ReplicaSet', () => {
    const n = afterWorkers(
      request('POST', '/apis/apps/v1/namespaces/default/replicasets', {
        metadata: { name: 'web-6ffb5b9cb4', namespace: 'default' },
        spec: { replicas: 3 },
      }),
    );
    expect(n.headline).toBe(
      'The Deployment controller creates ReplicaSet default/web-6ffb5b9cb4 with 3 replicas.',
    );
    expect(n.title).toBe(
      'The Deployment controller creates ReplicaSet default/web-6ffb5b9cb4 with 3 replicas',
    );
    expect(n.details!.join(' ')).toContain('syncDeployment');
  });

  it('tells the ReplicaSet controller creating pods, with slow start and expectations', () => {
    const pod = request(
      'POST',
      '/api/v1/namespaces/default/pods',
      owned('ReplicaSet', 'web-6ffb5b9cb4'),
    );
    const n = afterWorkers(pod, pod);
    expect(n.headline).toBe(
      'The ReplicaSet controller creates 2 pods for ReplicaSet default/web-6ffb5b9cb4.',
    );
    const details = n.details!.join(' ');
    expect(details).toContain('slow-start batches');
    expect(details).toContain('expectations');
  });

  it('says when a sync finds nothing to do, but only when it knows', () => {
    expect(afterWorkers().headline).toContain('nothing needs to change');
    const unknown = narrate(delivered(KCM, KCM, workers), workers);
    expect(unknown.headline).toBe(
      "The controller manager's workers take the queued keys and run the controllers' syncs.",
    );
  });

  it('continues a sync when a reply comes in, naming the controller from its Event', () => {
    const created: Payload = {
      kind: 'api.response',
      inReplyTo: `${KCM}#4`,
      code: 201,
      body: podObject('web-x'),
    };
    const event = request('POST', '/api/v1/namespaces/default/events', {
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-x',
      type: 'Normal',
      source: { component: 'replicaset-controller' },
    });
    const next = request(
      'POST',
      '/api/v1/namespaces/default/pods',
      owned('ReplicaSet', 'web-6ffb5b9cb4'),
    );
    const n = narrate(
      delivered('kube-apiserver', KCM, created),
      created,
      contextOf({
        messages: {
          [`${KCM}#4`]: request(
            'POST',
            '/api/v1/namespaces/default/pods',
            owned('ReplicaSet', 'web-6ffb5b9cb4'),
          ),
        },
        sent: [message(KCM, 'kube-apiserver', event), message(KCM, 'kube-apiserver', next)],
      }),
    );
    expect(n.headline).toBe(
      "The controller manager's request to create a pod in default named web-6ffb5b9cb4-<random suffix> succeeds: 201 Created.",
    );
    expect(n.details!.join(' ')).toContain(
      'The ReplicaSet controller records an Event: Normal SuccessfulCreate "Created pod: web-x". The ReplicaSet controller creates a pod for ReplicaSet default/web-6ffb5b9cb4.',
    );
    expect(n.title).toBe(
      'The ReplicaSet controller creates a pod for ReplicaSet default/web-6ffb5b9cb4',
    );
  });

  it('explains a conflict and the requeue', () => {
    const conflict: Payload = {
      kind: 'api.response',
      inReplyTo: `${KCM}#5`,
      code: 409,
      body: { kind: 'Status', reason: 'Conflict', message: 'the object has been modified' },
    };
    const n = narrate(
      delivered('kube-apiserver', KCM, conflict, { notes: ['sync default/web failed: conflict'] }),
      conflict,
    );
    expect(n.headline).toBe("The controller manager's request fails: 409 Conflict.");
    const details = n.details!.join(' ');
    expect(details).toContain('optimistic concurrency');
    expect(details).toContain('rate-limited back-off');
  });

  it('tells the node lifecycle controller marking a silent node', () => {
    const timer: Payload = { kind: 'timer', name: 'ctrl/node-lifecycle/monitorNodeHealth' };
    const status = request('PUT', '/api/v1/nodes/node-3/status', { metadata: { name: 'node-3' } });
    const podNotReady = request('PUT', '/api/v1/namespaces/default/pods/web-x/status', {
      metadata: { name: 'web-x', namespace: 'default' },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    });
    const n = narrate(
      delivered(KCM, KCM, timer, {
        notes: ['node node-3: no heartbeat for 45000 ms: conditions Unknown'],
      }),
      timer,
      contextOf({
        sent: [message(KCM, 'kube-apiserver', status), message(KCM, 'kube-apiserver', podNotReady)],
      }),
    );
    expect(n.headline).toBe(
      'The node lifecycle controller checks the health of every node (monitorNodeHealth).',
    );
    expect(n.title).toBe(
      'The node lifecycle controller sets the conditions of node node-3 to Unknown',
    );
    const details = n.details!.join(' ');
    expect(details).toContain('no heartbeat for 45000 ms');
    expect(details).toContain('marks pod default/web-x not Ready');
    expect(details).toContain('NoExecute');
  });

  it('names taints, endpoints, the HPA and the garbage collector by their requests', () => {
    const taint = afterWorkers(
      request('PATCH', '/api/v1/nodes/node-3', {
        spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
      }),
    );
    expect(taint.headline).toBe(
      'The node lifecycle controller sets the taints of node node-3 to node.kubernetes.io/unreachable:NoExecute.',
    );
    expect(
      afterWorkers(request('PUT', '/api/v1/namespaces/default/endpoints/web', {})).headline,
    ).toBe('The endpoints controller updates Endpoints default/web.');
    expect(
      afterWorkers(
        request('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', {
          spec: { replicas: 5 },
        }),
      ).headline,
    ).toBe('The HPA controller sets the scale of Deployment default/web to 5 replicas.');
    const gc = narrate(
      delivered(KCM, KCM, workers, {
        notes: ['deleting Pod default/web-x (propagationPolicy=Background)'],
      }),
      workers,
      contextOf({
        sent: [
          message(
            KCM,
            'kube-apiserver',
            request('DELETE', '/api/v1/namespaces/default/pods/web-x', {
              kind: 'DeleteOptions',
              propagationPolicy: 'Background',
            }),
          ),
        ],
      }),
    );
    expect(gc.headline).toBe(
      'The garbage collector deletes pod default/web-x (propagationPolicy Background).',
    );
    expect(gc.details!.join(' ')).toContain('ownerReferences');
    const surplus = afterWorkers(request('DELETE', '/api/v1/namespaces/default/pods/web-y'));
    expect(surplus.headline).toBe('The controller manager deletes pod default/web-y.');
    expect(surplus.details!.join(' ')).toContain('getPodsToDelete');
  });

  it('tells the taint eviction controller deleting a pod after its toleration', () => {
    const evict: Payload = {
      kind: 'timer',
      name: 'ctrl/taint-eviction-controller/evict',
      data: 'default/web-x',
    };
    const n = narrate(
      delivered(KCM, KCM, evict),
      evict,
      contextOf({
        sent: [
          message(KCM, 'kube-apiserver', request('GET', '/api/v1/namespaces/default/pods/web-x')),
        ],
      }),
    );
    expect(n.headline).toContain('toleration time on a NoExecute taint is over');
    expect(n.title).toBeUndefined();
    expect(n.details!.join(' ')).toContain(
      'The taint eviction controller reads pod default/web-x.',
    );
  });
});
