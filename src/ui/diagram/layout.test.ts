import { describe, expect, it } from 'vitest';
import { model, pod, service, type ClusterSpec } from './fixtures.testdata.ts';
import { POD_SLOTS } from './geometry.ts';
import type { DiagramLayout } from './diagramTypes.ts';
import { DETAILED_MAX_NODES, layout, MAX_POD_BOXES } from './layout.ts';
import { nextSlots, NO_LAYOUT_SLOTS, type LayoutSlots } from './layoutSlots.ts';

/** Lays out a sequence of cluster states, each keeping the slots of the one before. */
function run(...states: ClusterSpec[]): DiagramLayout[] {
  let slots: LayoutSlots = NO_LAYOUT_SLOTS;
  return states.map((spec) => {
    const m = model(spec);
    slots = nextSlots(slots, m);
    return layout(m, slots);
  });
}

/** Every element's position on the canvas (a child's is its parent's plus its own). */
function positions(l: DiagramLayout): Map<string, { x: number; y: number }> {
  const byId = new Map(l.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { x: number; y: number }>();
  for (const n of l.nodes) {
    const parent = n.parentId ? byId.get(n.parentId)!.position : { x: 0, y: 0 };
    out.set(n.id, { x: parent.x + n.position.x, y: parent.y + n.position.y });
  }
  return out;
}

function expectNothingMoved(before: DiagramLayout, after: DiagramLayout) {
  const a = positions(before);
  const b = positions(after);
  for (const [id, at] of a) expect(b.get(id), id).toEqual(at);
  for (const [id, at] of before.anchors) expect(after.anchors.get(id), id).toEqual(at);
}

const three = ['node-1', 'node-2', 'node-3'];

describe('diagram layout', () => {
  it('gives the same positions for the same input', () => {
    const spec = { nodes: three, pods: [pod('a', 'node-1'), pod('b', 'node-2')] };
    const [first] = run(spec);
    const [again] = run(spec);
    expect(again).toEqual(first);
  });

  it('puts the user left of the machines, the apiserver between, and pods inside their node', () => {
    const [l] = run({ nodes: three, pods: [pod('a', 'node-2')] });
    const at = positions(l!);
    expect(at.get('kubectl')!.x).toBeLessThan(at.get('node:node-1')!.x);
    expect(at.get('kube-apiserver')!.x).toBeLessThan(at.get('node:node-1')!.x);
    const podNode = l!.nodes.find((n) => n.id === 'pod:default/a')!;
    expect(podNode.parentId).toBe('node:node-2');
    expect(podNode.extent).toBe('parent');
    // The kubelet's packets end on its chip inside its machine.
    const box = at.get('node:node-2')!;
    const kubelet = l!.anchors.get('kubelet/node-2')!;
    expect(kubelet.x).toBeGreaterThan(box.x);
    expect(kubelet.y).toBeGreaterThan(box.y);
    expect(l!.routes.has('kube-apiserver|kubelet/node-2')).toBe(true);
    expect(l!.routes.has('etcd|kube-apiserver')).toBe(true);
  });

  it('never moves what is drawn when a pod is added, even one that sorts first', () => {
    const pods = [pod('web-b', 'node-1'), pod('web-c', 'node-1')];
    const [before, after] = run(
      { nodes: three, pods },
      {
        nodes: three,
        pods: [...pods, pod('web-a', 'node-1', { created: '2026-01-01T00:00:05Z' })],
      },
    );
    expectNothingMoved(before!, after!);
    expect(after!.nodes.some((n) => n.id === 'pod:default/web-a')).toBe(true);
  });

  it('never moves what is drawn when a node joins', () => {
    const pods = [pod('a', 'node-1'), pod('b', 'node-3')];
    const [before, after] = run({ nodes: three, pods }, { nodes: ['node-0', ...three], pods });
    expectNothingMoved(before!, after!);
  });

  it('keeps a pod where it is when another on its node goes, and a replacement lands elsewhere', () => {
    const [before, during, after] = run(
      { nodes: three, pods: [pod('a', 'node-1'), pod('b', 'node-1')] },
      {
        nodes: three,
        pods: [pod('a', 'node-1', { deleting: true }), pod('b', 'node-1'), pod('c', 'node-1')],
      },
      { nodes: three, pods: [pod('b', 'node-1'), pod('c', 'node-1')] },
    );
    const at = (l: DiagramLayout, id: string) => positions(l).get(id);
    expect(at(during!, 'pod:default/b')).toEqual(at(before!, 'pod:default/b'));
    expect(at(during!, 'pod:default/c')).not.toEqual(at(before!, 'pod:default/a'));
    expect(at(after!, 'pod:default/b')).toEqual(at(before!, 'pod:default/b'));
    expect(at(after!, 'pod:default/c')).toEqual(at(during!, 'pod:default/c'));
  });

  it('holds unscheduled pods in a tray and moves each into its node once bound', () => {
    const [pending, bound] = run(
      { nodes: three, pods: [pod('a'), pod('b')] },
      { nodes: three, pods: [pod('a', 'node-3'), pod('b')] },
    );
    expect(pending!.nodes.find((n) => n.id === 'pod:default/a')!.parentId).toBe('tray:pending');
    expect(bound!.nodes.find((n) => n.id === 'pod:default/a')!.parentId).toBe('node:node-3');
    expect(positions(bound!).get('pod:default/b')).toEqual(
      positions(pending!).get('pod:default/b'),
    );
  });

  it('draws a line from a Service to each pod its EndpointSlices list', () => {
    const pods = [pod('web-1', 'node-1'), pod('web-2', 'node-2'), pod('db', 'node-3')];
    const [l] = run({ nodes: three, pods, services: [service('web', ['web-1', 'web-2'])] });
    const lines = l!.edges.filter((e) => e.source === 'svc:default/web').map((e) => e.target);
    expect(lines).toEqual(['pod:default/web-1', 'pod:default/web-2']);
  });

  it("draws a crowded Service's lines only while it is selected", () => {
    const nodes = Array.from({ length: 14 }, (_, i) => `node-${i + 1}`);
    const pods = nodes.map((n, i) => pod(`web-${i}`, n));
    const spec = {
      nodes,
      pods,
      services: [
        service(
          'web',
          pods.map((p) => p.metadata.name!),
        ),
      ],
    };
    const m = model(spec);
    const slots = nextSlots(NO_LAYOUT_SLOTS, m);
    const plain = layout(m, slots);
    expect(plain.edges.filter((e) => e.source === 'svc:default/web')).toEqual([]);
    expect(plain.nodes.find((n) => n.id === 'svc:default/web')!.data.linesHidden).toBe(true);
    const chosen = layout(m, slots, 'svc:default/web');
    expect(chosen.edges.filter((e) => e.source === 'svc:default/web')).toHaveLength(14);
  });

  it('counts pods by ReplicaSet on a node with more than it has room for', () => {
    const pods = Array.from({ length: POD_SLOTS + 1 }, (_, i) =>
      pod(`web-${i}`, 'node-1', { owner: 'web-7c9d', running: i > 0 }),
    );
    const [l] = run({ nodes: three, pods, services: [service('web', ['web-1'])] });
    expect(l!.nodes.filter((n) => n.type === 'pod')).toEqual([]);
    const worker = l!.nodes.find((n) => n.id === 'node:node-1')!;
    expect(worker.data.groups).toEqual([
      {
        owner: 'web-7c9d',
        total: 7,
        counts: [
          { status: 'Running', tone: 'ok', count: 6 },
          { status: 'Pending', tone: 'progress', count: 1 },
        ],
      },
    ]);
    // The Service's line goes to the machine instead.
    expect(l!.edges.find((e) => e.source === 'svc:default/web')).toMatchObject({
      target: 'node:node-1',
      targetHandle: 'pods',
    });
  });

  it('shrinks machines to tiles past the detailed limit and counts pods past the box limit', () => {
    const many = Array.from({ length: DETAILED_MAX_NODES + 1 }, (_, i) => `node-${i + 1}`);
    const [big] = run({ nodes: many, pods: [pod('a', 'node-1')] });
    expect(big!.mode).toBe('compact');
    expect(big!.aggregated).toBe(true);
    expect(big!.nodes.filter((n) => n.type === 'worker')).toHaveLength(many.length);
    // 50 nodes stay within a few hundred elements.
    const fifty = Array.from({ length: 50 }, (_, i) => `node-${i + 1}`);
    const [l50] = run({ nodes: fifty });
    expect(l50!.nodes.length + l50!.edges.length).toBeLessThan(300);

    const pods = Array.from({ length: MAX_POD_BOXES + 1 }, (_, i) => pod(`p-${i}`, three[i % 3]));
    const [crowded] = run({ nodes: three, pods });
    expect(crowded!.mode).toBe('detailed');
    expect(crowded!.aggregated).toBe(true);
    expect(crowded!.nodes.filter((n) => n.type === 'pod')).toEqual([]);
  });

  it('marks the selected element', () => {
    const m = model({ nodes: three, pods: [pod('a', 'node-1')] });
    const l = layout(m, nextSlots(NO_LAYOUT_SLOTS, m), 'pod:default/a');
    expect(l.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['pod:default/a']);
  });
});
