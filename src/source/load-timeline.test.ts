import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../trace/jsonl.ts';
import { helloEvents, helloHeader } from '../timeline/fixtures/hello-deployment.ts';
import { inTraceOrder, loadTimeline } from './load-timeline.ts';
import { createTraceTextSource } from './text-source.ts';

describe('loadTimeline', () => {
  it('builds the timeline of a trace file', async () => {
    const { timeline, loaded } = await loadTimeline(createTraceTextSource(encodeTrace(helloHeader, helloEvents)));
    expect(timeline.length).toBe(42);
    expect(loaded.events).toHaveLength(42);
    expect(timeline.stateAt(9_200).objects.get('v1/Pod/default/web-7d4b9c-x2k4q')?.resourceVersion).toBe('105');
  });

  it('puts the lines of a shuffled trace back in (t, seq) order', async () => {
    const shuffled = [...helloEvents].reverse();
    const { timeline, loaded } = await loadTimeline(createTraceTextSource(encodeTrace(helloHeader, shuffled)));
    expect(loaded.events.map((e) => e.seq)).toEqual(helloEvents.map((e) => e.seq));
    expect(timeline.at(0).seq).toBe(1);
  });
});

describe('inTraceOrder', () => {
  it('returns the same array when already ordered', () => {
    expect(inTraceOrder(helloEvents)).toBe(helloEvents);
  });

  it('sorts by t, then seq, without touching the input', () => {
    const a = { seq: 5, t: 10, kind: 'log', actor: 'a', op: 'x', src: 'sim' } as const;
    const b = { seq: 2, t: 10, kind: 'log', actor: 'a', op: 'x', src: 'sim' } as const;
    const c = { seq: 9, t: 1, kind: 'log', actor: 'a', op: 'x', src: 'sim' } as const;
    const input = [a, b, c];
    expect(inTraceOrder(input)).toEqual([c, b, a]);
    expect(input).toEqual([a, b, c]);
  });
});
