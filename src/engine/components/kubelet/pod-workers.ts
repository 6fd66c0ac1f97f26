import type { Rng } from '../../../base/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import { podCgroupParent } from '../../../domain/cri/requests.ts';
import type { ContainerStatus, Pod, PodStatus } from '../../../domain/k8s/objects.ts';
import { generateAPIPodStatus } from '../../../domain/pod/api-status.ts';
import type { ProbeResult, ProbeType } from '../../../domain/pod/probe.ts';
import type { RuntimePodStatus } from '../../../domain/pod/runtime-status.ts';
import type { ApiClient } from '../../api/client.ts';
import { keyOf } from '../../api/informer.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import type { CriClient } from './cri-client.ts';
import type { StartError } from './image-manager.ts';
import type { GenericPleg, PlegEvent } from './pleg.ts';
import { getPodStatus } from './pod-status-reader.ts';
import { podWorkerMachine } from './pod-worker.machine.ts';
import type { ProberManager } from './prober-manager.ts';
import { gracePeriodOf, type KubeRuntimeManager } from './runtime-manager.ts';
import type { StatusManager } from './status-manager.ts';

/** backOffPeriod and workerBackOffPeriodJitterFactor (kubelet.go, pod_workers.go): a failed sync is retried after 10–15 s. */
const BACK_OFF_PERIOD: Micros = 10 * MICROS_PER_SECOND;
const BACK_OFF_JITTER = 0.5;
/** The sync loop's ticker (syncLoop syncTicker): due pods are synced on its 1 s ticks. */
const SYNC_TICK: Micros = 1 * MICROS_PER_SECOND;

interface PodWorker {
  key: string;
  uid: string;
  pod: Pod;
  machine: MachineInstance<typeof podWorkerMachine>;
  working: boolean;
  pending?: number;
  /** When the last sync finished (sim µs); -1 before the first. */
  lastSyncTime: Micros;
  requeue?: ScheduledItem;
  /** The reason cache (kubelet/reason_cache.go): the last start error per container. */
  reasons: Map<string, StartError>;
  terminationRequested?: boolean;
  terminating?: boolean;
  /** SyncTerminatingPod finished. */
  terminated?: boolean;
  removedFromApi?: boolean;
  deleteSent?: boolean;
  /** The runtime's view after the kill, for the final RemoveContainer / RemovePodSandbox. */
  finalRuntime?: RuntimePodStatus;
}

export interface PodWorkerDeps {
  cri: CriClient;
  client: ApiClient;
  pleg: GenericPleg;
  statuses: StatusManager;
  runtime: KubeRuntimeManager;
  prober: ProberManager;
  rng: Rng;
  hostIP: string;
  /** The runtime's name (CRI Version), the type of every container ID: containerd://…, rkt://… */
  runtimeName: string;
  /** When the kubelet started (its tickers' phase). */
  startedAt: Micros;
  nowUnix: () => Micros;
  running: () => boolean;
}

/**
 * The kubelet's pod workers (pkg/kubelet/pod_workers.go) and the sync they run (kubelet.go
 * SyncPod, SyncTerminatingPod, SyncTerminatedPod):
 * - one worker per pod; its syncs are serialized: an update while a sync runs waits for it;
 * - a sync waits for the pod cache to be newer than the last sync (Cache.GetNewerThan), then
 *   generates the status from it and hands it to the status manager, then runs the runtime
 *   manager's SyncPod; its start errors go to the reason cache;
 * - completeWork: a failed sync is requeued after 10–15 s (picked up on the next 1 s tick of the
 *   sync loop); a successful one would be requeued for the 1-minute resync, which finds nothing to
 *   do unless something changed, and every change here (PLEG, probes, updates) triggers its own
 *   sync: the resync is not simulated;
 * - a terminal phase, or a deletion, moves the worker to terminating.
 */
export class PodWorkers {
  private readonly workers = new Map<string, PodWorker>();
  private readonly byUid = new Map<string, PodWorker>();

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly deps: PodWorkerDeps,
  ) {}

  /** The pod of a uid the kubelet is working on. */
  pod(uid: string): Pod | undefined {
    return this.byUid.get(uid)?.pod;
  }

  /** The pods still syncing, with the runtime's view of them (for the container GC). */
  live(): { status: RuntimePodStatus; ref: ReturnType<typeof refOf> }[] {
    return [...this.workers.values()].filter((w) => !w.terminating).map((w) => ({ status: this.deps.pleg.status(w.uid), ref: refOf(w.pod) }));
  }

  // ---------------------------------------------------------------- inputs

  /** The pod was added or updated in the API (HandlePodAdditions / HandlePodUpdates). */
  onPod(pod: Pod, cause: number): void {
    const key = keyOf(pod);
    const existing = this.workers.get(key);
    if (existing) {
      if (existing.pod.metadata.uid !== pod.metadata.uid) return;
      existing.pod = pod;
      if (pod.metadata.deletionTimestamp) {
        this.requestTermination(existing, cause);
        // A pod that finished by itself and is deleted now only needs its final DELETE.
        if (existing.terminated) this.sendFinalDelete(existing, cause);
      }
      return;
    }
    // A pod first seen while being deleted never starts (podWorkers: it goes straight to terminating).
    if (pod.metadata.deletionTimestamp) return;
    const uid = pod.metadata.uid ?? '';
    const w: PodWorker = {
      key,
      uid,
      pod,
      machine: this.sim.startMachine(podWorkerMachine, { actor: this.actorId, machine: 'pod-worker', instance: key, ref: refOf(pod) }, { cause }),
      working: false,
      lastSyncTime: -1,
      reasons: new Map(),
    };
    this.workers.set(key, w);
    this.byUid.set(uid, w);
    this.deps.prober.addPod(pod);
    this.updatePod(w, w.machine.stateSeq);
  }

  /** The pod left the API (deleted, or force-deleted before the kubelet killed it). */
  onPodRemoved(pod: Pod, cause: number): void {
    const w = this.workers.get(keyOf(pod));
    if (!w || w.uid !== pod.metadata.uid) return;
    w.removedFromApi = true;
    if (w.terminated) this.cleanUpRuntime(w, cause);
    else this.requestTermination(w, cause);
  }

  /** PLEG events of a pod (syncLoopIteration: every event but ContainerRemoved is worth a sync). */
  onPlegEvents(uid: string, events: readonly PlegEvent[], cause: number): void {
    const w = this.byUid.get(uid);
    if (!w) return;
    if (events.some((e) => e.type !== 'ContainerRemoved')) this.updatePod(w, cause);
  }

  /**
   * A probe result changed (syncLoopIteration): a liveness or startup failure syncs the pod (its
   * container is killed and restarted); readiness and startup changes update the status at once
   * (SetContainerReadiness, SetContainerStartup) and sync the pod.
   */
  onProbeResult(uid: string, type: ProbeType, _container: string, result: ProbeResult, cause: number): void {
    const w = this.byUid.get(uid);
    if (!w || w.terminating) return;
    if ((type === 'liveness' || type === 'startup') && result === 'Failure') {
      this.updatePod(w, cause);
      return;
    }
    if (type === 'readiness' || type === 'startup') {
      this.deps.statuses.set(w.pod, this.generate(w, this.deps.pleg.status(uid), false), cause);
      this.updatePod(w, cause);
    }
  }

  // ---------------------------------------------------------------- syncing

  /** UpdatePod: sync now, or after the sync under way. */
  private updatePod(w: PodWorker, cause: number): void {
    if (!this.deps.running() || w.terminating) return;
    if (w.terminationRequested) {
      if (!w.working) this.terminate(w, cause);
      return;
    }
    if (w.working) {
      w.pending = cause;
      return;
    }
    this.startSync(w, cause);
  }

  private startSync(w: PodWorker, cause: number): void {
    w.working = true;
    w.machine.send({ type: 'SYNC' }, cause);
    this.deps.pleg.whenNewerThan(w.uid, w.lastSyncTime, (released) => {
      if (!this.deps.running()) return;
      // What the sync sees is what the relist that released it read: it is the sync's cause.
      const by = released !== undefined && released > cause ? released : cause;
      if (w.terminationRequested) {
        w.working = false;
        this.terminate(w, by);
        return;
      }
      this.syncPod(w, by);
    });
  }

  /** Kubelet.SyncPod: the status first, then the runtime's SyncPod. */
  private syncPod(w: PodWorker, cause: number): void {
    const runtime = this.deps.pleg.status(w.uid);
    const status = this.generate(w, runtime, false);
    const seq = this.deps.statuses.set(w.pod, status, cause);
    this.deps.prober.triggerReadiness(w.uid);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      // The pod is done and will not restart: SyncPod returns isTerminal and the worker terminates it.
      w.working = false;
      w.lastSyncTime = this.sim.now;
      this.terminate(w, seq);
      return;
    }
    const step = (s: 'creatingSandbox' | 'ensuringImage' | 'creatingContainer' | 'startingContainer' | 'killingContainer', stepCause: number): number => {
      const event = { creatingSandbox: 'CREATE_SANDBOX', ensuringImage: 'ENSURE_IMAGE', creatingContainer: 'CREATE_CONTAINER', startingContainer: 'START_CONTAINER', killingContainer: 'KILL_CONTAINER' }[s] as 'CREATE_SANDBOX';
      const before = w.machine.stateSeq;
      w.machine.send({ type: event }, stepCause);
      return w.machine.stateSeq !== before ? w.machine.stateSeq : stepCause;
    };
    this.deps.runtime.syncPod({ pod: w.pod, status: runtime, cause: seq, aborted: () => Boolean(w.terminationRequested) || !this.deps.running(), step }, (result, s2) => {
      if (!this.deps.running()) return;
      for (const [name, err] of result.starts) {
        if (err) w.reasons.set(name, err);
        else w.reasons.delete(name);
      }
      this.completeWork(w, result.failed, result.aborted, s2);
    });
  }

  /** completeWork: requeue after an error, then take the update that came meanwhile. */
  private completeWork(w: PodWorker, failed: boolean, aborted: boolean, seq: number): void {
    w.working = false;
    w.lastSyncTime = this.sim.now;
    if (aborted || w.terminationRequested) {
      this.terminate(w, seq);
      return;
    }
    w.machine.send({ type: failed ? 'BACK_OFF' : 'SYNCED' }, seq);
    if (failed) {
      if (w.requeue) this.sim.cancel(w.requeue);
      const due = this.sim.now + BACK_OFF_PERIOD + Math.floor(this.deps.rng.next() * BACK_OFF_JITTER * BACK_OFF_PERIOD);
      const at = this.deps.startedAt + Math.ceil((due - this.deps.startedAt) / SYNC_TICK) * SYNC_TICK;
      const stateSeq = w.machine.stateSeq;
      // A wait, not pending work: a pod backing off does not keep the cluster from being settled.
      w.requeue = this.sim.after(at - this.sim.now, () => {
        w.requeue = undefined;
        this.updatePod(w, stateSeq);
      }, { background: true, label: `${this.actorId} requeue ${w.key}` });
    }
    if (w.pending !== undefined) {
      const next = w.pending;
      w.pending = undefined;
      this.startSync(w, next);
    }
  }

  /** generateAPIPodStatus with the worker's reason cache and the probes' results. */
  private generate(w: PodWorker, runtime: RuntimePodStatus, podIsTerminal: boolean): PodStatus {
    const old = this.deps.statuses.get(w.uid);
    return generateAPIPodStatus({
      pod: w.pod,
      runtime,
      ...(old ?? w.pod.status ? { oldStatus: old ?? w.pod.status } : {}),
      reasons: w.reasons,
      probes: this.deps.prober.probeState(w.uid),
      podIsTerminal,
      hostIP: this.deps.hostIP,
      runtimeName: this.deps.runtimeName,
      now: this.deps.nowUnix(),
    });
  }

  // ---------------------------------------------------------------- termination

  /** podWorkers.UpdatePod with a deletion: terminate now, or as soon as the sync under way stops. */
  private requestTermination(w: PodWorker, cause: number): void {
    if (w.terminationRequested) return;
    w.terminationRequested = true;
    if (!w.working) this.terminate(w, cause);
  }

  /**
   * SyncTerminatingPod: the pod's status read from the runtime (GetPodStatus), killPod (Killing
   * and StopContainer for every running container at once, with the grace period; then
   * StopPodSandbox), the status read again and reported terminal (status manager TerminatePod:
   * a container never seen to end is reported terminated with ContainerStatusUnknown, 137, and a
   * phase that is not terminal becomes Failed).
   */
  private terminate(w: PodWorker, cause: number): void {
    if (w.terminating || !this.deps.running()) return;
    w.terminating = true;
    if (w.requeue) this.sim.cancel(w.requeue);
    this.deps.prober.removePod(w.uid);
    w.machine.send({ type: 'TERMINATE' }, cause);
    const spanSeq = this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'SyncTerminatingPod', dur: 50, ref: refOf(w.pod), cause: w.machine.stateSeq, attrs: { gracePeriod: gracePeriodOf(w.pod) } });
    getPodStatus(this.deps.cri, w.uid, spanSeq, refOf(w.pod), (before, s1) => {
      this.deps.runtime.killPod(w.pod, before, s1, (s2) => {
        w.machine.send({ type: 'CONTAINERS_KILLED' }, s2);
        w.machine.send({ type: 'SANDBOX_STOPPED' }, w.machine.stateSeq);
        getPodStatus(this.deps.cri, w.uid, w.machine.stateSeq, refOf(w.pod), (after, s3) => {
          w.finalRuntime = after;
          this.reportTerminated(w, after, s3);
        });
      });
    });
  }

  /**
   * The end of SyncTerminatingPod and SyncTerminatedPod: the terminal status is patched, the pod
   * cgroup removed, and the status manager, seeing a terminal pod with a deletionTimestamp, sends
   * the final DELETE (grace period 0, the pod's uid as precondition).
   */
  private reportTerminated(w: PodWorker, runtime: RuntimePodStatus, cause: number): void {
    w.terminated = true;
    if (w.removedFromApi) {
      w.machine.send({ type: 'TERMINATED' }, cause);
      this.cleanUpRuntime(w, w.machine.stateSeq);
      return;
    }
    const status = terminatePod(this.generate(w, runtime, true));
    this.deps.statuses.set(w.pod, status, cause, (seq) => {
      w.machine.send({ type: 'TERMINATED' }, seq);
      const cgroupSeq = this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'SyncTerminatedPod', dur: 200, ref: refOf(w.pod), cause: w.machine.stateSeq, attrs: { cgroup: podCgroupParent(w.pod, 'systemd'), action: 'destroy pod cgroup' } });
      this.sim.after(200, () => {
        if (!this.deps.running()) return;
        if (w.pod.metadata.deletionTimestamp) this.sendFinalDelete(w, cgroupSeq);
      });
    });
  }

  private sendFinalDelete(w: PodWorker, cause: number): void {
    if (w.deleteSent || w.removedFromApi) return;
    w.deleteSent = true;
    const pod = w.pod;
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } };
    this.deps.client.request('DELETE', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, { body, cause, ref: refOf(pod) }, (res, d) => {
      if (res.code === 200 || res.code === 404) w.machine.send({ type: 'DELETED' }, d.seq);
    });
  }

  /**
   * HandlePodCleanups and the container garbage collector: the containers (RemoveContainer)
   * and the sandboxes (RemovePodSandbox) of a pod that is terminated and gone from the API.
   */
  private cleanUpRuntime(w: PodWorker, cause: number): void {
    if (this.workers.get(w.key) !== w) return;
    this.workers.delete(w.key);
    this.byUid.delete(w.uid);
    this.deps.statuses.forget(w.uid);
    this.deps.pleg.forget(w.uid);
    const runtime = w.finalRuntime ?? this.deps.pleg.status(w.uid);
    const ids = runtime.containers.map((c) => c.id);
    const sandboxes = runtime.sandboxes.map((s) => s.id);
    const ref = refOf(w.pod);
    const removeSandboxes = (i: number, seq: number): void => {
      const id = sandboxes[i];
      if (id === undefined) return;
      this.deps.cri.call('RemovePodSandbox', { podSandboxId: id }, seq, ref, (_r, d) => removeSandboxes(i + 1, d.seq));
    };
    const step = (i: number, seq: number): void => {
      const id = ids[i];
      if (id === undefined) {
        removeSandboxes(0, seq);
        return;
      }
      this.deps.cri.call('RemoveContainer', { containerId: id }, seq, ref, (_r, d) => step(i + 1, d.seq));
    };
    step(0, cause);
  }
}

/**
 * status_manager.go TerminatePod: every container not seen terminated is reported terminated
 * (ContainerStatusUnknown, exit code 137), and a phase that is not terminal becomes Failed. A pod
 * whose init containers did not all succeed never ran its app containers: those keep waiting.
 */
export function terminatePod(status: PodStatus): PodStatus {
  const unknown = (cs: ContainerStatus): ContainerStatus => ({ ...cs, state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } }, ready: false, started: false });
  const inits = status.initContainerStatuses;
  const initialized = !inits || inits.every((s) => s.state.terminated?.exitCode === 0);
  const out: PodStatus = { ...status };
  if (status.containerStatuses) {
    out.containerStatuses = status.containerStatuses.map((cs) => {
      if (cs.state.terminated) return cs;
      if (!initialized && cs.state.waiting && !cs.lastState.terminated) return cs;
      return unknown(cs);
    });
  }
  if (inits) out.initContainerStatuses = inits.map((cs) => (cs.state.running ? unknown(cs) : cs));
  if (out.phase !== 'Succeeded' && out.phase !== 'Failed') out.phase = 'Failed';
  return out;
}
