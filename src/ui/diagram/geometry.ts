/**
 * Where everything sits, in flow coordinates (px at zoom 1). The layout places boxes with these
 * numbers and the custom nodes draw their insides with the same ones, so a packet's end point
 * (an agent's chip, a pod) is exactly where the chip is drawn.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

/** The control plane and the components around it; the apiserver's centre is at y = 220. */
export const FIXED: Record<string, Box> = {
  'kube-scheduler': { x: 0, y: 0, width: 220, height: 62 },
  'kube-controller-manager': { x: 0, y: 80, width: 220, height: 208 },
  'metrics-server': { x: 0, y: 306, width: 220, height: 62 },
  'cloud-controller-manager': { x: 0, y: 386, width: 220, height: 62 },
  'kube-apiserver': { x: 290, y: 172, width: 210, height: 96 },
  etcd: { x: 290, y: 330, width: 210, height: 62 },
  kubectl: { x: 290, y: -168, width: 210, height: 62 },
  cloud: { x: 0, y: 500, width: 220, height: 62 },
  loadgen: { x: 290, y: 500, width: 210, height: 62 },
};

export const ZONE: Box = { x: -16, y: -44, width: 532, height: 508 };

/** Components that talk to the apiserver along a drawn edge (the hub's spokes). */
export const SPOKES = [
  'kubectl',
  'kube-scheduler',
  'kube-controller-manager',
  'metrics-server',
  'cloud-controller-manager',
];

export const NODES_X = 600;
const API_CENTER_Y = 220;

export type NodeMode = 'detailed' | 'compact';

/** The two sizes of machine box: with pod boxes inside (few nodes) or a summary tile (many). */
export const NODE_BOX = {
  detailed: { width: 300, height: 278, gapX: 24, gapY: 24, rows: 2 },
  compact: { width: 190, height: 112, gapX: 14, gapY: 12, rows: 8 },
} as const;

/** Where each agent's chip sits inside a machine box (relative to the box). */
export const AGENT_CHIPS: Record<NodeMode, Record<string, Box>> = {
  detailed: {
    kubelet: { x: 10, y: 96, width: 88, height: 28 },
    'kube-proxy': { x: 106, y: 96, width: 88, height: 28 },
    containerd: { x: 202, y: 96, width: 88, height: 28 },
  },
  compact: {
    kubelet: { x: 8, y: 66, width: 56, height: 22 },
    'kube-proxy': { x: 67, y: 66, width: 56, height: 22 },
    containerd: { x: 126, y: 66, width: 56, height: 22 },
  },
};

/** Where Service lines meet a machine whose pods are shown as counts. */
export const PODS_ANCHOR: Record<NodeMode, Point> = {
  detailed: { x: 150, y: 200 },
  compact: { x: 95, y: 100 },
};

export const POD = { width: 136, height: 42 };
/** Pod boxes in a detailed machine: two columns, three rows. */
export const POD_SLOTS = 6;
const POD_ORIGIN = { x: 10, y: 132 };

export function podOffset(slot: number): Point {
  return {
    x: POD_ORIGIN.x + (slot % 2) * (POD.width + 8),
    y: POD_ORIGIN.y + Math.floor(slot / 2) * (POD.height + 6),
  };
}

/** The machine box in grid slot `slot`: columns fill top to bottom, then the next column. */
export function nodeBox(mode: NodeMode, slot: number): Box {
  const g = NODE_BOX[mode];
  const gridHeight = g.rows * g.height + (g.rows - 1) * g.gapY;
  const top = API_CENTER_Y - gridHeight / 2;
  return {
    x: NODES_X + Math.floor(slot / g.rows) * (g.width + g.gapX),
    y: top + (slot % g.rows) * (g.height + g.gapY),
    width: g.width,
    height: g.height,
  };
}

/** The tray of pods waiting for a node, above the machines. */
export const TRAY_SLOTS = 4;
export function trayBox(mode: NodeMode): Box {
  const top = nodeBox(mode, 0).y;
  return { x: NODES_X, y: top - 98, width: TRAY_SLOTS * (POD.width + 8) + 12, height: 74 };
}
export function trayOffset(slot: number): Point {
  return { x: 8 + slot * (POD.width + 8), y: 26 };
}

/** Services in a row under the machines. */
export const SERVICE = { width: 200, height: 56, gap: 16 };
export function serviceBox(mode: NodeMode, slot: number): Box {
  const g = NODE_BOX[mode];
  const last = nodeBox(mode, g.rows - 1);
  return {
    x: NODES_X + slot * (SERVICE.width + SERVICE.gap),
    y: last.y + last.height + 48,
    width: SERVICE.width,
    height: SERVICE.height,
  };
}

export function center(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
