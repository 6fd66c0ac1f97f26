import type { StepMatch, TraceComparison } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/**
 * The pure view-model of "simulated vs real" (issue 5, item 7): the rows of the step list, where
 * each row puts the shared playhead, which row is at the playhead, and which scenario to compare
 * a replay with. The shared playhead runs on the simulated clock; the real pane is at
 * `sim t + offset` (TraceComparison.offset: real − sim of the first common step).
 */

export type StepStatus = StepMatch['type'];

export interface StepRow {
  /** Position in the list (stable key, keyboard focus). */
  index: number;
  status: StepStatus;
  signature: string;
  /** A readable form of the signature (`kubectl → kube-apiserver  POST …`). */
  label: string;
  simSeq?: number;
  realSeq?: number;
  /** Trace times (µs since each trace's origin) of the step on each side, where it exists. */
  simT?: number;
  realT?: number;
  /** Where the shared playhead (simulated clock) goes when the row is chosen. */
  at: number;
}

/** Looks events up by seq (a Timeline does: `bySeq`). */
export interface SeqLookup {
  bySeq(seq: number): TraceEvent | undefined;
}

/**
 * `message|kubectl>kube-apiserver|POST /apis/apps/v1/namespaces/*\/deployments` →
 * `kubectl → kube-apiserver  POST /apis/apps/v1/namespaces/*\/deployments`; `object|ADDED|Pod` →
 * `Pod ADDED`; `event|Scheduled|Pod` → `Pod Scheduled (Event)`; `span|runc|clone` → `runc  clone`.
 * Names stay the real ones (Kubernetes reasons, HTTP paths, syscalls): they are not translated.
 */
export function stepLabel(signature: string): string {
  const [kind, a = '', ...rest] = signature.split('|');
  const b = rest.join('|');
  switch (kind) {
    case 'message': {
      const [from = '', to = ''] = a.split('>');
      return `${from} → ${to}  ${b}`;
    }
    case 'object':
      return `${b || '?'} ${a}`;
    case 'event':
      return `${b || '?'} ${a} (Event)`;
    case 'span':
      return `${a}  ${b}`;
    case 'command':
      return `$ ${a}`;
    default:
      return signature;
  }
}

/** The step list's rows, in the comparison's order (simulated order, extras after their predecessor). */
export function buildRows(cmp: TraceComparison, sim: SeqLookup, real: SeqLookup): StepRow[] {
  return cmp.steps.map((s, index): StepRow => {
    const simSeq = 'sim' in s ? s.sim : undefined;
    const realSeq = 'real' in s ? s.real : undefined;
    const simT = simSeq === undefined ? undefined : sim.bySeq(simSeq)?.t;
    const realT = realSeq === undefined ? undefined : real.bySeq(realSeq)?.t;
    // An extra step has no simulated time: put the playhead where the real one is on the sim clock.
    const at = simT ?? (realT === undefined ? 0 : realT - cmp.offset);
    return {
      index,
      status: s.type,
      signature: s.signature,
      label: stepLabel(s.signature),
      ...(simSeq === undefined ? {} : { simSeq }),
      ...(realSeq === undefined ? {} : { realSeq }),
      ...(simT === undefined ? {} : { simT }),
      ...(realT === undefined ? {} : { realT }),
      at,
    };
  });
}

/**
 * The row at the playhead: the one with the latest `at` not after `t` (the first such row when
 * several share it), or -1 before the first step.
 */
export function activeRowAt(rows: readonly StepRow[], t: number): number {
  let best = -1;
  for (const r of rows) {
    if (r.at > t) continue;
    if (best < 0 || r.at > (rows[best] as StepRow).at) best = r.index;
  }
  return best;
}

/** Real trace time for a simulated one, and back. */
export const realTimeOf = (simT: number, offset: number): number => simT + offset;
export const simTimeOf = (realT: number, offset: number): number => realT - offset;

/**
 * The scenario to compare a replay with: the one its header names (`hello-deployment.scenario.yaml`,
 * possibly with folders) when the catalog has it, else `fallback` when known, else the first.
 */
export function scenarioForReplay(headerScenario: string | undefined, names: readonly string[], fallback: string): string | undefined {
  if (headerScenario) {
    const base = headerScenario.slice(headerScenario.lastIndexOf('/') + 1).replace(/\.scenario\.ya?ml$|\.ya?ml$/, '');
    if (names.includes(base)) return base;
  }
  return names.includes(fallback) ? fallback : names[0];
}

/** The percentage of compared steps that are the same in both (0 when nothing was compared). */
export function samePercent(counts: TraceComparison['counts']): number {
  const total = counts.same + counts.reordered + counts.missing + counts.extra;
  return total === 0 ? 0 : Math.round((100 * counts.same) / total);
}

/** `+1.234 s`, `−250 ms`, `+0 ms`: the offset between the two clocks, as the header shows it. */
export function formatOffset(us: number): string {
  const sign = us < 0 ? '−' : '+';
  const a = Math.abs(us);
  if (a < 1_000_000) return `${sign}${Math.round(a / 1000)} ms`;
  return `${sign}${(a / 1_000_000).toFixed(3)} s`;
}

/**
 * The row to mark at the playhead: the row the user chose while the playhead is still where
 * that choice put it (several steps can share one instant), else `activeRowAt`.
 */
export function rowAtPlayhead(rows: readonly StepRow[], t: number, chosen: number | null): number {
  if (chosen !== null && rows[chosen]?.at === t) return chosen;
  return activeRowAt(rows, t);
}
