import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DiagramNode } from '../diagramTypes.ts';

type ZoneProps = NodeProps<Extract<DiagramNode, { type: 'zone' }>>;
type TrayProps = NodeProps<Extract<DiagramNode, { type: 'tray' }>>;

/** The control plane's outline. */
export const ZoneNode = memo(function ZoneNode({ data }: ZoneProps) {
  return (
    <div className="zone">
      <span className="zone-title">{data.title}</span>
    </div>
  );
});

/** Where new pods wait until the scheduler binds them to a node. */
export const TrayNode = memo(function TrayNode({ data }: TrayProps) {
  const more = data.total - data.shown;
  return (
    <div className="tray" data-testid="pending-tray">
      <span className="tray-title">
        Pods with no node yet: <strong>{data.total}</strong>
        {more > 0 && data.shown > 0 && <span> ({more} more not drawn)</span>}
      </span>
      {data.total === 0 && (
        <span className="tray-empty">the scheduler binds new pods to a node</span>
      )}
    </div>
  );
});
