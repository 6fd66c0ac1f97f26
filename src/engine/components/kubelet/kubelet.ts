import { toRfc3339 } from '../../../base/time.ts';
import type { Container, ContainerStatus, Node, Pod, PodCondition, PodStatus } from '../../../domain/k8s/objects.ts';
import { containerConfig, createContainerRequest, podCgroupParent, runPodSandboxRequest } from '../../../domain/cri/requests.ts';
import { createdContainer, imageAlreadyPresent, pulledImage, pullingImage, startedContainer } from '../../../domain/events/messages.ts';
import { imageInfo } from '../../../domain/images/catalog.ts';
import { qosClass } from '../../../domain/pod/index.ts';
import { ApiClient } from '../../api/client.ts';
import { EventRecorder } from '../../api/event-recorder.ts';
import { Informer, keyOf } from '../../api/informer.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import type { NodeSpecInScenario } from '../../scenario/types.ts';
import { podWorkerMachine } from './pod-worker.machine.ts';
import { kubeletMachine } from './kubelet.machine.ts';

export const KUBELET_VERSION = 'v1.34.2';

interface PodWorker {
  pod: Pod;
  machine: MachineInstance<typeof podWorkerMachine>;
  sandboxId?: string;
  podIP?: string;
  containers: Map<string, { id: string; startedAt?: string; imageRef: string; image: string }>;
  startTime: string;
}

/** What the kubelet knows of its node at registration. */
export interface NodeIdentity {
  spec: NodeSpecInScenario;
  internalIP: string;
  podCIDR: string;
  runtimeVersion: string;
}

/**
 * kubelet/<node>: registers its Node, watches the pods bound to it (fieldSelector
 * spec.nodeName=<node>) and runs one pod worker per pod through the CRI: RunPodSandbox, then
 * per container ImageStatus/PullImage, CreateContainer, StartContainer, with the status manager
 * patching `pods/<name>/status` and the Events a real kubelet records.
 * PLEG, probes, restarts and termination come with the node issue.
 */
export class Kubelet implements Actor {
  readonly id: string;
  readonly host: string;
  private readonly runtime: string;
  private readonly client: ApiClient;
  private readonly events: EventRecorder;
  private readonly informer: Informer;
  private readonly machine;
  private readonly workers = new Map<string, PodWorker>();
  private readonly pendingCri = new Map<number, (response: Record<string, unknown>, delivery: Delivery) => void>();

  constructor(
    private readonly sim: Simulation,
    private readonly node: NodeIdentity,
  ) {
    const name = node.spec.name;
    this.id = `kubelet/${name}`;
    this.host = name;
    this.runtime = `containerd/${name}`;
    this.client = new ApiClient(sim, this.id, { user: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'], userAgent: `kubelet/${KUBELET_VERSION} (linux/amd64) kubernetes/kubelet` });
    this.events = new EventRecorder(sim, this.id, this.client, { component: 'kubelet', host: name });
    this.informer = new Informer(
      this.client,
      '/api/v1/pods',
      {
        onAdd: (pod, cause) => this.onPod(pod as Pod, cause),
        onUpdate: (_old, pod, cause) => this.onPod(pod as Pod, cause),
      },
      `spec.nodeName=${name}`,
    );
    this.machine = sim.startMachine(kubeletMachine, { actor: this.id, machine: 'kubelet' });
  }

  /** Registers the Node (POST /api/v1/nodes), then starts watching its pods. */
  start(): void {
    this.client.request('POST', '/api/v1/nodes', { body: this.nodeObject() }, (res, delivery) => {
      this.machine.send({ type: res.code === 201 || res.code === 409 ? 'REGISTERED' : 'REGISTRATION_FAILED' }, delivery.seq);
      this.informer.start(this.machine.stateSeq);
    });
  }

  receive(msg: Delivery): void {
    if (msg.from === this.runtime && msg.replyTo !== undefined) {
      const handler = this.pendingCri.get(msg.replyTo);
      this.pendingCri.delete(msg.replyTo);
      handler?.(msg.payload as Record<string, unknown>, msg);
      return;
    }
    this.client.handle(msg);
  }

  private nodeObject(): Node {
    const { spec, internalIP, podCIDR, runtimeVersion } = this.node;
    const capacity = { cpu: spec.cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: spec.memory, pods: String(spec.pods) };
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: spec.name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': spec.name,
          'kubernetes.io/os': 'linux',
          ...spec.labels,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR, podCIDRs: [podCIDR], ...(spec.taints.length ? { taints: spec.taints } : {}) },
      status: {
        capacity,
        allocatable: { ...capacity },
        conditions: [
          condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [
          { type: 'InternalIP', address: internalIP },
          { type: 'Hostname', address: spec.name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          containerRuntimeVersion: runtimeVersion,
          kernelVersion: '6.12.48+deb13-amd64',
          kubeProxyVersion: '',
          kubeletVersion: KUBELET_VERSION,
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 13 (trixie)',
        },
      },
    };
  }

  // ---------------------------------------------------------------- pod workers

  private onPod(pod: Pod, cause: number): void {
    const key = keyOf(pod);
    const existing = this.workers.get(key);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const worker: PodWorker = {
      pod,
      machine: this.sim.startMachine(podWorkerMachine, { actor: this.id, machine: 'pod-worker', instance: key, ref: refOf(pod) }, { cause }),
      containers: new Map(),
      startTime: toRfc3339(this.sim.timeOrigin, this.sim.now),
    };
    this.workers.set(key, worker);
    this.syncPod(worker, worker.machine.stateSeq);
  }

  /** Kubelet.SyncPod: status first, then the runtime's SyncPod. */
  private syncPod(w: PodWorker, cause: number): void {
    const statusSeq = this.patchStatus(w, cause);
    const request = runPodSandboxRequest(w.pod, { attempt: 0, cgroupParent: podCgroupParent(w.pod, 'systemd') });
    this.cri('RunPodSandbox', request, statusSeq, w, (res, delivery) => {
      w.sandboxId = res.podSandboxId as string;
      this.cri('PodSandboxStatus', { podSandboxId: w.sandboxId, verbose: false }, delivery.seq, w, (status, d2) => {
        const network = (status.status as { network?: { ip?: string } } | undefined)?.network;
        if (network?.ip) w.podIP = network.ip;
        w.machine.send({ type: 'SANDBOX_READY' }, d2.seq);
        this.startContainers(w, 0, w.machine.stateSeq);
      });
    });
  }

  private startContainers(w: PodWorker, index: number, cause: number): void {
    const container = w.pod.spec.containers[index];
    if (!container) {
      w.machine.send({ type: 'ALL_STARTED' }, cause);
      this.patchStatus(w, w.machine.stateSeq);
      return;
    }
    this.ensureImage(w, container, cause, (imageRef, seq) => {
      w.machine.send({ type: 'IMAGE_READY' }, seq);
      const config = containerConfig(w.pod, container, { restartCount: 0, imageRef, ...(w.podIP ? { podIP: w.podIP } : {}) });
      const sandboxConfig = (runPodSandboxRequest(w.pod, { attempt: 0, cgroupParent: podCgroupParent(w.pod, 'systemd') }) as { config: Record<string, unknown> }).config;
      this.cri('CreateContainer', createContainerRequest(w.sandboxId ?? '', config, sandboxConfig), w.machine.stateSeq, w, (res, delivery) => {
        const id = res.containerId as string;
        const info = imageInfo(container.image);
        w.containers.set(container.name, { id, imageRef, image: info.normalized });
        w.machine.send({ type: 'CONTAINER_CREATED' }, delivery.seq);
        const createdSeq = this.events.record(w.pod, createdContainer(container.name), w.machine.stateSeq, `spec.containers{${container.name}}`);
        this.cri('StartContainer', { containerId: id }, createdSeq, w, (_r, d2) => {
          const entry = w.containers.get(container.name);
          if (entry) entry.startedAt = toRfc3339(this.sim.timeOrigin, this.sim.now);
          w.machine.send({ type: 'CONTAINER_STARTED' }, d2.seq);
          const startedSeq = this.events.record(w.pod, startedContainer(container.name), w.machine.stateSeq, `spec.containers{${container.name}}`);
          const last = index + 1 >= w.pod.spec.containers.length;
          if (!last) w.machine.send({ type: 'NEXT_CONTAINER' }, startedSeq);
          this.startContainers(w, index + 1, startedSeq);
        });
      });
    });
  }

  /** EnsureImageExists: ImageStatus, and PullImage with Pulling/Pulled events when missing. */
  private ensureImage(w: PodWorker, container: Container, cause: number, then: (imageRef: string, seq: number) => void): void {
    const image = container.image;
    const fieldPath = `spec.containers{${container.name}}`;
    this.cri('ImageStatus', { image: { image }, verbose: false }, cause, w, (res, delivery) => {
      const present = res.image as { id?: string } | null | undefined;
      if (present?.id && container.imagePullPolicy !== 'Always') {
        const seq = this.events.record(w.pod, imageAlreadyPresent(image), delivery.seq, fieldPath);
        then(present.id, seq);
        return;
      }
      const requested = this.sim.now;
      const pullingSeq = this.events.record(w.pod, pullingImage(image), delivery.seq, fieldPath);
      const sandboxConfig = (runPodSandboxRequest(w.pod, { attempt: 0, cgroupParent: podCgroupParent(w.pod, 'systemd') }) as { config: Record<string, unknown> }).config;
      this.cri('PullImage', { image: { image, userSpecifiedImage: image }, sandboxConfig }, pullingSeq, w, (pulled, d2) => {
        const took = this.sim.now - requested;
        const size = imageInfo(image).sizeBytes;
        const seq = this.events.record(w.pod, pulledImage(image, took, took, size), d2.seq, fieldPath);
        then(pulled.imageRef as string, seq);
      });
    });
  }

  private cri(op: string, request: Record<string, unknown>, cause: number, w: PodWorker, then: (res: Record<string, unknown>, delivery: Delivery) => void): void {
    const { id } = this.sim.network.send(this.id, this.runtime, op, { payload: request, cause, ref: refOf(w.pod), attrs: { service: op === 'PullImage' || op === 'ImageStatus' ? 'runtime.v1.ImageService' : 'runtime.v1.RuntimeService', request } });
    this.pendingCri.set(id, then);
  }

  // ---------------------------------------------------------------- status manager

  /** The status manager's patch of `pods/<name>/status` from what the worker knows now. */
  private patchStatus(w: PodWorker, cause: number): number {
    const status = this.generateStatus(w);
    const pod = w.pod;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'generateAPIPodStatus', dur: 50, ref: refOf(pod), cause, attrs: { phase: status.phase } });
    this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { body: { metadata: { uid: pod.metadata.uid }, status }, contentType: 'application/strategic-merge-patch+json', cause: seq, ref: refOf(pod) }, () => {});
    return seq;
  }

  private generateStatus(w: PodWorker): PodStatus {
    const pod = w.pod;
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const containers = pod.spec.containers;
    const running = containers.filter((c) => w.containers.get(c.name)?.startedAt);
    const allRunning = running.length === containers.length;
    const unready = containers.filter((c) => !w.containers.get(c.name)?.startedAt).map((c) => c.name);
    const prev = pod.status?.conditions ?? [];
    const cond = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
      const before = prev.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: before && before.status === status ? (before.lastTransitionTime ?? now) : now };
      if (!ok && reason) c.reason = reason;
      if (!ok && message) c.message = message;
      return c;
    };
    const scheduled = prev.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: now };
    const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`;
    const conditions: PodCondition[] = [
      cond('PodReadyToStartContainers', w.sandboxId !== undefined),
      cond('Initialized', true),
      cond('Ready', allRunning, 'ContainersNotReady', notReadyMsg),
      cond('ContainersReady', allRunning, 'ContainersNotReady', notReadyMsg),
      scheduled,
    ];
    const containerStatuses: ContainerStatus[] = containers.map((c) => {
      const entry = w.containers.get(c.name);
      const info = imageInfo(c.image);
      const base: ContainerStatus = {
        name: c.name,
        state: entry?.startedAt ? { running: { startedAt: entry.startedAt } } : { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: Boolean(entry?.startedAt),
        restartCount: 0,
        image: entry ? entry.image : c.image,
        imageID: entry ? `${info.normalized.replace(/:[^:/]+$/, '')}@${info.repoDigest.split('@').pop() ?? ''}` : '',
        started: Boolean(entry?.startedAt),
      };
      if (entry) base.containerID = `containerd://${entry.id}`;
      return base;
    });
    const status: PodStatus = {
      phase: allRunning ? 'Running' : 'Pending',
      conditions,
      hostIP: this.node.internalIP,
      hostIPs: [{ ip: this.node.internalIP }],
      ...(w.podIP ? { podIP: w.podIP, podIPs: [{ ip: w.podIP }] } : {}),
      startTime: w.startTime,
      containerStatuses,
      qosClass: qosClass(pod),
    };
    return status;
  }
}
