import { parseRfc3339, DEFAULT_START_SECONDS } from '../shared/index.ts';

/** Virtual milliseconds as m:ss.mmm, the clock the whole UI shares. */
export function formatVirtualTime(ms: number): string {
  const total = Math.max(0, ms);
  const minutes = Math.floor(total / 60000);
  const seconds = Math.floor((total % 60000) / 1000);
  const millis = Math.floor(total % 1000);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
}

/** How old an object is at virtual time `now`, from its creationTimestamp. */
export function ageMs(creationTimestamp: string | undefined, now: number): number {
  const created = creationTimestamp ? parseRfc3339(creationTimestamp) : undefined;
  if (created === undefined) return 0;
  return DEFAULT_START_SECONDS * 1000 + now - created * 1000;
}
