/**
 * Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource/quantity.go`), only as
 * far as the scheduler needs them: the integer a quantity stands for, rounded UP as
 * `Quantity.Value()` and `Quantity.MilliValue()` round (away from zero).
 *
 * Private to the scheduler until src/domain/k8s grows a shared parser (the lead merges them).
 * Digits are handled as decimal strings and BigInt so that "0.1" cpu is exactly 100m, not the
 * 101m a float `Math.ceil(0.1 * 1000)` would give.
 */

/** The same pattern the apiserver quotes when it rejects a quantity. */
export const QUANTITY_PATTERN = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface ParsedQuantity {
  negative: boolean;
  /** All digits of the number without the decimal point. */
  digits: bigint;
  /** Power of ten applied to `digits` (fraction digits and decimal suffix or exponent). */
  exp10: number;
  /** Power of two from a binary suffix (Ki = 10 …). */
  exp2: number;
}

function parse(q: string): ParsedQuantity {
  const s = q.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(s);
  if (!m || !QUANTITY_PATTERN.test(s)) throw new RangeError(`quantities must match the regular expression '${QUANTITY_PATTERN.source}': ${JSON.stringify(q)}`);
  const [, sign = '', intPart = '', fracPart = '', suffix = ''] = m;
  if (intPart === '' && fracPart === '') throw new RangeError(`invalid quantity: ${JSON.stringify(q)}`);
  let exp10 = -fracPart.length;
  let exp2 = 0;
  if (suffix in DECIMAL_SUFFIX) exp10 += DECIMAL_SUFFIX[suffix] ?? 0;
  else if (suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix] ?? 0;
  else if (/^[eE][-+]?\d+$/.test(suffix)) exp10 += Number(suffix.slice(1));
  else throw new RangeError(`unable to parse quantity's suffix: ${JSON.stringify(q)}`);
  return { negative: sign === '-', digits: BigInt((intPart + fracPart) || '0'), exp10, exp2 };
}

/** Parsed values of recent quantity strings: manifests repeat "100m" and "128Mi" endlessly. */
const memo = new Map<string, number>();
const MEMO_LIMIT = 4096;

/** ⌈|q| · 10^scale⌉ with q's sign, as Quantity.ScaledValue rounds (away from zero). */
function scaledCeil(q: string | number, scale: number): number {
  const memoKey = `${scale}|${q}`;
  const hit = memo.get(memoKey);
  if (hit !== undefined) return hit;
  const v = computeScaledCeil(q, scale);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(memoKey, v);
  return v;
}

function computeScaledCeil(q: string | number, scale: number): number {
  const p = parse(typeof q === 'number' ? String(q) : q);
  let n = p.digits << BigInt(p.exp2);
  const e = p.exp10 + scale;
  if (e >= 0) {
    n *= 10n ** BigInt(e);
  } else {
    const d = 10n ** BigInt(-e);
    n = (n + d - 1n) / d;
  }
  const v = Number(n);
  return p.negative ? -v : v;
}

/** `Quantity.Value()`: bytes for memory, a count for pods and extended resources. */
export function quantityValue(q: string | number): number {
  return scaledCeil(q, 0);
}

/** `Quantity.MilliValue()`: millicores for cpu ("1" → 1000, "250m" → 250, "0.1" → 100). */
export function quantityMilliValue(q: string | number): number {
  return scaledCeil(q, 3);
}

/** True when the apiserver would accept the string as a quantity. */
export function isValidQuantity(q: string | number): boolean {
  try {
    parse(typeof q === 'number' ? String(q) : q);
    return true;
  } catch {
    return false;
  }
}
