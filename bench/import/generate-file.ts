import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AuditLogGenerator } from './audit-log-generator.ts';

/**
 * Writes a generated audit log of at least `bytes` bytes to `path`, streaming (with the write
 * stream's backpressure), and returns its size and line count.
 */
export async function writeAuditLog(path: string, bytes: number, seed = 1): Promise<{ bytes: number; lines: number }> {
  const gen = new AuditLogGenerator(seed);
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  let batch = '';
  while (written < bytes) {
    const line = gen.next() + '\n';
    batch += line;
    written += Buffer.byteLength(line);
    lines++;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return { bytes: written, lines };
}
