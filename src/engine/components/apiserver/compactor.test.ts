import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

/**
 * kube-apiserver's etcd compactor (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go):
 * a CAS on compact_rev_key every --etcd-compaction-interval (5m), compacting at the revision
 * seen one interval earlier; no compaction at the first tick.
 */
const SECOND = 1_000_000;

const r = runScenario(
  parseScenario(
    `seed: 2
steps:
  - run: kubectl create deployment web --image=nginx:1.27
  - until: settled
  - wait: 4m
  - run: etcdctl get compact_rev_key
  - wait: 2m
  - run: etcdctl get compact_rev_key
  - run: etcdctl get /registry/ --prefix --rev=3 --keys-only
  - wait: 5m
  - run: etcdctl get compact_rev_key -w json
  - run: etcdctl get /registry/ --prefix --rev=3 --keys-only
`,
    'compactor.scenario.yaml',
  ),
);

describe('the etcd compactor', () => {
  const txns = r.events.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver' && e.op === 'Txn' && e.attrs?.key === 'compact_rev_key');
  const compacts = r.events.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver' && e.op === 'Compact');

  it('writes compact_rev_key every 5 minutes, with the revision of the previous tick', () => {
    expect(txns.map((e) => e.t)).toEqual([300 * SECOND, 600 * SECOND]);
    expect(txns.map((e) => e.attrs?.compare)).toEqual([['version("compact_rev_key") = 0'], ['version("compact_rev_key") = 1']]);
    expect(r.outputs[1]?.stdout).toBe('');
    expect(r.outputs[2]?.stdout).toBe('compact_rev_key\n0\n');
  });

  it('compacts first at 10 minutes, at the revision seen at 5', () => {
    expect(compacts).toHaveLength(1);
    // Right after the CAS answered.
    expect(compacts[0]?.t).toBeGreaterThan(600 * SECOND);
    expect(compacts[0]?.t).toBeLessThan(601 * SECOND);
    const json = JSON.parse(r.outputs[4]?.stdout ?? '{}') as { kvs: { value: string; version: number; mod_revision: number }[] };
    const kv = json.kvs[0] as { value: string; version: number; mod_revision: number };
    expect(kv.version).toBe(2);
    const firstRev = Number(Buffer.from(kv.value, 'base64').toString());
    // The revision the first CAS returned: its own put of compact_rev_key.
    expect(compacts[0]?.attrs?.revision).toBe(firstRev);
    expect(firstRev).toBeGreaterThan(2);
  });

  it('makes old revisions unreadable after the compaction, and not before', () => {
    expect(r.outputs[3]?.exitCode).toBe(0);
    expect(r.outputs[3]?.stdout).toMatch(/^\/registry\//);
    expect(r.outputs[5]?.exitCode).toBe(1);
    expect(r.outputs[5]?.stdout).toBe('');
    expect(r.outputs[5]?.stderr).toBe('Error: etcdserver: mvcc: required revision has been compacted\n');
  });
});
