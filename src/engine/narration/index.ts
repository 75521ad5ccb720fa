/** Narration of trace events and story beats: pure functions over the trace. */
export { narrate } from './narrate.ts';
export { beatTitle } from './beatTitle.ts';
export {
  BeatTracker,
  beatsOf,
  startsBeat,
  DEFERRAL_MS,
  type Beat,
  type BeatMessage,
  type BeatSent,
} from './beats.ts';
export { schedulingTable } from './table.ts';
export type {
  Narration,
  NarrationContext,
  SchedulingRow,
  SchedulingTable,
  SentMessage,
} from './types.ts';
// What NarrationContext.schedulingDecision answers from, where the scheduler's state lives.
export { latestDecisionFor } from '../scheduler/index.ts';
export type { DecisionRecord, SchedulerState } from '../scheduler/index.ts';
