import type { LifecycleCase } from './oci-matrix.ts';

/** The fields of a case both sides must agree on, in the order a report lists them. */
const FIELDS = ['id', 'argv', 'exitCode', 'stdout', 'stderr', 'log', 'statusAfter'] as const;

/**
 * Every difference between two normalized case lists (same order: MATRIX_STATES × MATRIX_OPS),
 * one line each: `running × kill SIGTERM: statusAfter: real "running", model "stopped"`.
 */
export function diffCases(left: readonly LifecycleCase[], right: readonly LifecycleCase[], names: [string, string]): string[] {
  const out: string[] = [];
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const a = left[i];
    const b = right[i];
    if (!a || !b) {
      out.push(`case ${i}: only on the ${a ? names[0] : names[1]} side (${(a ?? b)?.state} × ${(a ?? b)?.op})`);
      continue;
    }
    if (a.state !== b.state || a.op !== b.op) {
      out.push(`case ${i}: ${a.state} × ${a.op} on the ${names[0]} side, ${b.state} × ${b.op} on the ${names[1]} side`);
      continue;
    }
    for (const f of FIELDS) {
      const x = JSON.stringify(a[f]);
      const y = JSON.stringify(b[f]);
      if (x !== y) out.push(`${a.state} × ${a.op}: ${f}: ${names[0]} ${x}, ${names[1]} ${y}`);
    }
  }
  return out;
}
