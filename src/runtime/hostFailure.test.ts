import { describe, expect, it } from 'vitest';
import { inProcessHost } from './hosts/inProcessHost.ts';
import { placementFor } from './placement.ts';
import type { HostEnvelope, HostReplyEnvelope } from './protocol.ts';
import { SequencerService } from './sequencerService.ts';
import type { Endpoint } from './transport.ts';

/** A host endpoint whose worker can be made to die, as an uncaught error would kill it. */
function mortalHost() {
  const inner = inProcessHost({ clone: true });
  let fail: ((reason: string) => void) | undefined;
  const endpoint: Endpoint<HostReplyEnvelope, HostEnvelope> = {
    post: (message) => inner.post(message),
    listen: (handler) => inner.listen(handler),
    close: () => inner.close(),
    onFailure: (listener) => (fail = listener),
  };
  return { endpoint, die: (reason: string) => fail?.(reason) };
}

describe('a component host whose worker dies', () => {
  it('crashes its component with the reason; the rest runs on; a start brings a fresh worker', async () => {
    const schedulers: ReturnType<typeof mortalHost>[] = [];
    const service = await SequencerService.create({
      seed: 6,
      placement: placementFor('per-component', 2),
      spawnHost: (name) => {
        if (name !== 'kube-scheduler') return inProcessHost({ clone: true });
        const host = mortalHost();
        schedulers.push(host);
        return host.endpoint;
      },
    });
    const s = service.sequencer;
    await service.advance(3_000);
    schedulers[0]!.die('out of memory');
    // A new pod: the scheduler's watch event goes to the dead worker.
    await service.act((c) =>
      c.request('POST', '/api/v1/namespaces/default/pods', {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
        },
      }),
    );
    await service.advance(3_000);
    expect(s.crashed.get('kube-scheduler')).toBe('host kube-scheduler failed: out of memory');
    expect(s.isRunning('kube-scheduler')).toBe(false);
    // The others carry on: the apiserver still answers kubectl.
    const id = await service.act((c) => c.request('GET', '/api/v1/nodes'));
    await service.advance(1_000);
    expect(service.cluster.response(id)?.code).toBe(200);
    // Starting it again spawns a new worker whose scheduler re-lists and runs.
    await service.act((c) => c.setComponentRunning('kube-scheduler', true));
    // Time enough for the nodes to be Ready and the pod to be scheduled.
    await service.advance(30_000);
    expect(schedulers).toHaveLength(2);
    expect(s.isRunning('kube-scheduler')).toBe(true);
    expect(s.crashed.has('kube-scheduler')).toBe(false);
    await service.refreshStore();
    const pod = service.cluster.stored('/registry/pods/default/p')[0]!;
    expect((pod.spec as { nodeName?: string }).nodeName).toMatch(/^node-\d$/);
    service.close();
  });
});
