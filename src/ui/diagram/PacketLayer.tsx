import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { motion, useMotionValue, useReducedMotion } from 'framer-motion';
import { ViewportPortal } from '@xyflow/react';
import { IN_FLIGHT_LIMIT } from '../../runtime/view.ts';
import { useView, viewStore, type ViewState } from '../store.ts';
import type { DiagramLayout } from './diagramTypes.ts';
import {
  MAX_PACKETS,
  packetPoint,
  placePackets,
  ROW,
  type Placement,
  type PlacedPacket,
} from './packets.ts';
import { selectInFlight } from './selectors.ts';

const selectCount = (s: ViewState) => s.snapshot?.inFlight.length ?? 0;
const selectFastForward = (s: ViewState) => s.snapshot?.fastForward ?? false;
const FAST_FORWARD_PACKETS = 12;

/**
 * Which packets to draw, with their labels. Recomputed only when a message leaves or arrives;
 * labels are kept apart where packets meet mid-line, which is where they cross.
 */
function usePlacement(diagram: DiagramLayout): Placement {
  const messages = useView(selectInFlight);
  // Fast-forwarding, a hop lasts less than a frame: a few packets show the traffic, dozens
  // would only flicker and cost the page its frame rate.
  const fastForward = useView(selectFastForward);
  return useMemo(
    () =>
      placePackets(messages, 0, diagram.anchors, diagram.routes, {
        still: true,
        limit: fastForward ? FAST_FORWARD_PACKETS : MAX_PACKETS,
      }),
    [messages, diagram.anchors, diagram.routes, fastForward],
  );
}

/**
 * One packet. Its position follows virtual time through motion values set from a store
 * subscription, so a moving packet costs no React render. No entrance or exit animation: at
 * high speed a hop lasts a few frames, and the receiver's pulse marks the arrival; an
 * AnimatePresence around dozens of packets also re-rendered all of them whenever one left.
 */
interface PacketProps {
  p: PlacedPacket;
  still: boolean;
}

/** Whether a packet would draw the same: its placement is rebuilt whenever any packet comes or goes. */
function samePacket(a: PacketProps, b: PacketProps): boolean {
  const x = a.p;
  const y = b.p;
  return (
    a.still === b.still &&
    x.id === y.id &&
    x.message.sentAt === y.message.sentAt &&
    x.message.deliverAt === y.message.deliverAt &&
    x.label === y.label &&
    x.labelled === y.labelled &&
    x.following === y.following &&
    x.row === y.row &&
    x.family === y.family &&
    x.from.x === y.from.x &&
    x.from.y === y.from.y &&
    x.to.x === y.to.x &&
    x.to.y === y.to.y
  );
}

const Packet = memo(function Packet({ p, still }: PacketProps) {
  const ref = useRef<HTMLDivElement>(null);
  const x = useMotionValue(p.at.x);
  const y = useMotionValue(p.at.y);
  useLayoutEffect(() => {
    let shown = '';
    const place = (state: ViewState) => {
      const { at, progress } = packetPoint(p, state.snapshot?.now ?? 0, still);
      x.set(at.x);
      y.set(at.y);
      const text = progress.toFixed(3);
      if (text !== shown && ref.current) ref.current.dataset.progress = shown = text;
    };
    place(viewStore.getState());
    return viewStore.subscribe(place);
  }, [p, still, x, y]);
  return (
    <motion.div
      ref={ref}
      className={`packet family-${p.family}`}
      data-testid="packet"
      data-kind={p.message.kind}
      style={{ x, y }}
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
}, samePacket);

/** Every message in flight drawn on its line, placed by virtual time. */
export const PacketLayer = memo(function PacketLayer({ diagram }: { diagram: DiagramLayout }) {
  const { packets } = usePlacement(diagram);
  const still = useReducedMotion() ?? false;
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
        {packets.map((p) => (
          <Packet key={p.id} p={p} still={still} />
        ))}
      </div>
    </ViewportPortal>
  );
});

/** How many messages are in flight, and how many of them are drawn. */
export function InFlightCount({ diagram }: { diagram: DiagramLayout }) {
  const count = useView(selectCount);
  const { packets } = usePlacement(diagram);
  const full = count >= IN_FLIGHT_LIMIT;
  return (
    <p className="in-flight" data-testid="in-flight" aria-live="off">
      <strong>
        {count}
        {full ? '+' : ''}
      </strong>{' '}
      message{count === 1 ? '' : 's'} in flight
      {packets.length < count && <span> ({packets.length} drawn)</span>}
    </p>
  );
}
