import { toRfc3339 } from '../../../base/time.ts';
import type { Container, ContainerStatus, Node, Pod, PodCondition, PodStatus } from '../../../domain/k8s/objects.ts';
import { containerConfig, createContainerRequest, podCgroupParent, runPodSandboxRequest } from '../../../domain/cri/requests.ts';
import { createdContainer, imageAlreadyPresent, killingContainer, pulledImage, pullingImage, startedContainer } from '../../../domain/events/messages.ts';
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
import { NodeHeartbeat } from './node-heartbeat.ts';

export const KUBELET_VERSION = 'v1.34.2';

interface ContainerRecord {
  id: string;
  startedAt?: string;
  imageRef: string;
  image: string;
  /** Set once ContainerStatus reports the container exited. */
  terminated?: { exitCode: number; reason: string; startedAt: string; finishedAt: string };
}

interface PodWorker {
  pod: Pod;
  machine: MachineInstance<typeof podWorkerMachine>;
  sandboxId?: string;
  podIP?: string;
  containers: Map<string, ContainerRecord>;
  startTime: string;
  /** A SyncPod CRI call is under way: termination waits for it to come back. */
  syncing?: boolean;
  /** Deletion was asked for (deletionTimestamp, or the pod left the API). */
  terminationRequested?: boolean;
  terminating?: boolean;
  /** SyncTerminatingPod finished: the containers and the sandbox are stopped. */
  terminated?: boolean;
  /** The pod is gone from the API: nothing more to report, only the runtime to clean up. */
  removedFromApi?: boolean;
}

/** minimumGracePeriodInSeconds (kuberuntime_container.go): every container gets at least 2 s. */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;

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
 * When the pod is deleted, its worker terminates it (SyncTerminatingPod, SyncTerminatedPod):
 * Killing events, StopContainer with the grace period, StopPodSandbox, the terminal status, and
 * the final DELETE; once the pod is gone from the API, RemoveContainer and RemovePodSandbox.
 * PLEG, probes and restarts come with the node issue.
 */
export class Kubelet implements Actor {
  readonly id: string;
  readonly host: string;
  private readonly runtime: string;
  private readonly client: ApiClient;
  private readonly events: EventRecorder;
  private readonly informer: Informer;
  /** The kubelet's own Node (fieldSelector metadata.name=<node>), read by the status loop. */
  private readonly nodeInformer: Informer;
  private readonly heartbeat: NodeHeartbeat;
  /** False once the kubelet stopped (kubelet-stop, node-down): it reads and sends nothing more. */
  private running = true;
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
        onDelete: (pod, cause) => this.onPodRemoved(pod as Pod, cause),
      },
      `spec.nodeName=${name}`,
    );
    this.nodeInformer = new Informer(this.client, '/api/v1/nodes', { onAdd: (_node, cause) => this.heartbeat.onNodeObserved(cause) }, `metadata.name=${name}`);
    this.heartbeat = new NodeHeartbeat(sim, this.client, name, this.nodeInformer, () => this.statusConditions(toRfc3339(sim.timeOrigin, sim.now)));
    this.machine = sim.startMachine(kubeletMachine, { actor: this.id, machine: 'kubelet' });
  }

  /**
   * Registers the Node (POST /api/v1/nodes), then watches its pods and its Node, and starts
   * the heartbeats (node lease, node status).
   */
  start(): void {
    this.client.request('POST', '/api/v1/nodes', { body: this.nodeObject() }, (res, delivery) => {
      this.machine.send({ type: res.code === 201 || res.code === 409 ? 'REGISTERED' : 'REGISTRATION_FAILED' }, delivery.seq);
      this.informer.start(this.machine.stateSeq);
      this.nodeInformer.start(this.machine.stateSeq);
      this.heartbeat.start(this.machine.stateSeq);
    });
  }

  /**
   * The kubelet process stops (systemctl stop kubelet, or the machine powers off): no more
   * heartbeats, and nothing it is sent is read. Containers it started keep running unless the
   * host went down with it.
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.heartbeat.stop();
    // Its watches end with it: no re-watch or relist after a backoff.
    this.informer.stop();
    this.nodeInformer.stop();
    this.machine.send({ type: 'STOPPED' });
  }

  get isRunning(): boolean {
    return this.running;
  }

  receive(msg: Delivery): void {
    if (!this.running) return;
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
        conditions: this.statusConditions(now),
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

  /** The node conditions the kubelet's setters post (nodestatus/setters.go), stamped `now`. */
  private statusConditions(now: string): NonNullable<NonNullable<Node['status']>['conditions']> {
    const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
    return [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ];
  }

  // ---------------------------------------------------------------- pod workers

  private onPod(pod: Pod, cause: number): void {
    const key = keyOf(pod);
    const existing = this.workers.get(key);
    if (existing) {
      if (existing.pod.metadata.uid === pod.metadata.uid) existing.pod = pod;
      if (pod.metadata.deletionTimestamp) this.requestTermination(existing, cause);
      return;
    }
    // A pod first seen while being deleted never starts (podWorkers: it goes straight to terminating).
    if (pod.metadata.deletionTimestamp) return;
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

  /**
   * A CRI call. One made by SyncPod is abandoned when the pod is to terminate meanwhile (the
   * real worker cancels SyncPod's context): the worker moves on to SyncTerminatingPod instead.
   */
  private cri(op: string, request: Record<string, unknown>, cause: number, w: PodWorker, then: (res: Record<string, unknown>, delivery: Delivery) => void, opts: { termination?: boolean } = {}): void {
    const { id } = this.sim.network.send(this.id, this.runtime, op, { payload: request, cause, ref: refOf(w.pod), attrs: { service: op === 'PullImage' || op === 'ImageStatus' ? 'runtime.v1.ImageService' : 'runtime.v1.RuntimeService', request } });
    if (opts.termination) {
      this.pendingCri.set(id, then);
      return;
    }
    w.syncing = true;
    this.pendingCri.set(id, (res, delivery) => {
      w.syncing = false;
      if (w.terminationRequested) {
        // CreateContainer answered after all: the container exists and must be stopped too.
        if (op === 'CreateContainer' && typeof res.containerId === 'string') {
          const name = ((request.config as { metadata?: { name?: string } } | undefined)?.metadata?.name) ?? '';
          w.containers.set(name, { id: res.containerId, imageRef: '', image: '' });
        }
        if (op === 'RunPodSandbox' && typeof res.podSandboxId === 'string') w.sandboxId = res.podSandboxId;
        this.terminate(w, delivery.seq);
        return;
      }
      then(res, delivery);
    });
  }

  // ---------------------------------------------------------------- termination

  /** podWorkers.UpdatePod with a deletion: terminate now, or as soon as SyncPod's call returns. */
  private requestTermination(w: PodWorker, cause: number): void {
    if (w.terminationRequested) return;
    w.terminationRequested = true;
    if (!w.syncing) this.terminate(w, cause);
  }

  /**
   * SyncTerminatingPod → killPod (kuberuntime_manager.go killPodWithSyncResult): a Killing
   * event and StopContainer for every container at once, with the grace period as the timeout;
   * then StopPodSandbox; then the containers' final status (ContainerStatus), reported.
   */
  private terminate(w: PodWorker, cause: number): void {
    if (w.terminating) return;
    w.terminating = true;
    w.machine.send({ type: 'TERMINATE' }, cause);
    const grace = this.gracePeriod(w.pod);
    const spanSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'SyncTerminatingPod', dur: 50, ref: refOf(w.pod), cause: w.machine.stateSeq, attrs: { gracePeriod: grace } });
    const containers = w.pod.spec.containers.filter((c) => w.containers.has(c.name));
    let pending = containers.length;
    let last = spanSeq;
    const stopped = (seq: number): void => {
      last = Math.max(last, seq);
      if (--pending > 0) return;
      w.machine.send({ type: 'CONTAINERS_KILLED' }, last);
      this.stopSandbox(w, w.machine.stateSeq);
    };
    if (pending === 0) {
      pending = 1;
      stopped(spanSeq);
      return;
    }
    for (const c of containers) {
      const entry = w.containers.get(c.name) as ContainerRecord;
      const killSeq = this.events.record(w.pod, killingContainer(c.name), spanSeq, `spec.containers{${c.name}}`);
      this.cri('StopContainer', { containerId: entry.id, timeout: grace }, killSeq, w, (_res, d) => stopped(d.seq), { termination: true });
    }
  }

  /** setTerminationGracePeriod: deletionGracePeriodSeconds, else the pod's, at least 2 s. */
  private gracePeriod(pod: Pod): number {
    const g = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? MINIMUM_GRACE_PERIOD_SECONDS;
    return Math.max(g, MINIMUM_GRACE_PERIOD_SECONDS);
  }

  private stopSandbox(w: PodWorker, cause: number): void {
    const after = (seq: number): void => {
      w.machine.send({ type: 'SANDBOX_STOPPED' }, seq);
      this.readTerminatedStatus(w, w.machine.stateSeq);
    };
    if (!w.sandboxId) {
      after(cause);
      return;
    }
    this.cri('StopPodSandbox', { podSandboxId: w.sandboxId }, cause, w, (_res, d) => after(d.seq), { termination: true });
  }

  /** GetPodStatus after killPod: ContainerStatus of each container, for exit codes and times. */
  private readTerminatedStatus(w: PodWorker, cause: number): void {
    const entries = [...w.containers.values()];
    const step = (i: number, seq: number): void => {
      const entry = entries[i];
      if (!entry) {
        this.reportTerminated(w, seq);
        return;
      }
      this.cri(
        'ContainerStatus',
        { containerId: entry.id, verbose: false },
        seq,
        w,
        (res, d) => {
          const st = res.status as { exitCode?: number; reason?: string; startedAt?: string; finishedAt?: string } | undefined;
          if (st) entry.terminated = { exitCode: st.exitCode ?? 0, reason: st.reason ?? 'Completed', startedAt: fromNanos(st.startedAt) ?? entry.startedAt ?? '', finishedAt: fromNanos(st.finishedAt) ?? toRfc3339(this.sim.timeOrigin, this.sim.now) };
          step(i + 1, d.seq);
        },
        { termination: true },
      );
    };
    step(0, cause);
  }

  /**
   * The end of SyncTerminatingPod and SyncTerminatedPod: the terminal status is patched, the pod
   * cgroup removed, and the status manager, seeing a terminal pod with a deletionTimestamp,
   * sends the final DELETE: grace period 0, the pod's uid as precondition.
   */
  private reportTerminated(w: PodWorker, cause: number): void {
    w.terminated = true;
    if (w.removedFromApi) {
      w.machine.send({ type: 'TERMINATED' }, cause);
      this.cleanUpRuntime(w, w.machine.stateSeq);
      return;
    }
    this.patchStatus(w, cause, (seq) => {
      w.machine.send({ type: 'TERMINATED' }, seq);
      const cgroupSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'SyncTerminatedPod', dur: 200, ref: refOf(w.pod), cause: w.machine.stateSeq, attrs: { cgroup: podCgroupParent(w.pod, 'systemd'), action: 'destroy pod cgroup' } });
      this.sim.after(200, () => {
        if (!this.running) return;
        const pod = w.pod;
        const body = { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } };
        this.client.request('DELETE', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, { body, cause: cgroupSeq, ref: refOf(pod) }, (res, d) => {
          if (res.code === 200 || res.code === 404) w.machine.send({ type: 'DELETED' }, d.seq);
        });
      });
    });
  }

  /** The pod left the API (deleted, or force-deleted before the kubelet killed it). */
  private onPodRemoved(pod: Pod, cause: number): void {
    const w = this.workers.get(keyOf(pod));
    if (!w || w.pod.metadata.uid !== pod.metadata.uid) return;
    w.removedFromApi = true;
    if (w.terminated) this.cleanUpRuntime(w, cause);
    else this.requestTermination(w, cause);
  }

  /**
   * HandlePodCleanups and the container garbage collector: the containers (RemoveContainer)
   * and the sandbox (RemovePodSandbox) of a pod that is terminated and gone from the API.
   */
  private cleanUpRuntime(w: PodWorker, cause: number): void {
    const key = keyOf(w.pod);
    if (this.workers.get(key) !== w) return;
    this.workers.delete(key);
    const ids = [...w.containers.values()].map((c) => c.id);
    const step = (i: number, seq: number): void => {
      const id = ids[i];
      if (id === undefined) {
        if (w.sandboxId) this.cri('RemovePodSandbox', { podSandboxId: w.sandboxId }, seq, w, () => {}, { termination: true });
        return;
      }
      this.cri('RemoveContainer', { containerId: id }, seq, w, (_r, d) => step(i + 1, d.seq), { termination: true });
    };
    step(0, cause);
  }

  // ---------------------------------------------------------------- status manager

  /** The status manager's patch of `pods/<name>/status` from what the worker knows now. */
  private patchStatus(w: PodWorker, cause: number, then?: (seq: number) => void): number {
    const status = this.generateStatus(w);
    const pod = w.pod;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'generateAPIPodStatus', dur: 50, ref: refOf(pod), cause, attrs: { phase: status.phase } });
    this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { body: { metadata: { uid: pod.metadata.uid }, status }, contentType: 'application/strategic-merge-patch+json', cause: seq, ref: refOf(pod) }, (_res, d) => then?.(d.seq));
    return seq;
  }

  /**
   * generateAPIPodStatus once the pod is terminal (podIsTerminal): every container terminated,
   * phase Succeeded when all exited 0 (Failed otherwise), Ready and ContainersReady False with
   * reason PodCompleted, Initialized True (PodCompleted), no sandbox ready to start containers.
   */
  private terminalStatus(w: PodWorker): PodStatus {
    const pod = w.pod;
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const prev = pod.status?.conditions ?? [];
    const containerStatuses: ContainerStatus[] = pod.spec.containers.map((c) => {
      const entry = w.containers.get(c.name);
      const info = imageInfo(c.image);
      const t = entry?.terminated;
      const base: ContainerStatus = {
        name: c.name,
        state: { terminated: { exitCode: t?.exitCode ?? 0, reason: t?.reason ?? 'Completed', startedAt: t?.startedAt ?? entry?.startedAt ?? now, finishedAt: t?.finishedAt ?? now, ...(entry ? { containerID: `containerd://${entry.id}` } : {}) } },
        lastState: {},
        ready: false,
        restartCount: 0,
        image: entry?.image || info.normalized,
        imageID: entry ? `${info.normalized.replace(/:[^:/]+$/, '')}@${info.repoDigest.split('@').pop() ?? ''}` : '',
        started: false,
      };
      if (entry) base.containerID = `containerd://${entry.id}`;
      return base;
    });
    const allSucceeded = containerStatuses.every((s) => (s.state as { terminated?: { exitCode: number } }).terminated?.exitCode === 0);
    const cond = (type: string, status: 'True' | 'False', reason?: string): PodCondition => {
      const before = prev.find((c) => c.type === type);
      const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: before && before.status === status ? (before.lastTransitionTime ?? now) : now };
      if (reason) c.reason = reason;
      return c;
    };
    const scheduled = prev.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: now };
    const reason = allSucceeded ? 'PodCompleted' : 'PodFailed';
    return {
      phase: allSucceeded ? 'Succeeded' : 'Failed',
      // generate.go: Initialized says PodCompleted only for a Succeeded pod.
      conditions: [cond('PodReadyToStartContainers', 'False'), cond('Initialized', 'True', allSucceeded ? 'PodCompleted' : undefined), cond('Ready', 'False', reason), cond('ContainersReady', 'False', reason), scheduled],
      hostIP: this.node.internalIP,
      hostIPs: [{ ip: this.node.internalIP }],
      ...(w.podIP ? { podIP: w.podIP, podIPs: [{ ip: w.podIP }] } : {}),
      startTime: w.startTime,
      containerStatuses,
      qosClass: qosClass(pod),
    };
  }

  private generateStatus(w: PodWorker): PodStatus {
    const pod = w.pod;
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const containers = pod.spec.containers;
    if (w.terminated) return this.terminalStatus(w);
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

/** CRI times are int64 nanoseconds since the epoch, as strings in protobuf JSON. */
function fromNanos(ns: string | undefined): string | undefined {
  if (ns === undefined || ns === '' || ns === '0') return undefined;
  const ms = Number(BigInt(ns) / 1_000_000n);
  return toRfc3339('1970-01-01T00:00:00Z', ms * 1_000);
}
