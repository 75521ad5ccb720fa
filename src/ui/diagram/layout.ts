/**
 * The diagram's boxes and lines, from the model and each thing's sticky slot. Pure: the same
 * model and slots give the same positions, and since slots stick, a new pod, node or Service
 * never moves what is already drawn. Above DETAILED_MAX_NODES machines the boxes shrink to
 * summary tiles, and above MAX_POD_BOXES pods every machine shows counts instead of pod boxes:
 * those two switches are the only times things move.
 */
import type { Edge } from '@xyflow/react';
import type { ComponentView } from '../../runtime/view.ts';
import {
  AGENT_CHIPS,
  FIXED,
  POD,
  POD_SLOTS,
  SPOKES,
  TRAY_SLOTS,
  ZONE,
  center,
  nodeBox,
  podOffset,
  serviceBox,
  trayBox,
  trayOffset,
  type Box,
  type NodeMode,
  type Point,
} from './geometry.ts';
import { groupPods } from './groups.ts';
import { componentHandles, POD_HANDLES, SERVICE_HANDLES, workerHandles } from './handles.ts';
import type { DiagramModel, PodView } from './model.ts';
import { NO_SLOTS } from './slots.ts';
import { nodeId, routeKey, type DiagramLayout, type DiagramNode } from './diagramTypes.ts';
import type { LayoutSlots } from './layoutSlots.ts';

export const DETAILED_MAX_NODES = 12;
export const MAX_POD_BOXES = 120;
/** A Service with more lines than this draws them only while it is selected. */
export const MAX_SERVICE_LINES = 12;
const AGENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

function sized(box: Box) {
  return {
    width: box.width,
    height: box.height,
    measured: { width: box.width, height: box.height },
    draggable: false,
    deletable: false,
    connectable: false,
  };
}

function stopped(id: string): ComponentView {
  const slash = id.indexOf('/');
  return slash < 0
    ? { id, type: id, status: 'stopped' }
    : { id, type: id.slice(0, slash), node: id.slice(slash + 1), status: 'stopped' };
}

function edge(
  source: string,
  target: string,
  sourceHandle: string,
  targetHandle: string,
  className: string,
): Edge {
  return {
    id: `e:${source}:${sourceHandle}>${target}:${targetHandle}`,
    source,
    target,
    sourceHandle,
    targetHandle,
    type: 'straight',
    className,
    focusable: false,
    selectable: false,
    deletable: false,
  };
}

export function layout(model: DiagramModel, slots: LayoutSlots, selected?: string): DiagramLayout {
  const mode: NodeMode = model.nodes.length > DETAILED_MAX_NODES ? 'compact' : 'detailed';
  const aggregated = mode === 'compact' || model.podCount > MAX_POD_BOXES;
  const nodes: DiagramNode[] = [];
  const edges: Edge[] = [];
  const anchors = new Map<string, Point>();
  const routes = new Set<string>();
  const isSelected = (id: string) => id === selected;
  const boxes: Box[] = [ZONE];

  nodes.push({
    id: 'zone:control-plane',
    type: 'zone',
    position: { x: ZONE.x, y: ZONE.y },
    data: { title: 'Control plane' },
    selectable: false,
    focusable: false,
    zIndex: -1,
    ...sized(ZONE),
  });

  for (const [id, box] of Object.entries(FIXED)) {
    nodes.push({
      id,
      type: 'component',
      position: { x: box.x, y: box.y },
      data: { component: model.components.get(id) ?? stopped(id) },
      handles: componentHandles(box.width, box.height),
      selected: isSelected(id),
      ariaLabel: id,
      ...sized(box),
    });
    anchors.set(id, center(box));
    boxes.push(box);
  }
  for (const id of SPOKES) {
    edges.push(edge(id, 'kube-apiserver', 's', 't', 'edge-spoke'));
    routes.add(routeKey(id, 'kube-apiserver'));
  }
  edges.push(edge('kube-apiserver', 'etcd', 's', 't', 'edge-spoke'));
  routes.add(routeKey('kube-apiserver', 'etcd'));
  edges.push(edge('cloud-controller-manager', 'cloud', 's', 't', 'edge-spoke'));
  routes.add(routeKey('cloud-controller-manager', 'cloud'));

  // Pods waiting for a node.
  const tray = trayBox(mode);
  boxes.push(tray);
  const waiting = aggregated
    ? []
    : model.pending.filter((p) => (slots.pending.get(p.key) ?? TRAY_SLOTS) < TRAY_SLOTS);
  nodes.push({
    id: 'tray:pending',
    type: 'tray',
    position: { x: tray.x, y: tray.y },
    data: { total: model.pending.length, shown: waiting.length },
    selectable: false,
    focusable: false,
    ...sized(tray),
  });

  // Machines.
  const podNodes: DiagramNode[] = [];
  for (const p of waiting) {
    const at = trayOffset(slots.pending.get(p.key)!);
    podNodes.push(podNode(p, 'tray:pending', at, isSelected));
    anchors.set(nodeId.pod(p.key), {
      x: tray.x + at.x + POD.width / 2,
      y: tray.y + at.y + POD.height / 2,
    });
  }
  const drawnPods = new Set<string>();
  const podHome = new Map<string, string>();
  for (const n of model.nodes) {
    const box = nodeBox(mode, slots.nodes.get(n.name) ?? 0);
    boxes.push(box);
    const id = nodeId.node(n.name);
    for (const agent of AGENTS) {
      const mid = center(AGENT_CHIPS[mode][agent]!);
      anchors.set(`${agent}/${n.name}`, { x: box.x + mid.x, y: box.y + mid.y });
    }
    const boxesFit = !aggregated && n.pods.length <= POD_SLOTS;
    nodes.push({
      id,
      type: 'worker',
      position: { x: box.x, y: box.y },
      data: {
        node: n,
        mode,
        agents: AGENTS.map(
          (a) => model.components.get(`${a}/${n.name}`) ?? stopped(`${a}/${n.name}`),
        ),
        groups: boxesFit ? undefined : groupPods(n.pods),
      },
      handles: workerHandles(mode),
      selected: isSelected(id),
      ariaLabel: `node ${n.name}`,
      ...sized(box),
    });
    edges.push(edge('kube-apiserver', id, 's', 'kubelet', 'edge-node'));
    routes.add(routeKey('kube-apiserver', `kubelet/${n.name}`));
    if (mode === 'detailed') {
      edges.push(edge('kube-apiserver', id, 's', 'kube-proxy', 'edge-node'));
      routes.add(routeKey('kube-apiserver', `kube-proxy/${n.name}`));
    }
    const podSlots = slots.pods.get(n.name) ?? NO_SLOTS;
    for (const p of n.pods) {
      podHome.set(p.key, id);
      if (!boxesFit) continue;
      const at = podOffset(podSlots.get(p.key) ?? 0);
      podNodes.push(podNode(p, id, at, isSelected));
      drawnPods.add(p.key);
      anchors.set(nodeId.pod(p.key), {
        x: box.x + at.x + POD.width / 2,
        y: box.y + at.y + POD.height / 2,
      });
    }
  }
  nodes.push(...podNodes);

  // Services, with a line to each pod they route to (or to its machine when pods are counted).
  for (const s of model.services) {
    const box = serviceBox(mode, slots.services.get(s.key) ?? 0);
    boxes.push(box);
    const id = nodeId.service(s.key);
    const lines: Edge[] = [];
    const toNodes = new Set<string>();
    for (const e of s.endpoints) {
      const cls = e.ready ? 'edge-service' : 'edge-service unready';
      if (drawnPods.has(e.pod))
        lines.push({ ...edge(id, nodeId.pod(e.pod), 's', 't', cls), zIndex: 1 });
      else {
        const home = podHome.get(e.pod);
        if (home && !toNodes.has(home)) {
          toNodes.add(home);
          lines.push({ ...edge(id, home, 's', 'pods', cls), zIndex: 1 });
        }
      }
    }
    const linesHidden = lines.length > MAX_SERVICE_LINES && !isSelected(id);
    if (!linesHidden) edges.push(...lines);
    nodes.push({
      id,
      type: 'service',
      position: { x: box.x, y: box.y },
      data: { service: s, linesHidden },
      handles: SERVICE_HANDLES,
      selected: isSelected(id),
      ariaLabel: `service ${s.key}`,
      ...sized(box),
    });
  }

  return { nodes, edges, anchors, routes, mode, aggregated, bounds: union(boxes) };
}

function podNode(
  p: PodView,
  parentId: string,
  at: Point,
  isSelected: (id: string) => boolean,
): DiagramNode {
  const id = nodeId.pod(p.key);
  return {
    id,
    type: 'pod',
    parentId,
    extent: 'parent',
    position: at,
    data: { pod: p },
    handles: POD_HANDLES,
    selected: isSelected(id),
    ariaLabel: `pod ${p.key}`,
    ...sized({ ...at, ...POD }),
  };
}

function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}
