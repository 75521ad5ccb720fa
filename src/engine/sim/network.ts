import { nextFloat, type PrngState } from '../../shared/index.ts';
import type { ComponentId } from './envelope.ts';

/**
 * The simulated network: one-way latency per link, with seeded jitter. Every link has a latency of
 * at least `minLatencyMs` (> 0); that floor is the sequencer's lookahead window, the span inside
 * which deliveries cannot influence each other and may run in parallel.
 */
export interface NetworkConfig {
  /** The floor for every link and timer, in virtual milliseconds. Must be > 0. */
  minLatencyMs: number;
  /** One-way latency of a link with no override. */
  defaultLatencyMs: number;
  /** Jitter added to each message: uniform in [0, jitterMs). */
  jitterMs: number;
  /** Overrides keyed by `${from}->${to}` or by a component id (any link touching it). */
  linkLatencyMs: Record<string, number>;
}

const EMPTY: Record<string, number> = {};

export const DEFAULT_NETWORK: NetworkConfig = {
  minLatencyMs: 1,
  defaultLatencyMs: 2,
  jitterMs: 1,
  linkLatencyMs: EMPTY,
};

export function validateNetwork(config: NetworkConfig): void {
  if (!(config.minLatencyMs > 0))
    throw new RangeError('network: minLatencyMs must be greater than 0');
  if (config.defaultLatencyMs < config.minLatencyMs || config.jitterMs < 0) {
    throw new RangeError('network: defaultLatencyMs must be >= minLatencyMs and jitterMs >= 0');
  }
}

/** The base latency of the link from -> to, before jitter. */
export function linkLatency(config: NetworkConfig, from: ComponentId, to: ComponentId): number {
  const l = config.linkLatencyMs;
  // Most clusters set no overrides: skip building lookup keys for every message.
  if (l === EMPTY || Object.keys(l).length === 0)
    return Math.max(config.defaultLatencyMs, config.minLatencyMs);
  const base = l[`${from}->${to}`] ?? l[from] ?? l[to] ?? config.defaultLatencyMs;
  return Math.max(base, config.minLatencyMs);
}

/**
 * When a message sent now arrives. The jitter is drawn from the sender's own generator, so the
 * result does not depend on which worker ran the sender.
 */
export function arrivalTime(
  config: NetworkConfig,
  rng: PrngState,
  from: ComponentId,
  to: ComponentId,
  now: number,
  knownLatency?: number,
): number {
  const jitter =
    config.jitterMs > 0 ? Math.floor(nextFloat(rng) * config.jitterMs * 1000) / 1000 : 0;
  return now + (knownLatency ?? linkLatency(config, from, to)) + jitter;
}
