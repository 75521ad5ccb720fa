/**
 * Pods that just left the diagram: where each was drawn, so it can fade out where it stood
 * instead of vanishing (React Flow unmounts a node the moment it leaves the list).
 */
import type { DiagramNode } from './diagramTypes.ts';
import type { PodView } from './model.ts';

export interface LeavingPod {
  id: string;
  /** Flow coordinates of its box (a pod's position is relative to its machine). */
  x: number;
  y: number;
  width: number;
  height: number;
  pod: PodView;
}

/** More pods than this leaving at once is a jump (rewind, aggregation), not pods going away. */
export const MAX_LEAVING = 24;

/** Every pod box in the layout, with its absolute position. */
export function podBoxes(nodes: readonly DiagramNode[]): Map<string, LeavingPod> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const boxes = new Map<string, LeavingPod>();
  for (const n of nodes) {
    if (n.type !== 'pod') continue;
    let { x, y } = n.position;
    for (let p = n.parentId ? byId.get(n.parentId) : undefined; p;) {
      x += p.position.x;
      y += p.position.y;
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    boxes.set(n.id, {
      id: n.id,
      x,
      y,
      width: n.width ?? 0,
      height: n.height ?? 0,
      pod: n.data.pod,
    });
  }
  return boxes;
}

/** The pods drawn before and not now; none when so many went that it was a jump. */
export function leftSince(
  before: ReadonlyMap<string, LeavingPod>,
  now: ReadonlyMap<string, LeavingPod>,
): LeavingPod[] {
  const gone = [...before.values()].filter((p) => !now.has(p.id));
  return gone.length > MAX_LEAVING ? [] : gone;
}
