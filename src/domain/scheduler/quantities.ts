/**
 * Quantity.MilliValue() / Quantity.Value() of the resource amounts the scheduler reads, through
 * the shared parser of src/domain/k8s/quantity.ts, with a small memo: manifests repeat "100m"
 * and "128Mi" endlessly, and a 150,000-pod run would otherwise parse them millions of times.
 */
import { cpuMillis, memoryBytes } from '../k8s/quantity.ts';

const memo = new Map<string, number>();
const MEMO_LIMIT = 4096;

function memoized(kind: 'm' | 'v', q: string | number, f: (q: string | number) => number): number {
  const key = `${kind}${typeof q === 'number' ? `#${q}` : q}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const v = f(q);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, v);
  return v;
}

/** Quantity.MilliValue(), rounded up: "0.1" → 100, "250m" → 250, "1" → 1000. */
export function quantityMilliValue(q: string | number): number {
  return memoized('m', q, cpuMillis);
}

/** Quantity.Value(), rounded up: "128Mi" → 134217728, "1k" → 1000. */
export function quantityValue(q: string | number): number {
  return memoized('v', q, memoryBytes);
}
