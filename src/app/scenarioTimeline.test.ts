import { describe, it, expect } from 'vitest';
import { playDurationSeconds } from '../ui/playback/usePlayer.ts';
import { breakpointsOf, createTimeWarp } from '../ui/playback/warp.ts';
import { topologyModel, maxPodsPerNode } from '../ui/topology/model.ts';
import { layoutTopology } from '../ui/topology/layout.ts';
import { EXAMPLES, resolveScenario } from './scenarios.ts';
import { scenarioTimeline } from './scenarioTimeline.ts';

// The scenario the app opens with, loaded from the catalog as the app does (in-process here:
// Node has no Worker).
describe('the default scenario in the views', async () => {
  const timeline = await scenarioTimeline(resolveScenario(EXAMPLES, undefined));
  const events = Array.from({ length: timeline.length }, (_, i) => timeline.at(i));

  it('plays in 20–30 s of wall time at the default speed', () => {
    const warp = createTimeWarp(breakpointsOf(events), timeline.startTime, timeline.endTime);
    const seconds = playDurationSeconds(warp, 1);
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThan(30);
  });

  it('ends with three Running Pod cards, placed on the nodes', () => {
    const layout = layoutTopology({ nodes: timeline.header.cluster?.nodes ?? [], maxPodsPerNode: maxPodsPerNode(events) });
    const model = topologyModel(layout, timeline.stateAt(timeline.endTime));
    expect(model.pods.map((p) => p.summary.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(model.pods.every((p) => p.summary.status === 'Running' && p.summary.ready === '1/1')).toBe(true);
    for (const p of model.pods) expect(p.summary.name).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  it('has a wire for every message between known actors', () => {
    const layout = layoutTopology({ nodes: timeline.header.cluster?.nodes ?? [] });
    const actors = new Set(layout.components.map((c) => c.actor));
    const unknown = events.filter((e) => e.kind === 'message' && e.to && (!actors.has(e.actor) || !actors.has(e.to)));
    expect(unknown.map((e) => `${e.actor}->${e.to}`)).toEqual([]);
  });
});

describe('scenarioTimeline', () => {
  it('runs the named example and records its file and seed in the header', async () => {
    const timeline = await scenarioTimeline(resolveScenario(EXAMPLES, 'crashloop'), 99);
    expect(timeline.header.scenario).toBe('crashloop.scenario.yaml');
    expect(timeline.header.seed).toBe(99);
  });
});
