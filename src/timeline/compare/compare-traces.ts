import type { TraceEvent } from '../../trace/schema.ts';
import { signatureLayer, stepSignature } from './step-signature.ts';

/**
 * Simulated versus real (issue 5, item 7): the steps of a simulation and of a real recording of
 * the same scenario, aligned on their first common step, with what is missing from the real
 * trace, extra in it, or in another order. Only the layers the real trace can see are compared
 * (an audit log shows no runc syscalls: the simulation's syscalls are not "missing").
 */

export type StepMatch =
  /** In both, in the same relative order. */
  | { type: 'same'; signature: string; sim: number; real: number }
  /** In both, but not in the same order relative to the other common steps. */
  | { type: 'reordered'; signature: string; sim: number; real: number }
  /** Simulated, not in the recording. */
  | { type: 'missing'; signature: string; sim: number }
  /** Recorded, not simulated. */
  | { type: 'extra'; signature: string; real: number };

export interface TraceComparison {
  /** In order of the simulated trace, extra steps placed after the real step before them. */
  steps: StepMatch[];
  /** `real.t − sim.t` of the first common step: add it to a simulated time to get the real one. */
  offset: number;
  /** seq of the first common step on each side, when there is one. */
  anchor?: { sim: number; real: number };
  /** Layers compared (`message|kubectl>kube-apiserver`, `object`, `span|runc`, …). */
  layers: string[];
  /** True when a side had more steps than `maxSteps` and only the first were compared. */
  truncated: boolean;
  counts: { same: number; reordered: number; missing: number; extra: number };
}

interface Step {
  seq: number;
  t: number;
  signature: string;
}

function stepsOf(events: readonly TraceEvent[]): Step[] {
  const out: Step[] = [];
  for (const ev of events) {
    const signature = stepSignature(ev);
    if (signature !== undefined) out.push({ seq: ev.seq, t: ev.t, signature });
  }
  return out;
}

/** Longest common subsequence by dynamic programming; returns index pairs. O(n·m) time and bits. */
function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? (table[(i + 1) * width + j + 1] as number) + 1 : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) i++;
    else j++;
  }
  return pairs;
}

/**
 * Compares the steps of a simulated and a real trace. `maxSteps` bounds each side (the
 * alignment is quadratic): 3,000 steps is several minutes of a small cluster, which is what a
 * side-by-side view shows.
 */
export function compareTraces(sim: readonly TraceEvent[], real: readonly TraceEvent[], maxSteps = 3000): TraceComparison {
  const realAll = stepsOf(real);
  const layers = new Set(realAll.map((s) => signatureLayer(s.signature)));
  const simAll = stepsOf(sim).filter((s) => layers.has(signatureLayer(s.signature)));

  // Align on the first common step: what comes before it on either side is outside the story
  // both tell (a real recording starts in the middle of a cluster's life).
  const realSigs = new Set(realAll.map((s) => s.signature));
  const simStart = simAll.findIndex((s) => realSigs.has(s.signature));
  const anchorSig = simStart >= 0 ? (simAll[simStart] as Step).signature : undefined;
  const realStart = anchorSig === undefined ? -1 : realAll.findIndex((s) => s.signature === anchorSig);
  const simSteps = simStart >= 0 ? simAll.slice(simStart) : simAll;
  const realSteps = realStart >= 0 ? realAll.slice(realStart) : realAll;
  const truncated = simSteps.length > maxSteps || realSteps.length > maxSteps;
  const a = simSteps.slice(0, maxSteps);
  const b = realSteps.slice(0, maxSteps);

  const pairs = lcs(
    a.map((s) => s.signature),
    b.map((s) => s.signature),
  );
  const simMatched = new Map<number, number>(pairs);
  const realMatched = new Set(pairs.map(([, j]) => j));

  // Unmatched steps with the same signature on both sides are the same step out of order.
  const realUnmatchedBySig = new Map<string, number[]>();
  b.forEach((s, j) => {
    if (realMatched.has(j)) return;
    const list = realUnmatchedBySig.get(s.signature) ?? [];
    list.push(j);
    realUnmatchedBySig.set(s.signature, list);
  });
  const reorderedReal = new Map<number, number>();
  const reorderedSim = new Map<number, number>();
  a.forEach((s, i) => {
    if (simMatched.has(i)) return;
    const j = realUnmatchedBySig.get(s.signature)?.shift();
    if (j !== undefined) {
      reorderedSim.set(i, j);
      reorderedReal.set(j, i);
    }
  });

  // Walk the simulated side; after each step that has a real counterpart in order, emit the
  // real side's unmatched extras that come before the next in-order match.
  const steps: StepMatch[] = [];
  let nextReal = 0;
  const flushExtras = (upTo: number): void => {
    for (; nextReal < upTo; nextReal++) {
      if (realMatched.has(nextReal) || reorderedReal.has(nextReal)) continue;
      const s = b[nextReal] as Step;
      steps.push({ type: 'extra', signature: s.signature, real: s.seq });
    }
  };
  a.forEach((s, i) => {
    const j = simMatched.get(i);
    if (j !== undefined) {
      flushExtras(j);
      nextReal = j + 1;
      steps.push({ type: 'same', signature: s.signature, sim: s.seq, real: (b[j] as Step).seq });
      return;
    }
    const r = reorderedSim.get(i);
    if (r !== undefined) steps.push({ type: 'reordered', signature: s.signature, sim: s.seq, real: (b[r] as Step).seq });
    else steps.push({ type: 'missing', signature: s.signature, sim: s.seq });
  });
  flushExtras(b.length);

  const counts = { same: 0, reordered: 0, missing: 0, extra: 0 };
  for (const s of steps) counts[s.type]++;
  const anchor = simStart >= 0 && realStart >= 0 ? { sim: (simAll[simStart] as Step).seq, real: (realAll[realStart] as Step).seq } : undefined;
  const offset = simStart >= 0 && realStart >= 0 ? (realAll[realStart] as Step).t - (simAll[simStart] as Step).t : 0;
  return { steps, offset, anchor, layers: [...layers].sort(), truncated, counts };
}
