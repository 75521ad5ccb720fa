/**
 * How far virtual time moves for a stretch of wall-clock time. Links take 1 to 3 virtual ms, so
 * at "1x real time" a message would cross its edge in 2 ms of wall time and nobody would see it.
 * While messages are in flight, time is slowed so that one hop takes about `hopWallMs / speed`
 * of wall time; while nothing is in flight, time runs at `speed` but stops at the next delivery
 * (a timer firing, usually), so the messages it sends are seen leaving. Fast-forward skips all
 * of this and runs at `speed` throughout.
 */

export interface PacingOptions {
  /** Virtual milliseconds per wall millisecond when nothing is in flight. */
  speed: number;
  /** Wall milliseconds one hop takes at 1x; a hop takes `hopWallMs / speed` at other speeds. */
  hopWallMs: number;
  /** No slowing down for messages: virtual time runs at `speed` throughout. */
  fastForward: boolean;
}

export const DEFAULT_HOP_WALL_MS = 700;

/** What the pacer needs to know about the cluster at one instant. */
export interface PacingState {
  /** Virtual now. */
  now: number;
  /** When the next delivery of any kind (a message or a timer) is due; undefined when none is. */
  nextAt: number | undefined;
  /**
   * deliverAt - sentAt of the first message between two components to arrive (timers excluded);
   * undefined when no such message is in flight.
   */
  hopMs: number | undefined;
}

export interface PacingStep {
  /** Run the cluster until this virtual time (deliveries due at it included). */
  until: number;
  /** The wall milliseconds this step accounts for; the caller paces the rest from the new state. */
  wallUsed: number;
}

/** Virtual milliseconds per wall millisecond in this state. */
export function pacingRate(state: PacingState, options: PacingOptions): number {
  const { speed } = options;
  if (options.fastForward || !(state.hopMs !== undefined && state.hopMs > 0)) return speed;
  if (!(options.hopWallMs > 0)) return speed;
  // Slower than `speed`, never faster: a hop longer than hopWallMs already reads at speed.
  return Math.min(speed, (speed * state.hopMs) / options.hopWallMs);
}

/**
 * One step of pacing for `wallMs` of wall time: either all of it at the current rate, or the
 * part that reaches the next delivery (after which the in-flight picture changes and the caller
 * asks again with the rest).
 */
export function paceStep(state: PacingState, wallMs: number, options: PacingOptions): PacingStep {
  const wall = Math.max(0, wallMs);
  const rate = pacingRate(state, options);
  const reach = state.now + wall * rate;
  if (options.fastForward || state.nextAt === undefined || state.nextAt > reach) {
    return { until: reach, wallUsed: wall };
  }
  const until = Math.max(state.now, state.nextAt);
  return { until, wallUsed: Math.min(wall, (until - state.now) / rate) };
}
