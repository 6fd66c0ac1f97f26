import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEtcdJson, startEtcd, type RunningEtcd } from './support/etcd.ts';
import { requireCommand, run } from './support/host.ts';

/**
 * Recorder smoke test: a real etcd (Debian's etcd-server 3.4) on loopback, written and read with
 * etcdctl, shows the MVCC numbers the simulator's etcd must reproduce (DOMAIN.md 1): a new store
 * is at revision 1, so the first write is revision 2; every put bumps the revision by one and the
 * key's version, and keeps its create_revision.
 */

interface Header {
  cluster_id: string;
  member_id: string;
  revision: number;
  raft_term: number;
}
interface KeyValue {
  key: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: string;
}
interface PutResponse {
  header: Header;
}
interface RangeResponse {
  header: Header;
  kvs?: KeyValue[];
  count?: number;
}

const KEY = '/registry/deployments/default/web';
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

let work = '';
let etcdctl = '';
let etcd: RunningEtcd | undefined;

beforeAll(async () => {
  const etcdBin = requireCommand('etcd', 'etcd-server');
  etcdctl = requireCommand('etcdctl', 'etcd-client');
  work = mkdtempSync(join(tmpdir(), 'ka-etcd-'));
  etcd = await startEtcd(etcdBin, work);
}, 60_000);

afterAll(async () => {
  await etcd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `etcdctl --endpoints=<ours> <args> -w json`, parsed; a non-zero exit fails with etcdctl's words. */
function etcdctlJson<T>(...args: string[]): T {
  if (!etcd) throw new Error('etcd is not running');
  const r = run(etcdctl, [`--endpoints=${etcd.clientURL}`, ...args, '-w', 'json'], {
    env: { ...process.env, ETCDCTL_API: '3' },
    timeoutMs: 20_000,
  });
  if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `etcdctl-${args[0]}.json`), r.stdout);
  return parseEtcdJson(r.stdout) as T;
}

describe('etcd put/get (real etcd 3.4)', () => {
  it('gives the first write on a new store revision 2', () => {
    const put = etcdctlJson<PutResponse>('put', KEY, '{"kind":"Deployment"}');
    expect(put.header.revision).toBe(2);
    // uint64 ids survive as exact decimal strings.
    expect(put.header.cluster_id).toMatch(/^\d+$/);
    expect(put.header.member_id).toMatch(/^\d+$/);
  });

  it('reads the key back with create_revision = mod_revision = 2 and version 1, base64-encoded', () => {
    const got = etcdctlJson<RangeResponse>('get', KEY);
    expect(got.header.revision).toBe(2);
    expect(got.count).toBe(1);
    expect(got.kvs).toEqual([{ key: b64(KEY), create_revision: 2, mod_revision: 2, version: 1, value: b64('{"kind":"Deployment"}') }]);
  });

  it('bumps the revision and the version on the next put, keeping create_revision', () => {
    const put = etcdctlJson<PutResponse>('put', KEY, '{"kind":"Deployment","spec":{"replicas":3}}');
    expect(put.header.revision).toBe(3);
    const got = etcdctlJson<RangeResponse>('get', KEY);
    expect(got.kvs?.[0]).toMatchObject({ create_revision: 2, mod_revision: 3, version: 2 });
  });

  it('stops when asked, by its PID', async () => {
    const running = etcd;
    expect(running).toBeDefined();
    const ended = await running!.stop();
    etcd = undefined;
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
  });
});
