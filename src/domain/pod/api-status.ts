import { toRfc3339 } from '../../base/time.ts';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '../k8s/objects.ts';
import { podSandboxChanged, shouldContainerBeRestarted } from './pod-actions.ts';
import { qosClass } from './qos.ts';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-status.ts';

/**
 * The pod status the kubelet reports, from the runtime's view of the pod: kubelet_pods.go
 * generateAPIPodStatus, convertToAPIContainerStatuses and getPhase (1.34), status/generate.go
 * for the conditions, prober/prober_manager.go UpdatePodStatus for `ready` and `started`, and
 * status/status_manager.go for what it keeps from the previous status (lastTransitionTime,
 * startTime).
 *
 * The reason cache (kubelet/reason_cache.go) holds, per container, the error of the last sync
 * that failed to start it (CrashLoopBackOff, ErrImagePull, ImagePullBackOff, RunContainerError…)
 * and its message; a container that should be restarted shows it as its waiting state.
 */

/** The reason cache entry of one container. */
export interface StartFailure {
  reason: string;
  message: string;
}

/**
 * What the probe workers say (prober_manager.go) of a container instance (by name and id):
 * undefined when the container has no such probe; false while its worker has no success for
 * this instance.
 */
export interface ProbeState {
  ready: (containerName: string, containerId: string) => boolean | undefined;
  started: (containerName: string, containerId: string) => boolean | undefined;
}

export interface StatusInputs {
  pod: Pod;
  runtime: RuntimePodStatus;
  /** The status manager's last status for the pod, else the pod's status from the API. */
  oldStatus?: PodStatus;
  /** The reason cache: container name → the error of its last failed start. */
  reasons: ReadonlyMap<string, StartFailure>;
  probes: ProbeState;
  podIsTerminal: boolean;
  hostIP: string;
  /**
   * The runtime's name from its CRI Version answer (containerd, cri-o, docker, rkt): the kubelet
   * types every container ID with it (kubecontainer.ContainerID{Type: runtimeName}).
   */
  runtimeName: string;
  /** Unix µs: the time of this status (lastTransitionTime of changed conditions, startTime). */
  now: number;
}

const ContainerCreating = 'ContainerCreating';
const PodInitializing = 'PodInitializing';

/** RFC 3339 of a Unix µs time, as metav1.Time serializes (seconds). */
export function unixMicrosToRfc3339(us: number): string {
  return toRfc3339('1970-01-01T00:00:00Z', us);
}

function containerIdOf(cs: RuntimeContainerStatus, runtimeName: string): string {
  return `${runtimeName}://${cs.id}`;
}

/** convertContainerStatus: one runtime instance as the API shows it. */
function convertContainerStatus(cs: RuntimeContainerStatus, old: ContainerStatus | undefined, runtimeName: string): ContainerStatus {
  const cid = containerIdOf(cs, runtimeName);
  const status: ContainerStatus = { name: cs.name, state: {}, lastState: {}, ready: false, restartCount: cs.restartCount, image: cs.image, imageID: cs.imageRef, containerID: cid };
  switch (cs.state) {
    case 'running':
      status.state = { running: { startedAt: unixMicrosToRfc3339(cs.startedAt ?? cs.createdAt) } };
      break;
    case 'created':
      status.state = { waiting: {} };
      break;
    case 'exited': {
      const t: NonNullable<ContainerState['terminated']> = { exitCode: cs.exitCode, reason: cs.reason };
      if (cs.message) t.message = cs.message;
      t.startedAt = unixMicrosToRfc3339(cs.startedAt ?? 0);
      t.finishedAt = unixMicrosToRfc3339(cs.finishedAt ?? 0);
      t.containerID = cid;
      status.state = { terminated: t };
      break;
    }
    default:
      if (old?.state.running) {
        status.state = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
        status.restartCount = old.restartCount + 1;
      } else status.state = { waiting: {} };
  }
  return status;
}

/** convertToAPIContainerStatuses for one list (app or init containers), in spec order. */
export function convertToAPIContainerStatuses(inputs: StatusInputs, previous: readonly ContainerStatus[] | undefined, containers: readonly Container[], isInit: boolean): ContainerStatus[] {
  const { pod, runtime } = inputs;
  const hasInit = (pod.spec.initContainers ?? []).length > 0;
  const oldByName = new Map((previous ?? []).map((s) => [s.name, s]));
  const defaultWaiting: ContainerState = { waiting: { reason: hasInit ? PodInitializing : ContainerCreating } };
  const statuses = new Map<string, ContainerStatus>();
  for (const c of containers) {
    const old = oldByName.get(c.name);
    let status: ContainerStatus = { name: c.name, state: defaultWaiting, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '' };
    if (old) {
      if (old.state.terminated) status = structuredCloneStatus(old);
      else {
        status.restartCount = old.restartCount;
        status.lastState = old.lastState;
      }
    }
    statuses.set(c.name, status);
  }
  // A container that used to run and that the runtime no longer lists terminated unseen.
  for (const c of containers) {
    if (runtime.containers.some((cs) => cs.name === c.name)) continue;
    const old = oldByName.get(c.name);
    if (!old || old.state.terminated || !old.state.running) continue;
    const status = statuses.get(c.name) as ContainerStatus;
    const isDefault = status.state.waiting?.reason === (hasInit ? PodInitializing : ContainerCreating);
    if (!isDefault || status.lastState.terminated) continue;
    status.lastState = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' } };
    if (!pod.metadata.deletionTimestamp) status.restartCount += 1;
  }
  // The newest instance gives the state, the one before it lastState.
  const seen = new Map<string, number>();
  for (const cs of runtime.containers) {
    const current = statuses.get(cs.name);
    if (!current) continue;
    const n = seen.get(cs.name) ?? 0;
    if (n >= 2) continue;
    const converted = convertContainerStatus(cs, oldByName.get(cs.name), inputs.runtimeName);
    if (n === 0) statuses.set(cs.name, converted);
    else current.lastState = converted.state;
    seen.set(cs.name, n + 1);
  }
  // A container to be started again shows why its last start failed.
  for (const c of containers) {
    if (isInit) {
      const s = runtime.containers.find((cs) => cs.name === c.name);
      if (s && s.state === 'exited' && s.exitCode === 0) continue;
    }
    if (!shouldContainerBeRestarted(c, pod, runtime)) continue;
    const reason = inputs.reasons.get(c.name);
    if (!reason) continue;
    const status = statuses.get(c.name) as ContainerStatus;
    if (status.state.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: reason.reason, message: reason.message } };
  }
  return containers.map((c) => applyProbes(statuses.get(c.name) as ContainerStatus, inputs.probes, isInit));
}

function structuredCloneStatus(s: ContainerStatus): ContainerStatus {
  return JSON.parse(JSON.stringify(s)) as ContainerStatus;
}

/** prober_manager.go UpdatePodStatus: `started` and `ready` from the probe workers. */
function applyProbes(status: ContainerStatus, probes: ProbeState, isInit: boolean): ContainerStatus {
  const id = status.containerID?.replace(/^[^:]*:\/\//, '') ?? '';
  const running = status.state.running !== undefined;
  const started = running && (probes.started(status.name, id) ?? true);
  status.started = started;
  if (isInit) {
    status.ready = status.state.terminated?.exitCode === 0;
    return status;
  }
  status.ready = started && (probes.ready(status.name, id) ?? true);
  return status;
}

/** HasAnyRegularContainerStarted (container/helpers.go): an app container runs or has terminated. */
function hasAnyRegularContainerStarted(pod: Pod, statuses: readonly ContainerStatus[]): boolean {
  return pod.spec.containers.some((c) => {
    const s = statuses.find((x) => x.name === c.name);
    return s !== undefined && (s.state.running !== undefined || s.state.terminated !== undefined);
  });
}

/** getPhase (kubelet_pods.go), for pods without restartable init containers. */
export function getPhase(pod: Pod, info: readonly ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const spec = pod.spec;
  let pendingInitialization = 0;
  let failedInitialization = 0;
  const byName = (name: string): ContainerStatus | undefined => info.find((s) => s.name === name);
  for (const c of spec.initContainers ?? []) {
    const s = byName(c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state.running) pendingInitialization++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.containers) {
    const s = byName(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  const anyRegularStarted = hasAnyRegularContainerStarted(pod, info);
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** The Go %s of a []string: "[a b]". */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False' };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** GenerateContainersReadyCondition. */
export function containersReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return condition('ContainersReady', false, 'PodCompleted');
  if (phase === 'Failed') return condition('ContainersReady', false, 'PodFailed');
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return condition('ContainersReady', false, 'ContainersNotReady', msgs.join(', '));
  return condition('ContainersReady', true);
}

/** GeneratePodReadyCondition (readiness gates are not modelled). */
export function podReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): PodCondition {
  const cr = containersReadyCondition(pod, statuses, phase);
  return { ...cr, type: 'Ready' };
}

/** GeneratePodInitializedCondition. */
export function podInitializedCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec.initContainers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return condition('Initialized', true, 'PodCompleted');
  if (hasAnyRegularContainerStarted(pod, statuses)) return condition('Initialized', true);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return condition('Initialized', false, 'ContainersNotInitialized', msgs.join(', '));
  return condition('Initialized', true);
}

/** The kubelet-owned condition types (kubetypes.PodConditionByKubelet). */
const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

/**
 * generateAPIPodStatus, with the status manager's bookkeeping: a condition keeps its
 * lastTransitionTime while its status stays the same, startTime is set once.
 */
export function generateAPIPodStatus(inputs: StatusInputs): PodStatus {
  const { pod, runtime } = inputs;
  const old = inputs.oldStatus ?? pod.status ?? {};
  const containerStatuses = convertToAPIContainerStatuses(inputs, old.containerStatuses, pod.spec.containers, false);
  const initContainers = pod.spec.initContainers ?? [];
  const initContainerStatuses = initContainers.length ? convertToAPIContainerStatuses(inputs, old.initContainerStatuses, initContainers, true) : undefined;
  const all = [...containerStatuses, ...(initContainerStatuses ?? [])];
  let phase = getPhase(pod, all, inputs.podIsTerminal);
  // Terminal phases are kept: a pod never leaves Succeeded or Failed.
  if (phase !== 'Failed' && phase !== 'Succeeded') {
    if (old.phase === 'Failed' || old.phase === 'Succeeded') phase = old.phase;
    else if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') phase = pod.status.phase;
  }
  const nowIso = unixMicrosToRfc3339(inputs.now);
  const stamp = (c: PodCondition): PodCondition => {
    const before = (old.conditions ?? []).find((x) => x.type === c.type);
    return { ...c, lastProbeTime: null, lastTransitionTime: before && before.status === c.status ? (before.lastTransitionTime ?? nowIso) : nowIso };
  };
  const kept = (pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type) && c.type !== 'PodScheduled');
  const allForInit = [...(initContainerStatuses ?? []), ...containerStatuses];
  const conditions: PodCondition[] = [
    ...kept,
    stamp(condition('PodReadyToStartContainers', !podSandboxChanged(pod, runtime).changed)),
    stamp(podInitializedCondition(pod, allForInit, phase)),
    stamp(podReadyCondition(pod, allForInit, phase)),
    stamp(containersReadyCondition(pod, allForInit, phase)),
    (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowIso },
  ];
  const sandbox = runtime.sandboxes[0];
  const podIP = pod.spec.hostNetwork ? inputs.hostIP : (sandbox?.ip || old.podIP || '');
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: inputs.hostIP,
    hostIPs: [{ ip: inputs.hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: old.startTime ?? nowIso,
    ...(initContainerStatuses ? { initContainerStatuses } : {}),
    containerStatuses,
    qosClass: qosClass(pod),
  };
  if (phase === old.phase) {
    if (old.reason) status.reason = old.reason;
    if (old.message) status.message = old.message;
  }
  return status;
}
