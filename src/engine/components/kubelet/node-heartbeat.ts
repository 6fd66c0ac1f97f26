import { toRfc3339, toRfc3339Micro } from '../../../base/time.ts';
import type { KubeObject, Node } from '../../../domain/k8s/objects.ts';
import type { ApiClient } from '../../api/client.ts';
import type { Informer } from '../../api/informer.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Simulation } from '../../runtime/simulation.ts';

const SECOND = 1_000_000;
/** KubeletConfiguration nodeLeaseDurationSeconds (default 40). */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The lease is renewed every quarter of its duration (kubelet.go: renewInterval = 0.25 × duration). */
export const LEASE_RENEW_INTERVAL = (NODE_LEASE_DURATION_SECONDS * SECOND) / 4;
/** nodeStatusUpdateFrequency: how often the kubelet computes its node status. */
export const NODE_STATUS_UPDATE_FREQUENCY = 10 * SECOND;
/** nodeStatusReportFrequency: an unchanged status is still posted this often (default 5m). */
export const NODE_STATUS_REPORT_FREQUENCY = 300 * SECOND;

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';

type Condition = NonNullable<NonNullable<Node['status']>['conditions']>[number];

/**
 * The kubelet's two heartbeats (KEP-589), as a node sends them:
 * - the node lease controller (component-helpers/apimachinery/lease/controller.go): GET the
 *   Lease in kube-node-lease, create it when missing (its owner the Node, found by a GET), then
 *   renew it with a PUT every 10 s from the last copy it wrote;
 * - the node status loop (kubelet_node_status.go syncNodeStatus → tryUpdateNodeStatus): every
 *   10 s the status is computed against the Node in the kubelet's own node informer, and a
 *   strategic merge PATCH of `nodes/<name>/status` is sent only when it changed or 5 minutes
 *   have passed since the last report.
 * The real loops run with a 4 % jitter; here they tick exactly, so that a seed changes names
 * and never the order of what happens (runtime/network.ts).
 * The timers are background work: a cluster whose only activity is heartbeats is settled.
 */
export class NodeHeartbeat {
  private latestLease?: KubeObject;
  private lastReport?: number;
  private timers: ScheduledItem[] = [];
  private running = false;
  private leaseBusy = false;
  private statusBusy = false;

  constructor(
    private readonly sim: Simulation,
    private readonly client: ApiClient,
    private readonly nodeName: string,
    private readonly nodes: Informer,
    /** The conditions the kubelet's setters compute now (setNodeStatus). */
    private readonly currentConditions: () => Condition[],
  ) {}

  /** Starts both loops once the node is registered. */
  start(cause: number): void {
    if (this.running) return;
    this.running = true;
    this.syncLease(cause);
    this.every(LEASE_RENEW_INTERVAL, 'node lease renew', () => this.syncLease());
    this.every(NODE_STATUS_UPDATE_FREQUENCY, 'syncNodeStatus', () => this.syncNodeStatus());
  }

  /** The kubelet stopped: no more heartbeats. */
  stop(): void {
    this.running = false;
    for (const t of this.timers) this.sim.cancel(t);
    this.timers = [];
  }

  /** Called when the node informer first sees the Node: the first status report follows registration. */
  onNodeObserved(cause: number): void {
    if (this.running && this.lastReport === undefined) this.syncNodeStatus(cause);
  }

  private every(interval: number, label: string, fn: () => void): void {
    const tick = (): void => {
      if (!this.running) return;
      fn();
      this.timers = this.timers.filter((t) => t !== item);
      item = this.sim.after(interval, tick, { background: true, label: `${this.nodeName} ${label}` });
      this.timers.push(item);
    };
    let item = this.sim.after(interval, tick, { background: true, label: `${this.nodeName} ${label}` });
    this.timers.push(item);
  }

  // ---------------------------------------------------------------- lease

  /** controller.sync: renew from the latest lease, else ensure it exists (and renew unless just created). */
  private syncLease(cause?: number): void {
    if (this.leaseBusy) return;
    this.leaseBusy = true;
    const done = (): void => {
      this.leaseBusy = false;
    };
    if (this.latestLease) {
      this.renew(this.latestLease, cause, (ok) => (ok ? done() : this.ensureLease(cause, done)));
      return;
    }
    this.ensureLease(cause, done);
  }

  private ensureLease(cause: number | undefined, done: () => void): void {
    this.client.request('GET', `${LEASES}/${this.nodeName}`, { ...(cause !== undefined ? { cause } : {}) }, (res, d) => {
      if (res.code === 200) {
        this.renew(res.body as KubeObject, d.seq, () => done());
        return;
      }
      if (res.code !== 404) return done();
      // setNodeOwnerFunc: the Lease is owned by its Node, so it goes when the Node is deleted.
      this.client.request('GET', `/api/v1/nodes/${this.nodeName}`, { cause: d.seq }, (nodeRes, d2) => {
        const uid = nodeRes.code === 200 ? (nodeRes.body as Node).metadata.uid : undefined;
        const lease = {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: this.nodeName,
            namespace: 'kube-node-lease',
            ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid }] } : {}),
          },
          spec: { holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: this.microNow() },
        };
        this.client.request('POST', LEASES, { body: lease, cause: d2.seq }, (created) => {
          // A lease just created needs no renewal.
          if (created.code === 201) this.latestLease = created.body as KubeObject;
          done();
        });
      });
    });
  }

  private renew(base: KubeObject, cause: number | undefined, then: (ok: boolean) => void): void {
    const spec = (base as { spec?: Record<string, unknown> }).spec ?? {};
    const next = { ...base, spec: { ...spec, holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: this.microNow() } };
    this.client.request('PUT', `${LEASES}/${this.nodeName}`, { body: next, ...(cause !== undefined ? { cause } : {}) }, (res) => {
      if (res.code === 200) {
        this.latestLease = res.body as KubeObject;
        then(true);
        return;
      }
      // A conflict or a missing lease: fall back to ensureLease, as the real controller does.
      this.latestLease = undefined;
      then(false);
    });
  }

  // ---------------------------------------------------------------- node status

  private syncNodeStatus(cause?: number): void {
    if (this.statusBusy) return;
    const node = this.nodes.get(this.nodeName) as Node | undefined;
    // tryNumber 0 reads the node informer; before it has the Node there is nothing to compare.
    if (!node) return;
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const old = node.status?.conditions ?? [];
    const conditions = this.currentConditions().map((c) => {
      const before = old.find((o) => o.type === c.type);
      // The setters keep lastTransitionTime while the status stays, and stamp every heartbeat.
      return { ...c, lastHeartbeatTime: now, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now };
    });
    const changed = conditions.length !== old.length || conditions.some((c) => {
      const o = old.find((x) => x.type === c.type);
      return !o || o.status !== c.status || o.reason !== c.reason || o.message !== c.message;
    });
    const due = this.lastReport === undefined || this.sim.now - this.lastReport >= NODE_STATUS_REPORT_FREQUENCY;
    if (!changed && !due) return;
    this.statusBusy = true;
    this.lastReport = this.sim.now;
    // PatchNodeStatus: a two-way strategic merge patch of the status; conditions merge on type.
    const patch = {
      status: {
        '$setElementOrder/conditions': conditions.map((c) => ({ type: c.type })),
        conditions: conditions.map((c) => {
          const o = old.find((x) => x.type === c.type);
          if (!o || o.status !== c.status || o.reason !== c.reason || o.message !== c.message || o.lastTransitionTime !== c.lastTransitionTime) return c;
          return { lastHeartbeatTime: c.lastHeartbeatTime, type: c.type };
        }),
      },
    };
    this.client.request('PATCH', `/api/v1/nodes/${this.nodeName}/status`, { body: patch, contentType: 'application/strategic-merge-patch+json', ...(cause !== undefined ? { cause } : {}) }, () => {
      this.statusBusy = false;
    });
  }

  private microNow(): string {
    return toRfc3339Micro(this.sim.timeOrigin, this.sim.now);
  }
}
