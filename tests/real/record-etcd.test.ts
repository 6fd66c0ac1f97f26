import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCommand } from '../../src/cli/commands/record.ts';
import { replayCommand } from '../../src/cli/commands/replay.ts';
import { memoryIO } from '../../src/cli/test-io.ts';
import { importFiles, knownFormats } from '../../src/replay/index.ts';
import { parseBundleManifest } from '../../src/replay/bundle/manifest.ts';
import { decodeTrace } from '../../src/trace/jsonl.ts';
import { parseEtcdJson, startEtcd, type RunningEtcd } from './support/etcd.ts';
import { requireCommand, run } from './support/host.ts';

/**
 * `kube-anatomy record --etcd-watch` against a real etcd (Debian's etcd-server) with the real
 * etcdctl: the writes made while recording are in the bundle with the revisions etcd gave them,
 * stamped with receive times, the Secret's value redacted; `kube-anatomy replay` of the bundle
 * gives Put / DeleteRange spans with those revisions. kubectl is a stand-in that fails as kubectl
 * does without a cluster, so the run also shows that the recording goes on without one.
 */

let work = '';
let etcdctl = '';
let etcd: RunningEtcd | undefined;
const originalPath = process.env.PATH;

beforeAll(async () => {
  const etcdBin = requireCommand('etcd', 'etcd-server');
  etcdctl = requireCommand('etcdctl', 'etcd-client');
  work = mkdtempSync(join(tmpdir(), 'ka-record-etcd-'));
  etcd = await startEtcd(etcdBin, work);
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho "The connection to the server localhost:8080 was refused - did you specify the right host or port?" >&2\nexit 1\n');
  chmodSync(join(bin, 'kubectl'), 0o755);
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
}, 60_000);

afterAll(async () => {
  process.env.PATH = originalPath;
  await etcd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function etcdctlJson(...args: string[]): { header: { revision: number } } {
  const r = run(etcdctl, [`--endpoints=${etcd!.clientURL}`, ...args, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' }, timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return parseEtcdJson(r.stdout) as { header: { revision: number } };
}

describe('kube-anatomy record --etcd-watch (real etcd, real etcdctl)', () => {
  it('records the writes with their revisions, redacts Secrets, and replays them as etcd spans', async () => {
    const out = join(work, 'bundle');
    const io = memoryIO();
    const stop = new AbortController();
    const recording = recordCommand(['--out', out, '--resources', 'pods', '--etcd-watch', '--etcd-endpoints', etcd!.clientURL], io, { stop: stop.signal });
    // etcdctl prints nothing until a write: write a marker key until the watch has seen one.
    const watchFile = join(out, 'etcd/watch.jsonl');
    for (let i = 0; i < 100 && !(existsSync(watchFile) && readFileSync(watchFile, 'utf8').includes('\n')); i++) {
      etcdctlJson('put', '/registry/ka-sync', String(i));
      await new Promise((r) => setTimeout(r, 100));
    }
    const deploy = etcdctlJson('put', '/registry/deployments/default/web', '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default","uid":"u-1"}}');
    const secret = etcdctlJson('put', '/registry/secrets/default/db', '{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');
    const update = etcdctlJson('put', '/registry/deployments/default/web', '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default","uid":"u-1","generation":2}}');
    const del = etcdctlJson('del', '/registry/deployments/default/web');
    const last = etcdctlJson('put', '/registry/ka-sync', 'end');
    for (let i = 0; i < 100 && !readFileSync(watchFile, 'utf8').includes(`"revision":${last.header.revision},`); i++) await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await recording).toBe(0);
    expect(io.stderr).toContain('skipped kubectl get pods --watch: kubectl exited with code 1 before the recording ended: The connection to the server localhost:8080 was refused');

    const manifest = parseBundleManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const all = readFileSync(watchFile, 'utf8').trim().split('\n');
    expect(manifest.files.find((f) => f.path === 'etcd/watch.jsonl')).toMatchObject({ format: 'etcd-watch', lines: all.length });
    const marker = btoa('/registry/ka-sync');
    const lines = all.filter((l) => !l.includes(`"key":"${marker}"`)).map((l) => parseEtcdJson(l) as { recv: string; ev: { Header: { revision: number; cluster_id: string }; Events: { type?: number; kv: { key: string; value?: string; mod_revision: number } }[] } });
    expect(lines.map((l) => l.ev.Header.revision)).toEqual([deploy.header.revision, secret.header.revision, update.header.revision, del.header.revision]);
    for (const l of lines) expect(l.recv).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    expect(lines[0]!.ev.Header.cluster_id).toMatch(/^\d+$/);
    expect(Buffer.from(lines[1]!.ev.Events[0]!.kv.value!, 'base64').toString()).toBe('<redacted>');
    expect(Buffer.from(lines[0]!.ev.Events[0]!.kv.value!, 'base64').toString()).toContain('"name":"web"');
    expect(lines[3]!.ev.Events[0]!.type).toBe(1); // DELETE

    const replayIO = memoryIO();
    const merged = join(work, 'merged.kanatomy.jsonl');
    expect(await replayCommand([out, '--out', merged], replayIO, { importFiles: (i, o) => importFiles(i, o), knownFormats: () => knownFormats() })).toBe(0);
    expect(replayIO.stderr).toMatch(new RegExp(`etcd/watch\\.jsonl: etcd-watch, ${all.length} events, 0 errors`));
    const trace = decodeTrace(readFileSync(merged, 'utf8'));
    const spans = trace.events.filter((e) => (e.op === 'Put' || e.op === 'DeleteRange') && e.attrs?.key !== '/registry/ka-sync').map((e) => [e.op, e.attrs?.key, e.attrs?.revision]);
    expect(spans).toEqual([
      ['Put', '/registry/deployments/default/web', deploy.header.revision],
      ['Put', '/registry/secrets/default/db', secret.header.revision],
      ['Put', '/registry/deployments/default/web', update.header.revision],
      ['DeleteRange', '/registry/deployments/default/web', del.header.revision],
    ]);
  });
});
