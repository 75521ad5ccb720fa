/** Wall-clock readings for controllers: virtual ms turned into the timestamps the API carries. */
import { formatRfc3339 } from '../../../shared/index.ts';
import type { ControllerKit } from '../framework.ts';

/** metav1.Now() as epoch seconds (fractional: Go's clock is finer than the API's seconds). */
export function epochSeconds(kit: ControllerKit, nowMs: number): number {
  return kit.settings.startSeconds + nowMs / 1000;
}

/** metav1.Now() as it is serialized: RFC 3339, whole seconds. */
export function rfc3339(kit: ControllerKit, nowMs: number): string {
  return formatRfc3339(epochSeconds(kit, nowMs));
}

/** A metav1.Time printed with %v, as error messages show it: "2026-01-01 00:00:05 +0000 UTC". */
export function goTimeString(rfc: string): string {
  return rfc.replace('T', ' ').replace('Z', ' +0000 UTC');
}
