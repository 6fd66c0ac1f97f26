import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { crashloopEvents, crashloopHeader } from './fixtures.ts';
import { machineForSelection, machineRuns, runAt } from './history.ts';
import { StateChartView } from './StateChartView.tsx';

const tl = new Timeline(crashloopHeader);
tl.append(crashloopEvents);
const render = (init: SessionInit) =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore(init)}>
      <TraceProvider timeline={tl}>
        <StateChartView />
      </TraceProvider>
    </SessionProvider>,
  );
const stateEvent = (op: string, machine = 'pod-worker') => crashloopEvents.find((e) => e.kind === 'state' && e.op === op && e.attrs?.machine === machine)!;

describe('machine runs', () => {
  it('indexes every state event by actor, machine and instance, and answers the state at t', () => {
    const runs = machineRuns(tl);
    const pw = runs.get('kubelet/node-1|pod-worker|default/crash')!;
    expect(pw.events.length).toBe(crashloopEvents.filter((e) => e.kind === 'state' && e.attrs?.machine === 'pod-worker').length);
    const backOff = stateEvent('syncPod.backOff');
    const at = runAt(pw, backOff.t);
    // Two state events at the same t (backOff, then syncing again): the later one is current.
    expect(at.current?.seq).toBeGreaterThanOrEqual(backOff.seq);
    expect(at.history.length).toBeLessThanOrEqual(12);
    expect(runAt(pw, 0).current).toBeUndefined();
  });

  it('finds the machine of a selected event: its own for a state event, the actor’s for another', () => {
    const world = tl.stateAt(tl.endTime);
    const ensuring = stateEvent('syncPod.ensuringImage');
    expect(machineForSelection(tl, world, { type: 'event', seq: ensuring.seq })).toBe('kubelet/node-1|pod-worker|default/crash');
    const backOffEvent = crashloopEvents.find((e) => e.kind === 'event' && e.op === 'BackOff')!;
    expect(machineForSelection(tl, tl.stateAt(backOffEvent.t), { type: 'event', seq: backOffEvent.seq })).toBe('kubelet/node-1|pod-worker|default/crash');
    expect(machineForSelection(tl, world, null)).toBeUndefined();
  });
});

describe('StateChartView markup', () => {
  it('lights the state of the selected pod worker at the playhead and highlights the transition taken', () => {
    const ensuring = stateEvent('syncPod.ensuringImage');
    const html = render({ t: ensuring.t, selection: { type: 'event', seq: ensuring.seq } });
    expect(html).toContain('data-testid="statechart"');
    const current = [...html.matchAll(/data-state="([^"]+)" data-current="true"/g)].map((m) => m[1]);
    expect(current).toEqual(['syncPod.ensuringImage']);
    expect(html).toMatch(/class="ka-sc-state is-compound is-active" data-state="syncPod"/);
    expect(html).toMatch(/data-event="ENSURE_IMAGE" data-taken="true"/);
    expect(html).toContain('<code>syncPod.creatingSandbox</code>');
  });

  it('follows the playhead: later, the same worker is in another state', () => {
    const ensuring = stateEvent('syncPod.ensuringImage');
    const started = stateEvent('syncPod.startingContainer');
    const html = render({ t: started.t, selection: { type: 'event', seq: ensuring.seq } });
    expect(html).toMatch(/data-state="syncPod.startingContainer" data-current="true"/);
    expect(html).toMatch(/data-event="START_CONTAINER" data-taken="true"/);
  });

  it('shows the scheduler, with nested states, in Japanese', () => {
    const filter = stateEvent('schedulingCycle.filter', 'scheduler');
    const html = render({ t: filter.t, lang: 'ja', selection: { type: 'event', seq: filter.seq } });
    expect(html).toContain('ステートチャート');
    expect(html).toMatch(/data-state="schedulingCycle.filter" data-current="true"/);
    expect(html).toMatch(/data-event="POP" data-taken="true"/);
  });

  it('says so before any machine started', () => {
    const empty = new Timeline(crashloopHeader);
    const html = renderToStaticMarkup(
      <SessionProvider store={createSessionStore({ t: 0 })}>
        <TraceProvider timeline={empty}>
          <StateChartView />
        </TraceProvider>
      </SessionProvider>,
    );
    expect(html).toContain('No state machine has started');
    expect(html).not.toContain('data-current');
  });
});
