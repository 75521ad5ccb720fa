/**
 * RFC 3339 timestamps without the Date object: the engine turns virtual time into the
 * creationTimestamp strings Kubernetes shows, so this is plain calendar arithmetic (days from
 * civil, after Howard Hinnant's public-domain algorithms).
 */

/** 2026-01-01T00:00:00Z: the wall-clock time a simulated cluster starts at unless told otherwise. */
export const DEFAULT_START_SECONDS = 1767225600;

function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// The last second formatted: a busy cluster stamps thousands of objects within one second.
let memoSecond = Number.NaN;
let memoText = '';

/** Seconds since the Unix epoch to "2026-01-01T00:00:05Z" (whole seconds, as metav1.Time marshals). */
export function formatRfc3339(epochSeconds: number): string {
  const s = Math.floor(epochSeconds);
  if (s === memoSecond) return memoText;
  const days = Math.floor(s / 86400);
  const rem = s - days * 86400;
  const { y, m, d } = civilFromDays(days);
  memoSecond = s;
  memoText = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(Math.floor(rem / 3600))}:${pad(Math.floor((rem % 3600) / 60))}:${pad(rem % 60)}Z`;
  return memoText;
}

/** The microsecond form metav1.MicroTime uses (leases' renewTime, events' eventTime). */
export function formatRfc3339Micro(epochSeconds: number): string {
  const whole = Math.floor(epochSeconds);
  const micros = Math.round((epochSeconds - whole) * 1e6);
  return formatRfc3339(whole).replace('Z', `.${pad(micros, 6)}Z`);
}

/** Parses an RFC 3339 UTC timestamp back to epoch seconds; undefined when malformed. */
export function parseRfc3339(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const days = daysFromCivil(Number(y), Number(mo), Number(d));
  return days * 86400 + Number(h) * 3600 + Number(mi) * 60 + Number(s) + (frac ? Number(frac) : 0);
}
