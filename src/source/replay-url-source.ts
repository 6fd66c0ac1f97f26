import { createReplayFileSource, type ReplaySourceDeps, type ReplaySourceOptions } from './replay-file-source.ts';
import type { TraceSource } from './types.ts';

export interface ReplayUrlOptions extends Omit<ReplaySourceOptions, 'inputs'> {
  /** One URL or several (`?trace=a&trace=b`); relative ones are resolved against `base`. */
  urls: string[];
  /** Default: the page's base URI, so `traces/x.jsonl` means the app's own `public/traces/`. */
  base?: string;
}

/**
 * A replay of recordings served over HTTP (`?trace=<url>` in the app's URL, the "Open URL"
 * field, or `kube-anatomy serve`'s `/traces/<path>`): fetched and streamed by the import worker.
 * A URL that does not answer 2xx rejects with `TraceFetchError` naming the URL and the status.
 */
export function createReplayUrlSource(opts: ReplayUrlOptions, deps: ReplaySourceDeps = {}): TraceSource {
  const base = opts.base ?? (typeof document !== 'undefined' ? document.baseURI : undefined);
  // Resolved here: the worker would resolve a relative URL against its own script's URL.
  const inputs = opts.urls.map((u) => ({ kind: 'url' as const, url: resolveUrl(u, base) }));
  const { urls: _urls, base: _base, ...rest } = opts;
  return createReplayFileSource({ ...rest, inputs }, deps);
}

export function resolveUrl(url: string, base: string | undefined): string {
  try {
    return base === undefined ? new URL(url).href : new URL(url, base).href;
  } catch {
    return url;
  }
}
