import { useCallback, useEffect, useRef } from 'react';
import { MotionConfig, useReducedMotion } from 'framer-motion';
import {
  Background,
  ControlButton,
  Controls,
  ReactFlow,
  useReactFlow,
  type FitViewOptions,
  type NodeChange,
  type OnMoveStart,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './diagram.css';
import './components.css';
import './workers.css';
import './pods.css';
import './packets.css';
import { select, useView } from '../store.ts';
import type { Box } from './geometry.ts';
import type { DiagramNode } from './diagramTypes.ts';
import { nodeTypes } from './nodes/index.ts';
import { InFlightCount, PacketLayer } from './PacketLayer.tsx';
import { LeavingPods } from './LeavingPods.tsx';
import { selectionOf, selectLayout } from './selectors.ts';

const FIT: FitViewOptions = { padding: 0.04 };
const PAN_STEP = 160;

/** Keeps the whole cluster in view as it grows, until the learner pans or zooms themselves. */
function AutoFit({ bounds, userMoved }: { bounds: Box; userMoved: { current: boolean } }) {
  const { fitView } = useReactFlow();
  const reduced = useReducedMotion() ?? false;
  const key = `${bounds.x},${bounds.y},${bounds.width},${bounds.height}`;
  useEffect(() => {
    if (userMoved.current) return;
    const frame = requestAnimationFrame(() => {
      void fitView({ ...FIT, duration: reduced ? 0 : 300 });
    });
    return () => cancelAnimationFrame(frame);
  }, [key, fitView, reduced, userMoved]);
  return null;
}

/** Buttons to pan with the keyboard; the zoom and fit buttons come with React Flow's controls. */
function PanButtons() {
  const { getViewport, setViewport } = useReactFlow();
  const pan = (dx: number, dy: number) => () => {
    const v = getViewport();
    void setViewport({ ...v, x: v.x + dx, y: v.y + dy });
  };
  return (
    <>
      <ControlButton onClick={pan(PAN_STEP, 0)} title="Pan left" aria-label="Pan left">
        ←
      </ControlButton>
      <ControlButton onClick={pan(-PAN_STEP, 0)} title="Pan right" aria-label="Pan right">
        →
      </ControlButton>
      <ControlButton onClick={pan(0, PAN_STEP)} title="Pan up" aria-label="Pan up">
        ↑
      </ControlButton>
      <ControlButton onClick={pan(0, -PAN_STEP)} title="Pan down" aria-label="Pan down">
        ↓
      </ControlButton>
    </>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Packet colours">
      <li className="family-api">API request / response</li>
      <li className="family-watch">watch event</li>
      <li className="family-etcd">etcd</li>
      <li className="family-node">node (CRI, metrics)</li>
    </ul>
  );
}

/**
 * The cluster as a diagram: kubectl and the control plane on the left with the apiserver as the
 * hub, the machines with their agents and pods on the right, Services under them, and every
 * message in flight travelling along its line.
 */
export function Diagram() {
  const diagram = useView(selectLayout);
  const userMoved = useRef(false);
  const onMoveStart: OnMoveStart = useCallback((event) => {
    // Programmatic moves (fitting the view) come without an event.
    if (event) userMoved.current = true;
  }, []);
  const onFit = useCallback(() => {
    userMoved.current = false;
  }, []);
  const onNodesChange = useCallback((changes: NodeChange<DiagramNode>[]) => {
    const chosen = changes.find((c) => c.type === 'select' && c.selected);
    if (chosen && 'id' in chosen) select(selectionOf(chosen.id));
    else if (changes.some((c) => c.type === 'select')) select(undefined);
  }, []);

  return (
    <section className="card diagram" aria-labelledby="diagram-title">
      <div className="diagram-head">
        <h2 id="diagram-title">Cluster diagram</h2>
        {diagram && <InFlightCount diagram={diagram} />}
        <Legend />
      </div>
      <div className="diagram-canvas" data-testid="diagram" data-mode={diagram?.mode}>
        {diagram ? (
          <MotionConfig reducedMotion="user">
            <ReactFlow<DiagramNode>
              nodes={diagram.nodes}
              edges={diagram.edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onMoveStart={onMoveStart}
              fitView
              fitViewOptions={FIT}
              minZoom={0.05}
              maxZoom={2.5}
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              deleteKeyCode={null}
              selectionKeyCode={null}
              multiSelectionKeyCode={null}
              // Space is play/pause (the playback shortcuts); the diagram pans by dragging.
              panActivationKeyCode={null}
              zoomOnDoubleClick={false}
              aria-label="Cluster diagram"
            >
              <Background gap={24} size={1} />
              <Controls
                showInteractive={false}
                fitViewOptions={FIT}
                onFitView={onFit}
                position="bottom-right"
              >
                <PanButtons />
              </Controls>
              <PacketLayer diagram={diagram} />
              <LeavingPods nodes={diagram.nodes} />
              <AutoFit bounds={diagram.bounds} userMoved={userMoved} />
            </ReactFlow>
          </MotionConfig>
        ) : (
          <p className="hint">Starting the cluster…</p>
        )}
      </div>
    </section>
  );
}
