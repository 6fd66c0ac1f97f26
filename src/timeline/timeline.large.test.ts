import { describe, expect, it } from 'vitest';
import { generateLargeTrace } from './fixtures/generate-large.ts';
import { fold } from './projection.ts';
import { worldProjection } from './projections/world.ts';
import { Timeline } from './timeline.ts';

/**
 * The budget from the design: a million events load in linear time and any seek answers well
 * under 50 ms (one frame of input handling in the RAIL model). The tests bound the work
 * (checkpoints copied, events replayed per seek and per frame); the times themselves are
 * measured by `npm run bench` (BENCHMARKS.md), not asserted here.
 */
describe('Timeline with 1,000,000 events', () => {
  const N = 1_000_000;
  const { header, events } = generateLargeTrace({ events: N, nodes: 50, pods: 5_000, seed: 1 });
  const tl = new Timeline(header);
  tl.append(events);

  it('appends in linear time with a bounded number of checkpoints', () => {
    expect(tl.length).toBe(N);
    // Each checkpoint copies about as many entries as the events since the last one, so their
    // total stays below N entries; with ~15k live entries that means under N / 4096 checkpoints.
    expect(tl.checkpointCount).toBeGreaterThan(10);
    expect(tl.checkpointCount).toBeLessThanOrEqual(N / 4_096 + 1);
  });

  it('seeks anywhere by replaying at most one checkpoint interval', () => {
    // With checkpoints at least every 4,096 events and at most N / count apart on average, a
    // seek from a cold cache replays less than twice the mean gap.
    const bound = 2 * Math.ceil(N / tl.checkpointCount) + 4_096;
    let x = 12_345;
    for (let i = 0; i < 60; i++) {
      x = (x * 1_103_515_245 + 12_345) & 0x7fffffff;
      const t = tl.startTime + (x % (tl.endTime - tl.startTime));
      tl.stateAt(tl.endTime + 1);
      const w = tl.stateAt(t);
      expect(w.eventIndex).toBe(tl.indexAfter(t));
      expect(tl.replayed).toBeLessThanOrEqual(bound);
    }
  });

  it('plays forward frame by frame from the previous frame, not from a checkpoint', () => {
    let t = Math.floor(tl.endTime / 3);
    tl.stateAt(t);
    for (let i = 0; i < 120; i++) {
      const before = tl.stateAt(t).eventIndex;
      const after = tl.stateAt((t += 16_667)).eventIndex;
      // The replay is just the events of this frame (or fewer, from a checkpoint inside it).
      if (after > before) expect(tl.replayed).toBeLessThanOrEqual(after - before);
    }
  });
  it('gives the same world as a fold from scratch', () => {
    for (const t of [Math.floor(tl.endTime * 0.37), tl.endTime]) {
      const w = tl.stateAt(t);
      const p = fold(worldProjection, events.slice(0, w.eventIndex));
      expect([...w.objects.entries()]).toEqual([...p.objects.entries()]);
      expect([...w.actorStates.entries()]).toEqual([...p.actorStates.entries()]);
      expect([...w.etcdKeys.entries()]).toEqual([...p.etcdKeys.entries()]);
      expect(w.kubeEvents.length).toBe(p.log.kubeEvents.length);
    }
  });
});
