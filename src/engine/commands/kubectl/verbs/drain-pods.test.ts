import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../domain/k8s/objects.ts';
import type { ApiClient } from '../../../api/client.ts';
import { statusError, type HttpMethod, type HttpResponse } from '../../../api/http.ts';
import { Simulation } from '../../../runtime/simulation.ts';
import type { KubectlContext } from './context.ts';
import { errorText, type GoError } from './drain-errors.ts';
import { deleteOrEvictPods, type DrainHelper } from './drain-pods.ts';

/**
 * The eviction loop of k8s.io/kubectl/pkg/drain/drain.go (evictPods, waitForDelete) against a
 * scripted apiserver, for the answers the simulated one does not give: the simulator has no
 * PodDisruptionBudgets, so a 429 TooManyRequests only comes from this fake.
 */

const SECOND = 1_000_000;
const PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

interface Call {
  t: number;
  method: HttpMethod;
  path: string;
  body?: unknown;
}

/** An apiserver answering after 1 ms: evictions refused with 429 until `allowAt`, the pod gone `goneAfter` later. */
function fakeCluster(opts: { allowAt: number; goneAfter: number }) {
  const sim = new Simulation({ seed: 1, timeOrigin: '2026-01-01T09:00:00Z' });
  const calls: Call[] = [];
  let goneAt = Number.POSITIVE_INFINITY;
  const api = {
    request(method: HttpMethod, path: string, o: { body?: unknown }, cb: (res: HttpResponse, d: { seq: number }) => void): number {
      calls.push({ t: sim.now, method, path, ...(o.body !== undefined ? { body: o.body } : {}) });
      let res: HttpResponse;
      if (method === 'POST' && path.endsWith('/eviction')) {
        if (sim.now < opts.allowAt) res = { code: 429, body: statusError(429, 'TooManyRequests', PDB_MESSAGE) };
        else {
          goneAt = Math.min(goneAt, sim.now + opts.goneAfter);
          res = { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
        }
      } else res = sim.now >= goneAt ? { code: 404, body: statusError(404, 'NotFound', 'pods "web-1" not found') } : { code: 200, body: pod };
      sim.after(1000, () => cb(res, { seq: calls.length }));
      return calls.length;
    },
  } as unknown as ApiClient;
  return { sim, api, calls };
}

const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'u1' }, spec: { containers: [] } };

const helper = (o: Partial<DrainHelper> = {}): DrainHelper => ({ force: false, ignoreDaemonsets: false, deleteEmptydirData: false, gracePeriod: -1, timeout: 0, disableEviction: false, skipWaitForDeleteTimeout: 0, chunkSize: 500, ...o });

function run(cluster: ReturnType<typeof fakeCluster>, h: DrainHelper) {
  let out = '';
  let err = '';
  let result: { err: GoError | undefined } | undefined;
  const ctx = { sim: cluster.sim, api: cluster.api, input: { argv: [], cause: 0 }, done: () => undefined } as KubectlContext;
  deleteOrEvictPods(ctx, h, [pod], { out: (t) => void (out += t), err: (t) => void (err += t) }, 0, (e) => void (result = { err: e }));
  cluster.sim.runWhile(() => result === undefined, 120 * SECOND);
  return { out, err, result, end: cluster.sim.now };
}

describe('evictPods', () => {
  it('retries a 429 every 5 s, saying so on stderr, then waits with a GET per second', () => {
    const cluster = fakeCluster({ allowAt: 9 * SECOND, goneAfter: 1.5 * SECOND });
    const r = run(cluster, helper({ gracePeriod: 10 }));
    expect(r.err).toBe(`error when evicting pods/"web-1" -n "default" (will retry after 5s): ${PDB_MESSAGE}\n`.repeat(2));
    expect(r.out).toBe('evicting pod default/web-1\nevicting pod default/web-1\nevicting pod default/web-1\npod/web-1 evicted\n');
    expect(r.result).toEqual({ err: undefined });
    const posts = cluster.calls.filter((c) => c.method === 'POST');
    // Sent at 0, then 5 s after each refusal arrived (1 ms each way).
    expect(posts.map((c) => c.t)).toEqual([0, 5_001_000, 10_002_000]);
    expect(posts[0]?.body).toEqual({ kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'web-1', namespace: 'default', creationTimestamp: null }, deleteOptions: { gracePeriodSeconds: 10 } });
    const gets = cluster.calls.filter((c) => c.method === 'GET').map((c) => c.t);
    expect(gets).toEqual([10_003_000, 11_003_000, 12_003_000]);
  });

  it('gives up at the global --timeout before another eviction attempt', () => {
    const cluster = fakeCluster({ allowAt: Number.POSITIVE_INFINITY, goneAfter: 0 });
    const r = run(cluster, helper({ timeout: 7 * SECOND }));
    expect(r.out).toBe('evicting pod default/web-1\nevicting pod default/web-1\nevicting pod default/web-1\n');
    expect(errorText(r.result?.err as GoError)).toBe('error when evicting pods/"web-1" -n "default": global timeout reached: 7s');
    expect(cluster.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });
});
