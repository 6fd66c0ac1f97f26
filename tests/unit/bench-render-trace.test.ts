import { describe, expect, it } from 'vitest';
import { bigTrace, clusterTrace } from '../../bench/render/generate-trace.ts';
import { Timeline } from '../../src/timeline/index.ts';
import { decodeTrace, encodeTrace } from '../../src/trace/jsonl.ts';

/**
 * The rendering benchmark's generated traces (bench/render) are real kube-anatomy traces: they
 * decode without a bad line, load into a Timeline, and the same seed gives the same bytes.
 */
describe('bench/render trace generator', () => {
  it('writes a valid, deterministic big trace', () => {
    const a = bigTrace({ events: 5000, nodes: 5, seed: 1 });
    const text = encodeTrace(a.header, a.events);
    expect(encodeTrace(bigTrace({ events: 5000, nodes: 5, seed: 1 }).header, bigTrace({ events: 5000, nodes: 5, seed: 1 }).events)).toBe(text);
    const decoded = decodeTrace(text);
    expect(decoded.errors).toEqual([]);
    expect(decoded.events.length).toBeGreaterThanOrEqual(5000);
    const timeline = new Timeline(decoded.header);
    timeline.append(decoded.events);
    expect(timeline.length).toBe(decoded.events.length);
    const world = timeline.stateAt(timeline.endTime);
    expect(world.objects.size).toBeGreaterThan(0);
  });

  it('writes a cluster trace with the nodes asked for', () => {
    const c = clusterTrace({ nodes: 40, podsPerNode: 3, seed: 2 });
    const decoded = decodeTrace(encodeTrace(c.header, c.events));
    expect(decoded.errors).toEqual([]);
    const nodes = decoded.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'Node');
    expect(new Set(nodes.map((e) => e.ref?.name)).size).toBe(40);
    const pods = decoded.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'Pod');
    expect(new Set(pods.map((e) => e.ref?.name)).size).toBe(120);
  });
});
