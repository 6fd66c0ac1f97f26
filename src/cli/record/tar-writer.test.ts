import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar } from '../../replay/bundle/tar-reader.ts';
import { writeTarGz } from './tar-writer.ts';

const work = mkdtempSync(join(tmpdir(), 'ka-tarw-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeTarGz', () => {
  it('writes a ustar .tar.gz that GNU tar and the bundle reader both read', async () => {
    const dir = join(work, 'b');
    const deep = `${'p'.repeat(70)}/${'q'.repeat(50)}`; // needs the ustar prefix field
    mkdirSync(join(dir, deep), { recursive: true });
    const body = 'line\n'.repeat(1000) + 'x';
    writeFileSync(join(dir, 'watch-pods.jsonl'), body);
    writeFileSync(join(dir, deep, 'f.txt'), 'deep\n');
    const out = join(work, 'b.tar.gz');
    await writeTarGz(dir, out, 'recording-1');
    const listing = execFileSync('tar', ['-tzf', out]).toString().split('\n').filter(Boolean);
    expect(listing).toEqual(['recording-1/', `recording-1/${deep}/f.txt`, 'recording-1/watch-pods.jsonl']);
    const extracted = join(work, 'x');
    mkdirSync(extracted);
    execFileSync('tar', ['-xzf', out, '-C', extracted]);
    expect(execFileSync('cat', [join(extracted, 'recording-1/watch-pods.jsonl')]).toString()).toBe(body);

    const read = new Map<string, string>();
    for await (const e of readTar(createReadStream(out).pipe(createGunzip()))) {
      const parts: Buffer[] = [];
      for await (const c of e.body()) parts.push(Buffer.from(c));
      read.set(e.path, Buffer.concat(parts).toString());
    }
    expect(read.get(`recording-1/${deep}/f.txt`)).toBe('deep\n');
    expect(read.get('recording-1/watch-pods.jsonl')).toBe(body);
  });
});
