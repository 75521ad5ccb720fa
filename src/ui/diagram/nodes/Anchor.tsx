import { Handle, Position } from '@xyflow/react';
import type { NodeHandle } from '@xyflow/react';

/**
 * The DOM twin of a handle the layout declared: React Flow measures handles from the DOM, so
 * each one is drawn as an invisible 1px point exactly where the layout put it.
 */
export function Anchors({ handles }: { handles: readonly NodeHandle[] | undefined }) {
  return (
    <>
      {(handles ?? []).map((h) => (
        <Handle
          key={`${h.type}-${h.id}`}
          id={h.id ?? undefined}
          type={h.type}
          position={Position.Top}
          isConnectable={false}
          className="anchor"
          style={{ left: h.x, top: h.y }}
        />
      ))}
    </>
  );
}
