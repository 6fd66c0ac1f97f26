import type { Container, Pod } from '../../../../src/domain/k8s/objects.ts';
import { containerConfig, createContainerRequest, runPodSandboxRequest } from '../../../../src/domain/cri/requests.ts';
import type { CallOutcome } from './client.ts';
import { CGROUP_ROOT } from './constants.ts';

/**
 * The kubelet's CRI calls for one pod, in the order the kubelet makes them (DOMAIN.md 5.1 and
 * 6; pkg/kubelet/kuberuntime kuberuntime_manager.go SyncPod, kuberuntime_container.go
 * startContainer / killContainer, kuberuntime_gc.go, pleg/generic.go): start-up (Version,
 * Status, GetContainerEvents as the evented PLEG would), the sandbox and its IP, the image
 * (ImageStatus, missing → PullImage), a container that keeps running until SIGTERM and one that
 * exits 1, a relist, the graceful stop (StopContainer with the grace period: SIGTERM, exit 0),
 * removal, then the sandbox's stop and removal, and a final relist. Requests are built by the
 * simulator's own kubelet kernels (src/domain/cri/requests.ts), so both sides get exactly what
 * the simulated kubelet would send.
 *
 * The script runs against the real containerd (`runScript`); the model side replays the
 * recorded requests (model-side.ts), with `binds` telling which response values later
 * requests use.
 */

/** A containerd event as `ctr events` prints it (namespace, topic, JSON payload). */
export interface RawEvent {
  namespace: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** What one side did at one step. */
export interface RecordedStep {
  label: string;
  method: string;
  /** The request as the kubelet built it (node paths as on a node: /var/log/pods, /var/lib/kubelet). */
  request: Record<string, unknown>;
  outcome: CallOutcome;
  /** Placeholders this step's response defines: placeholder → dotted path in the response. */
  binds?: Record<string, string>;
  /** After the call the kubelet waits (relisting, not recorded) until the container is in this state. */
  waitFor?: { container: string; state: string };
  /** The containerd events of this step: from its call to the next step's. */
  events: RawEvent[];
}

/** How a side is driven: calls, unrecorded waits, and the events since the last look. */
export interface CriTransport {
  call(method: string, request: Record<string, unknown>): Promise<CallOutcome>;
  waitForContainerState(containerId: string, state: string): Promise<void>;
  takeEvents(): Promise<RawEvent[]>;
}

export const POD_UID = '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c';
export const IMAGE = 'busybox:1.36';
export const GRACE_PERIOD_SECONDS = 10;

/** A container that runs until SIGTERM, which its shell traps to exit 0 (reason Completed). */
const APP: Container = { name: 'app', image: IMAGE, command: ['sh', '-c', "trap 'exit 0' TERM; echo started; while true; do sleep 1; done"] };
/** A container that fails after a second (exit 1, reason Error); the second lets /tasks/start come first. */
const FAIL: Container = { name: 'fail', image: IMAGE, command: ['sh', '-c', 'sleep 1; exit 1'] };

export function podUnderTest(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: POD_UID, labels: { app: 'web' } },
    spec: { containers: [APP, FAIL], nodeName: 'node-1', restartPolicy: 'Always', terminationGracePeriodSeconds: GRACE_PERIOD_SECONDS, dnsPolicy: 'ClusterFirst' },
  };
}

/** cgroupfs-style parent (containerd here runs runc with cgroupfs), under our own root. */
export function podCgroupParent(): string {
  return `/${CGROUP_ROOT}/kubepods/besteffort/pod${POD_UID}`;
}

export interface ScriptOptions {
  cgroupVersion: 1 | 2;
  /** Huge page sizes the node has ("2MB", "1GB"): the kubelet sends a limit for each (cadvisor's list). */
  hugePageSizes: readonly string[];
}

/** Runs the script; every value taken from a response is named by a placeholder in `binds`. */
export async function runScript(t: CriTransport, opts: ScriptOptions): Promise<RecordedStep[]> {
  const pod = podUnderTest();
  const steps: RecordedStep[] = [];
  const vars = new Map<string, string>();
  const v = (name: string): string => {
    const value = vars.get(name);
    if (value === undefined) throw new Error(`${name} is not bound yet`);
    return value;
  };
  const step = async (label: string, method: string, request: Record<string, unknown>, more: { binds?: Record<string, string>; waitFor?: { container: string; state: string } } = {}): Promise<CallOutcome> => {
    const prev = steps[steps.length - 1];
    if (prev) prev.events.push(...(await t.takeEvents()));
    const outcome = await t.call(method, request);
    steps.push({ label, method, request, outcome, ...more, events: [] });
    if ('response' in outcome) {
      for (const [name, path] of Object.entries(more.binds ?? {})) {
        const value = dig(outcome.response, path);
        if (typeof value !== 'string' || value === '') throw new Error(`${label}: ${path} is ${JSON.stringify(value)} in ${JSON.stringify(outcome.response)}`);
        vars.set(name, value);
      }
    } else if (more.binds) {
      throw new Error(`${label} failed: ${outcome.error.code}: ${outcome.error.message}`);
    }
    if (more.waitFor) await t.waitForContainerState(v(more.waitFor.container), more.waitFor.state);
    return outcome;
  };

  const sandboxRequest = runPodSandboxRequest(pod, { attempt: 0, cgroupParent: podCgroupParent(), cgroupVersion: opts.cgroupVersion });
  const sandboxConfig = sandboxRequest.config as Record<string, unknown>;
  const containerRequest = (c: Container): Record<string, unknown> => {
    const config = containerConfig(pod, c, { restartCount: 0, imageRef: v('<image-id:busybox>'), cgroupVersion: opts.cgroupVersion });
    const resources = (config.linux as { resources: { hugepageLimits?: { pageSize: string }[] } }).resources;
    resources.hugepageLimits = (resources.hugepageLimits ?? []).filter((h) => opts.hugePageSizes.includes(h.pageSize));
    return createContainerRequest(v('<sandbox:web>'), config, sandboxConfig);
  };
  const image = { image: { image: IMAGE }, verbose: false };

  // kubelet start-up: the runtime's version and conditions; the evented PLEG's event stream.
  await step('Version', 'Version', { version: '0.1.0' });
  await step('Status', 'Status', { verbose: false });
  await step('GetContainerEvents', 'GetContainerEvents', {});
  // SyncPod: the sandbox first, its IP, a relist.
  await step('RunPodSandbox web', 'RunPodSandbox', sandboxRequest, { binds: { '<sandbox:web>': 'podSandboxId' } });
  await step('PodSandboxStatus web (ready)', 'PodSandboxStatus', { podSandboxId: v('<sandbox:web>'), verbose: false });
  await step('ListPodSandbox (ready)', 'ListPodSandbox', { filter: {} });
  // startContainer app: EnsureImageExists (missing → pull), CreateContainer, StartContainer.
  await step('ImageStatus busybox (missing)', 'ImageStatus', image);
  await step('PullImage busybox', 'PullImage', { image: { image: IMAGE, userSpecifiedImage: IMAGE }, sandboxConfig }, { binds: { '<image-id:busybox>': 'imageRef' } });
  await step('CreateContainer app', 'CreateContainer', containerRequest(APP), { binds: { '<container:app>': 'containerId' } });
  await step('ContainerStatus app (created)', 'ContainerStatus', { containerId: v('<container:app>'), verbose: false });
  await step('StartContainer app', 'StartContainer', { containerId: v('<container:app>') });
  await step('ContainerStatus app (running)', 'ContainerStatus', { containerId: v('<container:app>'), verbose: false });
  // startContainer fail: the image is there now.
  await step('ImageStatus busybox (present)', 'ImageStatus', image, { binds: { '<repo-digest:busybox>': 'image.repoDigests.0' } });
  await step('CreateContainer fail', 'CreateContainer', containerRequest(FAIL), { binds: { '<container:fail>': 'containerId' } });
  await step('StartContainer fail', 'StartContainer', { containerId: v('<container:fail>') }, { waitFor: { container: '<container:fail>', state: 'CONTAINER_EXITED' } });
  await step('ContainerStatus fail (exited 1)', 'ContainerStatus', { containerId: v('<container:fail>'), verbose: false });
  await step('ListContainers (both)', 'ListContainers', { filter: {} });
  // killPod: StopContainer with the grace period (SIGTERM, trapped: exit 0), then the sandbox.
  await step('StopContainer app', 'StopContainer', { containerId: v('<container:app>'), timeout: GRACE_PERIOD_SECONDS });
  await step('ContainerStatus app (exited 0)', 'ContainerStatus', { containerId: v('<container:app>'), verbose: false });
  await step('StopContainer app (again)', 'StopContainer', { containerId: v('<container:app>'), timeout: GRACE_PERIOD_SECONDS });
  await step('StopPodSandbox web', 'StopPodSandbox', { podSandboxId: v('<sandbox:web>') });
  await step('PodSandboxStatus web (not ready)', 'PodSandboxStatus', { podSandboxId: v('<sandbox:web>'), verbose: false });
  // Garbage collection: containers, then the sandbox; Remove is idempotent.
  await step('RemoveContainer fail', 'RemoveContainer', { containerId: v('<container:fail>') });
  await step('RemoveContainer app', 'RemoveContainer', { containerId: v('<container:app>') });
  await step('RemoveContainer app (again)', 'RemoveContainer', { containerId: v('<container:app>') });
  await step('ContainerStatus app (removed)', 'ContainerStatus', { containerId: v('<container:app>'), verbose: false });
  await step('StopPodSandbox web (again)', 'StopPodSandbox', { podSandboxId: v('<sandbox:web>') });
  await step('RemovePodSandbox web', 'RemovePodSandbox', { podSandboxId: v('<sandbox:web>') });
  await step('ListPodSandbox (empty)', 'ListPodSandbox', { filter: {} });
  await step('ListContainers (empty)', 'ListContainers', { filter: {} });
  const last = steps[steps.length - 1];
  if (last) last.events.push(...(await t.takeEvents()));
  return steps;
}

/** A value by dotted path ("status.network.ip", "image.repoDigests.0"). */
export function dig(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
