import type { Micros } from '../../../base/time.ts';
import { containerConfig, createContainerRequest, podCgroupParent, runPodSandboxRequest } from '../../../domain/cri/requests.ts';
import { backOffRestartingContainer, containerError, containerFieldPath, crashLoopBackOffMessage, createdContainer, failedCreatePodSandBox, killingContainer, sandboxChanged, startedContainer, type EventSpec } from '../../../domain/events/messages.ts';
import type { Container, Pod } from '../../../domain/k8s/objects.ts';
import { Backoff, crashLoopBackOffParams } from '../../../domain/pod/backoff.ts';
import { computePodActions, type KillInfo, type ProbeVerdicts } from '../../../domain/pod/pod-actions.ts';
import type { RuntimePodStatus } from '../../../domain/pod/runtime-status.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import { grpcMessage, type CriClient } from './cri-client.ts';
import type { KubeletEventSink } from './event-sink.ts';
import type { ImageManager, StartError } from './image-manager.ts';

/** minimumGracePeriodInSeconds (kuberuntime_container.go): every container gets at least 2 s. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** One SyncPod of the runtime manager, as the pod worker runs it. */
export interface RuntimeSync {
  pod: Pod;
  status: RuntimePodStatus;
  cause: number;
  /** The pod is to terminate: SyncPod's context is cancelled, the next step is not taken. */
  aborted: () => boolean;
  /** The pod worker's state for the step under way; returns the seq that causes the step's call. */
  step: (state: 'creatingSandbox' | 'ensuringImage' | 'creatingContainer' | 'startingContainer' | 'killingContainer', cause: number) => number;
}

export interface RuntimeSyncResult {
  /** StartContainer results by container name: the error, or null when it started (the reason cache). */
  starts: Map<string, StartError | null>;
  /** Any step failed (completeWork requeues after the back-off period). */
  failed: boolean;
  aborted: boolean;
}

/** The pod's containers (init and app) by name. */
function specOf(pod: Pod, name: string): { container: Container; isInit: boolean } | undefined {
  const init = (pod.spec.initContainers ?? []).find((c) => c.name === name);
  if (init) return { container: init, isInit: true };
  const app = pod.spec.containers.find((c) => c.name === name);
  return app ? { container: app, isInit: false } : undefined;
}

/** setTerminationGracePeriod: deletionGracePeriodSeconds, else the pod's, at least 2 s. */
export function gracePeriodOf(pod: Pod): number {
  const g = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(g, MINIMUM_GRACE_PERIOD_SECONDS);
}

/**
 * The runtime manager's SyncPod (pkg/kubelet/kuberuntime/kuberuntime_manager.go, 1.34):
 * computePodActions, then kill what must not run (Killing events with the reason, StopContainer
 * with the grace period), create the sandbox when needed (RunPodSandbox, PodSandboxStatus for
 * the IP), start the next init container — or every app container to start, in spec order. Each
 * start (startContainer in kuberuntime_container.go) first checks the CrashLoopBackOff back-off
 * (doBackOff, keyed by the newest exited instance's finishedAt), then EnsureImageExists,
 * CreateContainer with attempt = restartCount, `Created`, StartContainer, `Started`; a failure is
 * a `Failed` event "Error: …" and the container's start error.
 */
export class KubeRuntimeManager {
  readonly crashLoopBackOff = new Backoff(crashLoopBackOffParams());

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cri: CriClient,
    private readonly events: KubeletEventSink,
    private readonly images: ImageManager,
    private readonly deps: { verdicts: (uid: string) => ProbeVerdicts; nowUnix: () => Micros; podIP: (pod: Pod) => string },
  ) {}

  syncPod(sync: RuntimeSync, done: (result: RuntimeSyncResult, seq: number) => void): void {
    const { pod, status } = sync;
    const result: RuntimeSyncResult = { starts: new Map(), failed: false, aborted: false };
    const actions = computePodActions(pod, status, this.deps.verdicts(pod.metadata.uid ?? ''));
    const seq0 = this.sim.recorder.record({
      kind: 'span',
      actor: this.actorId,
      op: 'computePodActions',
      dur: 0,
      ref: refOf(pod),
      cause: sync.cause,
      attrs: {
        killPod: actions.killPod,
        createSandbox: actions.createSandbox,
        attempt: actions.attempt,
        ...(actions.nextInitContainerToStart ? { nextInitContainerToStart: actions.nextInitContainerToStart.name } : {}),
        containersToStart: actions.containersToStart.map((i) => pod.spec.containers[i]?.name),
        containersToKill: actions.containersToKill.map((k) => k.name),
      },
    });
    const finish = (seq: number): void => done(result, seq);
    const abort = (seq: number): boolean => {
      if (!sync.aborted()) return false;
      result.aborted = true;
      finish(seq);
      return true;
    };
    let seq = seq0;
    if (actions.createSandbox && actions.sandboxId) seq = this.events.record(pod, sandboxChanged(), seq);
    if (actions.killPod && !actions.createSandbox) {
      this.killPod(pod, status, seq, (s) => finish(s));
      return;
    }
    const killNext = (i: number, s: number): void => {
      const k = actions.containersToKill[i];
      if (!k) {
        afterKills(s);
        return;
      }
      this.killContainer(pod, k, sync.step('killingContainer', s), (s2) => {
        if (abort(s2)) return;
        killNext(i + 1, s2);
      });
    };
    const afterKills = (s: number): void => {
      if (!actions.createSandbox) {
        startAll(actions.sandboxId, status.sandboxes[0]?.ip ?? '', s);
        return;
      }
      const request = runPodSandboxRequest(pod, { attempt: actions.attempt, cgroupParent: podCgroupParent(pod, 'systemd') });
      this.cri.call('RunPodSandbox', request, sync.step('creatingSandbox', s), refOf(pod), (res, d) => {
        if (res.error) {
          result.failed = true;
          finish(this.events.record(pod, failedCreatePodSandBox(grpcMessage(res.error)), d.seq));
          return;
        }
        if (abort(d.seq)) return;
        const sandboxId = res.podSandboxId as string;
        this.cri.call('PodSandboxStatus', { podSandboxId: sandboxId, verbose: false }, d.seq, refOf(pod), (st, d2) => {
          if (abort(d2.seq)) return;
          const ip = (st.status as { network?: { ip?: string } } | undefined)?.network?.ip ?? '';
          startAll(sandboxId, ip, d2.seq);
        });
      });
    };
    const startAll = (sandboxId: string, podIP: string, s: number): void => {
      const sandboxConfig = (runPodSandboxRequest(pod, { attempt: actions.attempt, cgroupParent: podCgroupParent(pod, 'systemd') }) as { config: Record<string, unknown> }).config;
      const ip = pod.spec.hostNetwork ? this.deps.podIP(pod) : podIP;
      if (actions.nextInitContainerToStart) {
        this.start(sync, actions.nextInitContainerToStart, true, sandboxId, ip, sandboxConfig, s, (err, s2) => {
          result.starts.set(actions.nextInitContainerToStart?.name ?? '', err);
          if (err) result.failed = true;
          finish(s2);
        });
        return;
      }
      const next = (i: number, s2: number): void => {
        const idx = actions.containersToStart[i];
        const c = idx === undefined ? undefined : pod.spec.containers[idx];
        if (!c) {
          finish(s2);
          return;
        }
        this.start(sync, c, false, sandboxId, ip, sandboxConfig, s2, (err, s3) => {
          result.starts.set(c.name, err);
          if (err) result.failed = true;
          if (result.aborted) {
            finish(s3);
            return;
          }
          next(i + 1, s3);
        });
      };
      next(0, s);
    };
    killNext(0, seq);
  }

  /** The start function of SyncPod: doBackOff, then startContainer. */
  private start(sync: RuntimeSync, c: Container, isInit: boolean, sandboxId: string, podIP: string, sandboxConfig: Record<string, unknown>, cause: number, then: (err: StartError | null, seq: number) => void): void {
    const { pod, status } = sync;
    const fieldPath = containerFieldPath(c.name, isInit ? 'initContainers' : 'containers');
    const fail = (spec: EventSpec | undefined, err: StartError, seq: number): void => then(err, spec ? this.events.record(pod, spec, seq, fieldPath) : seq);
    // doBackOff: the newest exited instance's finishedAt starts the window.
    const exited = status.containers.find((s) => s.name === c.name && s.state === 'exited');
    if (exited) {
      const key = `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? 'default'}_${pod.metadata.uid ?? ''}_${c.name}_${c.image}`;
      const ts = exited.finishedAt ?? exited.createdAt;
      const now = this.deps.nowUnix();
      if (this.crashLoopBackOff.isInBackOffSince(key, ts, now)) {
        const who = { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid ?? '' };
        fail(backOffRestartingContainer(c.name, who), { reason: 'CrashLoopBackOff', message: crashLoopBackOffMessage(this.crashLoopBackOff.get(key), c.name, who) }, cause);
        return;
      }
      this.crashLoopBackOff.next(key, ts, now);
    }
    this.images.ensureImageExists(pod, c, fieldPath, sandboxConfig, sync.step('ensuringImage', cause), (image, s1) => {
      if ('reason' in image) {
        fail(containerError(image.reason), image, s1);
        return;
      }
      if (sync.aborted()) {
        then(null, s1);
        return;
      }
      // restartCount: the newest instance's + 1 (its annotation), 0 for the first.
      const newest = status.containers.find((s) => s.name === c.name);
      const restartCount = newest ? newest.restartCount + 1 : 0;
      const config = containerConfig(pod, c, { restartCount, imageRef: image.imageRef, ...(podIP ? { podIP } : {}) });
      this.cri.call('CreateContainer', createContainerRequest(sandboxId, config, sandboxConfig), sync.step('creatingContainer', s1), refOf(pod), (res, d) => {
        if (res.error) {
          const message = grpcMessage(res.error);
          fail(containerError(message), { reason: 'CreateContainerError', message }, d.seq);
          return;
        }
        const createdSeq = this.events.record(pod, createdContainer(c.name), d.seq, fieldPath);
        if (sync.aborted()) {
          then(null, createdSeq);
          return;
        }
        this.cri.call('StartContainer', { containerId: res.containerId as string }, sync.step('startingContainer', createdSeq), refOf(pod), (r2, d2) => {
          if (r2.error) {
            const message = grpcMessage(r2.error);
            fail(containerError(message), { reason: 'RunContainerError', message }, d2.seq);
            return;
          }
          then(null, this.events.record(pod, startedContainer(c.name), d2.seq, fieldPath));
        });
      });
    });
  }

  /** killContainer (kuberuntime_container.go): the Killing event, then StopContainer with the grace period. */
  killContainer(pod: Pod, k: KillInfo, cause: number, then: (seq: number) => void): void {
    const spec = specOf(pod, k.name);
    const fieldPath = containerFieldPath(k.name, spec?.isInit ? 'initContainers' : 'containers');
    const event = k.reason === 'LivenessProbe' ? killingContainer(k.name, 'liveness') : k.reason === 'StartupProbe' ? killingContainer(k.name, 'startup') : k.message ? { ...killingContainer(k.name), message: k.message } : killingContainer(k.name);
    const seq = this.events.record(pod, event, cause, fieldPath);
    this.cri.call('StopContainer', { containerId: k.containerId, timeout: gracePeriodOf(pod) }, seq, refOf(pod), (_res, d) => then(d.seq));
  }

  /**
   * killPodWithSyncResult: every running container at once ("Stopping container <name>",
   * StopContainer with the grace period), then StopPodSandbox for each sandbox.
   */
  killPod(pod: Pod, status: RuntimePodStatus, cause: number, then: (seq: number) => void): void {
    const running = status.containers.filter((c) => c.state === 'running' || c.state === 'created' || c.state === 'unknown');
    let pending = running.length;
    let last = cause;
    const stopSandboxes = (i: number, s: number): void => {
      const sb = status.sandboxes[i];
      if (!sb) {
        then(s);
        return;
      }
      this.cri.call('StopPodSandbox', { podSandboxId: sb.id }, s, refOf(pod), (_r, d) => stopSandboxes(i + 1, d.seq));
    };
    if (pending === 0) {
      stopSandboxes(0, cause);
      return;
    }
    for (const c of running) {
      this.killContainer(pod, { name: c.name, containerId: c.id, message: '', reason: '' }, cause, (s) => {
        last = Math.max(last, s);
        if (--pending === 0) stopSandboxes(0, last);
      });
    }
  }
}
