import { describe, expect, it } from 'vitest';
import { decodeSample, detectFormat, importFiles, ImportCancelledError, knownFormats, UnknownFormatError, type ImportInput, type ImportProgress, type Importer } from './index.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0) * 1000;

/** A fake format: lines `<µs offset> <op>`; `boom` throws; `bad` is reported through ctx.error. */
const FAKE: Importer = {
  name: 'fake',
  label: 'fake lines (test)',
  detect: (sample) => (sample.startsWith('#fake') ? 0.8 : 0),
  create: (ctx) => ({
    line(text, no) {
      if (text === '' || text.startsWith('#')) return [];
      if (text === 'boom') throw new Error('the reader fell over');
      if (text === 'bad') {
        ctx.error(no, 'not a fake line');
        return [];
      }
      const [t, op] = text.split(' ');
      return [{ at: T0 + Number(t), kind: 'span', actor: `runc/${ctx.node}`, op: op ?? '', line: no }];
    },
    end: () => [],
    facts: () => ({ precision: 'us', node: ctx.node }),
  }),
};
/** Scores everything a little: loses to FAKE on its files. */
const WEAK: Importer = { ...FAKE, name: 'weak', label: 'weak (test)', detect: (s) => (s.includes('weak') ? 0.1 : 0) };
/** A detector that throws must not break detection. */
const BROKEN: Importer = { ...FAKE, name: 'broken', label: 'broken (test)', detect: () => { throw new Error('x'); } };
const IMPORTERS = [BROKEN, WEAK, FAKE];

function input(name: string, text: string, chunk = 7, extra: Partial<ImportInput> = {}): ImportInput {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.byteLength,
    async *open() {
      for (let i = 0; i < bytes.byteLength; i += chunk) yield bytes.slice(i, i + chunk);
    },
    ...extra,
  };
}

describe('detectFormat', () => {
  it('picks the highest score and names the known formats when none fits', () => {
    expect(detectFormat('#fake weak', 'x', new Uint8Array(), IMPORTERS).name).toBe('fake');
    expect(detectFormat('weak', 'x', new Uint8Array(), IMPORTERS).name).toBe('weak');
    expect(() => detectFormat('???', 'odd.bin', new Uint8Array(), IMPORTERS)).toThrow(UnknownFormatError);
    expect(() => detectFormat('???', 'odd.bin', new Uint8Array(), IMPORTERS)).toThrow('odd.bin: unknown trace format; known formats: broken (test), weak (test), fake lines (test)');
  });

  it('lists the real registry, own format first', () => {
    expect(knownFormats()[0]).toEqual({ name: 'kanatomy', label: 'kube-anatomy trace (*.kanatomy.jsonl)' });
  });

  it('decodes a sample cut inside a multi-byte character', () => {
    const bytes = new TextEncoder().encode('#fake é');
    expect(decodeSample(bytes.subarray(0, bytes.byteLength - 1))).toBe('#fake ');
  });
});

describe('importFiles', () => {
  it('imports several files, keeps good lines, reports bad ones and unknown files, and goes on', async () => {
    const r = await importFiles(
      [
        input('a.txt', '#fake\n10 clone\nboom\nbad\n30 execve'),
        input('mystery.bin', 'nothing I know\n'),
        input('empty.txt', ''),
        input('b.txt', '#fake\n20 unshare\n', 3, { node: 'n2' }),
      ],
      {},
      IMPORTERS,
    );
    expect(r.events.map((e) => [e.seq, e.t, e.op, e.actor, e.src])).toEqual([
      [1, 0, 'clone', 'runc/node-1', 'fake'],
      [2, 10, 'unshare', 'runc/n2', 'fake'],
      [3, 20, 'execve', 'runc/node-1', 'fake'],
    ]);
    expect(r.errors).toEqual([
      { file: 'a.txt', line: 3, reason: 'the reader fell over' },
      { file: 'a.txt', line: 4, reason: 'not a fake line' },
      { file: 'mystery.bin', line: 0, reason: 'unknown trace format; known formats: broken (test), weak (test), fake lines (test)' },
      { file: 'empty.txt', line: 0, reason: 'the file is empty' },
    ]);
    expect(r.sources.map((s) => [s.file, s.format, s.events, s.errors, s.node])).toEqual([
      ['a.txt', 'fake', 2, 2, 'node-1'],
      ['b.txt', 'fake', 1, 0, 'n2'],
    ]);
    expect(r.header.cluster?.nodes).toEqual([
      { name: 'node-1', runtime: '+runc' },
      { name: 'n2', runtime: '+runc' },
    ]);
  });

  it('uses a forced format and reports an unknown forced name', async () => {
    const r = await importFiles([input('x.txt', '5 mount\n', 64, { format: 'fake' }), input('y.txt', '5 mount\n', 64, { format: 'nope' })], {}, IMPORTERS);
    expect(r.events.map((e) => e.op)).toEqual(['mount']);
    expect(r.errors).toEqual([{ file: 'y.txt', line: 0, reason: 'unknown format "nope"; known formats: broken, weak, fake' }]);
  });

  it('gives time-of-day importers the day of the earliest event read before, or the input\'s own day', async () => {
    const days: (number | undefined)[] = [];
    const DAY: Importer = { ...FAKE, name: 'day', detect: (s) => (s.startsWith('#day') ? 1 : 0), create: (ctx) => (days.push(ctx.day), FAKE.create(ctx)) };
    const day = Date.UTC(2026, 4, 1) * 1000;
    await importFiles([input('a', '#fake\n5 x'), input('b', '#day\n'), input('c', '#day\n', 7, { day: 86_400_000_000 })], {}, [FAKE, DAY]);
    expect(days).toEqual([day, 86_400_000_000]);
  });

  it('reports throttled progress with phases and counts', async () => {
    const text = '#fake\n' + Array.from({ length: 3500 }, (_, i) => `${i} op${i}`).join('\n');
    const seen: ImportProgress[] = [];
    await importFiles([input('big.txt', text, 1000)], { onProgress: (p) => seen.push(p) }, IMPORTERS);
    expect(seen[0]).toMatchObject({ phase: 'reading', lines: 0, bytesRead: 0, files: 1, fileIndex: 0 });
    const reading = seen.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThanOrEqual(4);
    expect(reading.length).toBeLessThan(20);
    expect(seen.map((p) => p.phase).slice(-2)).toEqual(['merging', 'done']);
    expect(seen.at(-1)).toMatchObject({ events: 3500, lines: 3501, bytesRead: text.length, bytesTotal: text.length, errors: 0 });
  });

  it('rejects with ImportCancelledError when aborted mid-file, and closes the stream', async () => {
    const abort = new AbortController();
    let closed = false;
    const endless: ImportInput = {
      name: 'endless.txt',
      async *open() {
        try {
          yield new TextEncoder().encode('#fake\n');
          for (let i = 0; ; i++) yield new TextEncoder().encode(`${i} op\n`);
        } finally {
          closed = true;
        }
      },
    };
    const p = importFiles([endless], { signal: abort.signal, onProgress: (pr) => pr.lines > 5000 && abort.abort() }, IMPORTERS);
    await expect(p).rejects.toBeInstanceOf(ImportCancelledError);
    expect(closed).toBe(true);
  });
});
