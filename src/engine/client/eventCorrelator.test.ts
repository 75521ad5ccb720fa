import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import type { ApiRequestPayload } from '../api/protocol.ts';
import { newEventRecorder, recordEvent } from './events.ts';
import { newClient } from './requests.ts';
import { testContext } from './testing/testContext.ts';

const rs: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-1', namespace: 'default', uid: 'rs-uid', resourceVersion: '5' },
};

function requests(sent: { payload: unknown }[]) {
  return sent.map((m) => {
    const p = m.payload as ApiRequestPayload;
    const body = p.body as { message?: string; count?: number };
    return { method: p.method, message: body.message, count: body.count };
  });
}

describe('event correlation (client-go EventCorrelator)', () => {
  it('aggregates similar events from the tenth message and drops spam after 25', () => {
    const ctx = testContext('kube-controller-manager');
    const recorder = newEventRecorder({ component: 'replicaset-controller' }, 0);
    const client = newClient();
    for (let i = 0; i < 40; i++)
      recordEvent(recorder, client, ctx, rs, 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    const sent = requests(ctx.sent);
    expect(sent).toHaveLength(25);
    expect(sent.slice(0, 9).map((s) => [s.method, s.message])).toEqual(
      Array.from({ length: 9 }, (_, i) => ['POST', `Created pod: p${i}`]),
    );
    expect(sent[9]).toEqual({
      method: 'POST',
      message: '(combined from similar events): Created pod: p9',
      count: 1,
    });
    expect(sent[24]).toEqual({
      method: 'PATCH',
      message: '(combined from similar events): Created pod: p24',
      count: 16,
    });

    // One token comes back every 5 minutes; the patch carries every event counted meanwhile.
    ctx.now = 300_000;
    recordEvent(recorder, client, ctx, rs, 'Normal', 'SuccessfulCreate', 'Created pod: p40');
    recordEvent(recorder, client, ctx, rs, 'Normal', 'SuccessfulCreate', 'Created pod: p41');
    expect(requests(ctx.sent.slice(25))).toEqual([
      { method: 'PATCH', message: '(combined from similar events): Created pod: p40', count: 32 },
    ]);
  });

  it('leaves the events of an events.k8s.io recorder, as the scheduler uses, alone', () => {
    const ctx = testContext('kube-scheduler');
    const recorder = newEventRecorder({ component: 'default-scheduler' }, 0, { correlate: false });
    const client = newClient();
    for (let i = 0; i < 30; i++)
      recordEvent(recorder, client, ctx, rs, 'Warning', 'FailedScheduling', `attempt ${i}`);
    expect(
      requests(ctx.sent).every((r) => r.method === 'POST' && !r.message?.startsWith('(')),
    ).toBe(true);
    expect(ctx.sent).toHaveLength(30);
  });
});
