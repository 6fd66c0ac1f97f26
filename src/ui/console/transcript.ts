import type { TraceEvent } from '../../trace/schema.ts';

/** One command in the console's transcript: the line, and its output once it exited. */
export interface TranscriptEntry {
  /** The seq of its `command` start event (the key; exit events point to it through `cause`). */
  seq: number;
  t: number;
  line: string;
  /** Typed in the console (a branch's action) rather than a scripted step. */
  typed: boolean;
  exit?: { exitCode: number; stdout: string; stderr: string };
}

/**
 * The transcript at the playhead, from the trace's `command` events (`start` and `exit`, as the
 * engine records them): every command started so far, with the output of those that ended.
 * Entries before `clearedBefore` (the console's `clear`) are left out.
 */
export function transcriptOf(commands: readonly TraceEvent[], clearedBefore = -1): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const bySeq = new Map<number, TranscriptEntry>();
  for (const e of commands) {
    if (e.kind !== 'command') continue;
    const phase = e.attrs?.['phase'];
    if (phase === 'start') {
      if (e.seq <= clearedBefore) continue;
      const entry: TranscriptEntry = { seq: e.seq, t: e.t, line: e.op, typed: e.attrs?.['typed'] === true };
      bySeq.set(e.seq, entry);
      entries.push(entry);
    } else if (phase === 'exit' && e.cause !== undefined) {
      const entry = bySeq.get(e.cause);
      if (entry) entry.exit = { exitCode: Number(e.attrs?.['exitCode'] ?? 0), stdout: String(e.attrs?.['stdout'] ?? ''), stderr: String(e.attrs?.['stderr'] ?? '') };
    }
  }
  return entries;
}
