import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireCommand, run } from '../host.ts';
import { parseEtcdJson, startEtcd, type RunningEtcd } from '../etcd.ts';

/**
 * A real etcd 3.4 the harness writes to as kube-apiserver would, with `etcdctl put|del -w json`,
 * keeping the revision etcd answered for each write: the test checks the replayed etcd-keys
 * projection against those. The watch itself is `kube-anatomy record --etcd-watch` (its
 * `etcdctl watch --prefix … -w json`, each line stamped `{"recv", "ev"}`).
 */

export interface EtcdWrite {
  op: 'put' | 'del';
  key: string;
  /** The header revision etcd returned for this write. */
  revision: number;
}

export interface EtcdWriter {
  etcd: RunningEtcd;
  writes: EtcdWrite[];
  put(key: string, value: string): EtcdWrite;
  del(key: string): EtcdWrite;
  stop(): Promise<void>;
}

export async function startEtcdWriter(work: string): Promise<EtcdWriter> {
  const etcdBin = requireCommand('etcd', 'etcd-server');
  const etcdctl = requireCommand('etcdctl', 'etcd-client');
  mkdirSync(join(work, 'etcd'), { recursive: true });
  const etcd = await startEtcd(etcdBin, join(work, 'etcd'));
  const env = { ...process.env, ETCDCTL_API: '3' };
  const ctl = (args: string[]): Record<string, unknown> => {
    const r = run(etcdctl, ['--endpoints', etcd.clientURL, ...args, '-w', 'json'], { env, timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return parseEtcdJson(r.stdout) as Record<string, unknown>;
  };
  const revisionOf = (answer: Record<string, unknown>): number => Number((answer.header as { revision?: string | number } | undefined)?.revision ?? NaN);
  const writes: EtcdWrite[] = [];
  return {
    etcd,
    writes,
    put(key, value) {
      const w: EtcdWrite = { op: 'put', key, revision: revisionOf(ctl(['put', key, value])) };
      writes.push(w);
      return w;
    },
    del(key) {
      const answer = ctl(['del', key]);
      if (Number(answer.deleted ?? 0) !== 1) throw new Error(`etcdctl del ${key} deleted ${String(answer.deleted)} keys`);
      const w: EtcdWrite = { op: 'del', key, revision: revisionOf(answer) };
      writes.push(w);
      return w;
    },
    async stop() {
      await etcd.stop();
    },
  };
}

/** Revisions (header.revision) of the watch responses a stamped watch file holds so far. */
export function watchedRevisions(text: string): number[] {
  return [...text.matchAll(/"Header":\{[^}]*"revision":(\d+)/g)].map((m) => Number(m[1]));
}
