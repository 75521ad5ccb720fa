import type { NodeTypes } from '@xyflow/react';
import { ComponentNode } from './ComponentNode.tsx';
import { TrayNode, ZoneNode } from './FrameNodes.tsx';
import { PodNode } from './PodNode.tsx';
import { ServiceNode } from './ServiceNode.tsx';
import { WorkerNode } from './WorkerNode.tsx';

/** Declared once at module level: a new object per render would remount every node. */
export const nodeTypes: NodeTypes = {
  component: ComponentNode,
  worker: WorkerNode,
  pod: PodNode,
  service: ServiceNode,
  tray: TrayNode,
  zone: ZoneNode,
};
