import { memo } from 'react';
import { AnimatePresence, motion, useReducedMotion } from 'framer-motion';
import { ViewportPortal } from '@xyflow/react';
import { IN_FLIGHT_LIMIT, type MessageView } from '../../runtime/view.ts';
import { useView, type ViewState } from '../store.ts';
import type { DiagramLayout } from './layout.ts';
import { placePackets, ROW, type PlacedPacket } from './packets.ts';

const NONE: MessageView[] = [];
const selectNow = (s: ViewState) => s.snapshot?.now ?? 0;
const selectInFlight = (s: ViewState) => s.snapshot?.inFlight ?? NONE;

function Packet({ p }: { p: PlacedPacket }) {
  return (
    <motion.div
      className={`packet family-${p.family}`}
      data-testid="packet"
      data-kind={p.message.kind}
      data-progress={p.progress.toFixed(3)}
      style={{ x: p.at.x, y: p.at.y }}
      // No entrance: at high speed a hop is over in a few frames. On arrival it is absorbed.
      exit={{ scale: 0.3, opacity: 0 }}
      transition={{ duration: 0.12 }}
    >
      <span
        className="packet-dot"
        style={{ transform: `rotate(${p.angle}deg)` }}
        aria-hidden="true"
      />
      {p.labelled && (
        <span className="packet-label" style={{ top: p.row * ROW }}>
          {p.label}
          {p.following > 0 && <span className="packet-more"> +{p.following}</span>}
        </span>
      )}
    </motion.div>
  );
}

/**
 * Every message in flight drawn on its line, placed by virtual time. This is the one part of the
 * diagram that renders every frame; the nodes and edges under it only change with the cluster.
 */
export const PacketLayer = memo(function PacketLayer({ diagram }: { diagram: DiagramLayout }) {
  const now = useView(selectNow);
  const inFlight = useView(selectInFlight);
  const still = useReducedMotion() ?? false;
  const { packets } = placePackets(inFlight, now, diagram.anchors, diagram.routes, { still });
  return (
    <ViewportPortal>
      <svg className="adhoc-lines" aria-hidden="true">
        {packets
          .filter((p) => p.adHoc)
          .map((p) => (
            <line key={p.id} x1={p.from.x} y1={p.from.y} x2={p.to.x} y2={p.to.y} />
          ))}
      </svg>
      <div className="packets" aria-hidden="true">
        <AnimatePresence initial={false}>
          {packets.map((p) => (
            <Packet key={p.id} p={p} />
          ))}
        </AnimatePresence>
      </div>
    </ViewportPortal>
  );
});

/** How many messages are in flight, and how many of them are drawn. */
export function InFlightCount({ diagram }: { diagram: DiagramLayout }) {
  const inFlight = useView(selectInFlight);
  const now = useView(selectNow);
  const { packets } = placePackets(inFlight, now, diagram.anchors, diagram.routes);
  const full = inFlight.length >= IN_FLIGHT_LIMIT;
  return (
    <p className="in-flight" data-testid="in-flight" aria-live="off">
      <strong>
        {inFlight.length}
        {full ? '+' : ''}
      </strong>{' '}
      message{inFlight.length === 1 ? '' : 's'} in flight
      {packets.length < inFlight.length && <span> ({packets.length} drawn)</span>}
    </p>
  );
}
