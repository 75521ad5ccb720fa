/** Every element's sticky slot, carried from one layout to the next (see slots.ts). */
import type { DiagramModel } from './model.ts';
import { assignSlots, NO_SLOTS, type Slots } from './slots.ts';

export interface LayoutSlots {
  nodes: Slots;
  pods: ReadonlyMap<string, Slots>;
  pending: Slots;
  services: Slots;
}

export const NO_LAYOUT_SLOTS: LayoutSlots = {
  nodes: NO_SLOTS,
  pods: new Map(),
  pending: NO_SLOTS,
  services: NO_SLOTS,
};

/** Each thing's slot for this model, keeping the slots things already had. */
export function nextSlots(previous: LayoutSlots, model: DiagramModel): LayoutSlots {
  const pods = new Map<string, Slots>();
  for (const n of model.nodes)
    pods.set(
      n.name,
      assignSlots(
        previous.pods.get(n.name) ?? NO_SLOTS,
        n.pods.map((p) => p.key),
      ),
    );
  return {
    nodes: assignSlots(
      previous.nodes,
      model.nodes.map((n) => n.name),
    ),
    pods,
    pending: assignSlots(
      previous.pending,
      model.pending.map((p) => p.key),
    ),
    services: assignSlots(
      previous.services,
      model.services.map((s) => s.key),
    ),
  };
}
