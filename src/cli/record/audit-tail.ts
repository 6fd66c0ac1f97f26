import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { describeFsError } from '../io.ts';
import { redactJsonLine } from './redact.ts';
import type { Capture, Recording } from './recording.ts';

const POLL_MS = 200;

/**
 * kube-apiserver's audit log (`--audit-log-path`), tailed like `tail -F -n 0`: the lines written
 * while recording, from the file's end at start. When the apiserver rotates the log (the file
 * shrinks or is replaced: `--audit-log-maxsize`), reading starts again at the new file's start.
 * Audit Events carry their own timestamps, so lines are written as they are (redacted).
 */
export class AuditLogCapture implements Capture {
  readonly source: string;
  private fd: number | undefined;
  private ino = 0;
  private pos = 0;
  private rest = '';
  private timer: NodeJS.Timeout | undefined;
  private rec: Recording | undefined;
  private pending: Promise<void> = Promise.resolve();
  private readonly file = 'api/audit.log';

  constructor(
    private readonly path: string,
    private readonly redact: boolean,
  ) {
    this.source = `audit log ${path}`;
  }

  async start(rec: Recording): Promise<void> {
    try {
      this.fd = openSync(this.path, 'r');
      const st = fstatSync(this.fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      this.ino = st.ino;
      this.pos = st.size;
    } catch (e) {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      rec.skip(this.source, `cannot read ${this.path}: ${describeFsError(e)}${(e as { code?: string }).code === 'EACCES' ? ' (the audit log is readable by root only: run with sudo, or read it on the control-plane node)' : ''}`);
      return;
    }
    this.rec = rec;
    rec.open(this.file, 'audit', `kube-apiserver audit log ${this.path} (lines written while recording)`);
    this.timer = setInterval(() => {
      this.pending = this.pending.then(() => this.poll()).catch((e: unknown) => this.fail(e));
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    if (this.fd === undefined || this.rec === undefined) return;
    // Rotated: a new file under the same name, or the same one truncated.
    try {
      const st = statSync(this.path);
      if (st.ino !== this.ino || st.size < this.pos) {
        await this.drain(); // what the old file still had
        closeSync(this.fd);
        this.fd = openSync(this.path, 'r');
        this.ino = fstatSync(this.fd).ino;
        this.pos = 0;
        this.rest = '';
      }
    } catch {
      // Between the rename and the new file: read on from the old one.
    }
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.fd === undefined || this.rec === undefined) return;
    const buf = Buffer.alloc(256 * 1024);
    for (;;) {
      const n = readSync(this.fd, buf, 0, buf.length, this.pos);
      if (n === 0) break;
      this.pos += n;
      const text = this.rest + buf.toString('utf8', 0, n);
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      const out = lines.filter((l) => l !== '').map((l) => (this.redact ? redactJsonLine(l) : l));
      if (out.length > 0) await this.rec.write(this.file, out);
    }
  }

  /** A read or write that failed while tailing: said once, and the tail stops (what it wrote stays). */
  private fail(e: unknown): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.rec?.skip(this.source, `stopped early: ${(e as Error).message}`);
    this.rec = undefined;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.pending;
    await this.drain();
    // A last line without its line break (the apiserver was writing it): kept as it is.
    if (this.rest !== '' && this.rec !== undefined) await this.rec.write(this.file, [this.redact ? redactJsonLine(this.rest) : this.rest]);
    this.rest = '';
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
