/**
 * Module-level selectors for the diagram. Each derives from the store with a cache keyed on the
 * identity of its inputs, so a frame in which only virtual time moved re-uses the layout, and
 * React Flow gets the very same node objects for everything that did not change.
 */
import type { Edge } from '@xyflow/react';
import type { MessageView } from '../../runtime/view.ts';
import type { Selection, ViewState } from '../store.ts';
import { nodeId, type DiagramLayout, type DiagramNode } from './diagramTypes.ts';
import { layout } from './layout.ts';
import { nextSlots, NO_LAYOUT_SLOTS, type LayoutSlots } from './layoutSlots.ts';
import { buildModel, type DiagramModel } from './model.ts';

/** The React Flow id of a selection, and back. */
export function flowId(selection: Selection | undefined): string | undefined {
  if (!selection) return undefined;
  switch (selection.kind) {
    case 'component':
      return selection.id;
    case 'node':
      return nodeId.node(selection.id);
    case 'pod':
      return nodeId.pod(selection.id);
    case 'service':
      return nodeId.service(selection.id);
  }
}

export function selectionOf(id: string): Selection {
  const colon = id.indexOf(':');
  const prefix = colon < 0 ? '' : id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (prefix === 'node') return { kind: 'node', id: rest };
  if (prefix === 'pod') return { kind: 'pod', id: rest };
  if (prefix === 'svc') return { kind: 'service', id: rest };
  return { kind: 'component', id };
}

/** Keeps the previous object for each element whose content did not change. */
function reuse<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  let same = previous.length === next.length;
  const out = next.map((e, i) => {
    const old = before.get(e.id);
    const kept = old && JSON.stringify(old) === JSON.stringify(e) ? old : e;
    if (kept !== previous[i]) same = false;
    return kept;
  });
  return same ? (previous as T[]) : out;
}

interface Inputs {
  snapshot: ViewState['snapshot'];
  selected: string | undefined;
}

/** A layout deriver: remembers slots between calls, so positions stick as the cluster changes. */
export function createLayoutDeriver(): (state: ViewState) => DiagramLayout | undefined {
  let last: Inputs | undefined;
  let model: DiagramModel | undefined;
  let slots: LayoutSlots = NO_LAYOUT_SLOTS;
  let result: DiagramLayout | undefined;
  return (state) => {
    const snapshot = state.snapshot;
    const selected = flowId(state.selection);
    if (!snapshot) return undefined;
    const prev = last?.snapshot;
    const objectsChanged =
      !prev ||
      prev.components !== snapshot.components ||
      prev.nodes !== snapshot.nodes ||
      prev.pods !== snapshot.pods ||
      prev.services !== snapshot.services ||
      prev.endpointSlices !== snapshot.endpointSlices;
    if (!objectsChanged && last?.selected === selected && result) {
      last = { snapshot, selected };
      return result;
    }
    if (objectsChanged || !model) {
      model = buildModel(snapshot);
      slots = nextSlots(slots, model);
    }
    last = { snapshot, selected };
    const next = layout(model, slots, selected);
    result = {
      ...next,
      nodes: reuse<DiagramNode>(result?.nodes ?? [], next.nodes),
      edges: reuse<Edge>(result?.edges ?? [], next.edges),
    };
    return result;
  };
}

export const selectLayout = createLayoutDeriver();

/** How long (virtual ms) after a delivery a component still shows that it is reconciling. */
export const RECONCILING_MS = 2.5;

let busyFor: ViewState['snapshot'];
let busy: ReadonlyMap<string, number> = new Map();

/**
 * Components that just got a message (or a timer fired for them), each with the seq of that
 * delivery: the node shows "reconciling" and restarts its pulse when the seq changes.
 */
export function selectBusy(state: ViewState): ReadonlyMap<string, number> {
  const snapshot = state.snapshot;
  if (snapshot === busyFor) return busy;
  busyFor = snapshot;
  const map = new Map<string, number>();
  for (const e of snapshot?.recentTrace ?? []) {
    if (e.dropped || e.id === '') continue;
    if (snapshot!.now - e.deliverAt <= RECONCILING_MS) map.set(e.to, e.seq);
  }
  busy = map;
  return busy;
}

const NO_MESSAGES: MessageView[] = [];
let inFlightSource: MessageView[] | undefined;
let inFlightIds = '';
let inFlight: MessageView[] = NO_MESSAGES;

/**
 * The messages in flight, as the same array for as long as the same messages are in flight:
 * packets move every frame without React re-rendering; it re-renders when one leaves or arrives.
 */
export function selectInFlight(state: ViewState): MessageView[] {
  const list = state.snapshot?.inFlight ?? NO_MESSAGES;
  if (list === inFlightSource) return inFlight;
  inFlightSource = list;
  const ids = list.map((m) => m.id).join(' ');
  if (ids !== inFlightIds) {
    inFlightIds = ids;
    inFlight = list;
  }
  return inFlight;
}
