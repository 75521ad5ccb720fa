import { describe, expect, it } from 'vitest';
import type { ApiResponsePayload } from '../engine/index.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { startRuntime } from './startRuntime.ts';
import { deployment } from '../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 2);

/** Waits (in real time, briefly) until the snapshot satisfies `done`. */
function until(
  client: { subscribe(l: (s: ClusterSnapshot) => void): () => void },
  done: (s: ClusterSnapshot) => boolean,
): Promise<ClusterSnapshot> {
  return new Promise((resolve) => {
    const stop = client.subscribe((s) => {
      if (done(s)) {
        queueMicrotask(() => stop());
        resolve(s);
      }
    });
  });
}

describe('runtime client (on-page placement)', () => {
  it('answers requests, applies etcd diffs to its mirror and reports actions', async () => {
    const client = await startRuntime({ seed: 3, speed: 1, placement: 'in-process' });
    await until(client, (s) => s.nodes.length === 0 || s.nodes.length > 0);
    const response = new Promise<ApiResponsePayload>((resolve) =>
      client.request(
        'POST',
        '/apis/apps/v1/namespaces/default/deployments',
        { body: DEPLOYMENT },
        resolve,
      ),
    );
    client.advance(30_000);
    expect((await response).code).toBe(201);
    const ready = await until(
      client,
      (s) =>
        s.pods.filter((p) => (p.status as { phase?: string }).phase === 'Running').length === 2,
    );
    expect(ready.nodes.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(ready.deployments.map((d) => d.metadata.name)).toEqual(['web']);
    expect(ready.components.find((c) => c.id === 'kube-scheduler')?.status).toBe('running');
    await client.act({ type: 'setComponentRunning', id: 'kube-scheduler', running: false });
    client.advance(10);
    const stopped = await until(
      client,
      (s) => s.components.find((c) => c.id === 'kube-scheduler')?.status === 'stopped',
    );
    expect(stopped.components.find((c) => c.id === 'kube-apiserver')?.status).toBe('running');
    await expect(client.act({ type: 'stopNode', name: 'node-9' })).rejects.toThrow(
      'no node named node-9',
    );
  });
});
