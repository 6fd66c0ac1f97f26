import { hexId } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { containerFromConfig, podFromSandboxConfig } from '../../../domain/cri/from-config.ts';
import { cniAddSteps, cniDelSteps, hostLocalNextIP } from '../../../domain/cni/bridge.ts';
import { imageConfigFor } from '../../../domain/containerd/images.ts';
import { activeSnapshotMounts, mountSyscall } from '../../../domain/containerd/overlay.ts';
import { chainIds, PULL_TIMING, pullSteps, standInDiffId } from '../../../domain/containerd/pull.ts';
import { imageInfo, normalizeImageName, type ImageInfo } from '../../../domain/images/catalog.ts';
import { containerNamespaces, sandboxNamespaces } from '../../../domain/oci/namespaces.ts';
import { containerSpec, sandboxSpec } from '../../../domain/oci/spec.ts';
import { runcCommandLine } from '../../../domain/oci/runc-steps.ts';
import { lowLevelCommandLine, SHIM_BINARY, shimStartCommandLine, type LowLevelRuntime } from '../../../domain/kata/shims.ts';
import type { OciSpec } from '../../../domain/oci/spec.ts';
import { pullFailure, rpcError } from '../../../domain/images/pull-errors.ts';
import { injectedPullFailure } from '../../faults/registry.ts';
import { execIn, planProcess, podConnectionAnswer, type ProcessPlan } from '../../../domain/pod/process.ts';
import { base64, containerListView, containerResourcesOf, containerStatusView, matchesFilter, runtimeStatusView, sandboxListView } from './cri-views.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps, type PlannedStep } from '../../runtime/steps.ts';
import type { RuncExit, RuncInvocation } from '../runc/runc.ts';
import { criContainerMachine, sandboxMachine } from './cri-objects.machine.ts';
import { listImagesResponse } from './cri-list.ts';
import { cniNetnsName } from './netns-name.ts';
import { isNativeApiCall, serveNativeApi } from './native-api.ts';
import { checkpointWithoutCriu, imageFsInfoResponse, NOT_IN_CONTAINERD_2_1, podCIDRsOf, runtimeConfigResponse, unknownMethod } from './cri-runtime.ts';
import { containerMetrics, containerStats, METRIC_DESCRIPTORS, podSandboxStats, unixNanos, type StatsContainer } from './cri-stats.ts';
import { streamRequestError, streamServerPort, streamToken, streamUrl } from './cri-stream.ts';
import { cgroupDirs, cgroupSetWrites } from '../../../domain/oci/cgroups.ts';
import { withResources } from '../../../domain/oci/spec.ts';

export const CONTAINERD_VERSION = '2.1.4';
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** containerd's CRI plugin keeps Kubernetes' containers in the `k8s.io` namespace. */
const NAMESPACE = 'k8s.io';
const RUNC_ROOT = '/run/containerd/runc/k8s.io';
/**
 * The runtime type of the node's runc handler (containerd's CRI config runtime_type), whose shim
 * is containerd-shim-<name>-<version> (core/runtime/v2/binary.go BinaryName): runc and crun both
 * run under the runc shim; gVisor and Kata bring their own.
 */
const RUNTIME_TYPE: Readonly<Record<LowLevelRuntime, string>> = { runc: 'io.containerd.runc.v2', crun: 'io.containerd.runc.v2', runsc: 'io.containerd.runsc.v1', kata: 'io.containerd.kata.v2' };
/** The shim's process name as ps shows it (the binary's base name): what the task calls run in. */
const shimProc = (lowLevel: LowLevelRuntime): string => SHIM_BINARY[lowLevel].slice(SHIM_BINARY[lowLevel].lastIndexOf('/') + 1);
/**
 * SystemdCgroup = true in the runc handler's options (kubeadm's containerd config with the
 * systemd cgroup driver, as the model's nodes use): the shim passes `--systemd-cgroup` to every
 * runc command (cmd/containerd-shim-runc-v2/process/init.go NewRunc: runc.Runc.SystemdCgroup).
 */
const SYSTEMD_CGROUP = true;
/** Image download speed from the registry (bytes/s): ~50 MB/s, a typical cloud VM. */
const PULL_BANDWIDTH = 50_000_000;

interface Sandbox {
  id: string;
  pod: Pod;
  ref: ObjectRef;
  machine: MachineInstance<typeof sandboxMachine>;
  ip?: string;
  netnsPath?: string;
  pid?: number;
  createdAt: string;
  config: Record<string, unknown>;
  /** The overlayfs snapshot of the pause container's rootfs (snapshots/<n>). */
  snapshot?: number;
  /** StopPodSandbox closed the netns: PodSandboxStatus reports no IP any more (sandbox_status.go getIPs). */
  netnsClosed?: boolean;
  /** StopPodSandbox calls waiting for the pause container's exit. */
  waiters?: ((seq: number) => void)[];
}

interface CriContainer {
  id: string;
  sandboxId: string;
  name: string;
  ref: ObjectRef;
  machine: MachineInstance<typeof criContainerMachine>;
  image?: ImageInfo;
  /** ContainerConfig.metadata.attempt: the kubelet's restart count. */
  attempt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  /** The OCI spec written at CreateContainer; runc gets it when the task is created (StartContainer). */
  spec?: OciSpec;
  /** What the container's process does (for probes and ExecSync; runc runs the same plan). */
  plan?: ProcessPlan;
  /** StartError and its message when the task could not be created. */
  reason?: string;
  message?: string;
  /** The image's STOPSIGNAL (nginx: SIGQUIT); SIGTERM when it has none. */
  stopSignal?: string;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** StopContainer calls waiting for the exit (waitContainerStop). */
  waiters?: ((seq: number) => void)[];
  /** ContainerConfig.image and .mounts as the kubelet sent them; the resources from the spec. */
  imageSpec?: Record<string, unknown>;
  mounts?: Record<string, unknown>[];
  resources?: Record<string, unknown>;
  /** The overlayfs snapshot of its rootfs (snapshots/<n>). */
  snapshot?: number;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };

/**
 * The host's cgroup controllers containerd's CRI plugin checks when it builds a container's
 * resources (internal/cri/opts/spec_linux.go): hugepage limits only where the hugetlb controller
 * is present (isHugetlbControllerPresent: cgroup.controllers on v2, a hugetlb hierarchy on v1;
 * tolerate_missing_hugetlb_controller skips them otherwise), swap only with swap accounting
 * (SwapControllerAvailable: memory.swap.max on v2, memory.memsw.limit_in_bytes on v1). The
 * model's nodes have both unless told otherwise.
 */
export interface ContainerdHostFacts {
  hugetlbController: boolean;
  swapController: boolean;
}

/**
 * containerd/<node> with its CRI plugin: serves the kubelet's runtime.v1 RuntimeService and
 * ImageService calls. A sandbox is a network namespace set up by the CNI plugins plus the
 * pause container; a container gets an overlayfs snapshot and an OCI spec that joins the
 * sandbox's namespaces; both are run by runc through containerd-shim-runc-v2.
 */
export class Containerd implements Actor {
  readonly id: string;
  private readonly runc: string;
  private readonly hostFacts: ContainerdHostFacts;
  private readonly rng: Rng;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, CriContainer>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly pulling = new Map<string, ((seq: number) => void)[]>();
  private readonly pendingRunc = new Map<number, (exit: RuncExit, delivery: Delivery) => void>();
  private readonly allocatedIPs = new Set<string>();
  /** Told of every change of a sandbox's or container's state (see onRuntimeChange). */
  private readonly changeListeners: ((cause: number) => void)[] = [];
  /** The overlayfs snapshotter's ids (snapshots/<n>): the next one, and each image's layers, bottom first. */
  private nextSnapshot = 1;
  private readonly layerSnapshots = new Map<string, number[]>();
  /** The streaming server's port (picked once at startup) and its token source (cri-stream.ts). */
  private readonly streamRng: Rng;
  private streamPort?: number;
  /** The last stats sample of each container (usageNanoCores is the rate since it). */
  private readonly statsSamples = new Map<string, { cpu: number; t: number }>();
  /** GetContainerEvents subscribers: each gets every container event as one more response. */
  private readonly eventSubscribers: Delivery[] = [];
  /** UpdateRuntimeConfig's pod CIDRs (the kubelet sends the node's spec.podCIDRs). */
  private podCIDRs: string[] = [];
  /** The streaming server's request cache: `/<method>/<token>` → the Exec/Attach/PortForward request. */
  private readonly streamRequests = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly podCIDR: string,
    /** The node's low-level runtime: the runc shim runs it by its BinaryName (runc or crun). */
    private readonly lowLevel: LowLevelRuntime = 'runc',
    /** What the host's cgroups offer, as containerd probes them at start (ContainerdHostFacts). */
    hostFacts: Partial<ContainerdHostFacts> = {},
  ) {
    this.hostFacts = { hugetlbController: hostFacts.hugetlbController ?? true, swapController: hostFacts.swapController ?? true };
    this.id = `containerd/${host}`;
    this.runc = `${lowLevel}/${host}`;
    this.rng = sim.rng.fork(`containerd/${host}`);
    this.streamRng = sim.rng.fork(`containerd/${host}/streaming`);
    // The sandbox image is on every node already (kubeadm pre-pulls it).
    const pause = imageInfo(PAUSE_IMAGE);
    this.images.set(pause.normalized, pause);
    this.reserveLayerSnapshots(pause);
  }

  receive(msg: Delivery): void {
    if (isNativeApiCall(msg)) return serveNativeApi(this, this.sim, msg, { sandboxes: this.sandboxes, containers: this.containers, runc: this.runc, nextSnapshot: () => this.nextSnapshot++, pauseImage: PAUSE_IMAGE });
    if (msg.from === this.runc && msg.op === 'exit') {
      this.onTaskExit(msg as Delivery<{ id: string; pid: number; exitStatus: number }>);
      return;
    }
    if (msg.from === this.runc && msg.op === 'memory.events') {
      this.onTaskOom(msg as Delivery<{ id: string }>);
      return;
    }
    if (msg.from === this.runc && msg.replyTo !== undefined) {
      const handler = this.pendingRunc.get(msg.replyTo);
      this.pendingRunc.delete(msg.replyTo);
      handler?.(msg.payload as RuncExit, msg);
      return;
    }
    const req = (msg.payload ?? {}) as Record<string, unknown>;
    switch (msg.op) {
      case 'RunPodSandbox':
        this.runPodSandbox(msg, req);
        break;
      case 'PodSandboxStatus':
        this.podSandboxStatus(msg, req);
        break;
      case 'ImageStatus':
        this.imageStatus(msg, req);
        break;
      case 'PullImage':
        this.pullImage(msg, req);
        break;
      case 'CreateContainer':
        this.createContainer(msg, req);
        break;
      case 'StartContainer':
        this.startContainer(msg, req);
        break;
      case 'StopContainer':
        this.stopContainerRpc(msg, req);
        break;
      case 'ContainerStatus':
        this.containerStatus(msg, req);
        break;
      case 'RemoveContainer':
        this.removeContainer(msg, req);
        break;
      case 'StopPodSandbox':
        this.stopPodSandbox(msg, req);
        break;
      case 'RemovePodSandbox':
        this.removePodSandbox(msg, req);
        break;
      case 'ListPodSandbox':
        this.listPodSandbox(msg, req);
        break;
      case 'ListContainers':
        this.listContainers(msg, req);
        break;
      case 'ExecSync':
        this.execSync(msg, req);
        break;
      case 'Status':
        // Status (internal/cri/server/status.go): the node's CNI config is in place, so both are ready.
        this.sim.after(60, () => this.reply(msg, runtimeStatusView({ networkReady: true, handler: 'runc' }), msg.seq));
        break;
      case 'ListImages':
        this.sim.after(80, () => this.reply(msg, listImagesResponse(this.images.values()), msg.seq));
        break;
      case 'Version':
        this.reply(msg, { version: '0.1.0', runtimeName: 'containerd', runtimeVersion: `v${CONTAINERD_VERSION}`, runtimeApiVersion: 'v1' }, msg.seq);
        break;
      default:
        if (!this.extraRpc(msg, req)) this.reply(msg, { error: unknownMethod(msg.op) }, msg.seq);
    }
  }

  // ---------------------------------------------------------------- sandboxes

  private runPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const config = (req.config ?? {}) as Record<string, unknown>;
    const meta = (config.metadata ?? {}) as { name?: string; namespace?: string; uid?: string };
    const pod = podFromSandboxConfig(config);
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', name: meta.name ?? '', namespace: meta.namespace ?? 'default', ...(meta.uid ? { uid: meta.uid } : {}) };
    const id = hexId(this.rng);
    const machine = this.sim.startMachine(sandboxMachine, { actor: this.id, machine: 'cri-sandbox', instance: id, ref }, { cause: msg.seq });
    const sandbox: Sandbox = { id, pod, ref, machine, createdAt: toRfc3339(this.sim.timeOrigin, this.sim.now), config };
    this.sandboxes.set(id, sandbox);
    const hostNetwork = ((config.linux as { securityContext?: { namespaceOptions?: { network?: string } } } | undefined)?.securityContext?.namespaceOptions?.network ?? 'POD') === 'NODE';
    const steps: PlannedStep[] = [{ op: 'ensure sandbox image', dur: 40, attrs: { image: PAUSE_IMAGE, present: true } }];
    if (!hostNetwork) {
      sandbox.netnsPath = `/var/run/netns/${cniNetnsName(this.rng)}`;
      steps.push({ op: 'create network namespace', dur: 250, attrs: { syscall: 'unshare(CLONE_NEWNET)', path: sandbox.netnsPath } });
      const ip = hostLocalNextIP(this.podCIDR, this.allocatedIPs);
      sandbox.ip = ip;
      this.allocatedIPs.add(ip);
      for (const s of cniAddSteps({ containerId: id, netnsPath: sandbox.netnsPath, ifName: 'eth0', podIP: ip, subnet: this.podCIDR, bridge: 'cni0' })) {
        steps.push({ op: s.op, dur: s.dur, attrs: { plugin: s.plugin, ...s.attrs } });
      }
    }
    const pauseImage = this.images.get(normalizeImageName(PAUSE_IMAGE)) ?? imageInfo(PAUSE_IMAGE);
    sandbox.snapshot = this.nextSnapshot++;
    steps.push({ op: 'snapshot prepare', dur: 300, attrs: this.snapshotPrepareAttrs(id, pauseImage) });
    const namespaces = sandboxNamespaces({ hostNetwork, ...(sandbox.netnsPath ? { netnsPath: sandbox.netnsPath } : {}) });
    const cgroupParent = ((config.linux as { cgroupParent?: string } | undefined)?.cgroupParent ?? '');
    const spec = sandboxSpec({ id, pod, namespaces, cgroupsPath: `${cgroupParent}:cri-containerd:${id}`, pauseImage: PAUSE_IMAGE });
    steps.push({ op: 'generate OCI spec', dur: 60, attrs: { namespaces } });
    // The pause container's record (client.NewContainer with the spec and the sandbox metadata).
    steps.push(this.createContainerStep(id, pauseImage));
    steps.push({ op: 'start shim', dur: 2_500, attrs: { argv: shimStartCommandLine(this.lowLevel, NAMESPACE, id) } });
    steps.push(this.rootfsMountStep(id, sandbox.snapshot, pauseImage));
    playSteps(this.sim, this.id, steps, machine.stateSeq, ref, (last) => {
      this.runRunc({ op: 'create', id, bundle: bundleOf(id), root: RUNC_ROOT, argv: runcCommandLine('create', { id, bundle: bundleOf(id), root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP }), spec, ref }, last, (created, d1) => {
        if (created.exitCode !== 0) {
          machine.send({ type: 'FAILED' }, d1.seq);
          this.reply(msg, { error: `rpc error: code = Unknown desc = failed to create containerd task: ${created.stderr ?? 'runc create failed'}` }, machine.stateSeq);
          return;
        }
        if (created.pid !== undefined) sandbox.pid = created.pid;
        const taskCreated = this.publishTaskCreate(id, created.pid, ref, d1.seq);
        this.runRunc({ op: 'start', id, bundle: bundleOf(id), root: RUNC_ROOT, argv: runcCommandLine('start', { id, root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP }), ref }, taskCreated, (_started, d2) => {
          const taskStarted = this.publish('TaskStart', '/tasks/start', { container_id: id, pid: sandbox.pid ?? 0 }, ref, d2.seq);
          machine.send({ type: 'READY' }, taskStarted);
          this.notifyChange(machine.stateSeq);
          this.reply(msg, { podSandboxId: id }, machine.stateSeq);
        });
      });
    });
  }

  private podSandboxStatus(msg: Delivery, req: Record<string, unknown>): void {
    const sandbox = this.sandboxes.get(req.podSandboxId as string);
    if (!sandbox) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found` }, msg.seq);
      return;
    }
    const status = {
      id: sandbox.id,
      metadata: sandbox.config.metadata,
      state: sandbox.machine.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
      createdAt: String(BigInt(Date.parse(sandbox.createdAt)) * 1_000_000n),
      network: { ip: sandbox.netnsClosed ? '' : (sandbox.ip ?? ''), additionalIps: [] },
      linux: { namespaces: { options: (sandbox.config.linux as { securityContext?: { namespaceOptions?: unknown } } | undefined)?.securityContext?.namespaceOptions ?? {} } },
      labels: sandbox.config.labels ?? {},
      annotations: sandbox.config.annotations ?? {},
      runtimeHandler: '',
    };
    this.sim.after(60, () => this.reply(msg, { status, info: {} }, msg.seq));
  }

  // ---------------------------------------------------------------- images

  private imageStatus(msg: Delivery, req: Record<string, unknown>): void {
    const ref = ((req.image ?? {}) as { image?: string }).image ?? '';
    const info = this.images.get(normalizeOrEmpty(ref));
    const image = info
      ? { id: info.id, repoTags: [info.normalized], repoDigests: [info.repoDigest], size: String(info.sizeBytes), username: '', pinned: false }
      : null;
    this.sim.after(80, () => this.reply(msg, { image, info: {} }, msg.seq));
  }

  /** An image pull: resolve, fetch manifest, config and layers, unpack into overlayfs snapshots. */
  private pullImage(msg: Delivery, req: Record<string, unknown>): void {
    const ref = ((req.image ?? {}) as { image?: string }).image ?? '';
    if (normalizeOrEmpty(ref) === '') {
      // image_pull.go: distribution.ParseDockerRef fails before anything is fetched.
      this.reply(msg, { error: `rpc error: code = Unknown desc = failed to parse image reference ${JSON.stringify(ref)}: invalid reference format` }, msg.seq);
      return;
    }
    const info = imageInfo(ref);
    const done = (seq: number): void => this.reply(msg, { imageRef: info.id }, seq);
    if (this.images.has(info.normalized)) {
      done(msg.seq);
      return;
    }
    // A second pull of an image being pulled waits for the first one (containerd dedupes fetches).
    const waiting = this.pulling.get(info.normalized);
    if (waiting) {
      waiting.push(done);
      return;
    }
    // ---- pull failures (node issue): the registry has no such image; resolving fails.
    const failure = injectedPullFailure(this.sim, ref, this.host) ?? pullFailure(ref);
    if (failure) {
      playSteps(this.sim, this.id, resolveFailureSteps(info.normalized, failure.headStatus, failure.dockerHub), msg.seq, msg.ref, (last) => this.reply(msg, { error: rpcError(failure) }, last));
      return;
    }
    this.pulling.set(info.normalized, [done]);
    const steps = pullSteps(info, { bandwidthBytesPerSecond: PULL_BANDWIDTH, firstSnapshotId: this.reserveLayerSnapshots(info) });
    playSteps(this.sim, this.id, steps, msg.seq, msg.ref, (last) => {
      this.images.set(info.normalized, info);
      const waiters = this.pulling.get(info.normalized) ?? [];
      this.pulling.delete(info.normalized);
      for (const w of waiters) w(last);
    });
  }

  // ---------------------------------------------------------------- containers

  /**
   * CreateContainer (internal/cri/server/container_create.go): a snapshot for the rootfs, the OCI
   * spec from the ContainerConfig and the image config, and the container record with its
   * labels, annotations and attempt. No task yet: runc comes with StartContainer.
   */
  private createContainer(msg: Delivery, req: Record<string, unknown>): void {
    const sandbox = this.sandboxes.get(req.podSandboxId as string);
    const config = (req.config ?? {}) as { metadata?: { name?: string; attempt?: number }; labels?: Record<string, string>; annotations?: Record<string, string>; logPath?: string };
    if (!sandbox) {
      this.reply(msg, { error: 'rpc error: code = NotFound desc = failed to get sandbox: not found' }, msg.seq);
      return;
    }
    const name = config.metadata?.name ?? '';
    const container = containerFromConfig(req.config as Record<string, unknown>);
    const id = hexId(this.rng);
    const namespaces = containerNamespaces({ sandboxPid: sandbox.pid ?? 0, hostNetwork: !sandbox.netnsPath, shareProcessNamespace: Boolean(sandbox.pod.spec.shareProcessNamespace) });
    const cgroupParent = ((sandbox.config.linux as { cgroupParent?: string } | undefined)?.cgroupParent ?? '');
    const spec = containerSpec({ id, pod: sandbox.pod, container, sandboxId: sandbox.id, namespaces, cgroupsPath: `${cgroupParent}:cri-containerd:${id}`, criConfig: req.config as Record<string, unknown>, ...this.hostFacts, ...(sandbox.ip ? { podIP: sandbox.ip } : {}) });
    // internal/cri/opts/spec_opts.go WithProcessArgs: no command or args in the config and no
    // Entrypoint or Cmd in the image: the spec is refused before any snapshot or record is made,
    // wrapped by container_create.go ("failed to generate container %q spec: %w").
    if ((spec.process?.args ?? []).length === 0) {
      this.sim.after(80, () => this.reply(msg, { error: `rpc error: code = Unknown desc = failed to generate container ${JSON.stringify(id)} spec: no command specified` }, msg.seq));
      return;
    }
    const machine = this.sim.startMachine(criContainerMachine, { actor: this.id, machine: 'cri-container', instance: id, ref: sandbox.ref }, { cause: msg.seq });
    const image = imageInfo(container.image);
    const record: CriContainer = {
      id,
      sandboxId: sandbox.id,
      name,
      ref: sandbox.ref,
      machine,
      image,
      attempt: config.metadata?.attempt ?? 0,
      labels: { ...(config.labels ?? {}) },
      annotations: { ...(config.annotations ?? {}) },
      logPath: config.logPath ? `${String(sandbox.config.logDirectory ?? '')}/${config.logPath}` : '',
      stopSignal: imageConfigFor(container.image).StopSignal ?? 'SIGTERM',
      createdAt: this.sim.now,
      spec,
      imageSpec: { ...((req.config as { image?: Record<string, unknown> }).image ?? {}) },
      mounts: (((req.config as { mounts?: Record<string, unknown>[] }).mounts ?? [])).map((m) => ({ ...m })),
      resources: containerResourcesOf(spec),
      snapshot: this.nextSnapshot++,
      plan: planProcess({ image: container.image, args: spec.process?.args ?? [], env: spec.process?.env ?? [] }),
    };
    this.containers.set(id, record);
    const steps: PlannedStep[] = [
      { op: 'snapshot prepare', dur: 400, attrs: { ...this.snapshotPrepareAttrs(id, image), layers: image.layers.length } },
      { op: 'generate OCI spec', dur: 80, attrs: { namespaces, args: spec.process?.args } },
      this.createContainerStep(id, image),
    ];
    playSteps(this.sim, this.id, steps, machine.stateSeq, sandbox.ref, (last) => {
      machine.send({ type: 'CREATED' }, last);
      this.notifyChange(machine.stateSeq);
      this.containerEvent(record, 'CONTAINER_CREATED_EVENT', machine.stateSeq);
      this.reply(msg, { containerId: id }, machine.stateSeq);
    });
  }

  /**
   * StartContainer (container_start.go): the task is created (the shim starts, `runc create`)
   * and started (`runc start`). When the task cannot be created, the container is set exited
   * with exit code 128 and reason StartError (errorStartExitCode, errorStartReason), and the
   * error goes back to the kubelet.
   */
  private startContainer(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = an error occurred when try to find container "${String(req.containerId)}": not found` }, msg.seq);
      return;
    }
    const spec = c.spec;
    delete c.spec;
    const steps: PlannedStep[] = [{ op: 'start shim', dur: 2_500, attrs: { argv: shimStartCommandLine(this.lowLevel, NAMESPACE, c.id) } }];
    if (c.snapshot !== undefined && c.image) steps.push(this.rootfsMountStep(c.id, c.snapshot, c.image));
    playSteps(this.sim, this.id, steps, msg.seq, c.ref, (last) => {
      this.runRunc({ op: 'create', id: c.id, bundle: bundleOf(c.id), root: RUNC_ROOT, argv: runcCommandLine('create', { id: c.id, bundle: bundleOf(c.id), root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP }), ...(spec ? { spec } : {}), ref: c.ref }, last, (created, d1) => {
        if (created.exitCode !== 0) {
          const error = `failed to create containerd task: failed to create shim task: OCI runtime create failed: ${created.stderr ?? 'runc create failed'}`;
          c.exitCode = 128;
          c.reason = 'StartError';
          c.message = error;
          c.startedAt = undefined;
          c.finishedAt = this.sim.now;
          c.machine.send({ type: 'EXITED' }, d1.seq);
          this.notifyChange(c.machine.stateSeq);
          this.reply(msg, { error: `rpc error: code = Unknown desc = ${error}: unknown` }, c.machine.stateSeq);
          return;
        }
        const taskCreated = this.publishTaskCreate(c.id, created.pid, c.ref, d1.seq);
        this.runRunc({ op: 'start', id: c.id, bundle: bundleOf(c.id), root: RUNC_ROOT, argv: runcCommandLine('start', { id: c.id, root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP }), ref: c.ref }, taskCreated, (exit, d) => {
          if (exit.exitCode !== 0) {
            this.reply(msg, { error: `rpc error: code = Unknown desc = failed to start containerd task "${c.id}": ${exit.stderr ?? ''}` }, d.seq);
            return;
          }
          c.startedAt = this.sim.now;
          const taskStarted = this.publish('TaskStart', '/tasks/start', { container_id: c.id, pid: exit.pid ?? created.pid ?? 0 }, c.ref, d.seq);
          c.machine.send({ type: 'STARTED' }, taskStarted);
          this.notifyChange(c.machine.stateSeq);
          this.containerEvent(c, 'CONTAINER_STARTED_EVENT', c.machine.stateSeq);
          this.reply(msg, {}, c.machine.stateSeq);
        });
      });
    });
  }

  // ---------------------------------------------------------------- stop and remove

  /** StopContainer (internal/cri/server/container_stop.go); idempotent on a stopped container. */
  private stopContainerRpc(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = an error occurred when try to find container "${String(req.containerId)}": not found` }, msg.seq);
      return;
    }
    this.stopContainer(c, Number(req.timeout ?? 0), msg.seq, (seq) => this.reply(msg, {}, seq));
  }

  /**
   * stopContainer: a running container gets its stop signal (the image's STOPSIGNAL, else
   * SIGTERM) when there is a timeout, SIGKILL otherwise or once the timeout passes; it is
   * stopped when the exit handler has deleted its task.
   */
  private stopContainer(c: CriContainer, timeoutSeconds: number, cause: number, done: (seq: number) => void): void {
    if (c.machine.state !== 'CONTAINER_RUNNING') {
      done(cause);
      return;
    }
    let finished = false;
    const waiter = (seq: number): void => {
      if (finished) return;
      finished = true;
      done(seq);
    };
    (c.waiters ??= []).push(waiter);
    const signal = timeoutSeconds > 0 ? (c.stopSignal ?? 'SIGTERM') : 'SIGKILL';
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'kill task', dur: 0, cause, ref: c.ref, attrs: { id: c.id, signal, timeout: timeoutSeconds } });
    this.killTask(c.id, c.ref, SIGNALS[signal] ?? 15, seq);
    if (timeoutSeconds > 0) {
      this.sim.after(timeoutSeconds * 1_000_000, () => {
        if (finished || c.machine.state !== 'CONTAINER_RUNNING') return;
        const k = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'kill task', dur: 0, cause: seq, ref: c.ref, attrs: { id: c.id, signal: 'SIGKILL', reason: 'timeout' } });
        this.killTask(c.id, c.ref, 9, k);
      });
    }
  }

  /** The shim's Kill: `runc kill <id> <signal>`. */
  private killTask(id: string, ref: ObjectRef, signal: number, cause: number): void {
    this.runRunc({ op: 'kill', id, bundle: bundleOf(id), root: RUNC_ROOT, signal, argv: runcCommandLine('kill', { id, root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP, signal }), ref }, cause, () => {
      // runc kill returns at once; the exit comes as the shim's SIGCHLD.
    });
  }

  /**
   * The shim reaped an init (SIGCHLD) and published TaskExit: the event handler records the exit
   * status and deletes the task (`runc delete`), then whoever waits for the stop is answered.
   */
  private onTaskExit(msg: Delivery<{ id: string; pid: number; exitStatus: number }>): void {
    const { id, exitStatus } = msg.payload;
    const c = this.containers.get(id);
    const sandbox = this.sandboxes.get(id);
    const ref = c?.ref ?? sandbox?.ref;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'TaskExit', dur: 0, cause: msg.seq, ...(ref ? { ref } : {}), attrs: { id, pid: msg.payload.pid, exitStatus, ...eventAttr('/tasks/exit', { container_id: id, id, pid: msg.payload.pid, exit_status: exitStatus }) } });
    this.runRunc({ op: 'delete', id, bundle: bundleOf(id), root: RUNC_ROOT, argv: runcCommandLine('delete', { id, root: RUNC_ROOT, namespace: NAMESPACE, systemdCgroup: SYSTEMD_CGROUP }), ...(ref ? { ref } : {}) }, seq, (_exit, d) => {
      // The shim publishes TaskDelete once `runc delete` returned; then the CRI's exit handler goes on.
      const deleted = this.publish('TaskDelete', '/tasks/delete', { container_id: id, pid: msg.payload.pid, exit_status: exitStatus }, ref, d.seq);
      if (c) {
        c.exitCode = exitStatus;
        c.finishedAt = this.sim.now;
        c.machine.send({ type: 'EXITED' }, deleted);
        this.notifyChange(c.machine.stateSeq);
        this.containerEvent(c, 'CONTAINER_STOPPED_EVENT', c.machine.stateSeq);
        for (const w of c.waiters?.splice(0) ?? []) w(c.machine.stateSeq);
      } else if (sandbox) {
        for (const w of sandbox.waiters?.splice(0) ?? []) w(deleted);
      }
    });
  }

  /**
   * The shim's OOM watcher saw oom_kill go up in the container's memory.events and published
   * TaskOOM (/tasks/oom); the CRI's event handler sets the container's reason to OOMKilled
   * (internal/cri/server/events.go, oomExitReason), which the exit that follows keeps.
   */
  private onTaskOom(msg: Delivery<{ id: string }>): void {
    const c = this.containers.get(msg.payload.id);
    if (!c) return;
    this.publish('TaskOOM', '/tasks/oom', { container_id: c.id }, c.ref, msg.seq);
    c.reason = 'OOMKilled';
  }

  /** ContainerStatus, with the exit code and the reason containerd derives from it. */
  private containerStatus(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = an error occurred when try to find container "${String(req.containerId)}": not found` }, msg.seq);
      return;
    }
    const status = containerStatusView(this.view(c), Date.parse(this.sim.timeOrigin));
    this.sim.after(60, () => this.reply(msg, { status, info: {} }, msg.seq));
  }

  private view(c: CriContainer): Parameters<typeof containerStatusView>[0] {
    return {
      id: c.id,
      sandboxId: c.sandboxId,
      name: c.name,
      attempt: c.attempt,
      state: c.machine.state,
      ...(c.image ? { image: c.image } : {}),
      labels: c.labels,
      annotations: c.annotations,
      logPath: c.logPath,
      ...(c.createdAt !== undefined ? { createdAt: c.createdAt } : {}),
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: c.finishedAt } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.message !== undefined ? { message: c.message } : {}),
      ...(c.imageSpec ? { imageSpec: c.imageSpec } : {}),
      ...(c.mounts ? { mounts: c.mounts } : {}),
      ...(c.resources ? { resources: c.resources } : {}),
    };
  }

  // ---------------------------------------------------------------- lists, exec, probes (node issue)

  /** ListContainers (container_list.go): every container the plugin has, filtered. */
  private listContainers(msg: Delivery, req: Record<string, unknown>): void {
    const filter = req.filter as Parameters<typeof matchesFilter>[1];
    const origin = Date.parse(this.sim.timeOrigin);
    const containers = [...this.containers.values()]
      .filter((c) => c.machine.state !== 'creating' && (!filter || !(filter as { podSandboxId?: string }).podSandboxId || (filter as { podSandboxId?: string }).podSandboxId === c.sandboxId))
      .filter((c) => matchesFilter({ id: c.id, state: c.machine.state, labels: c.labels }, filter))
      .map((c) => containerListView(this.view(c), origin));
    this.sim.after(80, () => this.reply(msg, { containers }, msg.seq));
  }

  /** ListPodSandbox (sandbox_list.go). */
  private listPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const filter = req.filter as Parameters<typeof matchesFilter>[1];
    const origin = Date.parse(this.sim.timeOrigin);
    const items = [...this.sandboxes.values()]
      .filter((sb) => sb.machine.state !== 'creating')
      .filter((sb) => matchesFilter({ id: sb.id, state: sb.machine.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', labels: (sb.config.labels ?? {}) as Record<string, string> }, filter))
      .map((sb) => sandboxListView({ id: sb.id, state: sb.machine.state, config: sb.config, createdAt: Date.parse(sb.createdAt) * 1000 - origin * 1000, ...(sb.ip ? { ip: sb.ip } : {}) }, origin));
    this.sim.after(60, () => this.reply(msg, { items }, msg.seq));
  }

  /**
   * ExecSync (container_execsync.go): the shim runs the command in the container (`runc exec`);
   * stdout and stderr come back as bytes (base64 in protobuf JSON). A command the image does not
   * have fails as runc's exec does.
   */
  private execSync(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c || c.machine.state !== 'CONTAINER_RUNNING' || !c.plan) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = an error occurred when try to find container "${String(req.containerId)}": not found` }, msg.seq);
      return;
    }
    const cmd = (req.cmd ?? []) as string[];
    const result = execIn(c.plan, cmd, this.sim.now - (c.startedAt ?? this.sim.now));
    const execId = hexId(this.rng);
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'exec', dur: 3_000, cause: msg.seq, ref: c.ref, attrs: { id: c.id, execId, cmd } });
    this.sim.after(3_000, () => {
      if ('error' in result) {
        this.reply(msg, { error: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec ${JSON.stringify(execId)}: OCI runtime exec failed: exec failed: unable to start container process: ${result.error}: unknown` }, seq);
        return;
      }
      if ('timedOut' in result) {
        this.reply(msg, { error: `rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout ${Number(req.timeout ?? 1)}s exceeded: context deadline exceeded` }, seq);
        return;
      }
      this.reply(msg, { stdout: base64(result.stdout), stderr: base64(result.stderr), exitCode: result.exitCode }, seq);
    });
  }

  /**
   * What a connection to `podIP:port` meets: the kubelet's HTTP and TCP probes connect from the
   * host to the pod's IP, and the container that listens in the pod's network namespace answers
   * (or the kernel refuses). Not a CRI call: the simulator asks the runtime, which knows the
   * containers' processes, in place of the host's TCP stack.
   */
  answerConnection(podIP: string, port: number, path?: string): { status: number } | { refused: true } | { notHttp: true } {
    const sandbox = [...this.sandboxes.values()].find((sb) => sb.ip === podIP && sb.machine.state === 'SANDBOX_READY');
    if (!sandbox) return { refused: true };
    const running = [...this.containers.values()].flatMap((c) => (c.sandboxId === sandbox.id && c.machine.state === 'CONTAINER_RUNNING' && c.plan ? [{ plan: c.plan, at: this.sim.now - (c.startedAt ?? this.sim.now) }] : []));
    return podConnectionAnswer(running, port, path);
  }

  /**
   * Registers a listener told of every change of a sandbox's or a container's state. The
   * kubelet's PLEG uses it to run the relist that will see the change, instead of relisting
   * every second for nothing (see kubelet/pleg.ts); it is simulator plumbing, not a CRI call.
   */
  onRuntimeChange(listener: (cause: number) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * The network namespaces the CRI plugin holds under /var/run/netns, oldest first: made by
   * RunPodSandbox (pkg/netns NewNetNS, `cni-<16 random bytes>`), removed by StopPodSandbox's
   * teardown. Read-only, for `ip netns list` on the node (commands/ip); not a CRI call.
   */
  networkNamespaces(): string[] {
    return [...this.sandboxes.values()].flatMap((sb) => (sb.netnsPath && !sb.netnsClosed ? [sb.netnsPath] : []));
  }

  /** `cause`: the seq of the state change (the relist that sees it is caused by it). */
  private notifyChange(cause: number): void {
    for (const l of this.changeListeners) l(cause);
  }

  /** RemoveContainer (container_remove.go): stops it if needed, deletes snapshot and dirs; idempotent. */
  private removeContainer(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, {}, msg.seq);
      return;
    }
    this.stopContainer(c, 0, msg.seq, (seq) => {
      const steps: PlannedStep[] = [
        { op: 'snapshot remove', dur: 300, attrs: { snapshotter: 'overlayfs', key: c.id, ...eventAttr('/snapshot/remove', { key: c.id, snapshotter: 'overlayfs' }) } },
        deleteContainerStep(c.id),
        { op: 'remove container directories', dur: 100, attrs: { paths: [`/var/lib/containerd/io.containerd.grpc.v1.cri/containers/${c.id}`, `/run/containerd/io.containerd.grpc.v1.cri/containers/${c.id}`] } },
      ];
      playSteps(this.sim, this.id, steps, seq, c.ref, (last) => {
        this.containerEvent(c, 'CONTAINER_DELETED_EVENT', last);
        c.machine.send({ type: 'REMOVE' }, last);
        this.containers.delete(c.id);
        this.statsSamples.delete(c.id);
        this.notifyChange(c.machine.stateSeq);
        this.reply(msg, {}, c.machine.stateSeq);
      });
    });
  }

  /**
   * StopPodSandbox (sandbox_stop.go, podsandbox controller): its containers are killed, /dev/shm
   * unmounted, the pause container killed, the network torn down (CNI DEL) and the netns
   * removed. Idempotent.
   */
  private stopPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const sandbox = this.sandboxes.get(req.podSandboxId as string);
    if (!sandbox || sandbox.machine.state !== 'SANDBOX_READY') {
      this.reply(msg, {}, msg.seq);
      return;
    }
    this.stopSandbox(sandbox, msg.seq, (seq) => this.reply(msg, {}, seq));
  }

  private stopSandbox(sandbox: Sandbox, cause: number, done: (seq: number) => void): void {
    const inside = [...this.containers.values()].filter((c) => c.sandboxId === sandbox.id);
    const stopNext = (i: number, seq: number): void => {
      const c = inside[i];
      if (!c) {
        this.stopSandboxContainer(sandbox, seq, (s2) =>
          this.teardownNetwork(sandbox, s2, (s3) => {
            sandbox.machine.send({ type: 'STOP' }, s3);
            this.notifyChange(sandbox.machine.stateSeq);
            done(sandbox.machine.stateSeq);
          }),
        );
        return;
      }
      this.stopContainer(c, 0, seq, (s) => stopNext(i + 1, s));
    };
    stopNext(0, cause);
  }

  private stopSandboxContainer(sandbox: Sandbox, cause: number, done: (seq: number) => void): void {
    const shm = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'unmount shm', dur: 50, cause, ref: sandbox.ref, attrs: { path: `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandbox.id}/shm` } });
    this.sim.after(50, () => {
      (sandbox.waiters ??= []).push(done);
      this.killTask(sandbox.id, sandbox.ref, 9, shm);
    });
  }

  private teardownNetwork(sandbox: Sandbox, cause: number, done: (seq: number) => void): void {
    if (!sandbox.netnsPath || !sandbox.ip) {
      done(cause);
      return;
    }
    const steps: PlannedStep[] = cniDelSteps({ containerId: sandbox.id, netnsPath: sandbox.netnsPath, ifName: 'eth0', bridge: 'cni0', podIP: sandbox.ip, subnet: this.podCIDR }).map((st) => ({ op: st.op, dur: st.dur, attrs: { plugin: st.plugin, ...st.attrs } }));
    steps.push({ op: 'remove network namespace', dur: 100, attrs: { path: sandbox.netnsPath, syscall: `umount2("${sandbox.netnsPath}", MNT_DETACH)` } });
    this.allocatedIPs.delete(sandbox.ip);
    playSteps(this.sim, this.id, steps, cause, sandbox.ref, (last) => {
      sandbox.netnsClosed = true;
      done(last);
    });
  }

  /** RemovePodSandbox (sandbox_remove.go): stopped first, its containers removed, then it; idempotent. */
  private removePodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const sandbox = this.sandboxes.get(req.podSandboxId as string);
    if (!sandbox) {
      this.reply(msg, {}, msg.seq);
      return;
    }
    const remove = (seq: number): void => {
      for (const c of [...this.containers.values()]) if (c.sandboxId === sandbox.id) this.containers.delete(c.id);
      const steps: PlannedStep[] = [
        { op: 'snapshot remove', dur: 300, attrs: { snapshotter: 'overlayfs', key: sandbox.id, ...eventAttr('/snapshot/remove', { key: sandbox.id, snapshotter: 'overlayfs' }) } },
        deleteContainerStep(sandbox.id),
        { op: 'remove sandbox directories', dur: 100, attrs: { paths: [`/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandbox.id}`, `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandbox.id}`] } },
      ];
      playSteps(this.sim, this.id, steps, seq, sandbox.ref, (last) => {
        sandbox.machine.send({ type: 'REMOVE' }, last);
        this.sandboxes.delete(sandbox.id);
        this.notifyChange(sandbox.machine.stateSeq);
        this.reply(msg, {}, sandbox.machine.stateSeq);
      });
    };
    if (sandbox.machine.state === 'SANDBOX_READY') this.stopSandbox(sandbox, msg.seq, remove);
    else remove(msg.seq);
  }

  // ---------------------------------------------------------------- the other CRI RPCs (issue 4)

  /** The RPCs beyond the kubelet's pod lifecycle; false when the plugin has no such method. */
  private extraRpc(msg: Delivery, req: Record<string, unknown>): boolean {
    const answer = (res: Record<string, unknown>, delay = 60): void => {
      this.sim.after(delay, () => this.reply(msg, res, msg.seq));
    };
    const origin = Date.parse(this.sim.timeOrigin);
    if (NOT_IN_CONTAINERD_2_1.includes(msg.op)) return false;
    if (/^POST \/(exec|attach|portforward)\//.test(msg.op)) {
      this.serveStream(msg);
      return true;
    }
    switch (msg.op) {
      case 'ContainerStats': {
        // container_stats.go: the task's metrics; an exited container has no task, so none.
        const c = this.containers.get(req.containerId as string);
        if (!c) answer({ error: 'rpc error: code = NotFound desc = failed to find container: not found' });
        else if (c.machine.state !== 'CONTAINER_RUNNING') answer({ error: 'rpc error: code = Unknown desc = unexpected metrics response: []' });
        else answer({ stats: this.statsOf(c, origin) }, 120);
        return true;
      }
      case 'ListContainerStats': {
        // container_stats_list.go buildTaskMetricsRequest: id, podSandboxId and labelSelector.
        const f = (req.filter ?? {}) as { id?: string; podSandboxId?: string; labelSelector?: Record<string, string> };
        const stats = [...this.containers.values()]
          .filter((c) => c.machine.state !== 'creating' && c.machine.state !== 'removed')
          .filter((c) => (!f.id || c.id === f.id) && (!f.podSandboxId || c.sandboxId === f.podSandboxId) && Object.entries(f.labelSelector ?? {}).every(([k, v]) => c.labels[k] === v))
          .map((c) => this.statsOf(c, origin));
        answer({ stats }, 150);
        return true;
      }
      case 'PodSandboxStats': {
        const sb = this.sandboxes.get(req.podSandboxId as string);
        if (!sb) answer({ error: `rpc error: code = NotFound desc = an error occurred when trying to find sandbox ${String(req.podSandboxId)}: not found` });
        else if (sb.machine.state !== 'SANDBOX_READY') answer({ error: `rpc error: code = Unavailable desc = failed to get pod sandbox stats since sandbox container ${JSON.stringify(sb.id)} is not in ready state: unavailable` });
        else answer({ stats: this.sandboxStatsOf(sb, origin) }, 150);
        return true;
      }
      case 'ListPodSandboxStats': {
        const f = (req.filter ?? {}) as { id?: string; labelSelector?: Record<string, string> };
        const stats = [...this.sandboxes.values()]
          .filter((sb) => sb.machine.state === 'SANDBOX_READY' && (!f.id || sb.id === f.id) && Object.entries(f.labelSelector ?? {}).every(([k, v]) => (sb.config.labels as Record<string, string> | undefined)?.[k] === v))
          .map((sb) => this.sandboxStatsOf(sb, origin));
        answer({ stats }, 200);
        return true;
      }
      case 'ListMetricDescriptors':
        answer({ descriptors: METRIC_DESCRIPTORS.map((d) => ({ ...d })) });
        return true;
      case 'ListPodSandboxMetrics': {
        const podMetrics = [...this.sandboxes.values()]
          .filter((sb) => sb.machine.state === 'SANDBOX_READY')
          .map((sb) => ({ podSandboxId: sb.id, metrics: [], containerMetrics: this.containersOf(sb.id).map((c) => containerMetrics(this.statsInput(c), this.sim.now, origin)) }));
        answer({ podMetrics }, 150);
        return true;
      }
      case 'Exec':
      case 'Attach': {
        // container_exec.go / container_attach.go: a running container, then the streaming server's URL.
        const c = this.containers.get(req.containerId as string);
        const invalid = streamRequestError(req as { stdin?: boolean; stdout?: boolean; stderr?: boolean; tty?: boolean });
        if (!c) answer({ error: `rpc error: code = NotFound desc = failed to find container ${JSON.stringify(String(req.containerId))} in store: not found` });
        else if (c.machine.state !== 'CONTAINER_RUNNING') answer({ error: `rpc error: code = Unknown desc = container is in ${c.machine.state === 'creating' ? 'CONTAINER_UNKNOWN' : c.machine.state} state` });
        else if (invalid) answer({ error: invalid });
        else answer({ url: this.streamingUrl(msg.op === 'Exec' ? 'exec' : 'attach', req) });
        return true;
      }
      case 'PortForward': {
        const sb = this.sandboxes.get(req.podSandboxId as string);
        if (!sb) answer({ error: `rpc error: code = NotFound desc = failed to find sandbox ${JSON.stringify(String(req.podSandboxId))} in store: not found` });
        else if (sb.machine.state !== 'SANDBOX_READY') answer({ error: `rpc error: code = Unknown desc = sandbox container ${JSON.stringify(sb.id)} is not running` });
        else answer({ url: this.streamingUrl('portforward', req) });
        return true;
      }
      case 'UpdateContainerResources':
        this.updateContainerResources(msg, req);
        return true;
      case 'ReopenContainerLog': {
        // container_log_reopen.go: only a running container has a log writer to reopen.
        const c = this.containers.get(req.containerId as string);
        if (!c) answer({ error: `rpc error: code = NotFound desc = an error occurred when try to find container ${JSON.stringify(String(req.containerId))}: not found` });
        else if (c.machine.state !== 'CONTAINER_RUNNING') answer({ error: 'rpc error: code = Unknown desc = container is not running' });
        else {
          const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'reopen container log', dur: 200, cause: msg.seq, ref: c.ref, attrs: { id: c.id, logPath: c.logPath } });
          this.sim.after(200, () => this.reply(msg, {}, seq));
        }
        return true;
      }
      case 'UpdateRuntimeConfig': {
        const cidrs = podCIDRsOf(req);
        if (cidrs) this.podCIDRs = cidrs;
        answer({});
        return true;
      }
      case 'RuntimeConfig':
        answer(runtimeConfigResponse(SYSTEMD_CGROUP));
        return true;
      case 'GetContainerEvents':
        // container_events.go: a server stream; each event is one more response to this call.
        this.eventSubscribers.push(msg);
        return true;
      case 'CheckpointContainer':
        answer({ error: checkpointWithoutCriu(String(req.containerId ?? '')) });
        return true;
      case 'UpdatePodSandboxResources': {
        // sandbox_update_resources.go: kept in the sandbox status (and told to NRI); no cgroup write here.
        const sb = this.sandboxes.get(req.podSandboxId as string);
        if (!sb) answer({ error: 'rpc error: code = NotFound desc = failed to find sandbox: not found' });
        else {
          sb.config = { ...sb.config, linux: { ...((sb.config.linux ?? {}) as Record<string, unknown>), resources: req.resources ?? {}, overhead: req.overhead ?? {} } };
          answer({});
        }
        return true;
      }
      case 'RemoveImage':
        this.removeImage(msg, req);
        return true;
      case 'ImageFsInfo': {
        let used = 0;
        let inodes = 0;
        for (const img of this.images.values()) {
          used += img.sizeBytes;
          // Model estimate: an unpacked layer holds about one inode per 16 KiB.
          inodes += Math.ceil(img.sizeBytes / 16384);
        }
        for (const c of this.containers.values()) if (c.snapshot !== undefined) {
          used += 4096;
          inodes += 1;
        }
        answer(imageFsInfoResponse({ usedBytes: used, inodesUsed: inodes, timestamp: unixNanos(origin, 0) }), 80);
        return true;
      }
      default:
        return false;
    }
  }

  private containersOf(sandboxId: string): CriContainer[] {
    return [...this.containers.values()].filter((c) => c.sandboxId === sandboxId && c.machine.state !== 'creating' && c.machine.state !== 'removed');
  }

  private statsInput(c: CriContainer): StatsContainer {
    const limit = (c.resources?.linux as { memoryLimitInBytes?: number } | undefined)?.memoryLimitInBytes;
    return {
      id: c.id,
      name: c.name,
      attempt: c.attempt,
      labels: c.labels,
      annotations: c.annotations,
      ...(c.image ? { image: c.image } : {}),
      running: c.machine.state === 'CONTAINER_RUNNING',
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: c.finishedAt } : {}),
      ...(limit ? { memoryLimit: limit } : {}),
    };
  }

  private statsOf(c: CriContainer, origin: number): Record<string, unknown> {
    const { stats, sample } = containerStats(this.statsInput(c), this.sim.now, origin, this.statsSamples.get(c.id));
    this.statsSamples.set(c.id, sample);
    return stats;
  }

  private sandboxStatsOf(sb: Sandbox, origin: number): Record<string, unknown> {
    const containers = this.containersOf(sb.id);
    const pauseImage = this.images.get(normalizeImageName(PAUSE_IMAGE));
    const pause: StatsContainer = { id: sb.id, name: 'POD', attempt: 0, labels: {}, annotations: {}, ...(pauseImage ? { image: pauseImage } : {}), running: sb.machine.state === 'SANDBOX_READY', startedAt: Date.parse(sb.createdAt) * 1000 - origin * 1000 };
    return podSandboxStats({ id: sb.id, config: sb.config, pause, containers: containers.map((c) => this.statsInput(c)) }, this.sim.now, origin, containers.map((c) => this.statsOf(c, origin)));
  }

  private streamingUrl(method: 'exec' | 'attach' | 'portforward', req: Record<string, unknown>): string {
    this.streamPort ??= streamServerPort(this.streamRng);
    const token = streamToken(this.streamRng);
    this.streamRequests.set(`/${method}/${token}`, req);
    return streamUrl(this.streamPort, method, token);
  }

  /**
   * The streaming server (request_cache.go Consume: a token serves one connection): an exec
   * runs the command in the container as ExecSync does and streams its output back.
   */
  private serveStream(msg: Delivery): void {
    const path = msg.op.slice('POST '.length);
    const req = this.streamRequests.get(path);
    this.streamRequests.delete(path);
    const answer = (payload: Record<string, unknown>, cause: number): void => {
      this.sim.network.send(this.id, msg.from, payload['error'] ? '404 Not Found' : '101 Switching Protocols', { replyTo: msg.id, cause, payload, attrs: { response: payload } });
    };
    if (!req) return answer({ error: 'token not found' }, msg.seq);
    const c = this.containers.get(String(req.containerId ?? ''));
    if (!path.startsWith('/exec/') || !c?.plan || c.machine.state !== 'CONTAINER_RUNNING') return answer({ exitCode: 0, stdout: '', stderr: '' }, msg.seq);
    const cmd = (req.cmd ?? []) as string[];
    const result = execIn(c.plan, cmd, this.sim.now - (c.startedAt ?? this.sim.now));
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'exec', dur: 3_000, cause: msg.seq, ref: c.ref, attrs: { id: c.id, cmd, streaming: true } });
    this.sim.after(3_000, () => {
      if ('error' in result) answer({ error: `OCI runtime exec failed: exec failed: unable to start container process: ${result.error}: unknown` }, seq);
      else if ('timedOut' in result) answer({ exitCode: 0, stdout: '', stderr: '' }, seq);
      else answer({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }, seq);
    });
  }

  /**
   * UpdateContainerResources (container_update_resources.go): the new resources go into the
   * container's spec, and a running task gets them through the shim's Update, which runs
   * `runc update --resources -` on it (the cgroup writes of domain/oci/cgroups.ts).
   */
  private updateContainerResources(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: 'rpc error: code = NotFound desc = failed to find container: not found' }, msg.seq);
      return;
    }
    // updateOCILinuxResource: only the values the request sets (non-zero, non-empty) replace the spec's.
    const linux = Object.fromEntries(Object.entries((req.linux ?? {}) as Record<string, unknown>).filter(([, v]) => v !== 0 && v !== '' && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
    const resources = withResources(linux, this.hostFacts);
    c.resources = { linux: { ...((c.resources?.linux ?? {}) as Record<string, unknown>), ...linux } };
    if (c.machine.state !== 'CONTAINER_RUNNING') {
      this.sim.after(100, () => this.reply(msg, {}, msg.seq));
      return;
    }
    const cgroupParent = ((this.sandboxes.get(c.sandboxId)?.config.linux as { cgroupParent?: string } | undefined)?.cgroupParent ?? '');
    const dir = cgroupParent ? (cgroupDirs(`${cgroupParent}:cri-containerd:${c.id}`, 'systemd')[0] ?? '') : `/sys/fs/cgroup/system.slice/cri-containerd-${c.id}.scope`;
    const steps: PlannedStep[] = [
      { op: 'update container spec', dur: 100, attrs: { id: c.id, resources } },
      { op: 'runc update', dur: 1_500, attrs: { proc: shimProc(this.lowLevel), argv: `runc --root ${RUNC_ROOT} --systemd-cgroup update --resources - ${c.id}`, writes: cgroupSetWrites(resources, [dir]) } },
    ];
    playSteps(this.sim, this.id, steps, msg.seq, c.ref, (last) => this.reply(msg, {}, last));
  }

  /** RemoveImage (images/image_remove.go): every reference of the image deleted; an unknown image is not an error. */
  private removeImage(msg: Delivery, req: Record<string, unknown>): void {
    const ref = ((req.image ?? {}) as { image?: string }).image ?? '';
    const info = [...this.images.values()].find((i) => i.normalized === normalizeOrEmpty(ref) || i.id === ref || i.repoDigest === ref);
    if (!info) {
      this.sim.after(60, () => this.reply(msg, {}, msg.seq));
      return;
    }
    const steps: PlannedStep[] = [{ op: 'delete image', dur: 300, attrs: { name: info.normalized, ...eventAttr('/images/delete', { name: info.normalized }) } }];
    playSteps(this.sim, this.id, steps, msg.seq, msg.ref, (last) => {
      this.images.delete(info.normalized);
      this.layerSnapshots.delete(info.normalized);
      this.reply(msg, {}, last);
    });
  }

  /** A ContainerEventResponse to every GetContainerEvents stream (events.go, the CRI's container events queue). */
  private containerEvent(c: CriContainer, type: 'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT', cause: number): void {
    if (this.eventSubscribers.length === 0) return;
    const origin = Date.parse(this.sim.timeOrigin);
    const sb = this.sandboxes.get(c.sandboxId);
    const event = {
      containerId: c.id,
      containerEventType: type,
      createdAt: unixNanos(origin, this.sim.now),
      ...(sb ? { podSandboxStatus: { id: sb.id, metadata: sb.config.metadata, state: sb.machine.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY' } } : {}),
      containersStatuses: type === 'CONTAINER_DELETED_EVENT' ? [] : [containerStatusView(this.view(c), origin)],
    };
    for (const sub of this.eventSubscribers) this.sim.network.send(this.id, sub.from, 'GetContainerEventsResponse', { replyTo: sub.id, cause, payload: event, attrs: { response: event } });
  }

  // ---------------------------------------------------------------- plumbing

  private runRunc(runcInv: RuncInvocation, cause: number, then: (exit: RuncExit, delivery: Delivery) => void): void {
    // The shim runs the node's runtime (runc, crun, runsc) or is it (Kata): domain/kata/shims.ts.
    const inv = this.lowLevel === 'runc' ? runcInv : { ...runcInv, argv: lowLevelCommandLine(this.lowLevel, runcInv.op, { id: runcInv.id, bundle: runcInv.bundle, root: runcInv.root, namespace: NAMESPACE, ...(runcInv.signal !== undefined ? { signal: runcInv.signal } : {}) }) };
    const { id } = this.sim.network.send(this.id, this.runc, inv.op, { payload: inv, cause, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { argv: inv.argv, containerId: inv.id } });
    this.pendingRunc.set(id, then);
  }

  // ---------------------------------------------------------------- snapshots and events (issue 4)

  /** Numbers the overlayfs snapshots of an image's layers (once per image); returns the first. */
  private reserveLayerSnapshots(image: ImageInfo): number {
    const known = this.layerSnapshots.get(image.normalized);
    if (known) return known[0] ?? this.nextSnapshot;
    const first = this.nextSnapshot;
    this.layerSnapshots.set(image.normalized, image.layers.map(() => this.nextSnapshot++));
    return first;
  }

  /** The snapshot prepare of a rootfs: key = the container id, parent = the image's top chain ID. */
  private snapshotPrepareAttrs(key: string, image: ImageInfo): Record<string, unknown> {
    const chains = chainIds(image.layers.map((l: { digest: string; diffId?: string }) => l.diffId ?? standInDiffId(l.digest)));
    const parent = chains[chains.length - 1] ?? '';
    return { snapshotter: 'overlayfs', key, image: image.normalized, parent, ...eventAttr('/snapshot/prepare', { key, parent, snapshotter: 'overlayfs' }) };
  }

  /** client.NewContainer: the container record (its snapshot, spec and runtime) is created. */
  private createContainerStep(id: string, image: ImageInfo): PlannedStep {
    return { op: 'create container', dur: 200, attrs: { id, image: image.normalized, runtime: RUNTIME_TYPE[this.lowLevel], snapshotKey: id, ...eventAttr('/containers/create', { id, image: image.normalized, runtime: { name: RUNTIME_TYPE[this.lowLevel] } }) } };
  }

  /**
   * The shim's Create mounts the snapshot's mounts on `<bundle>/rootfs` before `runc create`
   * (cmd/containerd-shim-runc-v2/runc/container.go NewContainer: mount.All(mounts, rootfs); the
   * runsc and Kata shims mount the same way before their own create):
   * an overlay of the container's upper and work dirs over the image's layers, top first.
   */
  private rootfsMountStep(id: string, snapshot: number, image: ImageInfo): PlannedStep {
    this.reserveLayerSnapshots(image);
    const parents = [...(this.layerSnapshots.get(image.normalized) ?? [])].reverse();
    const [mount] = activeSnapshotMounts(snapshot, parents);
    const call = mountSyscall(mount ?? { type: 'bind', source: '', options: [] }, `${bundleOf(id)}/rootfs`);
    return { op: 'mount', dur: 400, attrs: { proc: shimProc(this.lowLevel), id, ...call } };
  }

  /** TaskCreate, published by the shim once `runc create` returned. */
  private publishTaskCreate(id: string, pid: number | undefined, ref: ObjectRef, cause: number): number {
    return this.publish('TaskCreate', '/tasks/create', { container_id: id, bundle: bundleOf(id), pid: pid ?? 0 }, ref, cause);
  }

  /** An event containerd publishes (what `ctr events` prints), as a span of its own. */
  private publish(op: string, topic: string, payload: Record<string, unknown>, ref: ObjectRef | undefined, cause: number): number {
    return this.sim.recorder.record({ kind: 'span', actor: this.id, op, dur: 0, cause, ...(ref ? { ref } : {}), attrs: { id: String(payload['container_id'] ?? payload['id'] ?? ''), ...eventAttr(topic, payload) } });
  }

  private reply(msg: Delivery, response: Record<string, unknown>, cause: number): void {
    const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
    this.sim.network.send(this.id, msg.from, op, { replyTo: msg.id, cause, payload: response, attrs: { response }, ...(msg.ref ? { ref: msg.ref } : {}) });
  }
}

/** `attrs.event`: the containerd event topic (and payload) a step publishes (docs/trace-format.md). */
function eventAttr(topic: string, payload: Record<string, unknown>): { event: { topic: string; payload: Record<string, unknown> } } {
  return { event: { topic, payload } };
}

/** Container.Delete: the container record is deleted (after its snapshot, WithSnapshotCleanup). */
function deleteContainerStep(id: string): PlannedStep {
  return { op: 'delete container', dur: 200, attrs: { id, ...eventAttr('/containers/delete', { id }) } };
}

/** The normalized reference, or "" for one that does not parse (the lookups then find nothing). */
function normalizeOrEmpty(ref: string): string {
  try {
    return normalizeImageName(ref);
  } catch {
    return '';
  }
}

function bundleOf(id: string): string {
  return `/run/containerd/io.containerd.runtime.v2.task/${NAMESPACE}/${id}`;
}

/**
 * The resolve of a pull that fails (core/remotes/docker/resolver.go): Docker Hub answers 401
 * first and the resolver fetches a bearer token; then the manifest HEAD answers 404 (no such
 * tag) or 401 insufficient_scope (no such repository).
 */
function resolveFailureSteps(normalized: string, status: 401 | 404, dockerHub: boolean): PlannedStep[] {
  const at = normalized.lastIndexOf(':');
  const slash = normalized.indexOf('/');
  const repo = normalized.slice(slash + 1, at > slash ? at : undefined);
  const reference = at > slash ? normalized.slice(at + 1) : 'latest';
  const host = dockerHub ? 'registry-1.docker.io' : normalized.slice(0, slash);
  const url = `https://${host}/v2/${repo}/manifests/${reference}`;
  const steps: PlannedStep[] = [];
  if (dockerHub) {
    steps.push({ op: 'HEAD', dur: PULL_TIMING.headUnauthorized, attrs: { url, status: 401, 'www-authenticate': `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:${repo}:pull"` } });
    steps.push({ op: 'GET', dur: PULL_TIMING.token, attrs: { url: `https://auth.docker.io/token?scope=repository%3A${encodeURIComponent(repo)}%3Apull&service=registry.docker.io`, status: 200, what: 'bearer token' } });
  }
  steps.push({ op: 'HEAD', dur: PULL_TIMING.headManifest, attrs: { url, status, phase: 'resolve', ...(status === 401 ? { 'www-authenticate': `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:${repo}:pull",error="insufficient_scope"` } : {}) } });
  return steps;
}
