import type { Container, Pod } from '../k8s/objects.ts';
import { findContainerStatus, type RuntimeContainerStatus, type RuntimePodStatus } from './runtime-status.ts';

/**
 * What a sync of the pod worker must do, from the pod spec and the runtime's view of the pod:
 * kuberuntime_manager.go computePodActions (with runtimeutil.PodSandboxChanged and
 * findNextInitContainerToRun, the path for pods without restartable init containers) and
 * container/helpers.go ShouldContainerBeRestarted, as in 1.34 with the ContainerRestartRules
 * gate off (its default): only the pod's restartPolicy counts.
 *
 * Sidecars (init containers with restartPolicy: Always) are not modelled: they are treated as
 * regular init containers.
 */

export interface KillInfo {
  name: string;
  containerId: string;
  /** "Container web failed liveness probe, will be restarted"… */
  message: string;
  reason: 'LivenessProbe' | 'StartupProbe' | 'Unknown' | '';
}

export interface PodActions {
  /** Stop every container and the sandbox. */
  killPod: boolean;
  createSandbox: boolean;
  /** The existing sandbox (to start containers in). */
  sandboxId: string;
  /** The sandbox attempt to create. */
  attempt: number;
  nextInitContainerToStart?: Container;
  /** Indexes into pod.spec.containers, in spec order. */
  containersToStart: number[];
  containersToKill: KillInfo[];
}

/** What the probes say of each running container, by container id (prober/results). */
export interface ProbeVerdicts {
  liveness: (containerId: string) => 'Success' | 'Failure' | undefined;
  startup: (containerId: string) => 'Success' | 'Failure' | 'Unknown' | undefined;
}

const NO_VERDICTS: ProbeVerdicts = { liveness: () => undefined, startup: () => undefined };

/** shouldRestartOnFailure: every policy but Never. */
export function shouldRestartOnFailure(pod: Pod): boolean {
  return (pod.spec.restartPolicy ?? 'Always') !== 'Never';
}

/** ShouldContainerBeRestarted (container/helpers.go). */
export function shouldContainerBeRestarted(container: Container, pod: Pod, status: RuntimePodStatus): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const s = findContainerStatus(status, container.name);
  if (!s) return true;
  if (s.state === 'running') return false;
  if (s.state === 'unknown' || s.state === 'created') return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && s.exitCode === 0) return false;
  return true;
}

/** isInitContainerFailed (kuberuntime_container.go). */
export function isInitContainerFailed(s: RuntimeContainerStatus): boolean {
  if (s.reason.includes('OOMKilled')) return true;
  if (s.state === 'exited' && s.exitCode !== 0) return true;
  return s.state === 'unknown';
}

/**
 * findNextInitContainerToRun: the last failed init container (to run again), else the one after
 * the last that exited, else the first; `done` once all have run (or an app container runs).
 */
export function findNextInitContainerToRun(pod: Pod, status: RuntimePodStatus): { last?: RuntimeContainerStatus; next?: Container; done: boolean } {
  const inits = pod.spec.initContainers ?? [];
  if (inits.length === 0) return { done: true };
  if (pod.spec.containers.some((c) => findContainerStatus(status, c.name)?.state === 'running')) return { done: true };
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = findContainerStatus(status, (inits[i] as Container).name);
    if (s && isInitContainerFailed(s)) return { last: s, next: inits[i] as Container, done: false };
  }
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = findContainerStatus(status, (inits[i] as Container).name);
    if (!s) continue;
    if (s.state === 'running') return { done: false };
    if (s.state === 'exited') {
      if (i === inits.length - 1) return { done: true };
      return { next: inits[i + 1] as Container, done: false };
    }
  }
  return { next: inits[0] as Container, done: false };
}

/** PodSandboxChanged (kuberuntime/util): whether a (new) sandbox is needed, its attempt and the current one. */
export function podSandboxChanged(pod: Pod, status: RuntimePodStatus): { changed: boolean; attempt: number; sandboxId: string } {
  const newest = status.sandboxes[0];
  if (!newest) return { changed: true, attempt: 0, sandboxId: '' };
  const ready = status.sandboxes.filter((s) => s.ready).length;
  if (ready > 1 || !newest.ready) return { changed: true, attempt: newest.attempt + 1, sandboxId: newest.id };
  if (!pod.spec.hostNetwork && newest.ip === '') return { changed: true, attempt: newest.attempt + 1, sandboxId: newest.id };
  return { changed: false, attempt: newest.attempt, sandboxId: newest.id };
}

/** computePodActions. */
export function computePodActions(pod: Pod, status: RuntimePodStatus, probes: ProbeVerdicts = NO_VERDICTS): PodActions {
  const sandbox = podSandboxChanged(pod, status);
  const actions: PodActions = { killPod: sandbox.changed, createSandbox: sandbox.changed, sandboxId: sandbox.sandboxId, attempt: sandbox.attempt, containersToStart: [], containersToKill: [] };
  const containers = pod.spec.containers;

  if (sandbox.changed) {
    // A pod that is done and must not restart gets no new sandbox.
    if (!shouldRestartOnFailure(pod) && sandbox.attempt !== 0 && status.containers.length !== 0) {
      actions.createSandbox = false;
      return actions;
    }
    const toStart = containers.map((_, i) => i).filter((i) => !(pod.spec.restartPolicy === 'OnFailure' && succeeded(containers[i] as Container, status)));
    if (toStart.length === 0 && findNextInitContainerToRun(pod, status).done) {
      actions.createSandbox = false;
      return actions;
    }
    const inits = pod.spec.initContainers ?? [];
    if (inits.length > 0) {
      actions.nextInitContainerToStart = inits[0] as Container;
      return actions;
    }
    actions.containersToStart = toStart;
    return actions;
  }

  const init = findNextInitContainerToRun(pod, status);
  if (!init.done) {
    if (init.next) {
      const failed = init.last !== undefined && isInitContainerFailed(init.last);
      if (failed && !shouldRestartOnFailure(pod)) actions.killPod = true;
      else {
        if (init.last?.state === 'unknown') actions.containersToKill.push({ name: init.next.name, containerId: init.last.id, message: `Init container is in "unknown" state, try killing it before restart`, reason: 'Unknown' });
        actions.nextInitContainerToStart = init.next;
      }
    }
    return actions;
  }

  let keepCount = 0;
  containers.forEach((c, idx) => {
    const s = findContainerStatus(status, c.name);
    if (!s || s.state !== 'running') {
      if (shouldContainerBeRestarted(c, pod, status)) {
        actions.containersToStart.push(idx);
        if (s?.state === 'unknown') actions.containersToKill.push({ name: c.name, containerId: s.id, message: `Container is in "unknown" state, try killing it before restart`, reason: 'Unknown' });
      }
      return;
    }
    let message: string;
    let reason: KillInfo['reason'];
    if (probes.liveness(s.id) === 'Failure') {
      message = `Container ${c.name} failed liveness probe`;
      reason = 'LivenessProbe';
    } else if (probes.startup(s.id) === 'Failure') {
      message = `Container ${c.name} failed startup probe`;
      reason = 'StartupProbe';
    } else {
      keepCount++;
      return;
    }
    if (shouldRestartOnFailure(pod)) {
      message = `${message}, will be restarted`;
      actions.containersToStart.push(idx);
    }
    actions.containersToKill.push({ name: c.name, containerId: s.id, message, reason });
  });
  if (keepCount === 0 && actions.containersToStart.length === 0) actions.killPod = true;
  return actions;
}

function succeeded(c: Container, status: RuntimePodStatus): boolean {
  const s = findContainerStatus(status, c.name);
  return s !== undefined && s.state === 'exited' && s.exitCode === 0;
}
