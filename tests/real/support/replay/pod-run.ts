import type { Container, Pod } from '../../../../src/domain/k8s/objects.ts';
import { containerConfig, createContainerRequest, runPodSandboxRequest } from '../../../../src/domain/cri/requests.ts';
import type { BundleManifest } from '../../../../src/cli/record/sink.ts';
import type { CallOutcome } from '../cri/client.ts';
import { CGROUP_ROOT, NODE_NAME } from '../cri/constants.ts';
import { dig } from '../cri/sequence.ts';
import { hostHugePageSizes } from '../cri/real-side.ts';
import type { EtcdWriter } from './etcd-writer.ts';

/**
 * One pod's life on a node, as the kubelet drives the CRI (requests built by the simulator's
 * kubelet kernels, src/domain/cri/requests.ts, as tests/real/support/cri/sequence.ts does) and
 * as the apiserver stores it in etcd (the harness writes the keys kube-apiserver would, with
 * etcdctl, and keeps the revisions etcd answered):
 *
 * 1. etcd: the node's Lease (renewed until the watch shows it), the Pod bound to the node (Pending).
 * 2. kubelet start-up: Version, Status, GetContainerEvents (the evented PLEG's stream).
 * 3. `syncPod`: RunPodSandbox, PodSandboxStatus, ImageStatus (missing), PullImage,
 *    CreateContainer `app` (busybox, traps TERM), StartContainer, ContainerStatus (RUNNING).
 * 4. etcd: the Pod's status Running, with the sandbox's IP and the container's id.
 * 5. `syncTerminatingPod`: StopContainer (grace 10 s: SIGTERM, exit 0), StopPodSandbox.
 * 6. garbage collection: RemoveContainer, RemovePodSandbox; etcd: the Pod deleted, the Lease renewed.
 */

export const POD_UID = '3c8e1f4a-7b2d-4e6f-9a10-5b4c3d2e1f00';
const IMAGE = 'busybox:1.36';
const GRACE = 10;
const APP: Container = { name: 'app', image: IMAGE, command: ['sh', '-c', "trap 'exit 0' TERM; echo started; while true; do sleep 1; done"] };

export interface PodRunIds {
  pod: { namespace: string; name: string; uid: string };
  sandboxId: string;
  containerId: string;
  imageRef: string;
  podIP: string;
  /** What the runtime could not give (GetContainerEvents on containerd 1.6). */
  skipped: NonNullable<BundleManifest['skipped']>;
  /** The etcd keys written. */
  keys: { pod: string; lease: string };
}

export interface PodRunDriver {
  call(method: string, request: Record<string, unknown>): Promise<CallOutcome>;
  waitForContainerState(containerId: string, state: string): Promise<void>;
  /** A kubelet span (syncPod, syncTerminatingPod) the next calls are made under. */
  begin(name: 'syncPod' | 'syncTerminatingPod', pod: PodRunIds['pod']): void;
  end(): void;
  etcd: EtcdWriter;
  /** Waits (about a second) for the etcd watch to print this revision; rejects if it did not. */
  syncWatch(revision: number): Promise<void>;
}

export function podUnderTest(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: POD_UID, labels: { app: 'web' } },
    spec: { containers: [APP], nodeName: NODE_NAME, restartPolicy: 'Always', terminationGracePeriodSeconds: GRACE, dnsPolicy: 'ClusterFirst' },
  };
}

function must(label: string, o: CallOutcome): Record<string, unknown> {
  if (!('response' in o)) throw new Error(`${label} failed: ${o.error.code}: ${o.error.message}`);
  return o.response;
}

function str(label: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new Error(`${label}: expected an id, got ${JSON.stringify(v)}`);
  return v;
}

/** The Pod as kube-apiserver stores it (JSON storage; etcd never holds resourceVersion). */
function storedPod(pod: Pod, status: Record<string, unknown>): string {
  const { metadata } = pod;
  return JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: metadata.name, namespace: metadata.namespace, uid: metadata.uid, labels: metadata.labels }, spec: pod.spec, status });
}

function lease(renewTime: string): string {
  return JSON.stringify({ kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name: NODE_NAME, namespace: 'kube-node-lease' }, spec: { holderIdentity: NODE_NAME, leaseDurationSeconds: 40, renewTime } });
}

export async function podRunSequence(d: PodRunDriver, opts: { cgroupVersion: 1 | 2 } = { cgroupVersion: 1 }): Promise<PodRunIds> {
  const pod = podUnderTest();
  const podRef = { namespace: 'default', name: 'web', uid: POD_UID };
  const keys = { pod: '/registry/pods/default/web', lease: `/registry/leases/kube-node-lease/${NODE_NAME}` };
  const skipped: PodRunIds['skipped'] = [];
  // Lease renewTime is a MicroTime (RFC 3339 with 6 fraction digits).
  const now = (): string => new Date().toISOString().replace('Z', '000Z');

  // The node renews its Lease until the watch (started just before) has printed a renewal: then
  // it is subscribed, and every later write is recorded as it happens.
  for (let attempt = 1; ; attempt++) {
    const w = d.etcd.put(keys.lease, lease(now()));
    try {
      await d.syncWatch(w.revision);
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
    }
  }
  d.etcd.put(keys.pod, storedPod(pod, { phase: 'Pending', qosClass: 'BestEffort' }));

  // kubelet start-up.
  must('Version', await d.call('Version', { version: '0.1.0' }));
  must('Status', await d.call('Status', { verbose: false }));
  const events = await d.call('GetContainerEvents', {});
  if ('error' in events) skipped.push({ source: 'crictl-events', reason: `GetContainerEvents: ${events.error.code}: ${events.error.message} (containerd 1.6 has no CRI event stream; 1.7+ streams it; crictl is not packaged in Debian 12)` });
  else skipped.push({ source: 'crictl-events', reason: 'GetContainerEvents answered, but this harness does not record its stream yet' });

  d.begin('syncPod', podRef);
  const sandboxRequest = runPodSandboxRequest(pod, { attempt: 0, cgroupParent: `/${CGROUP_ROOT}/kubepods/besteffort/pod${POD_UID}`, cgroupVersion: opts.cgroupVersion });
  const sandboxConfig = sandboxRequest.config as Record<string, unknown>;
  const sandboxId = str('RunPodSandbox.podSandboxId', must('RunPodSandbox', await d.call('RunPodSandbox', sandboxRequest)).podSandboxId);
  const status = must('PodSandboxStatus', await d.call('PodSandboxStatus', { podSandboxId: sandboxId, verbose: false }));
  const podIP = String(dig(status, 'status.network.ip') ?? '');
  await d.call('ImageStatus', { image: { image: IMAGE }, verbose: false });
  const imageRef = str('PullImage.imageRef', must('PullImage', await d.call('PullImage', { image: { image: IMAGE, userSpecifiedImage: IMAGE }, sandboxConfig })).imageRef);
  const config = containerConfig(pod, APP, { restartCount: 0, imageRef, cgroupVersion: opts.cgroupVersion });
  const resources = (config.linux as { resources: { hugepageLimits?: { pageSize: string }[] } }).resources;
  const sizes = hostHugePageSizes();
  resources.hugepageLimits = (resources.hugepageLimits ?? []).filter((h) => sizes.includes(h.pageSize));
  const containerId = str('CreateContainer.containerId', must('CreateContainer', await d.call('CreateContainer', createContainerRequest(sandboxId, config, sandboxConfig))).containerId);
  must('StartContainer', await d.call('StartContainer', { containerId }));
  await d.waitForContainerState(containerId, 'CONTAINER_RUNNING');
  const running = must('ContainerStatus', await d.call('ContainerStatus', { containerId, verbose: false }));
  d.end();

  d.etcd.put(
    keys.pod,
    storedPod(pod, {
      phase: 'Running',
      qosClass: 'BestEffort',
      podIP,
      podIPs: podIP ? [{ ip: podIP }] : [],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: IMAGE, imageID: imageRef, containerID: `containerd://${containerId}`, started: true, state: { running: { startedAt: new Date(Number(BigInt(String(dig(running, 'status.startedAt') ?? '0')) / 1_000_000n)).toISOString().replace(/\.\d+Z$/, 'Z') } } }],
    }),
  );

  d.begin('syncTerminatingPod', podRef);
  must('StopContainer', await d.call('StopContainer', { containerId, timeout: GRACE }));
  must('StopPodSandbox', await d.call('StopPodSandbox', { podSandboxId: sandboxId }));
  d.end();

  must('RemoveContainer', await d.call('RemoveContainer', { containerId }));
  must('RemovePodSandbox', await d.call('RemovePodSandbox', { podSandboxId: sandboxId }));
  d.end();
  d.etcd.del(keys.pod);
  d.etcd.put(keys.lease, lease(now()));
  return { pod: podRef, sandboxId, containerId, imageRef, podIP, skipped, keys };
}
