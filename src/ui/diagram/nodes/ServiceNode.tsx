import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DiagramNode } from '../diagramTypes.ts';
import { SERVICE_HANDLES } from '../handles.ts';
import { Anchors } from './Anchor.tsx';

type Props = NodeProps<Extract<DiagramNode, { type: 'service' }>>;

export const ServiceNode = memo(function ServiceNode({ data, selected }: Props) {
  const s = data.service;
  const ready = s.endpoints.filter((e) => e.ready).length;
  return (
    <>
      <Anchors handles={SERVICE_HANDLES} />
      <div className={`svc${selected ? ' selected' : ''}`} data-testid={`service-${s.key}`}>
        <div className="svc-title">
          <span className="svc-kind">svc</span> {s.name}
          {s.namespace !== 'default' && <span className="svc-ns"> ({s.namespace})</span>}
        </div>
        <div className="svc-meta">
          {s.type} {s.clusterIP}
        </div>
        <div className="svc-meta">
          {s.apiserver
            ? 'endpoint: the apiserver'
            : `${s.endpoints.length} endpoint${s.endpoints.length === 1 ? '' : 's'}${ready < s.endpoints.length ? `, ${ready} ready` : ''}${data.linesHidden ? ' (select to draw)' : ''}`}
        </div>
      </div>
    </>
  );
});
