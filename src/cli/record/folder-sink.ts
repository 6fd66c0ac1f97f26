import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BundleManifest, RecordSink } from './sink.ts';

/**
 * The bundle folder: each captured file written as it comes (so a crash keeps what was
 * captured), `manifest.json` at close (written to a .tmp and renamed: a bundle with a manifest
 * is a finished one).
 */
export class FolderSink implements RecordSink {
  private readonly files = new Map<string, { stream: WriteStream; failed: Promise<never> }>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  open(file: string, _format: string, _description: string): void {
    if (this.files.has(file)) throw new Error(`${file} is already open in the bundle`);
    const path = join(this.dir, file);
    mkdirSync(dirname(path), { recursive: true });
    const stream = createWriteStream(path);
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    failed.catch(() => undefined);
    this.files.set(file, { stream, failed });
  }

  async write(file: string, lines: string[]): Promise<void> {
    const f = this.files.get(file);
    if (f === undefined) throw new Error(`${file} was not opened in the bundle`);
    if (lines.length === 0) return;
    if (!f.stream.write(`${lines.join('\n')}\n`)) await Promise.race([once(f.stream, 'drain'), f.failed]);
  }

  async close(manifest: BundleManifest): Promise<void> {
    for (const f of this.files.values()) {
      f.stream.end();
      await Promise.race([once(f.stream, 'finish'), f.failed]);
    }
    const tmp = join(this.dir, 'manifest.json.tmp');
    writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(tmp, join(this.dir, 'manifest.json'));
  }
}

/** Every line to several sinks (the bundle folder and `--live`), at the pace of the slowest. */
export class TeeSink implements RecordSink {
  constructor(private readonly sinks: readonly RecordSink[]) {}
  open(file: string, format: string, description: string): void {
    for (const s of this.sinks) s.open(file, format, description);
  }
  async write(file: string, lines: string[]): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.write(file, lines)));
  }
  async close(manifest: BundleManifest): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close(manifest)));
  }
}
