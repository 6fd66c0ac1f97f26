import { useCallback, useEffect, useRef, useState } from 'react';
// Not the barrel (source/index.ts): it would bring the replay sources into the first chunk.
import { isStreaming, SourceDisposedError, type ReplaySummary, type TraceSource } from '../../source/types.ts';
import type { ImportError, ImportProgress, ImportSpec } from '../../source/index.ts';
import type { Timeline } from '../../timeline/index.ts';
import { buildTimelineInSlices } from './build-timeline.ts';
import { LAZY_SOURCES } from './lazySources.ts';

/** What the user asked to replay: files (or a folder's files), a URL, or a live trace. */
export type ReplayRequest = { kind: 'files'; inputs: ImportSpec[] } | { kind: 'url'; url: string };

/** A replay on screen. */
export interface Replay {
  timeline: Timeline;
  summary: ReplaySummary;
  /** How many files were imported (1 for a URL or a live trace). */
  files: number;
  /** The URL of a URL or live replay. */
  url?: string;
  live: boolean;
  /** A live trace whose recording ended (or whose connection closed), with why when known. */
  liveEnded?: { reason?: string };
}

export type ImportState =
  | { status: 'idle' }
  | { status: 'importing'; files: number; progress?: ImportProgress }
  | { status: 'failed'; error: Error }
  | { status: 'cancelled' };

/** The import ended with no event to play; `errors` says why for each file (line 0: the whole file). */
export class NothingToReplayError extends Error {
  constructor(readonly errors: ImportError[]) {
    super(errors.map((e) => `${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.reason}`).join('\n') || 'the files hold no events');
    this.name = 'NothingToReplayError';
  }
}

/** A URL of the replay server's live mode: `ws(s)://…` or `…/live/<name>/follow`. */
export const isLiveUrl = (url: string) => /^wss?:/i.test(url) || /\/live\/[^/]+\/follow\/?(\?|#|$)/.test(url);

/** Lets tests (and stories) stand in for the sources. */
export interface ReplaySources {
  files(inputs: ImportSpec[], onProgress: (p: ImportProgress) => void): TraceSource;
  url(url: string, onProgress: (p: ImportProgress) => void): TraceSource;
  live(url: string): TraceSource;
}

// Their code is fetched on the first open (lazySources.ts): a scenario's first frame needs none of it.
const DEFAULT_SOURCES: ReplaySources = LAZY_SOURCES;

/**
 * One import at a time: `open()` starts one (cancelling any running), `cancel()` stops it
 * (the worker is terminated), and on success `onLoaded` gets the replay to show. A live
 * replay keeps appending to its timeline while it is on screen (`onLoaded` is called again, with
 * the same timeline, when its errors grow or it ends); `close()` ends it.
 */
export function useReplayImport(onLoaded: (replay: Replay) => void, sources: ReplaySources = DEFAULT_SOURCES) {
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const current = useRef<TraceSource | null>(null);
  const showing = useRef<{ source: TraceSource; unfollow?: () => void } | null>(null);
  const onLoadedRef = useRef(onLoaded);
  useEffect(() => {
    onLoadedRef.current = onLoaded;
  });

  const stopShowing = useCallback(() => {
    showing.current?.unfollow?.();
    showing.current?.source.dispose();
    showing.current = null;
  }, []);

  const open = useCallback(
    (req: ReplayRequest) => {
      current.current?.dispose();
      let progress: ImportProgress | undefined;
      const files = req.kind === 'files' ? req.inputs.length : 1;
      // Progress comes up to every 100 ms; React batches the re-renders.
      const onProgress = (p: ImportProgress) => {
        progress = p;
        if (current.current === source) setState({ status: 'importing', files, progress });
      };
      const live = req.kind === 'url' && isLiveUrl(req.url);
      const source = req.kind === 'files' ? sources.files(req.inputs, onProgress) : live ? sources.live(req.url) : sources.url(req.url, onProgress);
      current.current = source;
      setState({ status: 'importing', files, ...(progress ? { progress } : {}) });
      // The timeline is built in slices, so a huge replay does not freeze the tab (and a newer
      // open or Cancel abandons it between slices).
      const build = source.load().then(async (loaded) => ({ loaded, timeline: await buildTimelineInSlices(loaded, () => current.current === source) }));
      build.then(
        ({ timeline, loaded }) => {
          if (current.current !== source) return;
          current.current = null;
          stopShowing();
          const summary = loaded.replay ?? { sources: [], errors: [] };
          if (!live && timeline.length === 0) {
            // Nothing to play (every file unknown, empty or unreadable): say why instead of an empty view.
            source.dispose();
            setState({ status: 'failed', error: new NothingToReplayError(summary.errors) });
            return;
          }
          const replay: Replay = { timeline, summary, files, live, ...(req.kind === 'url' ? { url: req.url } : {}) };
          showing.current = { source };
          if (live && isStreaming(source)) {
            let latest = replay;
            showing.current.unfollow = source.follow({
              batch(events, errors) {
                if (events.length > 0) timeline.append(events);
                if (errors.length > 0) {
                  latest = { ...latest, summary: { ...latest.summary, errors: [...latest.summary.errors, ...errors] } };
                  onLoadedRef.current(latest);
                }
              },
              end(reason) {
                latest = { ...latest, liveEnded: reason === undefined ? {} : { reason } };
                onLoadedRef.current(latest);
              },
            });
          } else if (!live) source.dispose();
          setState({ status: 'idle' });
          onLoadedRef.current(replay);
        },
        (err: unknown) => {
          if (current.current !== source) return;
          current.current = null;
          source.dispose();
          if (err instanceof SourceDisposedError) setState({ status: 'cancelled' });
          else setState({ status: 'failed', error: err instanceof Error ? err : new Error(String(err)) });
        },
      );
    },
    [sources, stopShowing],
  );

  const cancel = useCallback(() => {
    const source = current.current;
    current.current = null;
    source?.dispose();
    setState({ status: 'cancelled' });
  }, []);

  const dismiss = useCallback(() => setState({ status: 'idle' }), []);

  // Leaving the page (or the app) stops what runs and unfollows a live trace.
  useEffect(
    () => () => {
      // Forget it first, so its rejection is not reported as a cancel by the user.
      const running = current.current;
      current.current = null;
      running?.dispose();
      stopShowing();
    },
    [stopShowing],
  );

  return { state, open, cancel, dismiss, close: stopShowing };
}
