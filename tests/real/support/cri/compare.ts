import { applyByDesign, keepEvent, type ComparedStep } from './by-design.ts';
import type { ModelRun } from './model-side.ts';
import { bindings, normalizeEvents, normalizeStep, type FixtureEvent, type FixtureStep } from './normalize.ts';

/**
 * The model against a recording of the real containerd: the same RPCs in the same order, the
 * same outcome (answer or gRPC error, code and message), the same answers field by field after
 * normalization and the by-design rules (so the same states, reasons and exit codes), no field
 * runtime.v1 does not have, and per step the same containerd event topics in the same order.
 * Each difference has a stable key (`<step label> | <what>`) that known-gaps.ts can name.
 */

export interface Difference {
  key: string;
  detail: string;
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field-by-field differences; arrays of different lengths are one difference. */
export function diffValues(expected: unknown, got: unknown, path: string, out: { path: string; expected: unknown; got: unknown }[]): void {
  if (isObject(expected) && isObject(got)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
    for (const k of keys) diffValues(expected[k], got[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(got) && expected.length === got.length) {
    expected.forEach((e, i) => diffValues(e, got[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(got)) out.push({ path, expected, got });
}

const eventText = (e: FixtureEvent): string => `${e.topic} ${e.subject}${e.exitStatus !== undefined ? ` exit ${e.exitStatus}` : ''}`;

/** What is in `a` and not in `b` as a multiset, in `a`'s order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

function compareEvents(label: string, expected: string[], got: string[], out: Difference[]): void {
  if (expected.join('\n') === got.join('\n')) return;
  const missing = minus(expected, got);
  const extra = minus(got, expected);
  const both = `real: [${expected.join(', ')}]; model: [${got.join(', ')}]`;
  for (const m of new Set(missing)) out.push({ key: `${label} | event missing: ${m}`, detail: `${missing.filter((x) => x === m).length}× ${m} not published by the model; ${both}` });
  for (const x of new Set(extra)) out.push({ key: `${label} | event not in the real trace: ${x}`, detail: `${extra.filter((y) => y === x).length}× ${x}; ${both}` });
  if (missing.length === 0 && extra.length === 0) out.push({ key: `${label} | event order`, detail: both });
}

function compared(s: FixtureStep): ComparedStep {
  return applyByDesign({ label: s.label, method: s.method, ...(s.response ? { response: s.response } : {}), ...(s.error ? { error: s.error } : {}) });
}

/** Normalizes the model's run like a recording (its own ids bound by the same `binds`). */
export function normalizeModel(run: ModelRun): { steps: FixtureStep[]; events: FixtureEvent[] } {
  const ctx = { bound: bindings(run.steps) };
  return {
    steps: run.steps.map((s) => normalizeStep({ label: s.label, method: s.method, request: s.request, outcome: s.outcome, events: [], ...(s.binds ? { binds: s.binds } : {}), ...(s.waitFor ? { waitFor: s.waitFor } : {}) }, ctx)),
    events: normalizeEvents(run.steps, ctx),
  };
}

export function compareWithReal(real: { steps: readonly FixtureStep[]; events: readonly FixtureEvent[] }, run: ModelRun): Difference[] {
  const out: Difference[] = [];
  const model = normalizeModel(run);
  if (run.stoppedAt) {
    out.push({ key: `sequence | the replay stopped at ${run.stoppedAt.label}`, detail: `no earlier answer of the model gave ${run.stoppedAt.missing.join(', ')} (a step that binds it failed); the steps before it are compared` });
  }
  if (model.steps.some((s, i) => s.method !== real.steps[i]?.method)) {
    out.push({ key: 'sequence', detail: `real: ${real.steps.map((s) => s.method).join(' ')}; model: ${model.steps.map((s) => s.method).join(' ')}` });
    return out;
  }
  real.steps.slice(0, model.steps.length).forEach((rs, i) => {
    const ms = model.steps[i] as FixtureStep;
    const raw = run.steps[i];
    const label = rs.label;
    const r = compared(rs);
    const m = compared(ms);
    if (!r.notCompared) {
      if (r.error && m.error) {
        if (r.error.code !== m.error.code) out.push({ key: `${label} | error code`, detail: `real ${r.error.code}, model ${m.error.code} (${m.error.message})` });
        else if (r.error.message !== m.error.message) out.push({ key: `${label} | error message`, detail: `real ${show(r.error.message)}, model ${show(m.error.message)}` });
      } else if (r.error || m.error) {
        out.push({ key: `${label} | outcome`, detail: r.error ? `real: error ${r.error.code} ${show(r.error.message)}; model: ${show(m.response)}` : `real: ${show(r.response)}; model: error ${m.error?.code} ${show(m.error?.message)}` });
      } else {
        const diffs: { path: string; expected: unknown; got: unknown }[] = [];
        diffValues(r.response, m.response, '', diffs);
        for (const d of diffs) out.push({ key: `${label} | ${d.path}`, detail: `real ${show(d.expected)}, model ${show(d.got)}` });
      }
      for (const f of raw?.unknownFields ?? []) out.push({ key: `${label} | field not in runtime.v1: ${f}`, detail: `the model answers with ${f}, which the ${rs.method} response message has not` });
    }
    if (raw?.waitTimedOut && rs.waitFor) out.push({ key: `${label} | wait`, detail: `the model's ${rs.waitFor.container} never reached ${rs.waitFor.state}` });
    const ev = (list: readonly FixtureEvent[]): string[] => list.filter((e) => e.step === i && keepEvent(rs.method, e)).map(eventText);
    compareEvents(label, ev(real.events), ev(model.events), out);
  });
  return out;
}

/** The differences as text, one per line, for a failure message. */
export function formatDifferences(diffs: readonly Difference[]): string {
  return diffs.map((d) => `- ${d.key}\n    ${d.detail}`).join('\n');
}
