import { describe, expect, it } from 'vitest';
import type { ApiRequestPayload } from '../api/protocol.ts';
import { findResource } from '../api/resources.ts';
import { statusErrors } from '../api/status.ts';
import { reflectorHandle, reflectorStart } from './reflector.ts';
import { newReflector } from './reflectorState.ts';
import { testContext } from './testing/testContext.ts';

const pods = findResource('', 'pods')!;
const pod = (name: string, rv: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: rv },
});
const podList = (rv: string, items: unknown[], cont?: string) => ({
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: cont ? { resourceVersion: rv, continue: cont } : { resourceVersion: rv },
  items,
});

function setup() {
  const ctx = testContext('scheduler');
  const r = newReflector({ name: 'pods', resource: pods });
  reflectorStart(r, ctx);
  const reply = (code: number, body: Record<string, unknown>) =>
    reflectorHandle(
      r,
      ctx.envelope('kube-apiserver', {
        kind: 'api.response',
        inReplyTo: ctx.sent.at(-1)!.id,
        code,
        body,
      }),
      ctx,
    );
  const lastQuery = () => (ctx.sent.at(-1)!.payload as ApiRequestPayload).query;
  return { ctx, r, reply, lastQuery };
}

describe('Reflector', () => {
  it('follows continue tokens and stores the pages as one list', () => {
    const { r, reply, lastQuery } = setup();
    expect(lastQuery()).toEqual({ limit: '500', resourceVersion: '0' });
    expect(reply(200, podList('10', [pod('a', '5')], 'tok1'))).toEqual([]);
    expect(lastQuery()).toEqual({ limit: '500', continue: 'tok1' });
    const out = reply(200, podList('10', [pod('b', '7')]));
    expect(out).toEqual([
      { type: 'replace', items: [pod('a', '5'), pod('b', '7')], resourceVersion: '10' },
    ]);
    expect(r.paginatedResult).toBe(true);
    expect(lastQuery()).toMatchObject({ resourceVersion: '10', watch: 'true' });
  });

  it('lists again at once from etcd when the resourceVersion it asked for has expired', () => {
    const { r, reply, lastQuery, ctx } = setup();
    reply(200, podList('10', []));
    reply(200, { kind: 'WatchStarted' });
    const watchId = ctx.sent.at(-1)!.id;
    reflectorHandle(
      r,
      ctx.envelope('kube-apiserver', {
        kind: 'api.watch',
        watchId,
        type: 'ERROR',
        object: statusErrors.resourceExpired('too old resource version: 10 (20)'),
      }),
      ctx,
    );
    expect(r.phase).toBe('backingOff');
    reflectorHandle(r, ctx.fire(ctx.timers.at(-1)!), ctx);
    expect(lastQuery()).toEqual({ resourceVersion: '10' });
    reply(410, statusErrors.gone('too old resource version: 10 (20)'));
    expect(r.phase).toBe('listing');
    expect(lastQuery()).toEqual({ limit: '500' });
    reply(200, podList('25', []));
    expect(r.lastSyncResourceVersionUnavailable).toBe(false);
    expect(r.lastSyncResourceVersion).toBe('25');
  });

  it('swallows late messages for requests it gave up on, and stale timers', () => {
    const { r, ctx } = setup();
    const listId = ctx.sent.at(-1)!.id;
    const timeout = ctx.timers.at(-1)!;
    expect(timeout.at).toBe(60_000);
    reflectorHandle(r, ctx.fire(timeout), ctx);
    expect(r.phase).toBe('backingOff');
    expect(r.lastError).toBe('list of pods timed out');
    const late = ctx.envelope('kube-apiserver', {
      kind: 'api.response',
      inReplyTo: listId,
      code: 200,
      body: podList('3', []),
    });
    expect(reflectorHandle(r, late, ctx)).toEqual([]);
    expect(reflectorHandle(r, ctx.fire(timeout), ctx)).toEqual([]);
    expect(r.phase).toBe('backingOff');
    const other = ctx.envelope('kube-apiserver', {
      kind: 'api.response',
      inReplyTo: 'x#1',
      code: 200,
      body: {},
    });
    expect(reflectorHandle(r, other, ctx)).toBeUndefined();
  });

  it('backs off 800ms..30s with jitter in [d, 2d), and resets after 2 quiet minutes', () => {
    const { r, ctx } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      reflectorHandle(r, ctx.fire(ctx.timers.at(-1)!), ctx); // the list times out
      const backoff = ctx.timers.at(-1)!;
      waits.push(backoff.at - ctx.now);
      reflectorHandle(r, ctx.fire(backoff), ctx); // lists again
    }
    const bases = [800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000];
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(bases[i]!);
      expect(w).toBeLessThan(2 * bases[i]!);
    });
    ctx.now += 200_000;
    reflectorHandle(r, ctx.fire(ctx.timers.at(-1)!), ctx);
    expect(ctx.timers.at(-1)!.at - ctx.now).toBeLessThan(1600);
  });
});
