import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, TarFormatError } from './tar-reader.ts';
import { tarMembers } from './tar-members.ts';

// Archives made by the system's GNU tar in every header format it writes, read back.
const work = mkdtempSync(join(tmpdir(), 'ka-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const longDir = `${'d'.repeat(60)}/${'e'.repeat(60)}`;
const longName = `${'n'.repeat(120)}.jsonl`; // over 100 bytes: ustar cannot store it at all
const src = join(work, 'out');
mkdirSync(join(src, longDir), { recursive: true });
writeFileSync(join(src, 'manifest.json'), '{"format":"kube-anatomy-bundle"}\n');
const big = Array.from({ length: 3000 }, (_, i) => `{"recv":"2026-01-01T00:00:00.${String(i).padStart(9, '0')}Z","ev":{"type":"ADDED"}}`).join('\n') + '\n';
writeFileSync(join(src, 'watch-pods.jsonl'), big);
writeFileSync(join(src, longDir, 'ctr-events.txt'), 'x\n');
writeFileSync(join(src, 'empty.txt'), '');

function makeTar(format: string, files: string[]): string {
  const file = join(work, `${format}-${files.length}.tar.gz`);
  execFileSync('tar', ['--format', format, '-czf', file, '-C', work, ...files]);
  return file;
}
const gunzip = (file: string): AsyncIterable<Uint8Array> => createReadStream(file, { highWaterMark: 1000 }).pipe(createGunzip());

async function readAll(file: string): Promise<Map<string, { type: string; text: string; size: number }>> {
  const out = new Map<string, { type: string; text: string; size: number }>();
  for await (const entry of readTar(gunzip(file))) {
    const parts: Buffer[] = [];
    for await (const c of entry.body()) parts.push(Buffer.from(c));
    out.set(entry.path, { type: entry.type, text: Buffer.concat(parts).toString('utf8'), size: entry.size });
  }
  return out;
}

describe('readTar on archives made by GNU tar', () => {
  for (const format of ['ustar', 'gnu', 'pax']) {
    it(`reads ${format} headers, bodies across chunk boundaries, folders and empty files`, async () => {
      const entries = await readAll(makeTar(format, ['out']));
      expect(entries.get('out/')?.type).toBe('directory');
      expect(entries.get('out/watch-pods.jsonl')).toEqual({ type: 'file', text: big, size: Buffer.byteLength(big) });
      expect(entries.get('out/manifest.json')?.text).toBe('{"format":"kube-anatomy-bundle"}\n');
      expect(entries.get('out/empty.txt')).toEqual({ type: 'file', text: '', size: 0 });
      // 129 bytes: ustar's prefix field, GNU's ././@LongLink, or a pax path record.
      expect(entries.get(`out/${longDir}/ctr-events.txt`)?.text).toBe('x\n');
    });
  }

  for (const format of ['gnu', 'pax']) {
    it(`reads a ${format} name no ustar header can hold`, async () => {
      writeFileSync(join(work, longName), 'long\n');
      const entries = await readAll(makeTar(format, [longName]));
      expect(entries.get(longName)?.text).toBe('long\n');
    });
  }

  it('skips the bodies a consumer does not read', async () => {
    const paths: string[] = [];
    for await (const entry of readTar(gunzip(makeTar('gnu', ['out'])))) paths.push(entry.path);
    expect(paths).toContain('out/watch-pods.jsonl');
    expect(paths).toContain(`out/${longDir}/ctr-events.txt`);
  });

  it('lists members and opens each one again from the archive', async () => {
    const file = makeTar('pax', ['out']);
    const members = await tarMembers(() => gunzip(file));
    expect(members.map((m) => m.path).sort()).toEqual(['out/empty.txt', 'out/manifest.json', `out/${longDir}/ctr-events.txt`, 'out/watch-pods.jsonl'].sort());
    const pods = members.find((m) => m.path === 'out/watch-pods.jsonl');
    const parts: Buffer[] = [];
    for await (const c of pods!.open()) parts.push(Buffer.from(c));
    expect(Buffer.concat(parts).toString()).toBe(big);
  });

  it('refuses what is not a tar archive, and a truncated one, naming the byte', async () => {
    const notTar = (async function* () {
      yield new TextEncoder().encode('{"kind":"Event"}\n'.repeat(40));
    })();
    await expect(async () => {
      for await (const e of readTar(notTar)) void e;
    }).rejects.toThrow(/not a valid tar archive at byte 0: the header checksum is not an octal number/);

    const whole = execFileSync('tar', ['--format', 'ustar', '-cf', '-', '-C', work, 'out/watch-pods.jsonl']);
    const cut = (async function* () {
      yield new Uint8Array(whole.subarray(0, 512 + 100));
    })();
    let err: unknown;
    try {
      for await (const e of readTar(cut)) for await (const c of e.body()) void c;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TarFormatError);
    expect((err as Error).message).toMatch(/the archive ends inside out\/watch-pods.jsonl/);
  });
});
