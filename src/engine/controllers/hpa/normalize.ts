/**
 * How the HPA turns a metric recommendation into the replica count it applies
 * (horizontal.go): stabilization over recent recommendations, then the scale-rate limits, either
 * the fixed ones (no spec.behavior: scale up at most to max(2x, 4), scale-down stabilization from
 * --horizontal-pod-autoscaler-downscale-stabilization) or spec.behavior's policies. Times are
 * virtual milliseconds; the records are plain data kept per HPA key.
 */
export interface TimestampedRecommendation {
  recommendation: number;
  at: number;
}

export interface TimestampedScaleEvent {
  /** Absolute value, non-negative. */
  replicaChange: number;
  at: number;
  outdated: boolean;
}

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export interface ScaleHistory {
  recommendations: TimestampedRecommendation[];
  scaleUpEvents: TimestampedScaleEvent[];
  scaleDownEvents: TimestampedScaleEvent[];
}

/** A condition the normalization wants set: [reason, message]. */
export type Outcome = [string, string];

export interface Normalized {
  desiredReplicas: number;
  /** AbleToScale (True) reason and message. */
  ableToScale: Outcome;
  /** ScalingLimited: whether it limited, reason and message. */
  limited: boolean;
  scalingLimited: Outcome;
}

const SCALE_UP_LIMIT_FACTOR = 2.0;
const SCALE_UP_LIMIT_MINIMUM = 4.0;
const READY: Outcome = ['ReadyForNewScale', 'recommended size matches current size'];
const WITHIN: Outcome = ['DesiredWithinRange', 'the desired count is within the acceptable range'];
const TOO_MANY: Outcome = [
  'TooManyReplicas',
  'the desired replica count is more than the maximum replica count',
];
const TOO_FEW: Outcome = [
  'TooFewReplicas',
  'the desired replica count is less than the minimum replica count',
];
const UP_LIMIT: Outcome = [
  'ScaleUpLimit',
  'the desired replica count is increasing faster than the maximum scale rate',
];
const DOWN_LIMIT: Outcome = [
  'ScaleDownLimit',
  'the desired replica count is decreasing faster than the maximum scale rate',
];
const DOWN_STABILIZED: Outcome = [
  'ScaleDownStabilized',
  'recent recommendations were higher than current one, applying the highest recent recommendation',
];
const UP_STABILIZED: Outcome = [
  'ScaleUpStabilized',
  'recent recommendations were lower than current one, applying the lowest recent recommendation',
];

export function recordInitialRecommendation(h: ScaleHistory, current: number, now: number): void {
  if (h.recommendations.length === 0) h.recommendations.push({ recommendation: current, at: now });
}

/** stabilizeRecommendation: the highest recommendation of the window; the new one replaces an expired one. */
function stabilizeRecommendation(
  h: ScaleHistory,
  prenormalized: number,
  windowMs: number,
  now: number,
): number {
  let max = prenormalized;
  let oldIndex = -1;
  const cutoff = now - windowMs;
  h.recommendations.forEach((rec, i) => {
    if (rec.at < cutoff) oldIndex = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  });
  const fresh = { recommendation: prenormalized, at: now };
  if (oldIndex >= 0) h.recommendations[oldIndex] = fresh;
  else h.recommendations.push(fresh);
  return max;
}

/** convertDesiredReplicasWithRules: min/max and the fixed scale-up rate. */
function convertDesiredReplicasWithRules(
  current: number,
  desired: number,
  min: number,
  max: number,
): [number, Outcome] {
  const scaleUpLimit = Math.trunc(
    Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM),
  );
  const [maximumAllowed, limiting] =
    max > scaleUpLimit ? [scaleUpLimit, UP_LIMIT] : [max, TOO_MANY];
  if (desired < min) return [min, TOO_FEW];
  if (desired > maximumAllowed) return [maximumAllowed, limiting];
  return [desired, WITHIN];
}

/** normalizeDesiredReplicas: the path without spec.behavior. */
export function normalizeDesiredReplicas(
  h: ScaleHistory,
  current: number,
  prenormalized: number,
  min: number,
  max: number,
  downscaleWindowMs: number,
  now: number,
): Normalized {
  const stabilized = stabilizeRecommendation(h, prenormalized, downscaleWindowMs, now);
  const [desiredReplicas, outcome] = convertDesiredReplicasWithRules(current, stabilized, min, max);
  return {
    desiredReplicas,
    ableToScale: stabilized !== prenormalized ? DOWN_STABILIZED : READY,
    limited: desiredReplicas !== stabilized,
    scalingLimited: outcome,
  };
}

/** Replicas added (or removed) within the last periodSeconds. */
function changeInPeriod(
  periodSeconds: number,
  events: TimestampedScaleEvent[],
  now: number,
): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.at > cutoff).reduce((sum, e) => sum + e.replicaChange, 0);
}

function scaleUpLimit(h: ScaleHistory, current: number, rules: ScalingRules, now: number): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return current;
  let result = select === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(policy.periodSeconds, h.scaleUpEvents, now) +
      changeInPeriod(policy.periodSeconds, h.scaleDownEvents, now);
    const proposed =
      policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100)); // rounded up, or a small target never grows
    result = select === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

function scaleDownLimit(
  h: ScaleHistory,
  current: number,
  rules: ScalingRules,
  now: number,
): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return current;
  let result = select === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(policy.periodSeconds, h.scaleUpEvents, now) +
      changeInPeriod(policy.periodSeconds, h.scaleDownEvents, now);
    const proposed =
      policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = select === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors: stabilization windows per direction, then the policies' rate. */
export function normalizeDesiredReplicasWithBehaviors(
  h: ScaleHistory,
  behavior: Behavior,
  current: number,
  prenormalized: number,
  min: number,
  max: number,
  downscaleWindowMs: number,
  now: number,
): Normalized {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindowMs =
    down.stabilizationWindowSeconds === undefined
      ? downscaleWindowMs
      : down.stabilizationWindowSeconds * 1000;
  const downCutoff = now - downWindowMs;
  let upRecommendation = prenormalized;
  let downRecommendation = prenormalized;
  let oldIndex = -1;
  h.recommendations.forEach((rec, i) => {
    if (rec.at > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.at > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.at < upCutoff && rec.at < downCutoff) oldIndex = i;
  });
  let stabilized = current;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;
  const fresh = { recommendation: prenormalized, at: now };
  if (oldIndex >= 0) h.recommendations[oldIndex] = fresh;
  else h.recommendations.push(fresh);

  const ableToScale =
    stabilized !== prenormalized
      ? prenormalized >= current
        ? UP_STABILIZED
        : DOWN_STABILIZED
      : READY;
  let desiredReplicas = stabilized;
  let outcome = WITHIN;
  if (stabilized > current) {
    const limit = Math.max(scaleUpLimit(h, current, up, now), current);
    const [maximumAllowed, limiting] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
    if (stabilized > maximumAllowed) [desiredReplicas, outcome] = [maximumAllowed, limiting];
  } else if (stabilized < current) {
    const limit = Math.min(scaleDownLimit(h, current, down, now), current);
    const [minimumAllowed, limiting] = min < limit ? [limit, DOWN_LIMIT] : [min, TOO_FEW];
    if (stabilized < minimumAllowed) [desiredReplicas, outcome] = [minimumAllowed, limiting];
  }
  return {
    desiredReplicas,
    ableToScale,
    limited: desiredReplicas !== stabilized,
    scalingLimited: outcome,
  };
}

function longestPolicyPeriod(rules: ScalingRules | undefined): number {
  return Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds));
}

/** storeScaleEvent: only kept with spec.behavior; an event older than every policy period is reused. */
export function storeScaleEvent(
  h: ScaleHistory,
  behavior: Behavior | undefined,
  prev: number,
  next: number,
  now: number,
): void {
  if (!behavior) return;
  const upward = next > prev;
  const events = upward ? h.scaleUpEvents : h.scaleDownEvents;
  const cutoff = now - longestPolicyPeriod(upward ? behavior.scaleUp : behavior.scaleDown) * 1000;
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.at < cutoff) e.outdated = true;
    if (e.outdated) oldIndex = i;
  });
  const fresh = { replicaChange: Math.abs(next - prev), at: now, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = fresh;
  else events.push(fresh);
}
