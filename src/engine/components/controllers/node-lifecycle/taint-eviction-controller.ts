import { toRfc3339 } from '../../../../base/time.ts';
import type { KubeObject, Node, Pod, Taint } from '../../../../domain/k8s/objects.ts';
import { taintManagerCancel, taintManagerEviction } from '../../../../domain/events/messages.ts';
import { semanticEqual } from '../../../../domain/k8s/equality.ts';
import { noExecuteTaints } from '../../../../domain/nodelifecycle/taints.ts';
import { evictionDecision } from '../../../../domain/nodelifecycle/tolerations.ts';
import { ApiClient } from '../../../api/client.ts';
import { EventRecorder } from '../../../api/event-recorder.ts';
import { Informer, keyOf } from '../../../api/informer.ts';
import type { Actor, Delivery } from '../../../runtime/actor.ts';
import type { ScheduledItem } from '../../../runtime/event-queue.ts';
import type { MachineInstance } from '../../../runtime/machine-host.ts';
import type { Simulation } from '../../../runtime/simulation.ts';
import { refOf } from '../../apiserver/apiserver.ts';
import { controllerMachine } from '../controller.machine.ts';

const SECOND = 1_000_000;
/** deletePodHandler tries addConditionAndDeletePod this many times, 10 ms apart. */
const DELETE_RETRIES = 5;
const DELETE_RETRY_PAUSE = 10_000;

/** A scheduled deletion (TimedWorker); `null` once done: the key stays, so it is not added twice. */
type Work = { createdAt: number; fireAt: number; timer: ScheduledItem } | null;

/**
 * The taint eviction controller (pkg/controller/tainteviction, its own controller since
 * SeparateTaintEvictionController): it keeps the NoExecute taints of every node, and for
 * each pod on a tainted node decides (processPodOnNode) to delete it now (a taint it does
 * not tolerate), after the smallest tolerationSeconds of the tolerations used (300 s for the
 * not-ready and unreachable tolerations DefaultTolerationSeconds adds to every pod), or
 * never. At the deadline: a TaintManagerEviction event "Marking for deletion Pod ns/name",
 * the DisruptionTarget condition (DeletionByTaintManager) patched onto the pod's status, and
 * a DELETE with the pod's own grace period. A scheduled deletion whose taint goes away is
 * cancelled ("Cancelling deletion of Pod ns/name").
 */
export class TaintEvictionController implements Actor {
  readonly id = 'kube-controller-manager/taint-eviction-controller';
  readonly client: ApiClient;
  readonly events: EventRecorder;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly work = new Map<string, Work>();
  /** Waiting for its caches, then idle: the deletions are timers, not a busy worker. */
  private readonly machine: MachineInstance<typeof controllerMachine>;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.client = new ApiClient(sim, this.id, {
      user: 'system:serviceaccount:kube-system:taint-eviction-controller',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/taint-eviction-controller',
    });
    this.events = new EventRecorder(sim, this.id, this.client, { component: 'taint-eviction-controller' });
    this.machine = sim.startMachine(controllerMachine, { actor: this.id, machine: 'controller' });
    const synced = (cause: number): void => {
      if (this.machine.state === 'waitingForCacheSync' && this.nodes.synced && this.pods.synced) this.machine.send({ type: 'INFORMERS_SYNCED' }, cause);
    };
    this.nodes = new Informer(this.client, '/api/v1/nodes', {
      onAdd: (n, cause) => this.nodeUpdated(undefined, n as Node, cause),
      onUpdate: (o, n, cause) => this.nodeUpdated(o as Node, n as Node, cause),
      onDelete: (n) => this.taintedNodes.delete(n.metadata.name ?? ''),
      onSynced: synced,
    });
    this.pods = new Informer(this.client, '/api/v1/pods', {
      onAdd: (p, cause) => this.podUpdated(undefined, p as Pod, cause),
      onUpdate: (o, p, cause) => this.podUpdated(o as Pod, p as Pod, cause),
      onDelete: (p, cause) => this.cancelWork(keyOf(p), p, cause),
      onSynced: synced,
    });
  }

  start(): void {
    this.nodes.start();
    this.pods.start();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  /** NodeUpdated → handleNodeUpdate, only when the NoExecute taints changed. */
  private nodeUpdated(old: Node | undefined, node: Node, cause: number): void {
    const taints = noExecuteTaints(node.spec?.taints);
    if (old && semanticEqual(noExecuteTaints(old.spec?.taints), taints)) return;
    const name = node.metadata.name ?? '';
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    const pods = (this.pods.list() as Pod[]).filter((p) => p.spec.nodeName === name).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    if (pods.length === 0) return;
    if (taints.length === 0) {
      for (const p of pods) this.cancelWork(keyOf(p), p, cause);
      return;
    }
    for (const p of pods) this.processPodOnNode(p, taints, cause);
  }

  /** PodUpdated → handlePodUpdate, only when the tolerations or the node changed. */
  private podUpdated(old: Pod | undefined, pod: Pod, cause: number): void {
    if (old && old.spec.nodeName === pod.spec.nodeName && semanticEqual(old.spec.tolerations ?? [], pod.spec.tolerations ?? [])) return;
    const nodeName = pod.spec.nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(pod, taints, cause);
  }

  private processPodOnNode(pod: Pod, taints: Taint[], cause: number): void {
    const key = keyOf(pod);
    const decision = evictionDecision(taints, pod.spec.tolerations ?? []);
    const now = this.sim.now;
    if (decision.kind === 'cancel') {
      this.cancelWork(key, pod, cause);
      return;
    }
    if (decision.kind === 'now') {
      this.cancelWork(key, pod, cause);
      this.addWork(key, pod, now, now, cause);
      return;
    }
    const wait = decision.seconds * SECOND;
    let start = now;
    const existing = this.work.get(key);
    if (existing) {
      // Keep an earlier deadline; a later one replaces it.
      start = existing.createdAt;
      if (start + wait < now + wait) return;
      this.cancelWork(key, pod, cause);
    }
    this.addWork(key, pod, start, start + wait, cause);
  }

  private addWork(key: string, pod: Pod, createdAt: number, fireAt: number, cause: number): void {
    if (this.work.has(key)) return;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'processPodOnNode', dur: 0, cause, ref: refOf(pod), attrs: { pod: key, node: pod.spec.nodeName, deleteAt: toRfc3339(this.sim.timeOrigin, fireAt) } });
    const timer = this.sim.after(fireAt - this.sim.now, () => this.deletePod(key, pod, seq), { background: true, label: `taint eviction ${key}` });
    this.work.set(key, { createdAt, fireAt, timer });
  }

  /** cancelWorkWithEvent: an event only when a deletion was still scheduled. */
  private cancelWork(key: string, pod: KubeObject, cause: number): void {
    if (!this.work.has(key)) return;
    const w = this.work.get(key);
    this.work.delete(key);
    if (!w) return;
    this.sim.cancel(w.timer);
    this.events.record(podRef(pod), taintManagerCancel(pod.metadata.namespace ?? 'default', pod.metadata.name ?? ''), cause);
  }

  /** deletePodHandler: the event, then addConditionAndDeletePod, retried on error. */
  private deletePod(key: string, pod: Pod, cause: number, attempt = 0): void {
    const seq = attempt === 0 ? this.events.record(podRef(pod), taintManagerEviction(pod.metadata.namespace ?? 'default', pod.metadata.name ?? ''), cause) : cause;
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const path = `/api/v1/namespaces/${ns}/pods/${name}`;
    const failed = (s: number): void => {
      if (attempt + 1 < DELETE_RETRIES) {
        this.sim.after(DELETE_RETRY_PAUSE, () => this.deletePod(key, pod, s, attempt + 1));
        return;
      }
      this.work.delete(key);
    };
    this.client.request('GET', path, { cause: seq, ref: refOf(pod) }, (res, d) => {
      if (res.code !== 200) return failed(d.seq);
      const current = res.body as Pod;
      const conditions = current.status?.conditions ?? [];
      const target = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
      const old = conditions.find((c) => c.type === 'DisruptionTarget');
      const del = (s: number): void => {
        this.client.request('DELETE', path, { cause: s, ref: refOf(pod) }, (dr, dd) => {
          // Done: the key stays with no work, so the same pod is not scheduled again.
          if (dr.code === 200 || dr.code === 202) this.work.set(key, null);
          else failed(dd.seq);
        });
      };
      if (old && old.status === target.status && old.reason === target.reason && old.message === target.message) return del(d.seq);
      // PatchPodStatus: a strategic merge patch of the status; conditions merge on type.
      const condition = { ...target, lastTransitionTime: old && old.status === target.status ? old.lastTransitionTime : toRfc3339(this.sim.timeOrigin, this.sim.now) };
      const patch = { metadata: { uid: current.metadata.uid }, status: { '$setElementOrder/conditions': [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition].map((c) => ({ type: c.type })), conditions: [condition] } };
      this.client.request('PATCH', `${path}/status`, { body: patch, contentType: 'application/strategic-merge-patch+json', cause: d.seq, ref: refOf(pod) }, (pr, pd) => {
        if (pr.code !== 200) return failed(pd.seq);
        del(pd.seq);
      });
    });
  }
}

function podRef(pod: KubeObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) } };
}
