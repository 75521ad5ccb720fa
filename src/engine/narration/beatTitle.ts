/**
 * A beat's title for the timeline and the "step one beat" button: the first title the narration
 * gives a delivery of the beat's own actor ("The scheduler binds pod default/web-x to node-2").
 * The first delivery is not always the one worth naming: a controller manager's informer only
 * queues a key, and its workers do the work a moment later, in the same beat.
 */
import type { TraceEvent } from '../sim/trace.ts';
import { narrate } from './narrate.ts';
import type { NarrationContext } from './types.ts';

/** How far into a beat to look for its title. */
const LOOK_AHEAD = 12;

/** The title of a beat, given its deliveries in order (the first one started it). */
export function beatTitle(events: readonly TraceEvent[], context: NarrationContext = {}): string {
  const first = events[0];
  if (!first) return '';
  let headline = '';
  for (const e of events.slice(0, LOOK_AHEAD)) {
    if (e !== first && e.to !== first.to) continue;
    const n = narrate(e, context.payload?.(e.seq), context);
    if (n.title) return n.title;
    if (e === first) headline = n.headline.replace(/\.$/, '');
  }
  return headline;
}
