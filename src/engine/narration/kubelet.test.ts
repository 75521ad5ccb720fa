import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, message, podObject } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';

const KUBELET = 'kubelet/node-1';
const RUNTIME = 'containerd/node-1';

const sandbox: Payload = {
  kind: 'cri.request',
  request: {
    method: 'RunPodSandbox',
    config: {
      metadata: { name: 'web-x', namespace: 'default', uid: 'uid-web-x', attempt: 0 },
    } as never,
  },
};

function statusPatch(status: Record<string, unknown>): Payload {
  return {
    kind: 'api.request',
    method: 'PATCH',
    path: '/api/v1/namespaces/default/pods/web-x/status',
    body: { metadata: { uid: 'uid-web-x' }, status },
  };
}

describe('the kubelet', () => {
  it('sees a pod bound to its node and asks containerd for a sandbox', () => {
    const added: Payload = {
      kind: 'api.watch',
      watchId: 'w',
      type: 'ADDED',
      object: podObject('web-x', { spec: { nodeName: 'node-1', containers: [] } }),
    };
    const pending = statusPatch({
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'web', state: { waiting: { reason: 'ContainerCreating' } } }],
    });
    const n = narrate(
      delivered('kube-apiserver', KUBELET, added),
      added,
      contextOf({
        sent: [message(KUBELET, RUNTIME, sandbox), message(KUBELET, 'kube-apiserver', pending)],
      }),
    );
    expect(n.actor).toBe(KUBELET);
    expect(n.headline).toBe(
      'The kubelet on node-1 sees pod default/web-x, newly bound to its node, and starts it.',
    );
    expect(n.title).toBe('The kubelet on node-1 starts pod default/web-x');
    const details = n.details!.join(' ');
    expect(details).toContain('spec.nodeName is node-1');
    expect(details).toContain('HandlePodAdditions');
    expect(details).toContain(
      'It asks containerd on node-1 to create the pod sandbox for default/web-x',
    );
    expect(details).toContain(
      'patch the status of pod default/web-x (Ready False, container web ContainerCreating)',
    );
  });

  it('sees a pod being deleted', () => {
    const deleting: Payload = {
      kind: 'api.watch',
      watchId: 'w',
      type: 'MODIFIED',
      object: podObject('web-x', {
        metadata: {
          name: 'web-x',
          namespace: 'default',
          deletionTimestamp: '2026-01-01T00:01:00Z',
          deletionGracePeriodSeconds: 30,
        },
      }),
    };
    const n = narrate(delivered('kube-apiserver', KUBELET, deleting), deleting);
    expect(n.headline).toBe(
      'The kubelet on node-1 sees that pod default/web-x is being deleted (grace period 30 s).',
    );
    expect(n.details!.join(' ')).toContain('SyncTerminatingPod');
  });

  it('reports Running once containerd says the container runs', () => {
    const reply: Payload = { kind: 'cri.response', inReplyTo: `${KUBELET}#9`, response: {} };
    const running = statusPatch({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'web', state: { running: { startedAt: 'x' } } }],
    });
    const n = narrate(
      delivered(RUNTIME, KUBELET, reply),
      reply,
      contextOf({
        messages: {
          [`${KUBELET}#9`]: {
            kind: 'cri.request',
            request: { method: 'ContainerStatus', containerId: 'abc' },
          },
        },
        sent: [message(KUBELET, 'kube-apiserver', running)],
      }),
    );
    expect(n.headline).toBe(
      'containerd on node-1 answers ContainerStatus: done; the kubelet on node-1 reports pod default/web-x to the apiserver: phase Running, Ready True, container web Running.',
    );
    expect(n.title).toBe('The kubelet on node-1 reports pod default/web-x Running');
  });

  it('renews its lease on its timer', () => {
    const timer: Payload = { kind: 'timer', name: 'leaseRenew' };
    const renew: Payload = {
      kind: 'api.request',
      method: 'PUT',
      path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
      body: { metadata: { name: 'node-1', namespace: 'kube-node-lease' } },
    };
    const n = narrate(
      delivered(KUBELET, KUBELET, timer),
      timer,
      contextOf({
        sent: [message(KUBELET, 'kube-apiserver', renew), message(KUBELET, KUBELET, timer, 10_000)],
      }),
    );
    expect(n.headline).toBe('The kubelet on node-1 renews its Lease (its heartbeat).');
    expect(n.title).toBe('The kubelet on node-1 renews its lease');
    expect(n.details!.join(' ')).toContain(
      'It asks the apiserver to renew Lease kube-node-lease/node-1.',
    );
  });

  it('hears that a container exited', () => {
    const exited: Payload = {
      kind: 'cri.event',
      event: {
        containerId: 'abc',
        containerEventType: 'CONTAINER_STOPPED_EVENT',
        createdAt: 0,
        containersStatuses: [
          {
            id: 'abc',
            metadata: { name: 'web', attempt: 0 },
            exitCode: 1,
            reason: 'Error',
          } as never,
        ],
      },
    };
    const n = narrate(delivered(RUNTIME, KUBELET, exited), exited);
    expect(n.headline).toBe(
      'containerd on node-1 reports that container web exited with code 1 (Error).',
    );
    expect(n.details![0]).toContain('crash back-off');
  });
});

describe('containerd and kube-proxy', () => {
  it('pulls an image and finishes later', () => {
    const pull: Payload = {
      kind: 'cri.request',
      request: { method: 'PullImage', image: { image: 'nginx:1.27' } },
    };
    expect(
      narrate(
        delivered(KUBELET, RUNTIME, pull, {
          notes: ['pulling docker.io/library/nginx:1.27 (1742 ms)'],
        }),
        pull,
      ).headline,
    ).toBe('containerd on node-1 starts pulling docker.io/library/nginx:1.27 (1742 ms).');
    const done: Payload = {
      kind: 'timer',
      name: 'pull',
      data: { from: KUBELET, requestId: 'r', image: 'nginx:1.27' },
    };
    const n = narrate(delivered(RUNTIME, RUNTIME, done), done);
    expect(n.headline).toBe(
      "containerd on node-1 finishes pulling nginx:1.27 and answers the kubelet's PullImage.",
    );
    expect(n.title).toBe('containerd on node-1 has pulled nginx:1.27');
  });

  it('crashes a container on request', () => {
    const fault: Payload = {
      kind: 'fault',
      fault: {
        type: 'crashContainer',
        namespace: 'default',
        pod: 'web-x',
        container: 'web',
        exitCode: 2,
      },
    };
    const n = narrate(delivered('kubectl', RUNTIME, fault, { cause: null }), fault);
    expect(n.headline).toBe(
      'You crash container web of pod default/web-x: its process exits with code 2.',
    );
  });

  it('rewrites iptables rules', () => {
    const timer: Payload = { kind: 'timer', name: 'sync-runner' };
    const n = narrate(
      delivered('kube-proxy/node-1', 'kube-proxy/node-1', timer, {
        notes: ['syncProxyRules: 2 service ports, 3 endpoints, 14 nat rules'],
      }),
      timer,
    );
    expect(n.headline).toBe('kube-proxy on node-1 rewrites its iptables rules.');
    expect(n.details!.at(-1)).toBe('syncProxyRules: 2 service ports, 3 endpoints, 14 nat rules.');
  });
});
