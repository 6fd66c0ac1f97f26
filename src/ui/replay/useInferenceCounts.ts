import { useMemo } from 'react';
import type { Timeline } from '../../timeline/index.ts';
import { countInference, NO_INFERENCE, type InferenceCounts } from './provenance.ts';

/** The last count per timeline: a streaming (live) timeline is counted only over what it appended. */
const counted = new WeakMap<Timeline, InferenceCounts>();

/** The inferred steps and adjusted times of a timeline, O(new events) per call. */
export function inferenceCountsOf(timeline: Timeline): InferenceCounts {
  const before = counted.get(timeline);
  if (before && before.scanned === timeline.length) return before;
  const counts = countInference(timeline, before ?? NO_INFERENCE);
  counted.set(timeline, counts);
  return counts;
}

/**
 * For the legends. `version` is the TraceProvider's (the timeline's length): the count is
 * brought up to date when a streaming trace grows.
 */
export function useInferenceCounts(timeline: Timeline, version: number): InferenceCounts {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => inferenceCountsOf(timeline), [timeline, version]);
}
