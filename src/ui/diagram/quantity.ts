/**
 * Resource quantities ("250m", "0.5", "128Mi", "1e3") as plain numbers, for the node bars. The
 * engine keeps exact quantities for its own decisions; a bar only needs millicores and bytes,
 * rounded up as Quantity.MilliValue() and Quantity.Value() round.
 */

const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const SPLIT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** The quantity's value in base units (cores, bytes), or NaN when it does not parse. */
export function quantityValue(input: string | number | undefined): number {
  if (input === undefined) return NaN;
  if (typeof input === 'number') return input;
  const m = SPLIT.exec(input.trim());
  if (!m) return NaN;
  const number = Number(m[1]);
  const suffix = m[2] ?? '';
  if (Number.isNaN(number)) return NaN;
  if (suffix in BINARY) return number * 1024 ** BINARY[suffix]!;
  if (suffix in DECIMAL) return number * 10 ** DECIMAL[suffix]!;
  const exponent = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  return exponent ? number * 10 ** Number(exponent[1]) : NaN;
}

/** Thousandths, rounded up: millicores for cpu. 0 for what does not parse. */
export function milliValue(input: string | number | undefined): number {
  const v = quantityValue(input);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e9) / 1e6) : 0;
}

/** The integer value, rounded up: bytes for memory. 0 for what does not parse. */
export function integerValue(input: string | number | undefined): number {
  const v = quantityValue(input);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e6) / 1e6) : 0;
}

/** Millicores as kubectl prints a sum of requests: "250m", "2", "1500m". */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary unit that divides them, as Quantity.String() prints them. */
export function formatMemory(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let value = bytes;
  let power = 0;
  while (power < units.length - 1 && value !== 0 && value % 1024 === 0) {
    value /= 1024;
    power++;
  }
  return `${value}${units[power]}`;
}
