import { SourceDisposedError, type StreamingTraceSource, type TraceSource } from '../../source/types.ts';
import type { ReplaySources } from './useReplayImport.ts';

/**
 * The replay's sources, their code fetched when the user first opens a trace: the import client,
 * the in-process fallback with the bundle reader, the live client. The app's first frame (a
 * scenario) needs none of them.
 */
export const LAZY_SOURCES: ReplaySources = {
  files: (inputs, onProgress) => deferredSource(() => import('../../source/replay-file-source.ts').then((m) => m.createReplayFileSource({ inputs, onProgress }))),
  url: (url, onProgress) => deferredSource(() => import('../../source/replay-url-source.ts').then((m) => m.createReplayUrlSource({ urls: [url], onProgress }))),
  live: (url) => deferredSource(() => import('../../source/replay-live-source.ts').then((m) => m.createReplayLiveSource({ url })), true),
};

/**
 * A source made once its chunk is in. Disposing before that drops it as soon as it is made, and
 * load() rejects with SourceDisposedError, as a disposed source's would. A streaming one (live)
 * offers follow(), which the caller uses after load(), when the real source is there.
 */
export function deferredSource(make: () => Promise<TraceSource>, streaming = false): TraceSource | StreamingTraceSource {
  let inner: TraceSource | undefined;
  let disposed = false;
  const source: TraceSource = {
    kind: 'replay',
    async load() {
      const s = await make();
      if (disposed) {
        s.dispose();
        throw new SourceDisposedError();
      }
      inner = s;
      return s.load();
    },
    dispose() {
      disposed = true;
      inner?.dispose();
    },
  };
  if (!streaming) return source;
  return {
    ...source,
    follow(listener) {
      if (!inner || !('follow' in inner)) throw new Error('deferredSource: follow() before load() resolved, or the source does not stream');
      return (inner as StreamingTraceSource).follow(listener);
    },
  };
}
