import { useEffect, useRef, useState } from 'react';
import { motion } from 'framer-motion';
import { ViewportPortal } from '@xyflow/react';
import type { DiagramNode } from './diagramTypes.ts';
import { leftSince, podBoxes, type LeavingPod } from './leaving.ts';
import { shortPodName } from './nodes/PodNode.tsx';

/** How long a deleted pod takes to fade where it stood (wall milliseconds). */
const LEAVE_MS = 500;

/**
 * A deleted pod shrinks and fades where it stood, so its end reads as an end (and its
 * replacement, growing in elsewhere, as a new pod). With reduced motion it only fades.
 */
export function LeavingPods({ nodes }: { nodes: readonly DiagramNode[] }) {
  const drawn = useRef<Map<string, LeavingPod>>(new Map());
  const [leaving, setLeaving] = useState<LeavingPod[]>([]);
  useEffect(() => {
    const now = podBoxes(nodes);
    const gone = leftSince(drawn.current, now);
    drawn.current = now;
    if (gone.length === 0) return;
    setLeaving((list) => [...list, ...gone]);
    // Not cleared on the next change: each fade runs its course.
    setTimeout(() => setLeaving((list) => list.filter((p) => !gone.includes(p))), LEAVE_MS);
  }, [nodes]);
  if (leaving.length === 0) return null;
  return (
    <ViewportPortal>
      {leaving.map((p) => (
        <motion.div
          key={p.id}
          className={`pod leaving tone-${p.pod.tone}`}
          data-testid="leaving-pod"
          aria-hidden="true"
          style={{ position: 'absolute', left: p.x, top: p.y, width: p.width, height: p.height }}
          initial={{ opacity: 0.8, scale: 1 }}
          animate={{ opacity: 0, scale: 0.4 }}
          transition={{ duration: LEAVE_MS / 1000, ease: 'easeIn' }}
        >
          <div className="pod-name">{shortPodName(p.pod.name)}</div>
          <div className="pod-meta">
            <span className="pod-status">gone</span>
          </div>
        </motion.div>
      ))}
    </ViewportPortal>
  );
}
