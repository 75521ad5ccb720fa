/**
 * AGE-style columns: the printers' translateTimestampSince (duration.HumanDuration of
 * time.Since), on the wall-clock seconds the caller passes as "now".
 */
import { humanDuration } from '../../shared/duration.ts';
import { parseRfc3339 } from '../../shared/time.ts';

/** Whole seconds elapsed, truncated toward zero as Go's int(d.Seconds()) does. */
function elapsedSeconds(fromSeconds: number, toSeconds: number): number {
  // Round away float noise first so 5.9999999 (from ms arithmetic) stays 6.
  return Math.trunc(Math.round((toSeconds - fromSeconds) * 1e6) / 1e6);
}

/** duration.HumanDuration of a span in seconds. */
export function humanSeconds(seconds: number): string {
  return humanDuration(Math.trunc(seconds) * 1000);
}

/** translateTimestampSince: "<unknown>" for a zero (missing) time. */
export function since(timestamp: string | undefined | null, nowSeconds: number): string {
  const t = timestamp ? parseRfc3339(timestamp) : undefined;
  if (t === undefined) return '<unknown>';
  return humanSeconds(elapsedSeconds(t, nowSeconds));
}

/** HumanDuration(end.Sub(start)), as the job printer's DURATION uses it. */
export function between(startSeconds: number, endSeconds: number): string {
  return humanSeconds(elapsedSeconds(startSeconds, endSeconds));
}

/** A metav1.Time / MicroTime as epoch seconds; undefined when zero or malformed. */
export function toSeconds(timestamp: string | undefined | null): number | undefined {
  return timestamp ? parseRfc3339(timestamp) : undefined;
}
