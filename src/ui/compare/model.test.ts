import { describe, expect, it } from 'vitest';
import { compareTraces } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { helloEvents } from '../../timeline/fixtures/hello-deployment.ts';
import { createSessionStore } from '../session/store.ts';
import { followPresentation, linkPlayheads } from './link-playheads.ts';
import { activeRowAt, buildRows, rowAtPlayhead, formatOffset, samePercent, scenarioForReplay, stepLabel } from './model.ts';

const lookup = (events: readonly TraceEvent[]) => {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  return { bySeq: (seq: number) => bySeq.get(seq) };
};

/** The same story recorded 2 s later, with the Scheduled Event lost and one extra Event. */
function recorded(): TraceEvent[] {
  const real: TraceEvent[] = helloEvents.filter((e) => e.op !== 'Scheduled').map((e) => ({ ...e, t: e.t + 2_000_000, src: 'audit' as const }));
  real.push({ seq: 9999, t: 90_000_000, kind: 'event', actor: 'kubelet/node-1', op: 'Pulled', ref: { apiVersion: 'v1', kind: 'Pod', name: 'x' }, src: 'k8s-events', attrs: { reason: 'Pulled' } });
  return real;
}

describe('compare view-model', () => {
  it('labels steps with the real names', () => {
    expect(stepLabel('message|kubectl>kube-apiserver|POST /apis/apps/v1/namespaces/*/deployments')).toBe('kubectl → kube-apiserver  POST /apis/apps/v1/namespaces/*/deployments');
    expect(stepLabel('object|ADDED|Pod')).toBe('Pod ADDED');
    expect(stepLabel('event|Scheduled|Pod')).toBe('Pod Scheduled (Event)');
    expect(stepLabel('span|runc|clone')).toBe('runc  clone');
  });

  it('builds one row per step, with both times and where the shared (simulated) playhead goes', () => {
    const real = recorded();
    const cmp = compareTraces(helloEvents, real);
    const rows = buildRows(cmp, lookup(helloEvents), lookup(real));
    expect(rows).toHaveLength(cmp.steps.length);
    const same = rows.find((r) => r.status === 'same');
    expect(same?.realT).toBe((same?.simT ?? 0) + 2_000_000);
    expect(same?.at).toBe(same?.simT);
    const missing = rows.filter((r) => r.status === 'missing');
    expect(missing.map((r) => r.signature)).toEqual(['event|Scheduled|Pod']);
    expect(missing[0]?.realT).toBeUndefined();
    const extra = rows.find((r) => r.status === 'extra');
    // An extra step sits on the simulated clock where the recording has it.
    expect(extra?.at).toBe(90_000_000 - cmp.offset);
    expect(extra?.simSeq).toBeUndefined();
  });

  it('finds the row at the playhead', () => {
    const rows = buildRows(compareTraces(helloEvents, recorded()), lookup(helloEvents), lookup(recorded()));
    expect(activeRowAt(rows, -1)).toBe(-1);
    const third = rows[2];
    expect(third && rows[activeRowAt(rows, third.at)]?.at).toBe(third?.at);
    // Steps at one instant: the one the user chose stays marked until the playhead moves.
    const twin = rows.find((r) => rows.some((o) => o.index < r.index && o.at === r.at));
    if (twin) {
      expect(rowAtPlayhead(rows, twin.at, twin.index)).toBe(twin.index);
      expect(rowAtPlayhead(rows, twin.at + 1, twin.index)).toBe(activeRowAt(rows, twin.at + 1));
    }
    expect(rowAtPlayhead(rows, -1, 0)).toBe(-1);
    expect(activeRowAt(rows, Number.MAX_SAFE_INTEGER)).toBe(rows.reduce((best, r) => (r.at > (rows[best]?.at ?? -1) ? r.index : best), 0));
  });

  it('picks the scenario the replay header names, else the fallback, else the first', () => {
    const names = ['a', 'hello-deployment', 'rolling-update'];
    expect(scenarioForReplay('rolling-update.scenario.yaml', names, 'hello-deployment')).toBe('rolling-update');
    expect(scenarioForReplay('examples/rolling-update.scenario.yaml', names, 'hello-deployment')).toBe('rolling-update');
    expect(scenarioForReplay('unknown.scenario.yaml', names, 'hello-deployment')).toBe('hello-deployment');
    expect(scenarioForReplay(undefined, names, 'gone')).toBe('a');
    expect(scenarioForReplay(undefined, [], 'gone')).toBeUndefined();
  });

  it('summarises counts and the clock offset', () => {
    expect(samePercent({ same: 3, missing: 1, extra: 0, reordered: 0 })).toBe(75);
    expect(samePercent({ same: 0, missing: 0, extra: 0, reordered: 0 })).toBe(0);
    expect(formatOffset(0)).toBe('+0 ms');
    expect(formatOffset(-250_000)).toBe('−250 ms');
    expect(formatOffset(2_500_000)).toBe('+2.500 s');
  });
});

describe('linked playheads', () => {
  it('keeps real t = sim t + offset whichever pane moves, and plays both', () => {
    const sim = createSessionStore({ t: 100 });
    const real = createSessionStore();
    const unlink = linkPlayheads(sim, real, 5000);
    expect(real.getState().t).toBe(5100);
    sim.getState().seek(200);
    expect(real.getState().t).toBe(5200);
    real.getState().seek(9000);
    expect(sim.getState().t).toBe(4000);
    real.getState().play();
    expect(sim.getState().playing).toBe(true);
    sim.getState().setSpeed(4);
    expect(real.getState().speed).toBe(4);
    unlink();
    sim.getState().seek(0);
    expect(real.getState().t).toBe(9000);
  });

  it('follows the app language and theme', () => {
    const host = createSessionStore({ lang: 'ja', theme: 'projector-dark' });
    const pane = createSessionStore();
    const stop = followPresentation(host, [pane]);
    expect(pane.getState().lang).toBe('ja');
    expect(pane.getState().theme).toBe('projector-dark');
    host.getState().setTheme('light');
    expect(pane.getState().theme).toBe('light');
    stop();
  });
});
