import { describe, expect, it } from 'vitest';
import type { Payload } from '../../protocol.ts';
import type { Component } from '../../sim/component.ts';
import { Sequencer } from '../../sim/sequencer.ts';
import type { CriRequest } from '../cri/protocol.ts';
import { containerd } from './containerd.ts';
import { normalizeImage } from './images.ts';

const probe: Component<{ received: Payload[] }> = {
  type: 'probe',
  init: () => ({ received: [] }),
  step(state, message) {
    state.received.push(message.payload);
    return state;
  },
};

function runtime() {
  const s = new Sequencer({ seed: 3, registry: { containerd, probe } });
  s.startComponent('kubelet/node-1', 'probe');
  s.startComponent('containerd/node-1', 'containerd', { nodeName: 'node-1' });
  const call = (request: CriRequest) => {
    const id = s.inject('kubelet/node-1', 'containerd/node-1', { kind: 'cri.request', request });
    s.runUntilTrue(() => replyTo(id) !== undefined);
    return replyTo(id)!;
  };
  const received = () => s.stateOf<{ received: Payload[] }>('kubelet/node-1')!.received;
  const replyTo = (id: string) =>
    received().find((p) => p.kind === 'cri.response' && p.inReplyTo === id) as
      Extract<Payload, { kind: 'cri.response' }> | undefined;
  return { s, call, received };
}

const sandboxConfig = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1', attempt: 0 },
  labels: {},
  annotations: {},
};

describe('containerd', () => {
  it('normalises image references as containerd does', () => {
    expect(normalizeImage('nginx').full).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('kubeviz/sleep:v1').full).toBe('docker.io/kubeviz/sleep:v1');
    expect(normalizeImage('registry.k8s.io/pause:3.9').full).toBe('registry.k8s.io/pause:3.9');
  });

  it('pulls in a time that follows the image size, and fails unknown references with its own error', () => {
    const { s, call } = runtime();
    const t0 = s.now;
    const ok = call({ method: 'PullImage', image: { image: 'busybox:1.36' } });
    // 300 ms to resolve, 2,155,443 bytes at 50 MB/s, and two network hops of 2 ms (plus jitter).
    expect(s.now - t0).toBeGreaterThanOrEqual(300 + 43 + 4);
    expect(s.now - t0).toBeLessThan(300 + 43 + 10);
    expect(ok.response).toMatchObject({ imageSize: 2_155_443 });
    const bad = call({ method: 'PullImage', image: { image: 'nginx:9.9' } });
    expect(bad.error).toEqual({
      code: 'NotFound',
      message:
        'failed to pull and unpack image "docker.io/library/nginx:9.9": failed to resolve reference "docker.io/library/nginx:9.9": docker.io/library/nginx:9.9: not found',
    });
    expect(
      call({ method: 'ImageStatus', image: { image: 'busybox:1.36' } }).response,
    ).toHaveProperty('image');
    expect(call({ method: 'ImageStatus', image: { image: 'nginx:9.9' } }).response).toEqual({});
  });

  it('pulls an image it already holds in the time to resolve the reference alone', () => {
    const { s, call } = runtime();
    call({ method: 'PullImage', image: { image: 'nginx:1.27' } });
    const t0 = s.now;
    const again = call({ method: 'PullImage', image: { image: 'nginx:1.27' } });
    // 300 ms to resolve and two network hops; none of the 72 MB is fetched again.
    expect(s.now - t0).toBeGreaterThanOrEqual(300 + 4);
    expect(s.now - t0).toBeLessThan(300 + 10);
    expect(again.response).toMatchObject({ imageSize: 72_099_501 });
    // Another tag is other content: downloaded in full.
    const t1 = s.now;
    call({ method: 'PullImage', image: { image: 'nginx:1.25' } });
    expect(s.now - t1).toBeGreaterThan(1000);
  });

  it('hands out pod IPs from the pod CIDR, skipping the gateway', () => {
    const { call } = runtime();
    const noNetwork = call({ method: 'RunPodSandbox', config: sandboxConfig });
    expect(noNetwork.error?.message).toMatch(/no pod CIDR configured$/);
    call({
      method: 'UpdateRuntimeConfig',
      runtimeConfig: { networkConfig: { podCidr: '10.244.3.0/24' } },
    });
    const ips = [0, 1].map((i) => {
      const id = (
        call({
          method: 'RunPodSandbox',
          config: { ...sandboxConfig, metadata: { ...sandboxConfig.metadata, uid: `u${i}` } },
        }).response as { podSandboxId: string }
      ).podSandboxId;
      return (
        call({ method: 'PodSandboxStatus', podSandboxId: id }).response as {
          status: { network: { ip: string } };
        }
      ).status.network.ip;
    });
    expect(ips).toEqual(['10.244.3.2', '10.244.3.3']);
  });

  it('stops a container that ignores SIGTERM with SIGKILL at the timeout, and reports the exit', () => {
    const { s, call, received } = runtime();
    call({
      method: 'UpdateRuntimeConfig',
      runtimeConfig: { networkConfig: { podCidr: '10.244.3.0/24' } },
    });
    call({ method: 'PullImage', image: { image: 'busybox:1.36' } });
    const sandbox = (
      call({ method: 'RunPodSandbox', config: sandboxConfig }).response as { podSandboxId: string }
    ).podSandboxId;
    const id = (
      call({
        method: 'CreateContainer',
        podSandboxId: sandbox,
        config: {
          metadata: { name: 'sh', attempt: 0 },
          image: { image: 'busybox:1.36' },
          command: ['sleep', '3600'],
        },
        sandboxConfig,
      }).response as { containerId: string }
    ).containerId;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    call({ method: 'StartContainer', containerId: id });
    const t0 = s.now;
    call({ method: 'StopContainer', containerId: id, timeout: 4 });
    expect(Math.round((s.now - t0) / 1000)).toBe(4);
    s.runFor(10);
    const event = received().find((p) => p.kind === 'cri.event');
    expect(event).toMatchObject({
      event: {
        containerId: id,
        containerEventType: 'CONTAINER_STOPPED_EVENT',
        containersStatuses: [{ state: 'CONTAINER_EXITED', exitCode: 137, reason: 'Error' }],
      },
    });
  });
});
