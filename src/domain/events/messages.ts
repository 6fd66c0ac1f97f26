import type { Micros } from '../../base/time.ts';
import { goDuration, isoToMicros, truncateMicros } from '../k8s/duration.ts';

export { goDuration } from '../k8s/duration.ts';

/**
 * Kubernetes Events with the real reasons, wording and source components, modelled on the
 * current release (1.34). Where the wording changed across releases, the builder says so and
 * takes a `minor` version. Sources read:
 * - kubelet: pkg/kubelet/events/event.go (reasons), pkg/kubelet/images/image_manager.go (pull
 *   events), pkg/kubelet/kuberuntime/kuberuntime_container.go (Created, Started, Killing),
 *   kuberuntime_manager.go (BackOff, liveness kill messages), pkg/kubelet/prober (Unhealthy).
 * - scheduler: pkg/scheduler/schedule_one.go (Scheduled), framework/types.go FitError.Error().
 * - controllers: pkg/controller/controller_utils.go (SuccessfulCreate/Delete),
 *   pkg/controller/deployment/sync.go (ScalingReplicaSet).
 */

export type EventType = 'Normal' | 'Warning';

/** What the simulator needs to record an Event. */
export interface EventSpec {
  type: EventType;
  reason: string;
  message: string;
  /** source.component (core/v1) or reportingController (events.k8s.io/v1). */
  component: string;
  /** events.k8s.io/v1 `action`, for components that use the new Events API (the scheduler). */
  action?: string;
}

/** The component names events are reported by (what `kubectl describe`'s "From" column shows). */
export const EventComponent = {
  scheduler: 'default-scheduler',
  kubelet: 'kubelet',
  replicaSetController: 'replicaset-controller',
  deploymentController: 'deployment-controller',
  nodeController: 'node-controller',
  taintEvictionController: 'taint-eviction-controller',
} as const;

/** Event reasons (the constants of pkg/kubelet/events and the controllers). */
export const EventReason = {
  // scheduler
  Scheduled: 'Scheduled',
  FailedScheduling: 'FailedScheduling',
  Preempted: 'Preempted',
  // kubelet, images
  Pulling: 'Pulling',
  Pulled: 'Pulled',
  /** FailedToPullImage, FailedToCreateContainer and FailedToStartContainer all use "Failed". */
  Failed: 'Failed',
  InspectFailed: 'InspectFailed',
  ErrImageNeverPull: 'ErrImageNeverPull',
  /** BackOffPullImage and BackOffStartContainer both use "BackOff". */
  BackOff: 'BackOff',
  // kubelet, containers
  Created: 'Created',
  Started: 'Started',
  Killing: 'Killing',
  Preempting: 'Preempting',
  ExceededGracePeriod: 'ExceededGracePeriod',
  Unhealthy: 'Unhealthy',
  ProbeWarning: 'ProbeWarning',
  // kubelet, pods and sandboxes
  SandboxChanged: 'SandboxChanged',
  FailedCreatePodSandBox: 'FailedCreatePodSandBox',
  FailedKillPod: 'FailedKillPod',
  FailedSync: 'FailedSync',
  // kubelet, node
  Starting: 'Starting',
  NodeReady: 'NodeReady',
  NodeNotReady: 'NodeNotReady',
  NodeHasSufficientMemory: 'NodeHasSufficientMemory',
  NodeHasNoDiskPressure: 'NodeHasNoDiskPressure',
  NodeHasSufficientPID: 'NodeHasSufficientPID',
  NodeAllocatableEnforced: 'NodeAllocatableEnforced',
  // node lifecycle / taint eviction
  RegisteredNode: 'RegisteredNode',
  TaintManagerEviction: 'TaintManagerEviction',
  // controllers
  SuccessfulCreate: 'SuccessfulCreate',
  FailedCreate: 'FailedCreate',
  SuccessfulDelete: 'SuccessfulDelete',
  FailedDelete: 'FailedDelete',
  ScalingReplicaSet: 'ScalingReplicaSet',
} as const;

/** The release whose wording the builders use by default. */
export const DEFAULT_MINOR_VERSION = 34;

const q = (s: string): string => JSON.stringify(s);

/** format.Pod (pkg/kubelet/util/format): 'web-1_default(3f2c…)', used in kubelet messages. */
export function formatPodForKubelet(pod: { name: string; namespace: string; uid: string }): string {
  return `${pod.name}_${pod.namespace}(${pod.uid})`;
}

/** involvedObject.fieldPath of a container event: 'spec.containers{web}', 'spec.initContainers{init}'. */
export function containerFieldPath(name: string, kind: 'containers' | 'initContainers' | 'ephemeralContainers' = 'containers'): string {
  return `spec.${kind}{${name}}`;
}

/**
 * The name client-go gives a core/v1 Event: '<object name>.<UnixNano in hex>'
 * (tools/record/event.go makeEvent).
 */
export function eventName(objectName: string, unixNanos: bigint): string {
  return `${objectName}.${unixNanos.toString(16)}`;
}

/** eventName at simulated time t (µs since the trace origin). */
export function eventNameAt(objectName: string, originIso: string, t: Micros): string {
  return eventName(objectName, (BigInt(isoToMicros(originIso)) + BigInt(Math.trunc(t))) * 1000n);
}

// ---- scheduler -------------------------------------------------------------------------------

/** Scheduled: `Successfully assigned default/web-1 to node-1`. */
export function scheduled(namespace: string, pod: string, node: string): EventSpec {
  return {
    type: 'Normal',
    reason: EventReason.Scheduled,
    message: `Successfully assigned ${namespace}/${pod} to ${node}`,
    component: EventComponent.scheduler,
    action: 'Binding',
  };
}

/** Sorted "<count> <reason>" pieces (sortReasonsHistogram). */

/** The FitError message itself is built by the scheduler kernel (domain/scheduler/fit-error.ts). */

/** FailedScheduling (Warning), with the FitError message. */
export function failedScheduling(message: string): EventSpec {
  return { type: 'Warning', reason: EventReason.FailedScheduling, message, component: EventComponent.scheduler, action: 'Scheduling' };
}

// ---- kubelet: images -------------------------------------------------------------------------

/** Pulling: `Pulling image "nginx:1.27"` (the image as written in the pod spec). */
export function pullingImage(image: string): EventSpec {
  return { type: 'Normal', reason: EventReason.Pulling, message: `Pulling image ${q(image)}`, component: EventComponent.kubelet };
}

/**
 * Pulled after a pull: `Successfully pulled image "nginx:1.27" in 1.403s (1.403s including
 * waiting). Image size: 72099501 bytes.` Both durations are truncated to milliseconds and printed
 * as Go durations ("853ms", "1.403s", "1m2.5s"): the first is the pull itself, the second
 * includes the time queued behind other pulls. (version) "Image size" was added in 1.30; before
 * that the message ended after "including waiting)".
 */
export function pulledImage(image: string, pullMicros: Micros, totalMicros: Micros, sizeBytes: number): EventSpec {
  const pull = goDuration(truncateMicros(pullMicros, 1000));
  const total = goDuration(truncateMicros(totalMicros, 1000));
  return {
    type: 'Normal',
    reason: EventReason.Pulled,
    message: `Successfully pulled image ${q(image)} in ${pull} (${total} including waiting). Image size: ${sizeBytes} bytes.`,
    component: EventComponent.kubelet,
  };
}

/**
 * Pulled without a pull (IfNotPresent and the image is there): `Container image "nginx:1.27"
 * already present on machine`. With the KubeletEnsureSecretPulledImages gate (alpha in 1.33)
 * the kubelet says "… already present on machine and can be accessed by the pod".
 */
export function imageAlreadyPresent(image: string, opts: { ensureSecretPulledImages?: boolean } = {}): EventSpec {
  const suffix = opts.ensureSecretPulledImages ? ' and can be accessed by the pod' : '';
  return {
    type: 'Normal',
    reason: EventReason.Pulled,
    message: `Container image ${q(image)} already present on machine${suffix}`,
    component: EventComponent.kubelet,
  };
}

/** Failed (Warning): `Failed to pull image "nginx:1.99": <error from the runtime>`. */
export function failedToPullImage(image: string, error: string): EventSpec {
  return { type: 'Warning', reason: EventReason.Failed, message: `Failed to pull image ${q(image)}: ${error}`, component: EventComponent.kubelet };
}

/**
 * containerd's error for a tag the registry doesn't have, as the kubelet prints it inside
 * "Failed to pull image": rpc error: code = NotFound desc = failed to pull and unpack image …
 */
export function imageNotFoundError(normalizedRef: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image ${q(normalizedRef)}: failed to resolve reference ${q(normalizedRef)}: ${normalizedRef}: not found`;
}

/**
 * The waiting message of a container in ImagePullBackOff (images/image_manager.go, since 1.32):
 * `Back-off pulling image "nginx:1.99": ErrImagePull: <the last pull error>`; without a stored
 * pull error, just `Back-off pulling image "nginx:1.99"` (also the BackOff event's message).
 */
export function imagePullBackOffMessage(image: string, lastPullError?: string): string {
  const msg = `Back-off pulling image ${q(image)}`;
  return lastPullError ? `${msg}: ErrImagePull: ${lastPullError}` : msg;
}

/** Failed (Warning) `Error: ErrImagePull` / `Error: ImagePullBackOff` / `Error: CreateContainerConfigError`… */
export function containerError(errorName: string): EventSpec {
  return { type: 'Warning', reason: EventReason.Failed, message: `Error: ${errorName}`, component: EventComponent.kubelet };
}

/** BackOff (Normal) while an image pull is backing off: `Back-off pulling image "nginx:1.99"`. */
export function backOffPullingImage(image: string): EventSpec {
  return { type: 'Normal', reason: EventReason.BackOff, message: `Back-off pulling image ${q(image)}`, component: EventComponent.kubelet };
}

/** ErrImageNeverPull (Warning): `Container image "x" is not present with pull policy of Never`. */
export function imageNeverPull(image: string): EventSpec {
  return {
    type: 'Warning',
    reason: EventReason.ErrImageNeverPull,
    message: `Container image ${q(image)} is not present with pull policy of Never`,
    component: EventComponent.kubelet,
  };
}

// ---- kubelet: containers ---------------------------------------------------------------------

/**
 * Created. (version) 1.35+: "Container created"; 1.33–1.34: "Created container: web";
 * up to 1.32: "Created container web".
 */
export function createdContainer(name: string, opts: { minor?: number } = {}): EventSpec {
  const minor = opts.minor ?? DEFAULT_MINOR_VERSION;
  const message = minor >= 35 ? 'Container created' : minor >= 33 ? `Created container: ${name}` : `Created container ${name}`;
  return { type: 'Normal', reason: EventReason.Created, message, component: EventComponent.kubelet };
}

/** Started. (version) 1.35+: "Container started"; before: "Started container web". */
export function startedContainer(name: string, opts: { minor?: number } = {}): EventSpec {
  const minor = opts.minor ?? DEFAULT_MINOR_VERSION;
  const message = minor >= 35 ? 'Container started' : `Started container ${name}`;
  return { type: 'Normal', reason: EventReason.Started, message, component: EventComponent.kubelet };
}

/**
 * Killing: `Stopping container web`, or the reason the kubelet kills it:
 * 'liveness' → "Container web failed liveness probe, will be restarted",
 * 'startup' → "Container web failed startup probe, will be restarted".
 */
export function killingContainer(name: string, why?: 'liveness' | 'startup'): EventSpec {
  const message = why === undefined ? `Stopping container ${name}` : `Container ${name} failed ${why} probe, will be restarted`;
  return { type: 'Normal', reason: EventReason.Killing, message, component: EventComponent.kubelet };
}

/** BackOff (Warning) during CrashLoopBackOff: `Back-off restarting failed container web in pod web-1_default(uid)`. */
export function backOffRestartingContainer(container: string, pod: { name: string; namespace: string; uid: string }): EventSpec {
  return {
    type: 'Warning',
    reason: EventReason.BackOff,
    message: `Back-off restarting failed container ${container} in pod ${formatPodForKubelet(pod)}`,
    component: EventComponent.kubelet,
  };
}

/** The waiting message of a container in CrashLoopBackOff: `back-off 20s restarting failed container=web pod=web-1_default(uid)`. */
export function crashLoopBackOffMessage(backoff: Micros, container: string, pod: { name: string; namespace: string; uid: string }): string {
  return `back-off ${goDuration(backoff)} restarting failed container=${container} pod=${formatPodForKubelet(pod)}`;
}

/** Unhealthy (Warning): `Liveness probe failed: HTTP probe failed with statuscode: 500`. */
export function probeFailed(probe: 'Liveness' | 'Readiness' | 'Startup', output: string): EventSpec {
  return { type: 'Warning', reason: EventReason.Unhealthy, message: `${probe} probe failed: ${output}`, component: EventComponent.kubelet };
}

/**
 * Unhealthy (Warning) when the prober itself failed (prober.go): `Liveness probe errored and
 * resulted in unknown state: <error>`; such a result is not counted against the thresholds.
 */
export function probeErrored(probe: 'Liveness' | 'Readiness' | 'Startup', error: string): EventSpec {
  return { type: 'Warning', reason: EventReason.Unhealthy, message: `${probe} probe errored and resulted in unknown state: ${error}`, component: EventComponent.kubelet };
}

/** The HTTP prober's output for a bad status code. */
export function httpProbeStatusFailure(statusCode: number): string {
  return `HTTP probe failed with statuscode: ${statusCode}`;
}

/** SandboxChanged (Normal): the kubelet will recreate the pod sandbox. */
export function sandboxChanged(): EventSpec {
  return { type: 'Normal', reason: EventReason.SandboxChanged, message: 'Pod sandbox changed, it will be killed and re-created.', component: EventComponent.kubelet };
}

/** FailedCreatePodSandBox (Warning): `Failed to create pod sandbox: <error>`. */
export function failedCreatePodSandBox(error: string): EventSpec {
  return { type: 'Warning', reason: EventReason.FailedCreatePodSandBox, message: `Failed to create pod sandbox: ${error}`, component: EventComponent.kubelet };
}

// ---- kubelet and node lifecycle: nodes -------------------------------------------------------

/** Starting (Normal) when the kubelet starts: "Starting kubelet.". */
export function startingKubelet(): EventSpec {
  return { type: 'Normal', reason: EventReason.Starting, message: 'Starting kubelet.', component: EventComponent.kubelet };
}

/** Node status events the kubelet records: `Node node-1 status is now: NodeHasSufficientMemory` (also NodeReady, NodeNotReady…). */
export function nodeStatusIsNow(node: string, status: string, type: EventType = 'Normal'): EventSpec {
  return { type, reason: status, message: `Node ${node} status is now: ${status}`, component: EventComponent.kubelet };
}

/** NodeAllocatableEnforced (Normal): "Updated Node Allocatable limit across pods". */
export function nodeAllocatableEnforced(): EventSpec {
  return { type: 'Normal', reason: EventReason.NodeAllocatableEnforced, message: 'Updated Node Allocatable limit across pods', component: EventComponent.kubelet };
}

/** RegisteredNode (Normal, node-controller): `Node node-1 event: Registered Node node-1 in Controller`. */
export function registeredNode(node: string): EventSpec {
  return {
    type: 'Normal',
    reason: EventReason.RegisteredNode,
    message: `Node ${node} event: Registered Node ${node} in Controller`,
    component: EventComponent.nodeController,
  };
}

/** RemovingNode (Normal, node-controller): `Node node-3 event: Removing Node node-3 from Controller`. */
export function removingNode(node: string): EventSpec {
  return { type: 'Normal', reason: 'RemovingNode', message: `Node ${node} event: Removing Node ${node} from Controller`, component: EventComponent.nodeController };
}

/** NodeNotReady (Warning, node-controller) on each pod of a node gone NotReady (MarkPodsNotReady). */
export function podNodeNotReady(): EventSpec {
  return { type: 'Warning', reason: EventReason.NodeNotReady, message: 'Node is not ready', component: EventComponent.nodeController };
}

/** TaintManagerEviction (Normal): `Cancelling deletion of Pod default/web-1`, when the taint went first. */
export function taintManagerCancel(namespace: string, pod: string): EventSpec {
  return { type: 'Normal', reason: EventReason.TaintManagerEviction, message: `Cancelling deletion of Pod ${namespace}/${pod}`, component: EventComponent.taintEvictionController };
}

/** TaintManagerEviction (Normal): `Marking for deletion Pod default/web-1`. */
export function taintManagerEviction(namespace: string, pod: string): EventSpec {
  return {
    type: 'Normal',
    reason: EventReason.TaintManagerEviction,
    message: `Marking for deletion Pod ${namespace}/${pod}`,
    component: EventComponent.taintEvictionController,
  };
}

// ---- controllers -----------------------------------------------------------------------------

/** SuccessfulCreate (Normal, replicaset-controller): `Created pod: web-7d4b9c-x2k4q`. */
export function successfulCreate(pod: string, component: string = EventComponent.replicaSetController): EventSpec {
  return { type: 'Normal', reason: EventReason.SuccessfulCreate, message: `Created pod: ${pod}`, component };
}

/** FailedCreate (Warning): `Error creating: <apiserver error>`. */
export function failedCreate(error: string, component: string = EventComponent.replicaSetController): EventSpec {
  return { type: 'Warning', reason: EventReason.FailedCreate, message: `Error creating: ${error}`, component };
}

/** SuccessfulDelete (Normal): `Deleted pod: web-7d4b9c-x2k4q`. */
export function successfulDelete(pod: string, component: string = EventComponent.replicaSetController): EventSpec {
  return { type: 'Normal', reason: EventReason.SuccessfulDelete, message: `Deleted pod: ${pod}`, component };
}

/** FailedDelete (Warning): `Error deleting: <error>`. */
export function failedDelete(error: string, component: string = EventComponent.replicaSetController): EventSpec {
  return { type: 'Warning', reason: EventReason.FailedDelete, message: `Error deleting: ${error}`, component };
}

/**
 * ScalingReplicaSet (Normal, deployment-controller): `Scaled up replica set web-7d4b9c from 0
 * to 3` / `Scaled down replica set web-5f8d from 3 to 2`. (version) Before ~1.28 the message had
 * no "from": "Scaled up replica set web-7d4b9c to 3".
 */
export function scalingReplicaSet(rs: string, from: number, to: number): EventSpec {
  const direction = from < to ? 'up' : 'down';
  return {
    type: 'Normal',
    reason: EventReason.ScalingReplicaSet,
    message: `Scaled ${direction} replica set ${rs} from ${from} to ${to}`,
    component: EventComponent.deploymentController,
  };
}
