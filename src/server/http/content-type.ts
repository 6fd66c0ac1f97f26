/**
 * Content types of the files a trace library holds. JSON Lines has no registered media type;
 * `application/x-ndjson` is the one browsers and proxies know best, so traces and JSONL
 * captures are served as that.
 */
export function contentTypeOf(path: string): string {
  const p = path.toLowerCase();
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'application/x-ndjson; charset=utf-8';
  if (p.endsWith('.json')) return 'application/json; charset=utf-8';
  if (p.endsWith('.tar.gz') || p.endsWith('.tgz') || p.endsWith('.gz')) return 'application/gzip';
  if (p.endsWith('.tar')) return 'application/x-tar';
  if (p.endsWith('.txt') || p.endsWith('.log') || p.endsWith('.strace')) return 'text/plain; charset=utf-8';
  if (p.endsWith('.yaml') || p.endsWith('.yml')) return 'application/yaml; charset=utf-8';
  if (p.endsWith('.msgpack') || p.endsWith('.mp')) return 'application/vnd.msgpack';
  return 'application/octet-stream';
}
