/**
 * The console's command history (↑/↓, as in a shell): newest last, no immediate repeats. The
 * cursor walks back from the end; going past the newest gives the draft being typed back.
 */
export interface History {
  readonly lines: readonly string[];
  /** lines.length when not browsing. */
  readonly cursor: number;
  readonly draft: string;
}

export const EMPTY_HISTORY: History = { lines: [], cursor: 0, draft: '' };

const LIMIT = 200;

export function pushHistory(h: History, line: string): History {
  const trimmed = line.trim();
  if (trimmed === '') return { ...h, cursor: h.lines.length, draft: '' };
  const lines = h.lines[h.lines.length - 1] === trimmed ? h.lines : [...h.lines, trimmed].slice(-LIMIT);
  return { lines, cursor: lines.length, draft: '' };
}

/** ↑ (dir -1) or ↓ (dir +1) from the line being edited; returns the new history and the line to show. */
export function browseHistory(h: History, dir: -1 | 1, current: string): { history: History; line: string } {
  const draft = h.cursor === h.lines.length ? current : h.draft;
  const cursor = Math.min(h.lines.length, Math.max(0, h.cursor + dir));
  const line = cursor === h.lines.length ? draft : (h.lines[cursor] as string);
  return { history: { lines: h.lines, cursor, draft }, line };
}

/** Histories per session (one console per view instance; two embeds keep their own). */
const bySession = new WeakMap<object, History>();

export function sessionHistory(session: object): History {
  return bySession.get(session) ?? EMPTY_HISTORY;
}

export function saveSessionHistory(session: object, h: History): void {
  bySession.set(session, h);
}
