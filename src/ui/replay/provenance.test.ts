import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { countInference, hasInference, NO_INFERENCE, provenanceOf } from './provenance.ts';

const ev = (seq: number, over: Partial<TraceEvent> = {}): TraceEvent => ({ seq, t: seq, kind: 'object', actor: 'kube-apiserver', op: 'ADDED', src: 'audit', ...over });
const list = (events: TraceEvent[]) => ({ length: events.length, at: (i: number) => events[i] as TraceEvent });

describe('provenanceOf', () => {
  it('reads the importer, the inferred step, the placed and moved times and the cause rule', () => {
    expect(provenanceOf(ev(1))).toEqual({ src: 'audit', inferred: false, timeInferred: false, tClamped: false });
    const p = provenanceOf(ev(2, { src: 'watch', inferred: true, attrs: { timeInferred: true, tClamped: true, causeInferred: true, causeRule: 'watch-ends-after-error' } }));
    expect(p).toEqual({ src: 'watch', inferred: true, timeInferred: true, tClamped: true, causeRule: 'watch-ends-after-error' });
    expect(hasInference(p)).toBe(true);
    expect(hasInference(provenanceOf(ev(3, { src: 'sim' })))).toBe(false);
  });

  it('ignores attrs that are not the core\'s flags (strings, false, an empty rule)', () => {
    const p = provenanceOf(ev(1, { attrs: { timeInferred: 'yes', tClamped: false, causeInferred: true, causeRule: '' } }));
    expect(hasInference(p)).toBe(false);
  });
});

describe('countInference', () => {
  it('counts inferred steps and adjusted times, continuing from where it stopped', () => {
    const events = [ev(1), ev(2, { inferred: true }), ev(3, { attrs: { tClamped: true } })];
    const first = countInference(list(events));
    expect(first).toEqual({ scanned: 3, inferred: 1, timeAdjusted: 1 });
    events.push(ev(4, { inferred: true, attrs: { timeInferred: true } }));
    expect(countInference(list(events), first)).toEqual({ scanned: 4, inferred: 2, timeAdjusted: 2 });
    // A shorter trace than the one counted is another trace: counted from the start.
    expect(countInference(list([ev(1)]), first)).toEqual({ scanned: 1, inferred: 0, timeAdjusted: 0 });
    expect(countInference(list([]), NO_INFERENCE)).toEqual(NO_INFERENCE);
  });
});
