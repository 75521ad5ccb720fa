import { memo } from 'react';
import { motion } from 'framer-motion';
import type { NodeProps } from '@xyflow/react';
import type { DiagramNode } from '../diagramTypes.ts';
import { POD_HANDLES } from '../handles.ts';
import { Anchors } from './Anchor.tsx';

type Props = NodeProps<Extract<DiagramNode, { type: 'pod' }>>;

/** "web-57dcc5cffb-8276k" fits as "web-57dcc…-8276k": the random suffix is what tells pods apart. */
export function shortPodName(name: string, max = 17): string {
  if (name.length <= max) return name;
  const tail = name.slice(name.lastIndexOf('-'));
  const head = Math.max(3, max - tail.length - 1);
  return `${name.slice(0, head)}…${tail}`;
}

/**
 * A pod inside its node. It grows in when it first appears, so a replacement reads as a new pod
 * (a restart only bumps the counter); a Terminating pod is dashed and faded.
 */
export const PodNode = memo(function PodNode({ data, selected }: Props) {
  const p = data.pod;
  return (
    <>
      <Anchors handles={POD_HANDLES} />
      <motion.div
        className={`pod tone-${p.tone}${selected ? ' selected' : ''}`}
        data-testid="diagram-pod"
        data-pod={p.key}
        data-status={p.status}
        data-node={p.node ?? ''}
        title={`${p.key}\n${p.status}, ready ${p.ready}, restarts ${p.restarts}`}
        initial={{ scale: 0.3, opacity: 0 }}
        animate={{ scale: 1, opacity: p.terminating ? 0.7 : 1 }}
        transition={{
          scale: { type: 'spring', stiffness: 320, damping: 20 },
          opacity: { duration: 0.2 },
        }}
      >
        <span className="pod-new" aria-hidden="true" />
        <div className="pod-name">{shortPodName(p.name)}</div>
        <div className="pod-meta">
          <span className="pod-status">{p.status}</span>
          <span className="pod-ready" title="ready containers">
            {p.ready}
          </span>
          {p.restarts > 0 && (
            <span className="pod-restarts" title="restarts">
              ↻{p.restarts}
            </span>
          )}
        </div>
      </motion.div>
    </>
  );
});
