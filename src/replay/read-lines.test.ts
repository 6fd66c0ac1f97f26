import { describe, expect, it } from 'vitest';
import { LineSplitter, readLines, type TextLine } from './read-lines.ts';

async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}
const enc = (s: string) => new TextEncoder().encode(s);
async function collect(parts: Uint8Array[], maxLineBytes?: number): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const l of readLines(chunks(parts), maxLineBytes !== undefined ? { maxLineBytes } : {})) out.push(l);
  return out;
}
/** Cuts bytes into pieces of the given sizes, cycling. */
function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.byteLength; i++) {
    const n = sizes[i % sizes.length] as number;
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

describe('readLines', () => {
  it('splits \\n and \\r\\n, numbers lines from 1, keeps a last line without newline and blank lines', async () => {
    const lines = await collect([enc('a\r\nb\n\nc')]);
    expect(lines).toEqual([
      { no: 1, text: 'a' },
      { no: 2, text: 'b' },
      { no: 3, text: '' },
      { no: 4, text: 'c' },
    ]);
  });

  it('puts lines and multi-byte characters split across chunks back together', async () => {
    const text = 'ポッド作成 🚀\r\nsecond line é\nthird';
    for (const sizes of [[1], [2, 3], [5, 1, 7], [4]]) {
      const lines = await collect(cut(enc(text), sizes));
      expect(lines.map((l) => l.text)).toEqual(['ポッド作成 🚀', 'second line é', 'third']);
      expect(lines.every((l) => l.error === undefined)).toBe(true);
    }
  });

  it('streams a generated file of many chunks and gives every line in order', async () => {
    const n = 20_000;
    const text = Array.from({ length: n }, (_, i) => `{"i":${i},"s":"µ${'x'.repeat(i % 37)}"}`).join('\n') + '\n';
    const lines = await collect(cut(enc(text), [4093, 17, 65536, 1]));
    expect(lines).toHaveLength(n);
    lines.forEach((l, i) => {
      expect(l.no).toBe(i + 1);
      expect((JSON.parse(l.text) as { i: number }).i).toBe(i);
    });
  });

  it('reports invalid UTF-8 for the line that holds it and goes on', async () => {
    const bytes = new Uint8Array([...enc('good\n'), 0x61, 0xff, 0x62, 0x0a, ...enc('after\n')]);
    for (const sizes of [[bytes.byteLength], [1], [6, 2]]) {
      const lines = await collect(cut(bytes, sizes));
      expect(lines.map((l) => [l.no, l.text, l.error])).toEqual([
        [1, 'good', undefined],
        [2, '', 'invalid UTF-8 at byte 2 of the line'],
        [3, 'after', undefined],
      ]);
    }
  });

  it('reports a line longer than the limit as an error of that line without keeping it', async () => {
    const long = 'y'.repeat(5000);
    const lines = await collect(cut(enc(`short\n${long}\nnext\n${long}`), [300]), 1024);
    expect(lines.map((l) => [l.no, l.text, l.error])).toEqual([
      [1, 'short', undefined],
      [2, '', 'line longer than 1 KiB: skipped'],
      [3, 'next', undefined],
      [4, '', 'line longer than 1 KiB: skipped'],
    ]);
    // The same limit applies to a line inside one big chunk.
    const one = await collect([enc(`a\n${long}\nb`)], 1024);
    expect(one.map((l) => l.error ?? l.text)).toEqual(['a', 'line longer than 1 KiB: skipped', 'b']);
  });

  it('skips a line over the default 64 MiB limit, streamed in 1 MiB chunks, and reads the next', async () => {
    const mib = new Uint8Array(1024 * 1024).fill(0x61);
    async function* big(): AsyncGenerator<Uint8Array> {
      yield enc('first\n');
      for (let i = 0; i < 65; i++) yield mib;
      yield enc('\nlast');
    }
    const lines: TextLine[] = [];
    for await (const l of readLines(big())) lines.push(l);
    expect(lines.map((l) => [l.no, l.error ?? l.text])).toEqual([
      [1, 'first'],
      [2, 'line longer than 64 MiB: skipped'],
      [3, 'last'],
    ]);
  });

  it('drops a byte order mark and copies carried bytes (a reused buffer does not corrupt a line)', () => {
    const s = new LineSplitter();
    const buf = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('ab')]);
    expect(s.push(buf)).toEqual([]);
    buf.fill(0x7a);
    expect(s.push(enc('c\n'))).toEqual([{ no: 1, text: 'abc' }]);
    expect(s.end()).toEqual([]);
  });
});
