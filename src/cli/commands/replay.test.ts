import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles, knownFormats } from '../../replay/index.ts';
import type { ImportInput, ImportOptions, ImportResult } from '../../replay/types.ts';
import { decodeTrace } from '../../trace/jsonl.ts';
import { memoryIO } from '../test-io.ts';
import { type ReplayBackend, replayCommand } from './replay.ts';

const work = mkdtempSync(join(tmpdir(), 'ka-replay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const dir = (): string => {
  const d = join(work, `t${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/**
 * A fake backend behind the same seam as the real one: it really streams each input, counts
 * lines, calls a line "bad" when it says BAD, and a file "unknown" when its first line says
 * UNKNOWN, and records what each input looked like (format, node, offset).
 */
function fakeBackend(): ReplayBackend & { seen: { name: string; format?: string; node?: string; clockOffset?: number; text: string }[]; options?: ImportOptions } {
  const backend = {
    seen: [] as { name: string; format?: string; node?: string; clockOffset?: number; text: string }[],
    options: undefined as ImportOptions | undefined,
    knownFormats: () => [
      { name: 'audit', label: 'kube-apiserver audit log (audit.k8s.io/v1)' },
      { name: 'strace', label: 'strace' },
      { name: 'watch', label: 'watch' },
    ],
    async importFiles(inputs: ImportInput[], options?: ImportOptions): Promise<ImportResult> {
      backend.options = options;
      const result: ImportResult = { header: { format: 'kube-anatomy-trace', version: 1, sources: [], timeOrigin: '2026-01-01T00:00:00Z' } as ImportResult['header'], events: [], errors: [], sources: [] };
      for (const input of inputs) {
        let text = '';
        for await (const c of input.open()) text += Buffer.from(c).toString('utf8');
        const seen: (typeof backend.seen)[number] = { name: input.name, text };
        if (input.format !== undefined) seen.format = input.format;
        if (input.node !== undefined) seen.node = input.node;
        if (input.clockOffset !== undefined) seen.clockOffset = input.clockOffset;
        backend.seen.push(seen);
        const lines = text.split('\n').filter(Boolean);
        if (lines[0] === 'UNKNOWN') {
          result.errors.push({ file: input.name, line: 0, reason: 'unknown trace format; known formats: audit, strace, watch' });
          continue;
        }
        let events = 0;
        let errors = 0;
        lines.forEach((l, i) => {
          if (l.includes('BAD')) {
            errors++;
            result.errors.push({ file: input.name, line: i + 1, reason: 'not a JSON object' });
          } else {
            events++;
            result.events.push({ seq: result.events.length + 1, t: result.events.length, kind: 'event', actor: 'kubectl', op: l, src: input.format ?? 'audit' } as ImportResult['events'][number]);
          }
        });
        result.sources.push({ file: input.name, format: input.format ?? 'audit', label: 'kube-apiserver audit log (audit.k8s.io/v1)', events, errors, precision: 'us', clockOffset: input.clockOffset ?? 0, clock: input.clockOffset !== undefined ? 'given' : 'none', ...(input.node !== undefined ? { node: input.node } : {}) });
      }
      return result;
    },
  };
  return backend;
}

describe('kube-anatomy replay (fake backend)', () => {
  it('reports each bad line as file:line: reason, a summary per source, and writes the good events (exit 0)', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.jsonl'), 'one\nBAD line\ntwo\n');
    writeFileSync(join(d, 'b.txt'), 'three\n');
    const io = memoryIO();
    const out = join(d, 'merged.kanatomy.jsonl');
    expect(await replayCommand([join(d, 'a.jsonl'), join(d, 'b.txt'), '--out', out], io, fakeBackend())).toBe(0);
    expect(io.stderr).toContain(`${join(d, 'a.jsonl')}:2: not a JSON object\n`);
    expect(io.stderr).toContain(`${join(d, 'a.jsonl')}: audit, 2 events, 1 error, timestamps in µs, no clock offset\n`);
    expect(io.stderr).toContain(`${join(d, 'b.txt')}: audit, 1 event, 0 errors`);
    const trace = decodeTrace(readFileSync(out, 'utf8'));
    expect(trace.events.map((e) => e.op)).toEqual(['one', 'two', 'three']);
    expect(existsSync(`${out}.tmp`)).toBe(false);
  });

  it('applies --format, --clock-offset and --node to the files they name, by path or last part', async () => {
    const d = dir();
    writeFileSync(join(d, 'node.txt'), 'x\n');
    writeFileSync(join(d, 'api.log'), 'y\n');
    const backend = fakeBackend();
    const io = memoryIO();
    const code = await replayCommand([d, '--out', join(d, 'o.jsonl'), '--format', 'node.txt=strace', '--clock-offset', 'node.txt=-1.5s', '--clock-offset', `${join(d, 'api.log')}=+250ms`, '--node', 'worker-2'], io, backend);
    expect(io.stderr).toContain('clock offset -1.5s (given), node worker-2');
    expect(code).toBe(0);
    expect(backend.seen.map(({ name, format, node, clockOffset }) => ({ name, format, node, clockOffset }))).toEqual([
      { name: `${d}/api.log`, format: undefined, node: 'worker-2', clockOffset: 250_000 },
      { name: `${d}/node.txt`, format: 'strace', node: 'worker-2', clockOffset: -1_500_000 },
    ]);
    expect(backend.options?.node).toBe('worker-2');
  });

  it('reads folders recursively, skipping hidden files, and bundles by their manifest (folder and tar.gz)', async () => {
    const d = dir();
    mkdirSync(join(d, 'logs/deeper'), { recursive: true });
    writeFileSync(join(d, 'logs/a.log'), 'a\n');
    writeFileSync(join(d, 'logs/deeper/b.log'), 'b\n');
    writeFileSync(join(d, 'logs/.DS_Store'), 'junk');
    const bundle = join(d, 'rec');
    mkdirSync(join(bundle, 'node'), { recursive: true });
    writeFileSync(join(bundle, 'node/ctr.txt'), 'c\n');
    writeFileSync(join(bundle, 'node/notes.txt'), 'not a recording\n');
    writeFileSync(
      join(bundle, 'manifest.json'),
      JSON.stringify({ format: 'kube-anatomy-bundle', version: 1, generator: 'kube-anatomy 0.1.0', startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z', node: 'kind-worker', redacted: true, files: [{ path: 'node/ctr.txt', format: 'strace', description: 'x', clockOffsetMicros: 12, lines: 1 }] }),
    );
    execFileSync('tar', ['-czf', join(d, 'rec.tar.gz'), '-C', d, 'rec']);
    const backend = fakeBackend();
    const io = memoryIO();
    expect(await replayCommand([join(d, 'logs'), bundle, join(d, 'rec.tar.gz'), '--out', join(d, 'o.jsonl')], io, backend)).toBe(0);
    expect(backend.seen.map(({ name, format, node, clockOffset, text }) => ({ name, format, node, clockOffset, text }))).toEqual([
      { name: `${d}/logs/a.log`, format: undefined, node: undefined, clockOffset: undefined, text: 'a\n' },
      { name: `${d}/logs/deeper/b.log`, format: undefined, node: undefined, clockOffset: undefined, text: 'b\n' },
      { name: `${bundle}/node/ctr.txt`, format: 'strace', node: 'kind-worker', clockOffset: 12, text: 'c\n' },
      { name: `${d}/rec.tar.gz/rec/node/ctr.txt`, format: 'strace', node: 'kind-worker', clockOffset: 12, text: 'c\n' },
    ]);
    // A file the manifest does not list is said once per bundle copy, as a notice, not an error.
    expect(io.stderr.split('\n').filter((l) => l.includes('notes.txt'))).toEqual([
      `kube-anatomy replay: ${bundle}/node/notes.txt: not in the manifest: skipped`,
      `kube-anatomy replay: ${d}/rec.tar.gz/rec/node/notes.txt: not in the manifest: skipped`,
    ]);
  });

  it('exits 1 when no input can be read, naming each', async () => {
    const d = dir();
    const io = memoryIO();
    expect(await replayCommand([join(d, 'missing.log'), '--out', join(d, 'o.jsonl')], io, fakeBackend())).toBe(1);
    expect(io.stderr).toBe(`kube-anatomy replay: ${join(d, 'missing.log')}: cannot read: no such file\nkube-anatomy replay: no input could be read\n`);
    writeFileSync(join(d, 'broken.tar.gz'), 'not gzip at all');
    const io2 = memoryIO();
    expect(await replayCommand([join(d, 'broken.tar.gz'), '--out', join(d, 'o.jsonl')], io2, fakeBackend())).toBe(1);
    expect(io2.stderr).toMatch(/broken\.tar\.gz: cannot read the bundle: not in gzip format/);
  });

  it('exits 1 when no file has a known format, listing the known ones', async () => {
    const d = dir();
    writeFileSync(join(d, 'x.bin'), 'UNKNOWN\n');
    const io = memoryIO();
    expect(await replayCommand([join(d, 'x.bin'), '--out', join(d, 'o.jsonl')], io, fakeBackend())).toBe(1);
    expect(io.stderr).toContain(`${join(d, 'x.bin')}: unknown trace format; known formats: audit, strace, watch\n`);
    expect(io.stderr).toContain('kube-anatomy replay: no input had a known format; known formats: audit, strace, watch\n');
    expect(existsSync(join(d, 'o.jsonl'))).toBe(false);
  });

  it('with --strict, exits 1 on a bad line and writes nothing', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.log'), 'ok\nBAD\n');
    const io = memoryIO();
    expect(await replayCommand([join(d, 'a.log'), '--out', join(d, 'o.jsonl'), '--strict'], io, fakeBackend())).toBe(1);
    expect(io.stderr).toContain(`--strict: 1 line could not be read; ${join(d, 'o.jsonl')} was not written`);
    expect(existsSync(join(d, 'o.jsonl'))).toBe(false);
  });

  it('exits 1 when the trace cannot be written, and leaves no .tmp', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.log'), 'ok\n');
    const io = memoryIO();
    expect(await replayCommand([join(d, 'a.log'), '--out', join(d, 'no/such/dir/o.jsonl')], io, fakeBackend())).toBe(1);
    expect(io.stderr).toContain(`kube-anatomy replay: cannot write the trace to ${join(d, 'no/such/dir/o.jsonl')}: no such file`);
    if (process.getuid?.() !== 0) {
      const ro = join(d, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      const io2 = memoryIO();
      expect(await replayCommand([join(d, 'a.log'), '--out', join(ro, 'o.jsonl')], io2, fakeBackend())).toBe(1);
      expect(io2.stderr).toContain('permission denied');
    }
  });

  it('exits 2 on wrong usage, with the usage', async () => {
    const cases: [string[], string][] = [
      [[], 'missing <files>'],
      [['a.log'], 'missing --out FILE'],
      [['a.log', '--out', 'o', '--format', 'a.log'], '--format needs FILE=FORMAT, got "a.log"'],
      [['a.log', '--out', 'o', '--format', 'a.log=nope'], '--format a.log=nope: unknown format "nope"; known formats: audit, strace, watch'],
      [['a.log', '--out', 'o', '--clock-offset', 'a.log=1d'], '--clock-offset a.log=1d: time: unknown unit "d" in duration "1d"'],
      [['a.log', '--out', 'o', '--clock-offset', 'a.log=5'], 'time: missing unit in duration "5"'],
      [['a.log', '--out', 'o', '--frob'], 'unknown option --frob'],
    ];
    for (const [argv, message] of cases) {
      const io = memoryIO();
      expect(await replayCommand(argv, io, fakeBackend())).toBe(2);
      expect(io.stderr).toContain(message);
      expect(io.stderr).toContain('Usage: kube-anatomy replay');
    }
    const d = dir();
    writeFileSync(join(d, 'a.log'), 'x\n');
    const io = memoryIO();
    expect(await replayCommand([join(d, 'a.log'), '--out', join(d, 'o'), '--format', 'other.log=audit'], io, fakeBackend())).toBe(2);
    expect(io.stderr).toContain('--format other.log=audit: no input file is named other.log');
  });
});

describe('kube-anatomy replay (the real replay backend)', () => {
  const real: ReplayBackend = { importFiles: (i, o) => importFiles(i, o), knownFormats: () => knownFormats() };

  it('merges a kube-anatomy trace and an audit log with a bad line: exit 0, the bad line reported', async () => {
    const d = dir();
    const trace = [
      JSON.stringify({ format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: '2026-01-01T09:00:00Z' }),
      JSON.stringify({ seq: 1, t: 1000, kind: 'event', actor: 'kubectl', op: 'apply', src: 'sim' }),
    ].join('\n');
    writeFileSync(join(d, 'sim.kanatomy.jsonl'), `${trace}\n`);
    const audit = {
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: '0b7e4a3c-1111-4222-8333-944445555666', stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/pods', verb: 'create', user: { username: 'kubernetes-admin' }, sourceIPs: ['172.18.0.1'], userAgent: 'kubectl/v1.34.2',
      objectRef: { resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 201 },
      requestReceivedTimestamp: '2026-01-01T09:00:01.002195Z', stageTimestamp: '2026-01-01T09:00:01.004105Z',
    };
    writeFileSync(join(d, 'audit.log'), `${JSON.stringify(audit)}\n{"kind":"Event",\n`);
    const io = memoryIO();
    const out = join(d, 'merged.kanatomy.jsonl');
    expect(await replayCommand([join(d, 'sim.kanatomy.jsonl'), join(d, 'audit.log'), '--out', out], io, real)).toBe(0);
    expect(io.stderr).toMatch(new RegExp(`${join(d, 'audit.log').replace(/[.]/g, '\\.')}:2: `));
    expect(io.stderr).toMatch(/audit\.log: audit, \d+ events, 1 error, timestamps in µs/);
    expect(io.stderr).toMatch(/sim\.kanatomy\.jsonl: kanatomy, 1 event, 0 errors/);
    const merged = decodeTrace(readFileSync(out, 'utf8'));
    expect(merged.errors).toEqual([]);
    expect(merged.events.some((e) => e.src === 'audit')).toBe(true);
    expect(merged.events.some((e) => e.op === 'apply')).toBe(true);
  });
});
