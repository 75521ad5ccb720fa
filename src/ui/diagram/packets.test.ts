import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../runtime/view.ts';
import { apiTarget, packetLabel, placePackets, progress, shortKey } from './packets.ts';

function message(kind: string, summary: string, extra: Partial<MessageView> = {}): MessageView {
  return { id: 'x#1', from: 'a', to: 'b', sentAt: 100, deliverAt: 102, kind, summary, ...extra };
}

describe('packet labels', () => {
  it('says what an API request does in a few words', () => {
    const req = (summary: string, detail?: string) =>
      packetLabel(message('api.request', summary, detail ? { detail } : {}));
    expect(req('POST /api/v1/namespaces/default/pods')).toBe('POST pods');
    expect(req('POST /api/v1/namespaces/default/pods/web-1/binding', 'node-2')).toBe(
      'bind to node-2',
    );
    expect(req('PATCH /api/v1/namespaces/default/pods/web-1/status', 'Running')).toBe(
      'PATCH pod status Running',
    );
    expect(req('PUT /apis/apps/v1/namespaces/default/replicasets/web-1/status')).toBe(
      'PUT replicaset status',
    );
    expect(req('GET /api/v1/pods?resourceVersion=0')).toBe('LIST pods');
    expect(req('GET /api/v1/pods?watch=true&resourceVersion=12')).toBe('WATCH pods');
    expect(req('GET /api/v1/nodes/node-1')).toBe('GET node node-1');
    expect(req('PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1')).toBe(
      'PUT lease node-1',
    );
    expect(req('DELETE /api/v1/namespaces/default/pods/web-1')).toBe('DELETE pod web-1');
    expect(req('POST /apis/policy/v1/namespaces/default/pods/web-1/eviction')).toBe(
      'POST pod eviction',
    );
  });

  it('names the event and the object of a watch, and the outcome of a response', () => {
    expect(
      packetLabel(
        message('api.watch', 'watch ADDED pod default/web-7c9d-x2kqp', {
          object: { kind: 'Pod', name: 'web-7c9d-x2kqp' },
        }),
      ),
    ).toBe('watch ADDED web-7c9d-x2kqp');
    expect(
      packetLabel(
        message('api.response', '201 pod default/web-1 rv 65', {
          object: { kind: 'Pod', name: 'web-1' },
        }),
      ),
    ).toBe('201 pod web-1');
    expect(
      packetLabel(message('api.response', '409 Conflict: Operation cannot be fulfilled')),
    ).toBe('409 Conflict');
    expect(packetLabel(message('api.response', '200 PodList (3 items, rv 5)'))).toBe(
      '200 PodList (3)',
    );
  });

  it('shortens etcd keys and container runtime calls', () => {
    expect(
      packetLabel(
        message(
          'etcd.request',
          'txn if create_revision(/registry/pods/default/web-1) = 0 then put /registry/pods/default/web-1',
        ),
      ),
    ).toBe('txn put pods/web-1');
    expect(packetLabel(message('etcd.watch', 'PUT /registry/pods/default/web-1 rev 63'))).toBe(
      'PUT pods/web-1 rev 63',
    );
    expect(packetLabel(message('cri.request', 'CRI RunPodSandbox default/web-1'))).toBe(
      'CRI RunPodSandbox web-1',
    );
    expect(shortKey('/registry/minions/node-1')).toBe('minions/node-1');
    expect(apiTarget('/api/v1/namespaces/team-a')).toEqual({
      resource: 'namespaces',
      name: 'team-a',
    });
  });

  it('keeps labels short', () => {
    const long = packetLabel(message('cloud.request', 'x'.repeat(80)));
    expect(long.length).toBeLessThanOrEqual(34);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('packet placement', () => {
  const anchors = new Map([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 100, y: 0 }],
    ['c', { x: 0, y: 100 }],
  ]);
  const routes = new Set(['a|b']);

  it('puts a packet (now - sentAt) / (deliverAt - sentAt) of the way along its line', () => {
    expect(progress({ sentAt: 100, deliverAt: 104 }, 101)).toBe(0.25);
    expect(progress({ sentAt: 100, deliverAt: 104 }, 90)).toBe(0);
    expect(progress({ sentAt: 100, deliverAt: 104 }, 200)).toBe(1);
    const { packets } = placePackets(
      [message('api.request', 'GET /api/v1/pods')],
      101.5,
      anchors,
      routes,
    );
    expect(packets[0]!.at).toEqual({ x: 75, y: 0 });
    expect(packets[0]!.adHoc).toBe(false);
    expect(packets[0]!.angle).toBe(0);
  });

  it('holds every packet at the middle of its line when motion is reduced', () => {
    const { packets } = placePackets(
      [message('api.request', 'GET /api/v1/pods')],
      101.9,
      anchors,
      routes,
      {
        still: true,
      },
    );
    expect(packets[0]!.at).toEqual({ x: 50, y: 0 });
  });

  it('draws at most the limit, counts the rest, and marks packets with no drawn line', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      message('api.request', 'GET /api/v1/pods', { id: `a#${i}`, to: i === 0 ? 'c' : 'b' }),
    );
    const unknown = message('api.request', 'GET /api/v1/pods', { id: 'z#1', from: 'nowhere' });
    const placed = placePackets([...many, unknown], 101, anchors, routes, { limit: 3 });
    expect(placed.packets.map((p) => p.id)).toEqual(['a#0', 'a#1', 'a#2']);
    expect(placed.hidden).toBe(3);
    expect(placed.packets[0]!.adHoc).toBe(true);
    // The first on each line and direction carries the label and says how many follow it.
    expect(placed.packets.map((p) => [p.labelled, p.following])).toEqual([
      [true, 0],
      [true, 1],
      [false, 0],
    ]);
  });

  it('puts labels at the same spot on separate rows', () => {
    const one = message('api.request', 'GET /api/v1/pods', { id: 'a#1', deliverAt: 104 });
    const back = message('api.response', '200 ok', {
      id: 'b#1',
      from: 'b',
      to: 'a',
      sentAt: 101,
      deliverAt: 103,
    });
    const { packets } = placePackets([one, back], 102, anchors, routes);
    // Both halfway along a-b: one label above the other.
    expect(packets.map((p) => p.at)).toEqual([
      { x: 50, y: 0 },
      { x: 50, y: 0 },
    ]);
    expect(packets.map((p) => p.row)).toEqual([0, 1]);
  });
});
