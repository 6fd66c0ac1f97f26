import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../../trace/schema.ts';
import { ApiClient } from '../../api/client.ts';
import type { HttpMethod, HttpResponse, WatchEvent } from '../../api/http.ts';
import { buildCluster, type Cluster } from '../../cluster.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { helloScenario } from '../../testing/hello-scenario.ts';

/** A client at the workstation, authenticated as the kubeadm admin (like kubectl). */
class TestClient implements Actor {
  readonly id = 'test-client';
  readonly host = 'workstation';
  readonly api: ApiClient;

  constructor(sim: Simulation) {
    this.api = new ApiClient(sim, this.id, { user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], userAgent: 'kube-anatomy-test/v0.0.0' });
  }

  receive(msg: Delivery): void {
    this.api.handle(msg);
  }
}

/**
 * An engine test driver (DESIGN.md 4, a small TestCluster): the hello-deployment cluster built
 * and booted without steps, and a client to send requests and open watches through the
 * simulated network, each call running the simulation until its answer arrives.
 */
export class TestCluster {
  readonly sim: Simulation;
  readonly cluster: Cluster;
  private readonly client: TestClient;

  constructor(opts: { objects?: KubeObject[]; seed?: number } = {}) {
    this.sim = new Simulation({ seed: opts.seed ?? 1, timeOrigin: '2025-01-01T00:00:00Z' });
    this.cluster = buildCluster(this.sim, helloScenario({ steps: [], objects: opts.objects ?? [], timeOrigin: '2025-01-01T00:00:00Z' }));
    this.client = new TestClient(this.sim);
    this.sim.network.register(this.client);
    this.sim.runUntilSettled(MICROS_PER_SECOND);
    this.sim.runUntil(Math.max(this.sim.now, MICROS_PER_SECOND));
  }

  get events(): TraceEvent[] {
    return this.sim.recorder.events;
  }

  /** Sends a request and runs the simulation until it is answered. */
  request(method: HttpMethod, path: string, opts: { body?: unknown; query?: Record<string, string>; contentType?: string } = {}): HttpResponse & { seq: number } {
    let res: (HttpResponse & { seq: number }) | undefined;
    this.client.api.request(method, path, opts, (r, d) => {
      res = { ...r, seq: d.seq };
    });
    this.sim.runWhile(() => res === undefined, 60 * MICROS_PER_SECOND);
    if (!res) throw new Error(`${method} ${path}: no answer`);
    return res;
  }

  /** Opens a watch; the returned array fills as events arrive. */
  watch(path: string, query: Record<string, string> = {}): WatchEvent[] {
    const seen: WatchEvent[] = [];
    this.client.api.watch(path, query, undefined, (ev) => seen.push(ev));
    this.runFor(10_000);
    return seen;
  }

  create(obj: KubeObject): KubeObject {
    const ns = obj.metadata.namespace ?? 'default';
    const path = obj.apiVersion === 'v1' ? `/api/v1/namespaces/${ns}/${obj.kind.toLowerCase()}s` : `/apis/${obj.apiVersion}/namespaces/${ns}/${obj.kind.toLowerCase()}s`;
    const res = this.request('POST', path, { body: obj });
    if (res.code !== 201) throw new Error(`create ${obj.kind}: ${res.code} ${JSON.stringify(res.body)}`);
    return res.body as KubeObject;
  }

  runFor(dur: Micros): void {
    this.sim.runUntil(this.sim.now + dur);
  }

  settle(horizon: Micros = 10 * 60 * MICROS_PER_SECOND): boolean {
    return this.sim.runUntilSettled(horizon);
  }
}

/** A plain nginx pod; with `unschedulable` it names a scheduler that does not exist. */
export function nginxPod(name: string, opts: { unschedulable?: boolean; grace?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.27' }],
      ...(opts.unschedulable ? { schedulerName: 'no-such-scheduler' } : {}),
      ...(opts.grace !== undefined ? { terminationGracePeriodSeconds: opts.grace } : {}),
    },
  };
}

export function webDeployment(replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
}
