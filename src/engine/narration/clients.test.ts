import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, message } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';

const SCHED = 'kube-scheduler';
const watchPods: Payload = {
  kind: 'api.request',
  method: 'GET',
  path: '/api/v1/pods',
  query: { watch: 'true', resourceVersion: '80' },
};

describe("client-go's own timers and watches", () => {
  it('tells a reflector watching again, or finding nothing to do', () => {
    const timer: Payload = { kind: 'timer', name: 'reflector/pods', data: { gen: 3 } };
    const again = narrate(
      delivered(SCHED, SCHED, timer, {
        notes: ['reflector pods: watch presumed dead, watching again'],
      }),
      timer,
      contextOf({ sent: [message(SCHED, 'kube-apiserver', watchPods)] }),
    );
    expect(again.headline).toBe("The scheduler's pods reflector lists or watches again.");
    expect(again.details).toContain('It asks the apiserver to watch pods from resourceVersion 80.');
    const idle = narrate(delivered(SCHED, SCHED, timer), timer, contextOf({ sent: [] }));
    expect(idle.headline).toContain('so there is nothing to do');
  });

  it('tells the end of a watch by the server', () => {
    const end: Payload = { kind: 'api.watchEnd', watchId: `${SCHED}#4` };
    const n = narrate(
      delivered('kube-apiserver', SCHED, end, { summary: 'watch ended by server' }),
      end,
      contextOf({ sent: [message(SCHED, 'kube-apiserver', watchPods)] }),
    );
    expect(n.headline).toBe(
      "The apiserver ends one of the scheduler's watches, as a watch's timeout asks.",
    );
    expect(n.details).toContain('It asks the apiserver to watch pods from resourceVersion 80.');
  });

  it('tells a key coming back to a work queue and a request time-out sweep', () => {
    const requeue: Payload = { kind: 'timer', name: 'workqueue/Nodes', data: { key: 'node-1' } };
    expect(
      narrate(delivered('cloud-controller-manager', 'cloud-controller-manager', requeue), requeue)
        .headline,
    ).toBe(
      "A key (node-1) comes back to the cloud controller manager's Nodes work queue after its delay.",
    );
    const sweep: Payload = { kind: 'timer', name: 'client/kubelet', data: { at: 10_000 } };
    expect(narrate(delivered('kubelet/node-1', 'kubelet/node-1', sweep), sweep).headline).toBe(
      'The kubelet on node-1 checks its requests for time-outs.',
    );
  });
});
