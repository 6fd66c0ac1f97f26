import { inTraceOrder } from '../../source/load-timeline.ts';
import type { LoadedTrace } from '../../source/types.ts';
import { Timeline } from '../../timeline/index.ts';
import { nextTask } from '../playback/nextTask.ts';

/** Events appended per slice: a few ms of projection work, so the page repaints in between. */
export const APPEND_SLICE = 20_000;

/** The build was given up (another import started, or the user cancelled). */
export class TimelineBuildAbortedError extends Error {
  constructor() {
    super('the timeline build was abandoned');
    this.name = 'TimelineBuildAbortedError';
  }
}

/**
 * Builds a replay's timeline on the page thread in slices, yielding to the event loop between
 * them: a 200 MB audit log is hundreds of thousands of events, and one `append` of all of them
 * would freeze the tab (no repaint, no Cancel) for as long as the projections take. A slice
 * copies at most APPEND_SLICE references; the events themselves are never copied, nor sorted
 * when they already are in trace order (the import's merge gives them so).
 * `stillWanted` is asked between slices; false abandons the build.
 */
export async function buildTimelineInSlices(loaded: LoadedTrace, stillWanted: () => boolean = () => true, yieldNow: () => Promise<void> = nextTask): Promise<Timeline> {
  const events = inTraceOrder(loaded.events);
  const timeline = new Timeline(loaded.header);
  for (let i = 0; i < events.length; i += APPEND_SLICE) {
    if (i > 0) {
      await yieldNow();
      if (!stillWanted()) throw new TimelineBuildAbortedError();
    }
    timeline.append(i === 0 && events.length <= APPEND_SLICE ? events : events.slice(i, i + APPEND_SLICE));
  }
  return timeline;
}

