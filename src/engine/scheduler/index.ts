/** kube-scheduler: the component, its configuration, and pure readers of its decisions. */
export { kubeScheduler, SCHEDULER_TYPE, SCHEDULER_CREDENTIALS } from './scheduler.ts';
export type { SchedulerConfig, SchedulerState, SchedulerStats } from './state.ts';
export {
  latestDecision,
  MAX_DECISIONS,
  type DecisionRecord,
  scoredRows,
  type RejectedRow,
  type ScoreColumn,
  type ScoreColumns,
  type ScoredRow,
} from './decisions.ts';
export { SCORE_PLUGINS } from './scorePass.ts';
export { FILTER_PLUGINS, numFeasibleNodesToFind } from './filterPass.ts';

import type { SchedulerState } from './state.ts';
import { latestDecision, type DecisionRecord } from './decisions.ts';

/** The latest decision the scheduler recorded for namespace/name. */
export function latestDecisionFor(
  state: SchedulerState,
  namespace: string,
  name: string,
): DecisionRecord | undefined {
  return latestDecision(state.decisions, `${namespace}/${name}`);
}
