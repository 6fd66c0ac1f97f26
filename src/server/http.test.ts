import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTrace, encodeTrace } from '../trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { REPLAY_CORE } from './default-port.ts';
import { type ReplayServer, startReplayServer } from './server.ts';

/**
 * The HTTP side of `kube-anatomy serve` on a real server (port 0) over a real folder: the
 * listing, ranges, conditional requests, traversal, CORS, a bundle merged by the real replay core.
 */
const header: TraceHeader = { format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: '2026-01-01T00:00:00Z' };
const events: TraceEvent[] = Array.from({ length: 50 }, (_, i) => ({ seq: i + 1, t: i * 1000, kind: 'log', actor: 'kubelet/node-1', op: `line ${i}`, src: 'sim' }));
const TRACE = encodeTrace(header, events);

let root: string;
let outside: string;
let server: ReplayServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kanatomy-serve-'));
  outside = mkdtempSync(join(tmpdir(), 'kanatomy-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'not yours');
  writeFileSync(join(root, 'hello.kanatomy.jsonl'), TRACE);
  writeFileSync(join(root, 'notes.txt'), 'not a trace, not listed, still served');
  writeFileSync(join(root, '.hidden.kanatomy.jsonl'), TRACE);
  mkdirSync(join(root, 'incident', 'rec'), { recursive: true });
  const manifest = {
    format: 'kube-anatomy-bundle',
    version: 1,
    generator: 'kube-anatomy test',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
    redacted: true,
    files: [{ path: 'sim.kanatomy.jsonl', format: 'kanatomy', description: 'a simulation', lines: 51 }],
  };
  writeFileSync(join(root, 'incident', 'rec', 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(root, 'incident', 'rec', 'sim.kanatomy.jsonl'), TRACE);
  execFileSync('tar', ['czf', join(root, 'rec.tar.gz'), '-C', join(root, 'incident'), 'rec']);
  symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
  server = await startReplayServer({ dir: root, host: '127.0.0.1', port: 0, allowOrigins: ['http://localhost:5173'], replay: REPLAY_CORE, generator: 'kube-anatomy test' });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** A raw request (no URL normalisation, so `..` reaches the server as sent). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.address.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/traces', () => {
  it('lists traces, bundle folders and .tar.gz bundles with size, mtime, kind and sources; nothing hidden', async () => {
    const res = await get('/api/traces');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const { traces } = JSON.parse(res.body) as { traces: Record<string, unknown>[] };
    expect(traces.map((t) => [t.name, t.kind, t.sources])).toEqual([
      ['hello.kanatomy.jsonl', 'trace', ['sim']],
      ['incident/rec', 'bundle', ['kanatomy']],
      ['rec.tar.gz', 'bundle-archive', ['kanatomy']],
    ]);
    expect(traces[0]).toMatchObject({ size: Buffer.byteLength(TRACE), url: '/traces/hello.kanatomy.jsonl' });
    expect(Date.parse(traces[0]?.mtime as string)).not.toBeNaN();
    expect(traces[1]).toMatchObject({ size: Buffer.byteLength(TRACE), mergedUrl: '/api/traces/incident/rec/merged', files: [{ path: 'sim.kanatomy.jsonl', format: 'kanatomy', size: Buffer.byteLength(TRACE) }] });
    expect(traces[2]).toMatchObject({ mergedUrl: '/api/traces/rec.tar.gz/merged', files: [{ path: 'sim.kanatomy.jsonl', format: 'kanatomy' }] });
    expect(traces.every((t) => t.problem === undefined)).toBe(true);
  });
});

describe('GET /traces/<path>', () => {
  const size = Buffer.byteLength(TRACE);

  it('streams the whole file with its type, length, validators and Accept-Ranges', async () => {
    const res = await get('/traces/hello.kanatomy.jsonl');
    expect(res.status).toBe(200);
    expect(res.body).toBe(TRACE);
    expect(res.headers).toMatchObject({ 'content-type': 'application/x-ndjson; charset=utf-8', 'content-length': String(size), 'accept-ranges': 'bytes' });
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(res.headers['last-modified'] as string)).not.toBeNaN();
    expect((await get('/traces/notes.txt')).headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await get('/traces/rec.tar.gz')).headers['content-type']).toBe('application/gzip');
  });

  it('answers ranges with 206 and Content-Range, suffix and open ranges too', async () => {
    const first = await get('/traces/hello.kanatomy.jsonl', { Range: 'bytes=0-9' });
    expect(first.status).toBe(206);
    expect(first.body).toBe(TRACE.slice(0, 10));
    expect(first.headers['content-range']).toBe(`bytes 0-9/${size}`);
    const suffix = await get('/traces/hello.kanatomy.jsonl', { Range: 'bytes=-20' });
    expect([suffix.status, suffix.body, suffix.headers['content-range']]).toEqual([206, TRACE.slice(-20), `bytes ${size - 20}-${size - 1}/${size}`]);
    const open = await get('/traces/hello.kanatomy.jsonl', { Range: `bytes=${size - 5}-` });
    expect(open.body).toBe(TRACE.slice(-5));
    const past = await get('/traces/hello.kanatomy.jsonl', { Range: `bytes=10-${size + 100}` });
    expect(past.headers['content-range']).toBe(`bytes 10-${size - 1}/${size}`);
  });

  it('answers 416 with bytes */size for a range outside the file, and ignores a malformed one', async () => {
    const bad = await get('/traces/hello.kanatomy.jsonl', { Range: `bytes=${size}-` });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${size}`);
    expect(JSON.parse(bad.body)).toEqual({ error: `range bytes=${size}- is outside the file (${size} bytes)` });
    expect((await get('/traces/hello.kanatomy.jsonl', { Range: 'bytes=9-2' })).status).toBe(200);
  });

  it('HEAD gives the headers without a body; If-None-Match gives 304; a stale If-Range gives the whole file', async () => {
    const head = await get('/traces/hello.kanatomy.jsonl', {}, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', String(size)]);
    expect((await get('/traces/hello.kanatomy.jsonl', { 'If-None-Match': head.headers.etag as string })).status).toBe(304);
    const stale = await get('/traces/hello.kanatomy.jsonl', { Range: 'bytes=0-9', 'If-Range': '"0-0"' });
    expect(stale.status).toBe(200);
    const fresh = await get('/traces/hello.kanatomy.jsonl', { Range: 'bytes=0-9', 'If-Range': head.headers.etag as string });
    expect(fresh.status).toBe(206);
  });

  it('refuses paths that leave the folder (.., encoded .., a symlink out) and hides dot files', async () => {
    for (const path of ['/traces/%2e%2e/%2e%2e/etc/passwd', '/traces/..%2F..%2Fetc%2Fpasswd', '/traces/incident/..%5C..%5Csecret']) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).error).toMatch(/may not/);
    }
    const link = await get('/traces/escape.txt');
    expect(link.status).toBe(403);
    expect(link.body).not.toContain('not yours');
    expect((await get('/traces/.hidden.kanatomy.jsonl')).status).toBe(404);
    expect(JSON.parse((await get('/traces/missing.kanatomy.jsonl')).body)).toEqual({ error: 'no trace at missing.kanatomy.jsonl' });
    expect((await get('/traces/incident/rec')).status).toBe(404);
  });
});

describe('CORS and errors', () => {
  it('gives the app origin CORS headers and a preflight answer; other origins get none', async () => {
    const ok = await get('/api/traces', { Origin: 'http://localhost:5173' });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(ok.headers['access-control-expose-headers']).toContain('Content-Range');
    const pre = await get('/traces/hello.kanatomy.jsonl', { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' }, 'OPTIONS');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toContain('Range');
    const other = await get('/api/traces', { Origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown endpoints and methods with JSON errors', async () => {
    const res = await get('/nope');
    expect([res.status, JSON.parse(res.body)]).toEqual([404, { error: 'no such endpoint: /nope' }]);
    const post = await get('/api/traces', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
  });
});

describe('GET /api/traces/<bundle>/merged', () => {
  it('imports a bundle folder and a .tar.gz with the replay core and streams the merged trace', async () => {
    for (const path of ['/api/traces/incident/rec/merged', '/api/traces/rec.tar.gz/merged']) {
      const res = await get(path);
      expect(res.status, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['x-import-errors']).toBe('0');
      const merged = decodeTrace(res.body);
      expect(merged.errors).toEqual([]);
      expect(merged.events.map((e) => e.op)).toEqual(events.map((e) => e.op));
      expect(merged.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    }
  });

  it('says when the path is not a bundle', async () => {
    const res = await get('/api/traces/hello.kanatomy.jsonl/merged');
    expect([res.status, JSON.parse(res.body)]).toEqual([404, { error: 'hello.kanatomy.jsonl is not a bundle (a folder with manifest.json, or a .tar.gz)' }]);
  });
});
