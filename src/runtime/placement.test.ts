import { describe, expect, it } from 'vitest';
import { inProcessHost } from './hosts/inProcessHost.ts';
import { placementFor, type PlacementMode } from './placement.ts';
import { SequencerService } from './sequencerService.ts';
import { deployment } from '../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 3);

/** The same user actions at the same virtual times, in a given placement. */
async function runScript(mode: PlacementMode) {
  const service = await SequencerService.create({
    seed: 11,
    placement: placementFor(mode, 2),
    // Copy every message as postMessage would, so nothing is shared between "threads" by accident.
    spawnHost: () => inProcessHost({ clone: true }),
  });
  await service.advance(2_000);
  await service.act((c) =>
    c.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: DEPLOYMENT }),
  );
  await service.advance(8_000);
  await service.act((c) => c.setComponentRunning('kube-scheduler', false));
  await service.act((c) =>
    c.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', {
      body: { spec: { replicas: 5 } },
      contentType: 'application/merge-patch+json',
    }),
  );
  await service.advance(3_000);
  await service.act((c) => c.setComponentRunning('kube-scheduler', true));
  await service.advance(6_000);
  await service.act((c) => c.stopNode('node-2'));
  await service.advance(5_000);
  for (let i = 0; i < 50; i++) await service.step();
  service.close();
  return service;
}

describe('placement', () => {
  it('gives a byte-identical trace whether components run in hosts of their own or beside the sequencer', async () => {
    const local = await runScript('in-process');
    const hosted = await runScript('per-component');
    const running = (s: SequencerService) =>
      s.cluster
        .stored('/registry/pods/')
        .filter((p) => (p.status as { phase?: string }).phase === 'Running');
    expect(running(local).length).toBeGreaterThanOrEqual(3);
    expect(local.sequencer.trace.length).toBeGreaterThan(1_000);
    // The hosted run really ran its components elsewhere.
    expect(hosted.sequencer.stateOf('kube-apiserver')).toBeUndefined();
    expect(local.sequencer.stateOf('kube-apiserver')).toBeDefined();
    expect(JSON.stringify(hosted.sequencer.trace)).toBe(JSON.stringify(local.sequencer.trace));
    expect(hosted.cluster.stored('/registry/pods/')).toEqual(
      local.cluster.stored('/registry/pods/'),
    );
  });

  it("puts each control-plane component in its own host and a node's agents together", () => {
    const p = placementFor('per-component', 3);
    expect(p.hostOf('kube-scheduler')).toBe('kube-scheduler');
    expect(p.hostOf('etcd')).toBe('etcd');
    expect(p.hostOf('kubectl')).toBeNull();
    const node = p.hostOf('kubelet/node-7');
    expect(node).toMatch(/^nodes-[1-3]$/);
    expect(p.hostOf('kube-proxy/node-7')).toBe(node);
    expect(p.hostOf('containerd/node-7')).toBe(node);
    expect(p.hosts).toContain(node);
    expect(placementFor('single-worker').hostOf('etcd')).toBeNull();
  });
});
