/**
 * Resource quantities ("250m", "0.5", "128Mi", "1e3") as plain numbers for the node bars, read
 * with the engine's exact Quantity arithmetic (MilliValue and Value round up, as Kubernetes
 * does). What does not parse counts as 0 on a bar.
 */
import { formatBytes, formatMilli, toMilli, toNumber } from '../../engine/display.ts';

function orZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** Thousandths, rounded up: millicores for cpu. 0 for what does not parse. */
export function milliValue(input: string | number | undefined): number {
  return input === undefined ? 0 : orZero(toMilli(input));
}

/** The integer value, rounded up: bytes for memory. 0 for what does not parse. */
export function integerValue(input: string | number | undefined): number {
  return input === undefined ? 0 : orZero(toNumber(input));
}

/** Millicores as kubectl prints a sum of requests: "250m", "2", "1500m". */
export const formatCpu = formatMilli;

/** Bytes in the largest binary unit that divides them, as Quantity.String() prints them. */
export const formatMemory = formatBytes;
