import { toRfc3339 } from '../../../../base/time.ts';
import type { KubeObject, Node, Pod } from '../../../../domain/k8s/objects.ts';
import { semanticEqual } from '../../../../domain/k8s/equality.ts';
import {
  computeZoneState,
  excludedFromDisruptionChecks,
  NODE_EVICTION_PERIOD,
  NODE_MONITOR_GRACE_PERIOD,
  NODE_MONITOR_PERIOD,
  NODE_STARTUP_GRACE_PERIOD,
  nodeCondition,
  unknownNodeConditions,
  zoneEvictionQps,
  zoneKey,
  EVICTION_LIMITER_QPS,
  type NodeCondition,
  type ZoneState,
} from '../../../../domain/nodelifecycle/health.ts';
import { nodeStatusIsNow, podNodeNotReady, registeredNode, removingNode } from '../../../../domain/events/messages.ts';
import { noScheduleTaintChanges, NOT_READY_TAINT, taintExists, UNREACHABLE_TAINT } from '../../../../domain/nodelifecycle/taints.ts';
import { ApiClient } from '../../../api/client.ts';
import { EventRecorder } from '../../../api/event-recorder.ts';
import { Informer, keyOf } from '../../../api/informer.ts';
import { WorkQueue } from '../../../api/workqueue.ts';
import type { Actor, Delivery } from '../../../runtime/actor.ts';
import type { ScheduledItem } from '../../../runtime/event-queue.ts';
import type { MachineInstance } from '../../../runtime/machine-host.ts';
import type { Simulation } from '../../../runtime/simulation.ts';
import { refOf } from '../../apiserver/apiserver.ts';
import { controllerMachine } from '../controller.machine.ts';
import { swapNodeTaints } from './taint-writer.ts';
import { ZoneTainter } from './zone-tainter.ts';

/** What the controller last saw of a node, with its own clock's times (nodeHealthData). */
interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: Node['status'];
  leaseRenewTime?: string;
}

/**
 * kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle), the
 * part that watches node health:
 * - every 5 s `monitorNodeHealth` looks at each Node and its Lease in kube-node-lease with the
 *   controller's own clock: a node whose lease and Ready heartbeat it has not seen renewed for
 *   the 50 s grace period (60 s for a node that never posted Ready) gets its conditions set to
 *   Unknown ("Kubelet stopped posting node status."), a NodeNotReady event, and its pods'
 *   Ready condition set to False (MarkPodsNotReady, a NodeNotReady event on each pod);
 * - a node seen NotReady or Unknown is queued, per zone and rate-limited (0.1 node/s), for the
 *   NoExecute taint `node.kubernetes.io/not-ready` or `unreachable`, which the taint eviction
 *   controller acts on; a node Ready again loses them;
 * - node updates get the matching NoSchedule taints (doNoScheduleTaintingPass), including
 *   `node.kubernetes.io/unschedulable` for a cordoned node;
 * - zone states: when every zone is fully disrupted (no node Ready anywhere) it stops tainting
 *   and lifts its NoExecute taints, as the real controller assumes its own network is at fault.
 * Label reconciliation (beta OS/arch labels) is left out: the kubelets here register both.
 */
export class NodeLifecycleController implements Actor {
  readonly id = 'kube-controller-manager/node-lifecycle-controller';
  readonly client: ApiClient;
  readonly events: EventRecorder;
  private readonly nodes: Informer;
  private readonly leases: Informer;
  private readonly pods: Informer;
  private readonly informers: Informer[];
  private readonly machine: MachineInstance<typeof controllerMachine>;
  private readonly known = new Map<string, Node>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly nodesToRetry = new Set<string>();
  private readonly noScheduleQueue = new WorkQueue();
  private noScheduleBusy = false;
  private taintingPass?: ScheduledItem;
  private started = false;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.client = new ApiClient(sim, this.id, {
      user: 'system:serviceaccount:kube-system:node-controller',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/node-controller',
    });
    this.events = new EventRecorder(sim, this.id, this.client, { component: 'node-controller' });
    this.machine = sim.startMachine(controllerMachine, { actor: this.id, machine: 'controller' });
    const synced = (cause: number): void => {
      if (this.started || !this.informers.every((i) => i.synced)) return;
      this.started = true;
      this.machine.send({ type: 'INFORMERS_SYNCED' }, cause);
      this.monitorLoop(cause);
    };
    this.nodes = new Informer(this.client, '/api/v1/nodes', {
      onAdd: (n, cause) => this.enqueueNoSchedule(n, cause),
      onUpdate: (_o, n, cause) => this.enqueueNoSchedule(n, cause),
      onDelete: (n) => this.nodesToRetry.delete(n.metadata.name ?? ''),
      onSynced: synced,
    });
    this.leases = new Informer(this.client, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', { onSynced: synced });
    this.pods = new Informer(this.client, '/api/v1/pods', {
      onAdd: (p, cause) => this.podUpdated(undefined, p as Pod, cause),
      onUpdate: (o, p, cause) => this.podUpdated(o as Pod, p as Pod, cause),
      onSynced: synced,
    });
    this.informers = [this.nodes, this.leases, this.pods];
  }

  start(): void {
    for (const inf of this.informers) inf.start();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  private nowIso(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  /** µs of simulated time of an RFC 3339 timestamp (the object's clock is the simulated one). */
  private micros(iso: string | undefined): number {
    if (!iso) return 0;
    return (Date.parse(iso) - Date.parse(this.sim.timeOrigin)) * 1000;
  }

  // ---------------------------------------------------------------- monitorNodeHealth

  private monitorLoop(cause: number): void {
    this.monitorNodeHealth(cause);
    const tick = (): void => {
      this.monitorNodeHealth(this.machine.stateSeq);
      this.sim.after(NODE_MONITOR_PERIOD, tick, { background: true, label: 'monitorNodeHealth' });
    };
    this.sim.after(NODE_MONITOR_PERIOD, tick, { background: true, label: 'monitorNodeHealth' });
  }

  private monitorNodeHealth(cause: number): void {
    if (this.machine.state !== 'idle') return;
    const nodes = (this.nodes.list() as Node[]).slice().sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    this.machine.send({ type: 'SYNC' }, cause);
    const span = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'monitorNodeHealth', dur: 0, cause: this.machine.stateSeq, attrs: { nodes: nodes.length } });
    // classifyNodes: new nodes are registered, gone ones forgotten.
    const names = new Set(nodes.map((n) => n.metadata.name ?? ''));
    for (const n of nodes) {
      const name = n.metadata.name ?? '';
      if (this.known.has(name)) {
        this.addZone(n);
        continue;
      }
      // RecordNodeEvent: "Node <name> event: <what>".
      this.events.record(nodeRef(n), registeredNode(name), span);
      this.known.set(name, n);
      this.addZone(n);
      this.markNodeAsReachable(n, span);
    }
    for (const [name, n] of [...this.known]) {
      if (names.has(name)) continue;
      this.events.record(nodeRef(n), removingNode(name), span);
      this.known.delete(name);
    }
    const zoneReady = new Map<string, (string | undefined)[]>();
    const next = (i: number, seq: number): void => {
      const node = nodes[i];
      if (!node) {
        this.handleDisruption(zoneReady, nodes, seq);
        this.machine.send({ type: 'SYNCED' }, seq);
        return;
      }
      this.updateNode(node, seq, (current, seq2) => {
        if (!excludedFromDisruptionChecks(node)) {
          const z = zoneKey(node);
          zoneReady.set(z, [...(zoneReady.get(z) ?? []), current?.status]);
        }
        next(i + 1, seq2);
      });
    };
    next(0, span);
  }

  /** updateNodeFunc: the health check, then taint-based eviction and the pods' readiness. */
  private updateNode(node: Node, cause: number, then: (current: NodeCondition | undefined, seq: number) => void): void {
    this.tryUpdateNodeHealth(node, cause, (observed, current, updated, seq) => {
      if (!current) {
        then(current, seq);
        return;
      }
      this.processTaintBaseEviction(updated, observed, seq);
      const name = node.metadata.name ?? '';
      const transitioned = current.status !== 'True' && observed.status === 'True';
      const retry = this.nodesToRetry.has(name) && observed.status !== 'True';
      if (transitioned) this.sim.recorder.record({ kind: 'state', actor: this.id, op: 'NodeNotReady', cause: seq, ref: refOf(updated), attrs: { node: name } });
      if (!transitioned && !retry) {
        this.nodesToRetry.delete(name);
        then(current, seq);
        return;
      }
      // RecordNodeStatusChange: once, when Ready leaves True.
      const evSeq = transitioned ? this.events.record(nodeRef(updated), nodeStatusIsNow(name, 'NodeNotReady'), seq) : seq;
      const pods = (this.pods.list() as Pod[]).filter((p) => p.spec.nodeName === name).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
      this.markPodsNotReady(pods, name, evSeq, (ok, s) => {
        if (ok) this.nodesToRetry.delete(name);
        else this.nodesToRetry.add(name);
        then(current, s);
      });
    });
  }

  /**
   * tryUpdateNodeHealth: the probe timestamp moves when the Ready heartbeat or the lease
   * renewal changed since the last look; past the grace period the health conditions go
   * Unknown with an UpdateStatus (PUT nodes/<name>/status).
   */
  private tryUpdateNodeHealth(node: Node, cause: number, then: (observed: NodeCondition, current: NodeCondition | undefined, node: Node, seq: number) => void): void {
    const name = node.metadata.name ?? '';
    const now = this.sim.now;
    let health = this.health.get(name);
    const currentReady = nodeCondition(node, 'Ready');
    let observed: NodeCondition;
    let grace: number;
    if (!currentReady) {
      // Never posted: a made-up Unknown condition as old as the node.
      const created = node.metadata.creationTimestamp ?? this.nowIso();
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
      grace = NODE_STARTUP_GRACE_PERIOD;
      if (health) health = { ...health, status: node.status };
      else health = { status: node.status, probeTimestamp: this.micros(created), readyTransitionTimestamp: this.micros(created) };
    } else {
      observed = { ...currentReady };
      grace = NODE_MONITOR_GRACE_PERIOD;
    }
    const savedReady = health?.status?.conditions?.find((c) => c.type === 'Ready');
    if (!health || (!savedReady && currentReady) || (savedReady && !currentReady)) {
      health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: now, ...(health?.leaseRenewTime ? { leaseRenewTime: health.leaseRenewTime } : {}) };
    } else if (savedReady && currentReady && savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
      const transition = savedReady.lastTransitionTime !== currentReady.lastTransitionTime ? now : health.readyTransitionTimestamp;
      health = { status: node.status, probeTimestamp: now, readyTransitionTimestamp: transition, ...(health.leaseRenewTime ? { leaseRenewTime: health.leaseRenewTime } : {}) };
    }
    // A renewed lease always counts as a heartbeat.
    const lease = this.leases.get(`kube-node-lease/${name}`) as (KubeObject & { spec?: { renewTime?: string } }) | undefined;
    const renewTime = lease?.spec?.renewTime;
    if (renewTime && (!health.leaseRenewTime || this.micros(health.leaseRenewTime) < this.micros(renewTime))) {
      health = { ...health, leaseRenewTime: renewTime, probeTimestamp: now };
    }
    this.health.set(name, health);
    if (!(now > health.probeTimestamp + grace)) {
      then(observed, currentReady, node, cause);
      return;
    }
    const conditions = unknownNodeConditions(node, this.nowIso());
    const newReady = conditions.find((c) => c.type === 'Ready');
    if (semanticEqual(newReady, observed)) {
      then(observed, currentReady, node, cause);
      return;
    }
    const updated: Node = { ...node, status: { ...node.status, conditions } };
    const h = health;
    this.client.request('PUT', `/api/v1/nodes/${name}/status`, { body: updated, cause, ref: refOf(node) }, (res, d) => {
      if (res.code !== 200) {
        // The real loop retries against a fresh GET; the next pass, 5 s on, does the same here.
        then(observed, currentReady, node, d.seq);
        return;
      }
      const stored = res.body as Node;
      this.health.set(name, { status: stored.status, probeTimestamp: h.probeTimestamp, readyTransitionTimestamp: this.sim.now, ...(renewTime ? { leaseRenewTime: renewTime } : {}) });
      then(observed, newReady, stored, d.seq);
    });
  }

  /** processTaintBaseEviction, with the Ready condition seen before this pass's update. */
  private processTaintBaseEviction(node: Node, observed: NodeCondition, cause: number): void {
    const taints = node.spec?.taints;
    if (observed.status === 'False') {
      if (taintExists(taints, UNREACHABLE_TAINT)) swapNodeTaints(this.sim, this.client, node, [NOT_READY_TAINT], [UNREACHABLE_TAINT], cause, () => {});
      else this.markNodeForTainting(node, 'False');
    } else if (observed.status === 'Unknown') {
      if (taintExists(taints, NOT_READY_TAINT)) swapNodeTaints(this.sim, this.client, node, [UNREACHABLE_TAINT], [NOT_READY_TAINT], cause, () => {});
      else this.markNodeForTainting(node, 'Unknown');
    } else if (observed.status === 'True') {
      this.markNodeAsReachable(node, cause);
    }
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): void {
    const tainter = this.tainterOf(node);
    const name = node.metadata.name ?? '';
    const template = status === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    if (!taintExists(node.spec?.taints, template)) tainter.remove(name);
    if (tainter.add(name, node.metadata.uid ?? '', this.sim.now)) this.scheduleTaintingPass();
  }

  /** markNodeAsReachable: lift both NoExecute taints (no request when neither is there). */
  private markNodeAsReachable(node: Node, cause: number): void {
    swapNodeTaints(this.sim, this.client, node, [], [UNREACHABLE_TAINT, NOT_READY_TAINT], cause, () => {});
    this.tainterOf(node).remove(node.metadata.name ?? '');
  }

  // ---------------------------------------------------------------- zones and tainting

  private addZone(node: Node): void {
    const z = zoneKey(node);
    if (this.zoneStates.has(z)) return;
    this.zoneStates.set(z, 'Initial');
    this.tainters.set(z, new ZoneTainter(EVICTION_LIMITER_QPS, this.sim.now));
  }

  private tainterOf(node: Node): ZoneTainter {
    this.addZone(node);
    return this.tainters.get(zoneKey(node)) as ZoneTainter;
  }

  /** handleDisruption: new zone states, the tainting rate they call for, and master disruption mode. */
  private handleDisruption(zoneReady: Map<string, (string | undefined)[]>, nodes: readonly Node[], cause: number): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [z, statuses] of zoneReady) {
      const { state } = computeZoneState(statuses);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(z, state);
      if (!this.zoneStates.has(z)) this.zoneStates.set(z, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [z, state] of [...this.zoneStates]) {
      if (!zoneReady.has(z)) {
        this.zoneStates.delete(z);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    const now = this.sim.now;
    if (allAreFullyDisrupted) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode."
      this.sim.recorder.record({ kind: 'state', actor: this.id, op: 'master disruption mode', cause, attrs: { entering: true } });
      for (const n of nodes) this.markNodeAsReachable(n, cause);
      for (const z of this.zoneStates.keys()) {
        this.tainters.get(z)?.swapLimiter(0, now);
        this.zoneStates.set(z, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      // Leaving it: every node starts its grace period afresh.
      this.sim.recorder.record({ kind: 'state', actor: this.id, op: 'master disruption mode', cause, attrs: { entering: false } });
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name ?? '');
        if (h) this.health.set(n.metadata.name ?? '', { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
      for (const z of this.zoneStates.keys()) {
        const state = newStates.get(z) ?? 'Normal';
        this.tainters.get(z)?.swapLimiter(zoneEvictionQps(state, zoneReady.get(z)?.length ?? 0), now);
        this.zoneStates.set(z, state);
      }
      return;
    }
    for (const [z, state] of this.zoneStates) {
      const ns = newStates.get(z);
      if (!ns || ns === state) continue;
      this.tainters.get(z)?.swapLimiter(zoneEvictionQps(ns, zoneReady.get(z)?.length ?? 0), now);
      this.zoneStates.set(z, ns);
    }
  }

  /** doNoExecuteTaintingPass runs every 100 ms; here only while some node waits for its taint. */
  private scheduleTaintingPass(): void {
    if (this.taintingPass) return;
    this.taintingPass = this.sim.after(NODE_EVICTION_PERIOD, () => {
      this.taintingPass = undefined;
      this.doNoExecuteTaintingPass();
      if ([...this.tainters.values()].some((t) => t.size > 0)) this.scheduleTaintingPass();
    }, { background: true, label: 'doNoExecuteTaintingPass' });
  }

  private doNoExecuteTaintingPass(): void {
    for (const z of [...this.tainters.keys()].sort()) {
      this.tainters.get(z)?.try(this.sim.now, (name) => {
        const node = this.nodes.get(name) as Node | undefined;
        if (!node) return { ok: true };
        const ready = nodeCondition(node, 'Ready');
        if (!ready) return { ok: false, retryAfter: 50_000 };
        // "unreachable" and "not ready" mirror the Ready condition, so they exclude each other.
        let add = UNREACHABLE_TAINT;
        let opposite = NOT_READY_TAINT;
        if (ready.status === 'False') [add, opposite] = [NOT_READY_TAINT, UNREACHABLE_TAINT];
        else if (ready.status !== 'Unknown') return { ok: true };
        const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'doNoExecuteTaintingPass', dur: 0, ref: refOf(node), attrs: { node: name, taint: `${add.key}:${add.effect}` } });
        swapNodeTaints(this.sim, this.client, node, [add], [opposite], seq, (ok) => {
          if (!ok) this.markNodeForTainting(node, ready.status === 'False' ? 'False' : 'Unknown');
        });
        return { ok: true };
      });
    }
  }

  // ---------------------------------------------------------------- NoSchedule taints

  private enqueueNoSchedule(node: KubeObject, cause: number): void {
    this.noScheduleQueue.add(node.metadata.name ?? '', cause);
    this.workNoSchedule();
  }

  /** doNodeProcessingPassWorker → doNoScheduleTaintingPass, one node at a time. */
  private workNoSchedule(): void {
    if (this.noScheduleBusy) return;
    const item = this.noScheduleQueue.get();
    if (!item) return;
    const finish = (): void => {
      this.noScheduleQueue.done(item.key);
      this.noScheduleBusy = false;
      this.workNoSchedule();
    };
    const node = this.nodes.get(item.key) as Node | undefined;
    const changes = node ? noScheduleTaintChanges(node) : { add: [], remove: [] };
    if (!node || (changes.add.length === 0 && changes.remove.length === 0)) {
      this.noScheduleQueue.done(item.key);
      this.workNoSchedule();
      return;
    }
    this.noScheduleBusy = true;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'doNoScheduleTaintingPass', dur: 0, cause: item.cause, ref: refOf(node), attrs: { node: item.key, add: changes.add.map((t) => t.key), remove: changes.remove.map((t) => t.key) } });
    swapNodeTaints(this.sim, this.client, node, changes.add, changes.remove, seq, finish);
  }

  // ---------------------------------------------------------------- pods

  /** podUpdated → processPod: a pod newly bound to a node that is not Ready is marked not ready. */
  private podUpdated(old: Pod | undefined, pod: Pod, cause: number): void {
    const nodeName = pod.spec.nodeName;
    if (!nodeName || (old && old.spec.nodeName === nodeName)) return;
    const ready = this.health.get(nodeName)?.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'True') return;
    this.markPodsNotReady([pod], nodeName, cause, () => {});
  }

  /**
   * MarkPodsNotReady (pkg/controller/util/node/controller_utils.go): each pod's Ready
   * condition to False through UpdateStatus (PUT pods/<name>/status), then a Warning
   * NodeNotReady event on it.
   */
  private markPodsNotReady(pods: readonly Pod[], nodeName: string, cause: number, done: (ok: boolean, seq: number) => void): void {
    let ok = true;
    const next = (i: number, seq: number): void => {
      const pod = pods[i];
      if (!pod) {
        done(ok, seq);
        return;
      }
      const conditions = pod.status?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      if (pod.spec.nodeName !== nodeName || !ready || ready.status === 'False') {
        next(i + 1, seq);
        return;
      }
      // UpdatePodCondition: the status changes, so the transition time is now.
      const status = { ...pod.status, conditions: conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: this.nowIso() } : c)) };
      this.client.request('PUT', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { body: { ...pod, status }, cause: seq, ref: refOf(pod) }, (res, d) => {
        if (res.code === 404) {
          next(i + 1, d.seq);
          return;
        }
        if (res.code !== 200) ok = false;
        const ev = this.events.record(pod, podNodeNotReady(), d.seq);
        next(i + 1, ev);
      });
    };
    next(0, cause);
  }
}

/** The ObjectReference RecordNodeEvent builds: the node by name and uid, no namespace. */
function nodeRef(node: Node): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata.name ?? '', ...(node.metadata.uid ? { uid: node.metadata.uid } : {}) } };
}
