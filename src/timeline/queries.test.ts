import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/schema.ts';
import { activeSpansAt, endOf, inFlightAt, isOpenAt, messageProgress, remaining, spanElapsed } from './queries.ts';

const msg: TraceEvent = { seq: 1, t: 1_000, dur: 400, kind: 'message', actor: 'kubectl', to: 'kube-apiserver', op: 'GET /api/v1/pods', src: 'sim' };
const span: TraceEvent = { seq: 2, t: 1_100, dur: 100, kind: 'span', actor: 'etcd/etcd-0', op: 'Range', src: 'sim' };

describe('queries', () => {
  it('computes message progress from the playhead', () => {
    expect(messageProgress(msg, 900)).toBe(0);
    expect(messageProgress(msg, 1_000)).toBe(0);
    expect(messageProgress(msg, 1_100)).toBe(0.25);
    expect(messageProgress(msg, 1_400)).toBe(1);
    expect(messageProgress(msg, 9_999)).toBe(1);
    expect(messageProgress({ ...msg, dur: 0 }, 1_000)).toBe(1);
  });

  it('treats intervals as half-open [t, t + dur)', () => {
    expect(endOf(msg)).toBe(1_400);
    expect(isOpenAt(msg, 1_000)).toBe(true);
    expect(isOpenAt(msg, 1_399)).toBe(true);
    expect(isOpenAt(msg, 1_400)).toBe(false);
    expect(isOpenAt({ ...msg, dur: undefined }, 1_000)).toBe(false);
  });

  it('computes elapsed and remaining time of a span', () => {
    expect(spanElapsed(span, 1_000)).toBe(0);
    expect(spanElapsed(span, 1_130)).toBe(30);
    expect(spanElapsed(span, 5_000)).toBe(100);
    expect(remaining(span, 1_130)).toBe(70);
    expect(remaining(span, 1_000)).toBe(100);
    expect(remaining(span, 5_000)).toBe(0);
  });

  it('selects in-flight messages and active spans at t', () => {
    expect(inFlightAt([msg, span], 1_150)).toEqual([{ event: msg, progress: 0.375 }]);
    expect(activeSpansAt([msg, span], 1_150)).toEqual([span]);
    expect(activeSpansAt([msg, span], 1_200)).toEqual([]);
  });
});
