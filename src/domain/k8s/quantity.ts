/**
 * resource.Quantity as k8s.io/apimachinery/pkg/api/resource/quantity.go parses and prints it.
 *
 * The value is kept exactly (a bigint times a power of ten), never as a float, because the
 * canonical string depends on exact digits: "1.5" prints as "1500m", "1.5Gi" as "1536Mi",
 * "1000" as "1k". Read from upstream: parseQuantityString, ParseQuantity (including its fast
 * path, which keeps the input string when it is already canonical), CanonicalizeBytes,
 * AsCanonicalBytes / AsCanonicalBase1024Bytes and suffix.go.
 */

/** The three formats a Quantity remembers from its suffix and prints again. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: `unscaled × 10^scale`, plus the format it was written in. */
export interface Quantity {
  unscaled: bigint;
  scale: number;
  format: QuantityFormat;
  /** The input string, kept when ParseQuantity's fast path found it already canonical. */
  cached?: string;
}

/** The regular expression named in apimachinery's ErrFormatWrong (splitREString). */
export const QUANTITY_REGEXP_SOURCE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** ErrFormatWrong's message. */
export const ERR_QUANTITY_FORMAT = `quantities must match the regular expression '${QUANTITY_REGEXP_SOURCE}'`;
/** ErrNumeric's message. */
export const ERR_QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
/** ErrSuffix's message. */
export const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_LETTERS = 'eEinumkKMGTP';
/** Values are kept down to nano (10^-9); finer non-zero values round away from zero. */
const NANO = -9;
/** ParseQuantity caps a BinarySI quantity at 2^63-1 (maxAllowed). */
const MAX_INT64 = (1n << 63n) - 1n;
/** maxInt64Factors: an int64 holds 18 decimal digits safely. */
const MAX_INT64_FACTORS = 18;

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

interface ScannedQuantity {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: a hand-written scanner, permissive in the same places as upstream ("." and "-" parse as 0). */
function scanQuantity(str: string): ScannedQuantity {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  // Leading zeros are skipped; a string of only zeros is 0.
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num: num === '' ? '0' : num, denom: '', suffix: '' };
  pos = i;
  if (num === '') num = '0';

  let denom = '';
  if (str[pos] === '.') {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = j;
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  let k = pos;
  while (k < end && SUFFIX_LETTERS.includes(str[k] as string)) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = k;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  // A non-digit after the exponent sign: not a valid exponent.
  throw new Error(ERR_QUANTITY_FORMAT);
}

interface SuffixMeaning {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
}

/** suffixHandler.interpret: decimal SI, then binary SI, then "e"/"E" followed by an integer. */
function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined && Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined && Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(rest)) return undefined;
    return { base: 10, exponent: Number.parseInt(rest, 10), format: 'DecimalExponent' };
  }
  return undefined;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Integer division rounding away from zero (inf.RoundUp on a magnitude). */
function divAwayFromZero(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

/**
 * Parses a quantity string exactly, throwing apimachinery's errors
 * (ErrFormatWrong, ErrNumeric, ErrSuffix) on bad input.
 */
export function parseQuantityExact(str: string): Quantity {
  if (str.length === 0) throw new Error(ERR_QUANTITY_FORMAT);
  if (str === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI', cached: '0' };

  const { positive, value, num, denom, suffix } = scanQuantity(str);
  const meaning = interpretSuffix(suffix);
  if (!meaning) throw new Error(ERR_QUANTITY_SUFFIX);
  const { base, exponent } = meaning;
  let format = meaning.format;

  // The fast path of ParseQuantity decides only whether the input string is kept as the
  // canonical form; the value itself is the same on both paths.
  let cached: string | undefined;
  if (format === 'BinarySI') {
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (exponent >= 0 && denom.length === 0 && precision >= 0) {
      const v = BigInt(num);
      if (v * (1n << BigInt(exponent)) <= MAX_INT64 && exponent % 10 === 0 && (v & 7n) !== 0n) cached = str;
    }
  } else {
    const precision = MAX_INT64_FACTORS - (num.length + denom.length);
    const scale = exponent - denom.length;
    if (precision >= 0 && scale >= NANO) {
      const shifted = num + denom;
      if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') cached = str;
    }
  }

  // Exact value. `value` is the signed number part (digits as written).
  const digits = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (!digits) throw new Error(ERR_QUANTITY_NUMERIC);
  const intPart = digits[1] ?? '';
  const fracPart = digits[2] ?? '';
  if (intPart === '' && fracPart === '' && value !== '0') {
    // "." or "-" alone: upstream's scanner already returned 0 for these; keep that.
    return { unscaled: 0n, scale: 0, format, cached };
  }
  let unscaled = BigInt((intPart || '0') + fracPart);
  let scale = -fracPart.length;
  if (!positive) unscaled = -unscaled;
  if (base === 10) scale += exponent;
  else unscaled *= 1n << BigInt(exponent);

  if (cached === undefined) {
    if (scale < NANO && unscaled !== 0n) {
      unscaled = divAwayFromZero(unscaled, pow10(NANO - scale));
      scale = NANO;
    }
    if (format === 'BinarySI') {
      const magnitude = unscaled < 0n ? -unscaled : unscaled;
      if (compareExact({ unscaled: magnitude, scale }, { unscaled: MAX_INT64, scale: 0 }) > 0) {
        unscaled = unscaled < 0n ? -MAX_INT64 : MAX_INT64;
        scale = 0;
      }
      if (magnitude !== 0n && compareExact({ unscaled: magnitude, scale }, { unscaled: 1n, scale: 0 }) < 0) format = 'DecimalSI';
    }
  }
  return { unscaled, scale, format, cached };
}

function compareExact(a: { unscaled: bigint; scale: number }, b: { unscaled: bigint; scale: number }): number {
  const s = Math.min(a.scale, b.scale);
  const x = a.unscaled * pow10(a.scale - s);
  const y = b.unscaled * pow10(b.scale - s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two quantities by value (Quantity.Cmp): -1, 0 or 1. */
export function compareQuantities(a: string | number | Quantity, b: string | number | Quantity): number {
  return compareExact(toQuantity(a), toQuantity(b));
}

function toQuantity(q: string | number | Quantity): Quantity {
  if (typeof q === 'object') return q;
  return parseQuantityExact(typeof q === 'number' ? numberToString(q) : q);
}

/** A JS number as a decimal string without exponent surprises ("1e-7" → "0.0000001"). */
function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new Error(ERR_QUANTITY_FORMAT);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Let the quantity grammar read the exponent form ("1e+21" is a valid DecimalExponent).
  return s.replace('e+', 'e');
}

/** Removes factors of ten into the scale, then lowers the scale to a multiple of three (AsCanonicalBytes). */
function canonicalDecimal(unscaled: bigint, scale: number): { mantissa: bigint; exponent: number } {
  let m = unscaled;
  let e = scale;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  while (((e % 3) + 3) % 3 !== 0) {
    m *= 10n;
    e--;
  }
  return { mantissa: m, exponent: e };
}

/** Quantity.String(): the canonical form, in the remembered format. */
export function quantityToString(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareExact(q, { unscaled: -1024n, scale: 0 }) > 0 && compareExact(q, { unscaled: 1024n, scale: 0 }) < 0;
    const integral = q.scale >= 0 || q.unscaled % pow10(-q.scale) === 0n;
    // Below 1024, or with a fraction, BinarySI would round: print as DecimalSI instead.
    if (small || !integral) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let v = q.scale >= 0 ? q.unscaled * pow10(q.scale) : q.unscaled / pow10(-q.scale);
    let power = 0;
    while (power < BINARY_SUFFIX_BY_POWER.length - 1 && v % 1024n === 0n) {
      v /= 1024n;
      power++;
    }
    return `${v}${BINARY_SUFFIX_BY_POWER[power]}`;
  }
  const { mantissa, exponent } = canonicalDecimal(q.unscaled, q.scale);
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(exponent);
    // DecimalSI has no suffix above "E": upstream falls back to exponent notation.
    if (suffix !== undefined) return `${mantissa}${suffix}`;
  }
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** ceil(value × 10^shift) as a number: ScaledValue, which rounds up. */
function ceilScaled(q: Quantity, shift: number): number {
  const s = q.scale + shift;
  if (s >= 0) return Number(q.unscaled * pow10(s));
  const d = pow10(-s);
  const quotient = q.unscaled / d;
  const exact = q.unscaled % d === 0n;
  return Number(!exact && q.unscaled > 0n ? quotient + 1n : quotient);
}

type QuantityInput = string | number | undefined | null;

function parseInput(q: QuantityInput): Quantity {
  if (q === undefined || q === null) return { unscaled: 0n, scale: 0, format: 'DecimalSI' };
  return typeof q === 'number' ? parseQuantityExact(numberToString(q)) : parseQuantityExact(q);
}

/** The value in base units as a float (cores for cpu, bytes for memory); undefined is 0. */
export function parseQuantity(q: QuantityInput): number {
  const x = parseInput(q);
  // Dividing by an exact power of ten keeps "100m" at 0.1 rather than 100 × 0.001.
  return x.scale >= 0 ? Number(x.unscaled) * 10 ** x.scale : Number(x.unscaled) / 10 ** -x.scale;
}

/** Quantity.MilliValue(): millicores, rounded up ("500m" → 500, "2" → 2000, "0.0001" → 1). */
export function cpuMillis(q: QuantityInput): number {
  return ceilScaled(parseInput(q), 3);
}

/** Quantity.Value(): bytes, rounded up ("8Gi" → 8589934592, "128M" → 128000000). */
export function memoryBytes(q: QuantityInput): number {
  return ceilScaled(parseInput(q), 0);
}

/**
 * The canonical string of a quantity, as the apiserver stores and kubectl prints it
 * ("1.5" → "1500m", "1.5Gi" → "1536Mi", "1000" → "1k"). A number is read as its decimal form.
 * `format` overrides the remembered format, like setting Quantity.Format before String().
 */
export function formatQuantity(q: string | number, format?: QuantityFormat): string {
  const parsed = typeof q === 'number' ? parseQuantityExact(numberToString(q)) : parseQuantityExact(q);
  if (format === undefined || format === parsed.format) return quantityToString(parsed);
  return quantityToString({ unscaled: parsed.unscaled, scale: parsed.scale, format });
}

/**
 * resource.NewQuantity(bytes, BinarySI).String(), as the kubelet reports memory:
 * 8589934592 → "8Gi", 8343728128 → "8148172Ki". Below 1024 upstream prints DecimalSI (1000 → "1k"),
 * and a value that no power of 1024 divides prints as plain digits (1500 → "1500").
 */
export function formatMemory(bytes: number): string {
  if (!Number.isSafeInteger(bytes)) throw new Error(`formatMemory needs an integer number of bytes, got ${bytes}`);
  return quantityToString({ unscaled: BigInt(bytes), scale: 0, format: 'BinarySI' });
}

/** resource.NewMilliQuantity(m, DecimalSI).String(): 500 → "500m", 2000 → "2", 1500 → "1500m". */
export function formatCpuMillis(millis: number): string {
  if (!Number.isSafeInteger(millis)) throw new Error(`formatCpuMillis needs an integer number of millicores, got ${millis}`);
  return quantityToString({ unscaled: BigInt(millis), scale: -3, format: 'DecimalSI' });
}

/** True when the text parses as a quantity. */
export function isValidQuantity(q: string): boolean {
  try {
    parseQuantityExact(q);
    return true;
  } catch {
    return false;
  }
}
