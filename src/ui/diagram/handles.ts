/**
 * The points edges attach to, one list per kind of box. The layout gives them to React Flow (so
 * edges are placed before anything is measured) and the custom nodes draw them (so the
 * measurement React Flow makes later agrees).
 */
import type { NodeHandle } from '@xyflow/react';
import {
  AGENT_CHIPS,
  PODS_ANCHOR,
  POD,
  SERVICE,
  center,
  type NodeMode,
  type Point,
} from './geometry.ts';

const AGENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

function handle(id: string, type: 'source' | 'target', at: Point): NodeHandle {
  // A 1px point: straight edges then run exactly between the points.
  return {
    id,
    type,
    x: at.x,
    y: at.y,
    width: 1,
    height: 1,
    position: 'top' as NodeHandle['position'],
  };
}

/** A component's lines meet at its centre. */
export function componentHandles(width: number, height: number): NodeHandle[] {
  const mid = { x: width / 2, y: height / 2 };
  return [handle('s', 'source', mid), handle('t', 'target', mid)];
}

/** A machine: one point per agent chip, and one for Services when its pods are counted. */
export function workerHandles(mode: NodeMode): NodeHandle[] {
  return [
    handle('pods', 'target', PODS_ANCHOR[mode]),
    ...AGENTS.map((a) => handle(a, 'target', center(AGENT_CHIPS[mode][a]!))),
  ];
}

export const POD_HANDLES: NodeHandle[] = [
  handle('t', 'target', { x: POD.width / 2, y: POD.height }),
];

export const SERVICE_HANDLES: NodeHandle[] = [
  handle('s', 'source', { x: SERVICE.width / 2, y: 0 }),
];
