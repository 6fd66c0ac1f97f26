/**
 * A short label for a message on a wire, keeping the real name: HTTP requests keep the verb and
 * the last path segment (`POST …/deployments`, `PATCH …/status`), everything else is kept whole
 * up to `max` characters.
 */
export function shortOp(op: string, max = 28): string {
  const http = /^(GET|POST|PUT|PATCH|DELETE|WATCH|LIST)\s+(\/\S*)$/.exec(op);
  if (http) {
    const segments = (http[2] ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
    const last = segments[segments.length - 1] ?? '';
    return segments.length > 1 ? `${http[1]} …/${last}` : op;
  }
  return op.length > max ? `${op.slice(0, max - 1)}…` : op;
}

/** Cuts a name to `max` characters with an ellipsis in the middle, keeping the distinctive tail (`web-7d4…-x2k4q`). */
export function middleEllipsis(s: string, max: number): string {
  if (s.length <= max || max < 5) return s;
  const tail = Math.ceil((max - 1) / 2);
  const head = max - 1 - tail;
  return `${s.slice(0, head)}…${s.slice(s.length - tail)}`;
}

/**
 * How to show `text` in `avail` units at `fontSize` (monospace, ~0.61 em per character): as is
 * when it fits; squeezed by SVG `textLength` when it overflows by up to 20 % (still readable);
 * otherwise cut at the end with an ellipsis.
 */
export function fitMono(text: string, fontSize: number, avail: number): { text: string; textLength?: number } {
  const natural = text.length * fontSize * 0.61;
  if (natural <= avail) return { text };
  if (natural * 0.8 <= avail) return { text, textLength: avail };
  const max = Math.max(1, Math.floor(avail / (fontSize * 0.61 * 0.8)) - 1);
  return { text: `${text.slice(0, max)}…`, textLength: Math.min(avail, (max + 1) * fontSize * 0.61) };
}
