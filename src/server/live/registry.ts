import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplayPort } from '../replay-port.ts';
import { LiveTrace, type LiveTraceLimits } from './live-trace.ts';
import type { RecorderSession } from './recorder.ts';
import { LiveTraceWriter } from './trace-writer.ts';

/** A live trace's name: one path segment that is also a file name. */
export const LIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** What `GET /api/live` says about one live trace. */
export interface LiveSummary {
  name: string;
  state: 'recording' | 'interrupted' | 'ended';
  startedAt: string;
  node?: string;
  sources: string[];
  /** `lines` frames taken from the recorder. */
  frames: number;
  events: number;
  errors: number;
  /** Events older than the ring: in the file, no longer in new followers' snapshots. */
  droppedFromRing: number;
  followers: number;
  recorderPauses: number;
  followUrl: string;
  /** The full trace so far, as a library file. */
  traceUrl: string;
}

/**
 * The live traces of one server, by name. At most one recorder per name at a time; a name that
 * ended, or whose file is already in DIR/live/, is not reused (a recording is never overwritten).
 */
export class LiveRegistry {
  private readonly traces = new Map<string, LiveTrace>();
  private readonly recorders = new Map<string, RecorderSession | 'connecting'>();

  constructor(
    private readonly dir: string,
    private readonly port: ReplayPort,
    private readonly limits: LiveTraceLimits,
    private readonly generator: string,
  ) {}

  filePath(name: string): string {
    return join(this.dir, 'live', `${name}.kanatomy.jsonl`);
  }

  get(name: string): LiveTrace | undefined {
    return this.traces.get(name);
  }

  /** Why a recorder may not record `name` now (HTTP status and reason), or undefined. Reserves the name when it may. */
  async reserve(name: string): Promise<{ status: number; error: string } | undefined> {
    if (!LIVE_NAME.test(name)) return { status: 400, error: `live trace name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-" (at most 100)` };
    if (this.recorders.has(name)) return { status: 409, error: `a recorder is already recording ${name}` };
    const existing = this.traces.get(name);
    if (existing?.state === 'ended') return { status: 409, error: `live trace ${name} has ended; record under another name` };
    if (!existing && (await exists(this.filePath(name))))
      return { status: 409, error: `live/${name}.kanatomy.jsonl already exists in the library; record under another name` };
    if (this.recorders.has(name)) return { status: 409, error: `a recorder is already recording ${name}` };
    this.recorders.set(name, 'connecting');
    return undefined;
  }

  attach(name: string, session: RecorderSession): void {
    this.recorders.set(name, session);
  }

  /** On the recorder's hello: the live trace, new or resumed after an interruption. */
  async start(name: string, hello: { node?: string; startedAt: string; generator?: string }): Promise<LiveTrace | string> {
    const existing = this.traces.get(name);
    if (existing) {
      existing.state = 'recording';
      return existing;
    }
    const importer = this.port.createLiveImport({ name, startedAt: hello.startedAt, generator: this.generator, ...(hello.node ? { node: hello.node } : {}) });
    let writer: LiveTraceWriter;
    try {
      writer = await LiveTraceWriter.create(this.filePath(name), importer.header());
    } catch (e) {
      return `cannot write live/${name}.kanatomy.jsonl: ${(e as Error).message}`;
    }
    const trace = new LiveTrace(name, hello.startedAt, hello.node, importer, writer, this.limits);
    this.traces.set(name, trace);
    return trace;
  }

  detach(name: string, trace: LiveTrace | undefined, ended: boolean): void {
    const session = this.recorders.get(name);
    if (trace && typeof session === 'object') trace.recorderPauses += session.pauses;
    this.recorders.delete(name);
    if (trace && !ended && trace.state === 'recording') trace.state = 'interrupted';
  }

  list(): LiveSummary[] {
    return [...this.traces.values()].map((t) => {
      const rec = this.recorders.get(t.name);
      const enc = encodeURIComponent(t.name);
      const summary: LiveSummary = {
        name: t.name,
        state: t.state,
        startedAt: t.startedAt,
        sources: t.header().sources,
        frames: t.received,
        events: t.events,
        errors: t.errorCount,
        droppedFromRing: t.droppedFromRing,
        followers: t.followers.size,
        recorderPauses: t.recorderPauses + (typeof rec === 'object' ? rec.pauses : 0),
        followUrl: `/live/${enc}/follow`,
        traceUrl: `/traces/live/${enc}.kanatomy.jsonl`,
      };
      if (t.node !== undefined) summary.node = t.node;
      return summary;
    });
  }

  /** The server stops: every live trace is ended and its file completed. */
  async endAll(): Promise<void> {
    await Promise.all([...this.traces.values()].map((t) => t.end(true)));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
