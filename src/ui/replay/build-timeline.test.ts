import { describe, expect, it } from 'vitest';
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent } from '../../trace/schema.ts';
import type { LoadedTrace } from '../../source/index.ts';
import { APPEND_SLICE, buildTimelineInSlices, TimelineBuildAbortedError } from './build-timeline.ts';

const header = { format: TRACE_FORMAT, version: TRACE_VERSION, sources: ['audit'], timeOrigin: '2024-05-14T09:00:00Z' } as const;
const events = (n: number, shuffle = false): TraceEvent[] => {
  const list = Array.from({ length: n }, (_, i): TraceEvent => ({ seq: i + 1, t: i * 3, kind: 'log', actor: 'kube-apiserver', op: 'GET', src: 'audit' }));
  if (shuffle) list.reverse();
  return list;
};
const loaded = (evs: TraceEvent[]): LoadedTrace => ({ header: { ...header, sources: [...header.sources] }, events: evs, errors: [] });

describe('buildTimelineInSlices', () => {
  it('appends every event in trace order, yielding between slices', async () => {
    let yields = 0;
    const n = APPEND_SLICE * 2 + 7;
    const tl = await buildTimelineInSlices(loaded(events(n, true)), () => true, async () => void yields++);
    expect(tl.length).toBe(n);
    expect(tl.at(0).seq).toBe(1);
    expect(tl.at(n - 1).seq).toBe(n);
    expect(yields).toBe(2);
  });

  it('builds a small trace in one append without yielding', async () => {
    let yields = 0;
    const tl = await buildTimelineInSlices(loaded(events(3)), () => true, async () => void yields++);
    expect(tl.length).toBe(3);
    expect(yields).toBe(0);
  });

  it('is abandoned between slices when no longer wanted', async () => {
    let wanted = true;
    const build = buildTimelineInSlices(loaded(events(APPEND_SLICE * 3)), () => wanted, async () => {
      wanted = false;
    });
    await expect(build).rejects.toBeInstanceOf(TimelineBuildAbortedError);
  });
});
