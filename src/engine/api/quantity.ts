/**
 * resource.Quantity: the fixed-point numbers Kubernetes writes for cpu, memory and other
 * resources ("100m", "0.5", "128Mi", "1e3", "2k").
 *
 * A quantity is held exactly as mantissa × 10^scale (BigInt mantissa), the way apimachinery keeps
 * an inf.Dec, so canonical forms and comparisons do not suffer float rounding. The format
 * (DecimalSI, BinarySI, DecimalExponent) comes from the suffix the user wrote and decides how the
 * canonical string is printed, as Quantity.String() does:
 *   "0.5" -> "500m", "1000m" -> "1", "2000" -> "2k", "1024Mi" -> "1Gi", "1.5Gi" -> "1536Mi",
 *   "512" with no suffix stays "512", "1e3" -> "1e3", and precision below 1n rounds up.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The exact value is mantissa × 10^scale. */
  mantissa: bigint;
  scale: number;
  format: QuantityFormat;
}

/** The regular expression apimachinery quotes when a quantity does not parse. */
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = {
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
const BINARY_SUFFIXES: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([k, v]) => [v, k]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const SPLIT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parses a quantity the way resource.ParseQuantity does, or says why it cannot. */
export function parseQuantityExact(input: string | number): Quantity | { error: string } {
  const s = typeof input === 'number' ? numberText(input) : input.trim();
  if (s === '') return { error: ERR_FORMAT_WRONG };
  const m = SPLIT.exec(s);
  if (!m) return { error: ERR_FORMAT_WRONG };
  const numberPart = m[1] ?? '';
  const suffix = m[2] ?? '';
  let sign = 1n;
  let digits = numberPart;
  if (digits.startsWith('+') || digits.startsWith('-')) {
    if (digits.startsWith('-')) sign = -1n;
    digits = digits.slice(1);
  }
  const parts = digits.split('.');
  if (parts.length > 2) return { error: ERR_FORMAT_WRONG };
  const whole = parts[0] ?? '';
  const frac = parts[1] ?? '';
  if (whole === '' && frac === '') return { error: ERR_NUMERIC };
  let mantissa = BigInt(`${whole}${frac}` || '0') * sign;
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    scale += DECIMAL_SUFFIXES[suffix] ?? 0;
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY_SUFFIXES[suffix] ?? 0);
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else {
    return { error: ERR_SUFFIX };
  }
  return normalize({ mantissa, scale, format });
}

/** Rounds up below the nano scale (as apimachinery does) and strips trailing zeros. */
function normalize(q: Quantity): Quantity {
  let { mantissa, scale } = q;
  if (scale < -9) {
    const div = pow10(-9 - scale);
    const rest = mantissa % div;
    mantissa = mantissa / div + (rest > 0n ? 1n : rest < 0n ? -1n : 0n);
    scale = -9;
  }
  if (mantissa === 0n) return { mantissa: 0n, scale: 0, format: q.format };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale += 1;
  }
  return { mantissa, scale, format: q.format };
}

function numberText(n: number): string {
  // JSON numbers decode into quantities too (`cpu: 1` in YAML); exponent forms stay exponents.
  return String(n).replace('e+', 'e');
}

/** parseQuantity: the plain value ("100m" -> 0.1, "1Ki" -> 1024) and its canonical text. */
export function parseQuantity(
  input: string | number,
): { value: number; canonical: string; quantity: Quantity } | { error: string } {
  const q = parseQuantityExact(input);
  if ('error' in q) return q;
  return { value: quantityToNumber(q), canonical: formatQuantity(q), quantity: q };
}

function quantityToNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.scale;
}

/** The value scaled by 10^exp, rounded up (away from zero) as Quantity.ScaledValue does. */
function scaled(q: Quantity, exp: number): bigint {
  const shift = q.scale - exp;
  if (shift >= 0) return q.mantissa * pow10(shift);
  const div = pow10(-shift);
  const rest = q.mantissa % div;
  return q.mantissa / div + (rest > 0n ? 1n : rest < 0n ? -1n : 0n);
}

/** Quantity.Value(): the integer value rounded up (bytes for memory). NaN when it does not parse. */
export function toNumber(input: string | number): number {
  const q = parseQuantityExact(input);
  return 'error' in q ? NaN : Number(scaled(q, 0));
}

/** Quantity.MilliValue(): thousandths, rounded up (millicores for cpu). NaN when it does not parse. */
export function toMilli(input: string | number): number {
  const q = parseQuantityExact(input);
  return 'error' in q ? NaN : Number(scaled(q, -3));
}

/** -1, 0 or 1, exactly (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.min(a.scale, b.scale);
  const x = a.mantissa * pow10(a.scale - scale);
  const y = b.mantissa * pow10(b.scale - scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.String(): the canonical text. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  if (q.format === 'BinarySI' && q.scale >= 0) {
    const value = q.mantissa * pow10(q.scale);
    if (value <= -1024n || value >= 1024n) {
      let m = value;
      let power = 0;
      while (power < 6 && m % 1024n === 0n) {
        m /= 1024n;
        power += 1;
      }
      return `${m}${BINARY_BY_POWER[power]}`;
    }
  }
  // Decimal: an exponent that is a multiple of 3, between n (-9) and E (18).
  let exponent = Math.floor(q.scale / 3) * 3;
  if (exponent > 18) exponent = 18;
  if (exponent < -9) exponent = -9;
  const mantissa = q.mantissa * pow10(q.scale - exponent);
  if (q.format === 'DecimalExponent')
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/** The canonical text of a quantity string, or undefined when it does not parse. */
export function canonicalQuantity(input: string | number): string | undefined {
  const q = parseQuantityExact(input);
  return 'error' in q ? undefined : formatQuantity(q);
}

/** Millicores for display: 250 -> "250m", 2000 -> "2". */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes for display in the largest binary unit that divides them: 134217728 -> "128Mi". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || !Number.isInteger(bytes)) return String(bytes);
  return formatQuantity(normalize({ mantissa: BigInt(bytes), scale: 0, format: 'BinarySI' }));
}
