/** The shapes the layout hands to React Flow and to the packet layer, and the ids it uses. */
import type { Edge, Node } from '@xyflow/react';
import type { ComponentView } from '../../runtime/view.ts';
import type { Box, NodeMode, Point } from './geometry.ts';
import type { PodGroup } from './groups.ts';
import type { NodeView, PodView, ServiceView } from './model.ts';

export interface ComponentData extends Record<string, unknown> {
  component: ComponentView;
}
export interface WorkerData extends Record<string, unknown> {
  node: NodeView;
  mode: NodeMode;
  agents: ComponentView[];
  /** Set when the machine shows counts instead of pod boxes. */
  groups: PodGroup[] | undefined;
}
export interface PodData extends Record<string, unknown> {
  pod: PodView;
}
export interface TrayData extends Record<string, unknown> {
  total: number;
  shown: number;
}
export interface ServiceData extends Record<string, unknown> {
  service: ServiceView;
  /** Its lines are too many to draw unselected. */
  linesHidden: boolean;
}
export interface ZoneData extends Record<string, unknown> {
  title: string;
}

export type DiagramNode =
  | Node<ComponentData, 'component'>
  | Node<WorkerData, 'worker'>
  | Node<PodData, 'pod'>
  | Node<TrayData, 'tray'>
  | Node<ServiceData, 'service'>
  | Node<ZoneData, 'zone'>;

export interface DiagramLayout {
  nodes: DiagramNode[];
  edges: Edge[];
  /** Where a packet to or from each component (and each drawn pod) starts and ends. */
  anchors: ReadonlyMap<string, Point>;
  /** Pairs of components with a drawn line ("a|b", sorted); other packets draw their own. */
  routes: ReadonlySet<string>;
  mode: NodeMode;
  /** Pods are shown as counts everywhere. */
  aggregated: boolean;
  bounds: Box;
}

export const nodeId = {
  node: (name: string) => `node:${name}`,
  pod: (key: string) => `pod:${key}`,
  service: (key: string) => `svc:${key}`,
};

export function routeKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
