import { describe, expect, it } from 'vitest';
import type { ComponentAnswer } from '../engine/index.ts';
import { inProcessHost } from './hosts/inProcessHost.ts';
import { placementFor, type PlacementMode } from './placement.ts';
import { SequencerService } from './sequencerService.ts';

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'solo' },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
};

async function ask(mode: PlacementMode) {
  const service = await SequencerService.create({
    seed: 5,
    placement: placementFor(mode, 2),
    spawnHost: () => inProcessHost({ clone: true }),
  });
  await service.advance(5_000);
  await service.act((c) => c.request('POST', '/api/v1/namespaces/default/pods', { body: POD }));
  await service.advance(10_000);
  const history = await service.query('etcd', {
    kind: 'keyHistory',
    key: '/registry/pods/default/solo',
  });
  const decision = await service.query('kube-scheduler', {
    kind: 'schedulingDecision',
    namespace: 'default',
    name: 'solo',
  });
  service.close();
  return { history, decision };
}

function versions(answer: ComponentAnswer) {
  if (answer.kind !== 'keyHistory') throw new Error(answer.kind);
  return answer.versions;
}

describe('component queries', () => {
  it("answers an etcd key's history and the scheduler's decision the same wherever they run", async () => {
    const local = await ask('in-process');
    const hosted = await ask('per-component');
    expect(hosted).toEqual(local);
    const history = versions(local.history);
    // Created unbound, then bound (spec.nodeName), then status updates from the kubelet.
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history[0]!.object?.spec).not.toHaveProperty('nodeName');
    expect(history.at(-1)!.object?.metadata.resourceVersion).toBe(
      String(history.at(-1)!.modRevision),
    );
    const revisions = history.map((v) => v.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    if (local.decision.kind !== 'schedulingDecision') throw new Error('wrong answer');
    expect(local.decision.decision?.outcome).toBe('binding');
  });
});
