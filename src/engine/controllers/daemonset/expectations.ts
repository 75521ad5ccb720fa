/**
 * ControllerExpectations: creates and deletes a controller has sent but not yet seen through its
 * informer. While any are outstanding it does not act again on stale cache contents (so it never
 * creates a second pod for a node). They expire after 5 minutes, as the real ones do.
 */
export interface Expectations {
  adds: number;
  dels: number;
  at: number;
}

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

export function expect(
  all: Record<string, Expectations>,
  key: string,
  adds: number,
  dels: number,
  now: number,
): void {
  const e = (all[key] ??= { adds: 0, dels: 0, at: now });
  e.adds += adds;
  e.dels += dels;
  e.at = now;
}

export function observe(
  all: Record<string, Expectations>,
  key: string,
  adds: number,
  dels: number,
): void {
  const e = all[key];
  if (!e) return;
  e.adds = Math.max(0, e.adds - adds);
  e.dels = Math.max(0, e.dels - dels);
}

export function satisfied(all: Record<string, Expectations>, key: string, now: number): boolean {
  const e = all[key];
  return !e || (e.adds <= 0 && e.dels <= 0) || now - e.at > EXPECTATIONS_TIMEOUT_MS;
}
