import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import { kubeletId } from './kubelet.ts';
import {
  PODS,
  eventsFor,
  getPod,
  pod,
  podStatus,
  readyNode,
  runPod,
  runUntil,
} from '../testing/nodeCluster.ts';

type Json = Record<string, unknown>;

const twoContainers = {
  containers: [
    { name: 'web', image: 'kubeviz/sleep', env: [{ name: 'SHUTDOWN_SECONDS', value: '2' }] },
    { name: 'sidecar', image: 'kubeviz/sleep' },
  ],
};

/**
 * Deletes a running pod and keeps every status stored for it until it is gone: checked after every
 * delivery, so no write to etcd is missed.
 */
function deleteAndWatch(c: Cluster, name: string): Json[] {
  const seen: Json[] = [];
  let last = '';
  c.call('DELETE', `${PODS}/${name}`);
  runUntil(c, () => {
    const p = getPod(c, name);
    if (p) {
      const text = JSON.stringify(p.status);
      if (text !== last) seen.push(p.status as Json);
      last = text;
    }
    return p === undefined;
  });
  return seen;
}

function running(c: Cluster, name: string): void {
  runPod(c, pod(name, twoContainers));
  runUntil(
    c,
    () =>
      podStatus(c, name).phase === 'Running' &&
      ((podStatus(c, name).containerStatuses ?? []) as Json[]).every((s) => s.ready === true),
  );
}

describe('kubelet: SyncTerminatingPod', () => {
  it('kills each container of a deleted pod once: one Killing event, one StopContainer', () => {
    const c = readyNode();
    running(c, 'victim');
    const ids = ((podStatus(c, 'victim').containerStatuses ?? []) as Json[]).map((s) =>
      String(s.containerID).replace('containerd://', ''),
    );
    const t0 = c.sequencer.trace.length;
    deleteAndWatch(c, 'victim');
    const killing = eventsFor(c, 'victim').filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => [e.message, e.count, e.fieldPath])).toEqual([
      ['Stopping container web', 1, 'spec.containers{web}'],
      ['Stopping container sidecar', 1, 'spec.containers{sidecar}'],
    ]);
    const stops = c.sequencer.trace
      .slice(t0)
      .filter((e) => e.from === kubeletId('node-1') && e.summary.startsWith('CRI StopContainer'));
    expect(stops.map((e) => e.summary).sort()).toEqual(
      ids.map((id) => `CRI StopContainer ${id}`).sort(),
    );
  });

  it('publishes the terminated containers only together with the terminal phase', () => {
    const c = readyNode();
    running(c, 'ending');
    const statuses = deleteAndWatch(c, 'ending');
    const states = (s: Json) =>
      ((s.containerStatuses ?? []) as Json[]).map((cs) => cs.state as Json);
    // No status ever shows a container terminated while the pod is still Running.
    for (const s of statuses) {
      if (states(s).some((st) => st.terminated)) expect(s.phase).not.toBe('Running');
    }
    // Both containers exit 0 on SIGTERM: with podIsTerminal, getPhase makes the pod Succeeded.
    expect(statuses[0]!.phase).toBe('Running');
    const final = statuses[statuses.length - 1]!;
    expect(final.phase).toBe('Succeeded');
    expect(states(final).every((st) => st.terminated)).toBe(true);
    expect(
      (final.conditions as Json[]).find((x) => x.type === 'PodReadyToStartContainers'),
    ).toMatchObject({ status: 'False' });
    // The running status, then the terminal one: nothing in between.
    expect(statuses.map((s) => s.phase)).toEqual(['Running', 'Succeeded']);
  });
});
