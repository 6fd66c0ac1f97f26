import { hexId, uuid } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { containerFromConfig, podFromSandboxConfig } from '../../../domain/cri/from-config.ts';
import { cniAddSteps, cniDelSteps, hostLocalNextIP } from '../../../domain/cni/bridge.ts';
import { imageConfigFor } from '../../../domain/containerd/images.ts';
import { imageInfo, normalizeImageName, type ImageInfo } from '../../../domain/images/catalog.ts';
import { pullFailure } from '../../../domain/images/pull-errors.ts';
import { injectedPullFailure } from '../../faults/registry.ts';
import { containerSpec, sandboxSpec, type OciSpec } from '../../../domain/oci/spec.ts';
import type { NamespaceEntry } from '../../../domain/oci/namespaces.ts';
import { execIn, planProcess, podConnectionAnswer, type ProcessPlan } from '../../../domain/pod/process.ts';
import { CNI_NETWORK, CRIO_PAUSE_IMAGE, CRIO_VERSION, HANDLERS, conmonArgs, containerDirs, crioCgroupsPath, description, layerDir, needsInfra, pinnedNamespaces, pinnedPath, pinnsArgv, pullErrorText, runtimeCmdArgv, runtimeCreateArgv, type CrioHandler, type PinnedNamespace } from '../../../domain/crio/config.ts';
import { crioPullSteps, layerIds } from '../../../domain/crio/pull.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps, type PlannedStep } from '../../runtime/steps.ts';
import { base64, containerListView, containerResourcesOf, containerStatusView, matchesFilter, runtimeStatusView, sandboxListView } from '../containerd/cri-views.ts';
import { listImagesResponse } from '../containerd/cri-list.ts';
import { criContainerMachine, sandboxMachine } from '../containerd/cri-objects.machine.ts';
import type { RuncExit, RuncInvocation } from '../runc/runc.ts';
import { Conmon, type ConmonExitFile, type ConmonRequest, type ConmonSync } from '../conmon/conmon.ts';

export { CRIO_VERSION };
const PULL_BANDWIDTH = 50_000_000;
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };

interface Sandbox {
  id: string;
  pod: Pod;
  ref: ObjectRef;
  machine: MachineInstance<typeof sandboxMachine>;
  config: Record<string, unknown>;
  createdAt: string;
  /** The pinned namespaces (pinns): type → bind-mount path. */
  pinned: Map<PinnedNamespace, string>;
  ip?: string;
  netnsClosed?: boolean;
  /** Only when the pod shares one PID namespace (NeedsInfra): the pause container runs under conmon. */
  infraPid?: number;
  shmPath: string;
}

interface CrioContainer {
  id: string;
  sandboxId: string;
  name: string;
  ref: ObjectRef;
  machine: MachineInstance<typeof criContainerMachine>;
  image: ImageInfo;
  attempt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  plan: ProcessPlan;
  stopSignal: string;
  imageSpec: Record<string, unknown>;
  mounts: Record<string, unknown>[];
  resources: Record<string, unknown>;
  pid?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  waiters?: ((seq: number) => void)[];
}

/**
 * crio/<node>: CRI-O 1.34 serving the kubelet's runtime.v1 RuntimeService and ImageService on
 * /var/run/crio/crio.sock (server/*.go). No daemon between it and the OCI runtime: each
 * container has its own conmon (conmon/<node>) that runs `<runtime> create` and watches the
 * container; CRI-O runs `start`, `kill`, `state` and `delete` itself
 * (internal/oci/runtime_oci.go). A sandbox's namespaces are pinned by `pinns`
 * (internal/config/nsmgr) and the infra container is dropped (drop_infra_ctr) unless the pod
 * shares one PID namespace. Images live in containers/storage's overlay driver.
 */
export class Crio implements Actor {
  readonly id: string;
  private readonly rng: Rng;
  private readonly runtime: string;
  private readonly conmon: string;
  private readonly handler;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, CrioContainer>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly pulling = new Map<string, ((seq: number) => void)[]>();
  private readonly pending = new Map<number, (payload: unknown, d: Delivery) => void>();
  private readonly allocatedIPs = new Set<string>();
  private readonly changeListeners: ((cause: number) => void)[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly podCIDR: string,
    handlerName: CrioHandler,
  ) {
    this.id = `crio/${host}`;
    this.handler = HANDLERS[handlerName];
    this.runtime = `${handlerName}/${host}`;
    this.conmon = `conmon/${host}`;
    this.rng = sim.rng.fork(this.id);
    const pause = imageInfo(CRIO_PAUSE_IMAGE);
    this.images.set(pause.normalized, pause);
  }

  receive(msg: Delivery): void {
    if (msg.from === this.conmon && msg.op === 'exit file') {
      this.onExitFile(msg as Delivery<ConmonExitFile>);
      return;
    }
    if ((msg.from === this.runtime || msg.from === this.conmon) && msg.replyTo !== undefined) {
      const then = this.pending.get(msg.replyTo);
      this.pending.delete(msg.replyTo);
      then?.(msg.payload, msg);
      return;
    }
    const req = (msg.payload ?? {}) as Record<string, unknown>;
    switch (msg.op) {
      case 'Version':
        // server/version.go: the CRI's own version string, then CRI-O's name and release.
        this.reply(msg, { version: '0.1.0', runtimeName: 'cri-o', runtimeVersion: CRIO_VERSION, runtimeApiVersion: 'v1' }, msg.seq);
        return;
      case 'Status':
        this.sim.after(60, () => this.reply(msg, runtimeStatusView({ networkReady: true, handler: this.handler.name }), msg.seq));
        return;
      case 'RunPodSandbox': return this.runPodSandbox(msg, req);
      case 'PodSandboxStatus': return this.podSandboxStatus(msg, req);
      case 'ListPodSandbox': return this.listPodSandbox(msg, req);
      case 'StopPodSandbox': return this.stopPodSandbox(msg, req);
      case 'RemovePodSandbox': return this.removePodSandbox(msg, req);
      case 'CreateContainer': return this.createContainer(msg, req);
      case 'StartContainer': return this.startContainer(msg, req);
      case 'StopContainer': return this.stopContainerRpc(msg, req);
      case 'RemoveContainer': return this.removeContainer(msg, req);
      case 'ContainerStatus': return this.containerStatus(msg, req);
      case 'ListContainers': return this.listContainers(msg, req);
      case 'ExecSync': return this.execSync(msg, req);
      case 'ImageStatus': return this.imageStatus(msg, req);
      case 'PullImage': return this.pullImage(msg, req);
      case 'ListImages':
        this.sim.after(80, () => this.reply(msg, listImagesResponse(this.images.values()), msg.seq));
        return;
      default:
        this.reply(msg, { error: `rpc error: code = Unimplemented desc = unknown method ${msg.op} for service runtime.v1.RuntimeService` }, msg.seq);
    }
  }

  // ---------------------------------------------------------------- sandboxes

  /**
   * RunPodSandbox (server/sandbox_run_linux.go): the sandbox's storage (a container of the pause
   * image), the shm tmpfs, pinns for the namespaces, the CNI ADD through ocicni into the pinned
   * netns, then the infra container: spoofed (no process) or, with a pod PID namespace, the
   * pause image under conmon, created and started like any container.
   */
  private runPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const config = (req.config ?? {}) as Record<string, unknown>;
    const meta = (config.metadata ?? {}) as { name?: string; namespace?: string; uid?: string };
    const ns = meta.namespace ?? 'default';
    const podName = meta.name ?? '';
    const pod = podFromSandboxConfig(config);
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', name: podName, namespace: ns, ...(meta.uid ? { uid: meta.uid } : {}) };
    const id = hexId(this.rng);
    const machine = this.sim.startMachine(sandboxMachine, { actor: this.id, machine: 'cri-sandbox', instance: id, ref }, { cause: msg.seq });
    const nsOpts = ((config.linux as { securityContext?: { namespaceOptions?: { network?: string; ipc?: string; pid?: string } } } | undefined)?.securityContext?.namespaceOptions) ?? {};
    const hostNetwork = nsOpts.network === 'NODE';
    const hostIPC = nsOpts.ipc === 'NODE';
    const infra = needsInfra(nsOpts.pid);
    const { runDir } = containerDirs(id);
    const sandbox: Sandbox = { id, pod, ref, machine, config, createdAt: toRfc3339(this.sim.timeOrigin, this.sim.now), pinned: new Map(), shmPath: `${runDir}/shm` };
    this.sandboxes.set(id, sandbox);
    const infraName = `k8s_POD_${podName}_${ns}_${meta.uid ?? ''}_0`;
    const nsUuid = uuid(this.rng);
    const types = pinnedNamespaces({ hostNetwork, hostIPC });
    for (const t of types) sandbox.pinned.set(t, pinnedPath(t, nsUuid));
    const steps: PlannedStep[] = [
      log(`Running pod sandbox: ${description(ns, podName, 'POD')}`),
      { op: 'storage create pod sandbox', dur: 900, attrs: { driver: 'overlay', image: CRIO_PAUSE_IMAGE, name: infraName, id, dir: containerDirs(id).dir, runDir } },
      { op: 'mount', dur: 80, attrs: { syscall: `mount("shm", "${sandbox.shmPath}", "tmpfs", MS_NOEXEC|MS_NOSUID|MS_NODEV, "mode=1777,size=65536k")` } },
      { op: 'execve', dur: 600, attrs: { proc: 'pinns', argv: pinnsArgv(nsUuid, types) } },
      { op: 'unshare', dur: 150, attrs: { proc: 'pinns', syscall: `unshare(${types.map((t) => (t === 'ipc' ? 'CLONE_NEWIPC' : t === 'net' ? 'CLONE_NEWNET' : 'CLONE_NEWUTS')).join('|')})` } },
      ...types.map((t) => ({ op: 'mount', dur: 60, attrs: { proc: 'pinns', syscall: `mount("/proc/self/ns/${t}", "${pinnedPath(t, nsUuid)}", NULL, MS_BIND, NULL)` } })),
    ];
    const netns = sandbox.pinned.get('net');
    if (netns) {
      const ip = hostLocalNextIP(this.podCIDR, this.allocatedIPs);
      sandbox.ip = ip;
      this.allocatedIPs.add(ip);
      steps.push(log(`Got pod network &{Name:${podName} Namespace:${ns} ID:${id} UID:${meta.uid ?? ''} NetNS:${netns} Networks:[] RuntimeConfig:map[${CNI_NETWORK}:{IP: MAC: PortMappings:[] Bandwidth:<nil> IpRanges:[]}] Aliases:map[]}`));
      steps.push(log(`Adding pod ${ns}_${podName} to CNI network "${CNI_NETWORK}" (type=bridge)`));
      for (const s of cniAddSteps({ containerId: id, netnsPath: netns, ifName: 'eth0', podIP: ip, subnet: this.podCIDR, bridge: 'cni0', networkName: CNI_NETWORK })) {
        steps.push({ op: s.op, dur: s.dur, attrs: { plugin: s.plugin, ...s.attrs } });
      }
    }
    const finish = (last: number): void => {
      machine.send({ type: 'READY' }, last);
      this.notifyChange(machine.stateSeq);
      const done = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: machine.stateSeq, ref, attrs: { level: 'info', message: `Ran pod sandbox ${id} with infra container: ${description(ns, podName, 'POD')}` } });
      this.reply(msg, { podSandboxId: id }, done);
    };
    if (!infra) {
      steps.push({ op: 'spoof infra container', dur: 50, attrs: { id, why: 'drop_infra_ctr: the pinned namespaces need no process', annotation: 'io.kubernetes.cri-o.SpoofedContainer=true' } });
      playSteps(this.sim, this.id, steps, machine.stateSeq, ref, finish);
      return;
    }
    // The pause image's rootfs, mounted, and the infra container under conmon.
    const pause = this.images.get(normalizeImageName(CRIO_PAUSE_IMAGE)) ?? imageInfo(CRIO_PAUSE_IMAGE);
    steps.push(this.rootfsMountStep(id, pause));
    const spec = sandboxSpec({ id, pod, namespaces: this.sandboxNamespaces(sandbox), cgroupsPath: crioCgroupsPath(String((config.linux as { cgroupParent?: string } | undefined)?.cgroupParent ?? ''), id), pauseImage: CRIO_PAUSE_IMAGE, criConfig: config });
    spec.annotations = crioAnnotations({ id, sandboxId: id, type: 'sandbox', name: infraName, image: CRIO_PAUSE_IMAGE, namespace: ns, pod: podName, logPath: `${String(config.logDirectory ?? '')}/${id}.log` });
    playSteps(this.sim, this.id, steps, machine.stateSeq, ref, (last) => {
      this.createUnderConmon(id, infraName, `${String(config.logDirectory ?? '')}/${id}.log`, spec, ref, last, (sync, d) => {
        if (sync.pid < 0) {
          machine.send({ type: 'FAILED' }, d.seq);
          this.reply(msg, { error: `rpc error: code = Unknown desc = container create failed: ${sync.message ?? ''}` }, machine.stateSeq);
          return;
        }
        sandbox.infraPid = sync.pid;
        this.runtimeCmd('start', id, ref, d.seq, (_e, d2) => finish(d2.seq));
      });
    });
  }

  /** The sandbox's namespaces for its spec: the pinned ones by path, pid and mount new. */
  private sandboxNamespaces(sb: Sandbox): NamespaceEntry[] {
    const list: NamespaceEntry[] = [{ type: 'pid' }];
    const ipc = sb.pinned.get('ipc');
    if (ipc) list.push({ type: 'ipc', path: ipc });
    const uts = sb.pinned.get('uts');
    if (uts) list.push({ type: 'uts', path: uts });
    list.push({ type: 'mount' });
    const net = sb.pinned.get('net');
    if (net) list.push({ type: 'network', path: net });
    return list;
  }

  /** An app container joins the pinned namespaces by their paths (not /proc/<pid>/ns); pid through the infra when shared. */
  private containerNamespaces(sb: Sandbox): NamespaceEntry[] {
    const list = this.sandboxNamespaces(sb).map((e) => (e.type === 'pid' && sb.infraPid !== undefined ? { type: 'pid' as const, path: `/proc/${sb.infraPid}/ns/pid` } : e));
    list.push({ type: 'cgroup' });
    return list;
  }

  private podSandboxStatus(msg: Delivery, req: Record<string, unknown>): void {
    const sb = this.sandboxes.get(req.podSandboxId as string);
    if (!sb) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = could not find pod "${String(req.podSandboxId)}": PodSandbox with ID starting with ${String(req.podSandboxId)} not found: ID does not exist` }, msg.seq);
      return;
    }
    const status = {
      id: sb.id,
      metadata: sb.config.metadata,
      state: sb.machine.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
      createdAt: String(BigInt(Date.parse(sb.createdAt)) * 1_000_000n),
      network: { ip: sb.netnsClosed ? '' : (sb.ip ?? ''), additionalIps: [] },
      linux: { namespaces: { options: (sb.config.linux as { securityContext?: { namespaceOptions?: unknown } } | undefined)?.securityContext?.namespaceOptions ?? {} } },
      labels: sb.config.labels ?? {},
      annotations: sb.config.annotations ?? {},
      runtimeHandler: '',
    };
    this.sim.after(60, () => this.reply(msg, { status, info: {} }, msg.seq));
  }

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
   * StopPodSandbox (server/sandbox_stop_linux.go): its containers are stopped, the infra too,
   * the network torn down (CNI DEL into the pinned netns), shm unmounted and the pinned
   * namespaces unmounted and removed. Idempotent.
   */
  private stopPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const sb = this.sandboxes.get(req.podSandboxId as string);
    if (!sb || sb.machine.state !== 'SANDBOX_READY') {
      this.reply(msg, {}, msg.seq);
      return;
    }
    this.stopSandbox(sb, msg.seq, (seq) => this.reply(msg, {}, seq));
  }

  private stopSandbox(sb: Sandbox, cause: number, done: (seq: number) => void): void {
    const ns = String((sb.config.metadata as { namespace?: string } | undefined)?.namespace ?? 'default');
    const podName = String((sb.config.metadata as { name?: string } | undefined)?.name ?? '');
    const first = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause, ref: sb.ref, attrs: { level: 'info', message: `Stopping pod sandbox: ${sb.id}` } });
    const inside = [...this.containers.values()].filter((c) => c.sandboxId === sb.id);
    const stopNext = (i: number, seq: number): void => {
      const c = inside[i];
      if (c) {
        this.stopContainer(c, 0, seq, (s) => stopNext(i + 1, s));
        return;
      }
      const afterInfra = (s: number): void => {
        const steps: PlannedStep[] = [];
        const netns = sb.pinned.get('net');
        if (netns && sb.ip) {
          steps.push(log(`Deleting pod ${ns}_${podName} from CNI network "${CNI_NETWORK}" (type=bridge)`));
          for (const st of cniDelSteps({ containerId: sb.id, netnsPath: netns, ifName: 'eth0', bridge: 'cni0', podIP: sb.ip, subnet: this.podCIDR, networkName: CNI_NETWORK })) steps.push({ op: st.op, dur: st.dur, attrs: { plugin: st.plugin, ...st.attrs } });
          this.allocatedIPs.delete(sb.ip);
        }
        steps.push({ op: 'umount', dur: 50, attrs: { syscall: `umount2("${sb.shmPath}", MNT_DETACH)` } });
        for (const [, path] of sb.pinned) steps.push({ op: 'umount', dur: 60, attrs: { syscall: `umount2("${path}", MNT_DETACH)`, then: `unlink("${path}")` } });
        playSteps(this.sim, this.id, steps, s, sb.ref, (last) => {
          sb.netnsClosed = true;
          sb.machine.send({ type: 'STOP' }, last);
          this.notifyChange(sb.machine.stateSeq);
          const end = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: sb.machine.stateSeq, ref: sb.ref, attrs: { level: 'info', message: `Stopped pod sandbox: ${sb.id}` } });
          done(end);
        });
      };
      if (sb.infraPid !== undefined) this.killUntilExit(sb.id, sb.ref, 9, seq, afterInfra);
      else afterInfra(seq);
    };
    stopNext(0, first);
  }

  private removePodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const sb = this.sandboxes.get(req.podSandboxId as string);
    if (!sb) {
      this.reply(msg, {}, msg.seq);
      return;
    }
    const remove = (seq: number): void => {
      const steps: PlannedStep[] = [log(`Removing pod sandbox: ${sb.id}`)];
      for (const c of [...this.containers.values()]) if (c.sandboxId === sb.id) this.containers.delete(c.id);
      steps.push({ op: 'storage delete container', dur: 400, attrs: { driver: 'overlay', id: sb.id, paths: [containerDirs(sb.id).dir, containerDirs(sb.id).runDir] } });
      steps.push(log(`Removed pod sandbox: ${sb.id}`));
      const afterDelete = (s: number): void => playSteps(this.sim, this.id, steps, s, sb.ref, (last) => {
        sb.machine.send({ type: 'REMOVE' }, last);
        this.sandboxes.delete(sb.id);
        this.notifyChange(sb.machine.stateSeq);
        this.reply(msg, {}, sb.machine.stateSeq);
      });
      if (sb.infraPid !== undefined) this.runtimeCmd('delete', sb.id, sb.ref, seq, (_e, d) => afterDelete(d.seq));
      else afterDelete(seq);
    };
    if (sb.machine.state === 'SANDBOX_READY') this.stopSandbox(sb, msg.seq, remove);
    else remove(msg.seq);
  }

  // ---------------------------------------------------------------- containers

  /**
   * CreateContainer (server/container_create.go, container_create_linux.go): the storage
   * container and its mounted rootfs, the spec joining the pinned namespaces, then conmon,
   * which runs `<runtime> create`; CRI-O answers once the sync pipe brought the pid.
   */
  private createContainer(msg: Delivery, req: Record<string, unknown>): void {
    const sb = this.sandboxes.get(req.podSandboxId as string);
    if (!sb) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = specified sandbox not found: ${String(req.podSandboxId)}` }, msg.seq);
      return;
    }
    const config = (req.config ?? {}) as { metadata?: { name?: string; attempt?: number }; labels?: Record<string, string>; annotations?: Record<string, string>; logPath?: string; image?: Record<string, unknown>; mounts?: Record<string, unknown>[] };
    const name = config.metadata?.name ?? '';
    const attempt = config.metadata?.attempt ?? 0;
    const meta = (sb.config.metadata ?? {}) as { name?: string; namespace?: string; uid?: string };
    const container = containerFromConfig(req.config as Record<string, unknown>);
    const id = hexId(this.rng);
    const machine = this.sim.startMachine(criContainerMachine, { actor: this.id, machine: 'cri-container', instance: id, ref: sb.ref }, { cause: msg.seq });
    const image = imageInfo(container.image);
    const desc = description(meta.namespace ?? 'default', meta.name ?? '', name);
    const cgroupParent = String((sb.config.linux as { cgroupParent?: string } | undefined)?.cgroupParent ?? '');
    const spec: OciSpec = containerSpec({ id, pod: sb.pod, container, sandboxId: sb.id, namespaces: this.containerNamespaces(sb), cgroupsPath: crioCgroupsPath(cgroupParent, id), criConfig: req.config as Record<string, unknown>, ...(sb.ip ? { podIP: sb.ip } : {}) });
    // The sandbox's files are CRI-O's, in the sandbox container's run dir (server/
    // sandbox_run_linux.go: hostname, resolv.conf and the shm tmpfs under podContainer.RunDir),
    // not containerd's /var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/<id>.
    const sbRunDir = containerDirs(sb.id).runDir;
    const sandboxFile: Record<string, string> = { '/etc/hostname': `${sbRunDir}/hostname`, '/etc/resolv.conf': `${sbRunDir}/resolv.conf`, '/dev/shm': sb.shmPath };
    spec.mounts = spec.mounts.map((m) => (sandboxFile[m.destination] && m.type === 'bind' ? { ...m, source: sandboxFile[m.destination] as string } : m));
    const logPath = config.logPath ? `${String(sb.config.logDirectory ?? '')}/${config.logPath}` : '';
    const ctrName = `k8s_${name}_${meta.name ?? ''}_${meta.namespace ?? 'default'}_${meta.uid ?? ''}_${attempt}`;
    spec.annotations = { ...crioAnnotations({ id, sandboxId: sb.id, type: 'container', name: ctrName, image: image.normalized, namespace: meta.namespace ?? 'default', pod: meta.name ?? '', logPath }), ...(config.annotations ?? {}) };
    const c: CrioContainer = {
      id, sandboxId: sb.id, name, ref: sb.ref, machine, image, attempt,
      labels: { ...(config.labels ?? {}) }, annotations: { ...(config.annotations ?? {}) }, logPath,
      plan: planProcess({ image: container.image, args: spec.process?.args ?? [], env: spec.process?.env ?? [] }),
      stopSignal: imageConfigFor(container.image).StopSignal ?? 'SIGTERM',
      imageSpec: { ...(config.image ?? {}) }, mounts: (config.mounts ?? []).map((m) => ({ ...m })), resources: containerResourcesOf(spec), createdAt: this.sim.now,
    };
    this.containers.set(id, c);
    const steps: PlannedStep[] = [
      log(`Creating container: ${desc}`),
      { op: 'storage create container', dur: 500, attrs: { driver: 'overlay', image: image.normalized, name: ctrName, id, dir: containerDirs(id).dir } },
      this.rootfsMountStep(id, image),
      { op: 'generate OCI spec', dur: 80, attrs: { namespaces: spec.linux.namespaces, args: spec.process?.args, file: containerDirs(id).configJson } },
    ];
    playSteps(this.sim, this.id, steps, machine.stateSeq, sb.ref, (last) => {
      this.createUnderConmon(id, name, logPath, spec, sb.ref, last, (sync, d) => {
        if (sync.pid < 0) {
          // The runtime failed: CRI-O deletes what it made and CreateContainer fails.
          machine.send({ type: 'FAILED' }, d.seq);
          this.containers.delete(id);
          this.notifyChange(machine.stateSeq);
          this.reply(msg, { error: `rpc error: code = Unknown desc = container create failed: ${sync.message ?? ''}` }, machine.stateSeq);
          return;
        }
        c.pid = sync.pid;
        machine.send({ type: 'CREATED' }, d.seq);
        this.notifyChange(machine.stateSeq);
        const done = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: machine.stateSeq, ref: sb.ref, attrs: { level: 'info', message: `Created container ${id}: ${desc}` } });
        this.reply(msg, { containerId: id }, done);
      });
    });
  }

  /** StartContainer (server/container_start.go): `<runtime> start` (init opens exec.fifo and execs). */
  private startContainer(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = could not find container "${String(req.containerId)}": container with ID starting with ${String(req.containerId)} not found: ID does not exist` }, msg.seq);
      return;
    }
    const first = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: msg.seq, ref: c.ref, attrs: { level: 'info', message: `Starting container: ${c.id}` } });
    this.runtimeCmd('start', c.id, c.ref, first, (exit, d) => {
      if (exit.exitCode !== 0) {
        c.exitCode = 128;
        c.reason = 'StartError';
        c.message = exit.stderr ?? '';
        c.finishedAt = this.sim.now;
        c.machine.send({ type: 'EXITED' }, d.seq);
        this.notifyChange(c.machine.stateSeq);
        this.reply(msg, { error: `rpc error: code = Unknown desc = failed to start container ${c.id}: ${exit.stderr ?? ''}` }, c.machine.stateSeq);
        return;
      }
      c.startedAt = this.sim.now;
      c.machine.send({ type: 'STARTED' }, d.seq);
      this.notifyChange(c.machine.stateSeq);
      const meta = (this.sandboxes.get(c.sandboxId)?.config.metadata ?? {}) as { name?: string; namespace?: string };
      const done = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: c.machine.stateSeq, ref: c.ref, attrs: { level: 'info', message: `Started container`, PID: c.pid, containerID: c.id, description: description(meta.namespace ?? 'default', meta.name ?? '', c.name) } });
      this.reply(msg, {}, done);
    });
  }

  private stopContainerRpc(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = could not find container "${String(req.containerId)}": container with ID starting with ${String(req.containerId)} not found: ID does not exist` }, msg.seq);
      return;
    }
    this.stopContainer(c, Number(req.timeout ?? 0), msg.seq, (seq) => this.reply(msg, {}, seq));
  }

  /**
   * StopContainer (internal/oci/runtime_oci.go StopLoopForContainer): the stop signal with a
   * timeout, SIGKILL at once or once it passes; stopped when conmon's exit file appeared.
   */
  private stopContainer(c: CrioContainer, timeoutSeconds: number, cause: number, done: (seq: number) => void): void {
    if (c.machine.state !== 'CONTAINER_RUNNING') {
      done(cause);
      return;
    }
    const first = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause, ref: c.ref, attrs: { level: 'info', message: `Stopping container: ${c.id} (timeout: ${timeoutSeconds}s)` } });
    let finished = false;
    (c.waiters ??= []).push((seq) => {
      if (finished) return;
      finished = true;
      const meta = (this.sandboxes.get(c.sandboxId)?.config.metadata ?? {}) as { name?: string; namespace?: string };
      done(this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: seq, ref: c.ref, attrs: { level: 'info', message: `Stopped container ${c.id}: ${description(meta.namespace ?? 'default', meta.name ?? '', c.name)}` } }));
    });
    const signal = timeoutSeconds > 0 ? c.stopSignal : 'SIGKILL';
    this.runtimeCmd('kill', c.id, c.ref, first, () => undefined, SIGNALS[signal] ?? 15);
    if (timeoutSeconds > 0) {
      this.sim.after(timeoutSeconds * 1_000_000, () => {
        if (finished || c.machine.state !== 'CONTAINER_RUNNING') return;
        this.runtimeCmd('kill', c.id, c.ref, first, () => undefined, 9);
      });
    }
  }

  /** The infra container: SIGKILL and wait for its exit file. */
  private killUntilExit(id: string, ref: ObjectRef, signal: number, cause: number, then: (seq: number) => void): void {
    this.infraWaiters.set(id, then);
    this.runtimeCmd('kill', id, ref, cause, () => undefined, signal);
  }
  private readonly infraWaiters = new Map<string, (seq: number) => void>();

  /**
   * conmon's exit file appeared (the inotify watch of server/server.go StartExitMonitor):
   * UpdateContainerStatus asks the runtime for the state and reads the exit code from the file.
   */
  private onExitFile(msg: Delivery<ConmonExitFile>): void {
    const { id, exitCode } = msg.payload;
    const c = this.containers.get(id);
    const ref = c?.ref ?? this.sandboxes.get(id)?.ref;
    const seen = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'exit monitor', dur: 0, cause: msg.seq, ...(ref ? { ref } : {}), attrs: { file: msg.payload.path, event: 'CREATE' } });
    if (!c) {
      this.runtimeCmd('state', id, ref, seen, (_e, d) => {
        const w = this.infraWaiters.get(id);
        this.infraWaiters.delete(id);
        w?.(d.seq);
      });
      return;
    }
    this.runtimeCmd('state', id, c.ref, seen, (_e, d) => {
      c.exitCode = exitCode;
      // runtime_oci.go UpdateContainerStatus: an `oom` file in the bundle (conmon's OOM watcher wrote it) → OOMKilled.
      const oomFile = `${containerDirs(id).bundle}/oom`;
      const conmon = this.sim.network.actor(this.conmon);
      const oom = conmon instanceof Conmon && conmon.hasOomFile(id);
      this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'stat', dur: 0, cause: d.seq, ref: c.ref, attrs: { file: oomFile, ...(oom ? {} : { error: 'ENOENT' }) } });
      if (oom) c.reason = 'OOMKilled';
      c.finishedAt = this.sim.now;
      c.machine.send({ type: 'EXITED' }, d.seq);
      this.notifyChange(c.machine.stateSeq);
      for (const w of c.waiters?.splice(0) ?? []) w(c.machine.stateSeq);
    });
  }

  /** RemoveContainer (server/container_remove.go): stopped if needed, `<runtime> delete --force`, storage removed; idempotent. */
  private removeContainer(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, {}, msg.seq);
      return;
    }
    this.stopContainer(c, 0, msg.seq, (seq) => {
      const first = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: seq, ref: c.ref, attrs: { level: 'info', message: `Removing container: ${c.id}` } });
      this.runtimeCmd('delete', c.id, c.ref, first, (_e, d) => {
        const steps: PlannedStep[] = [
          { op: 'umount', dur: 100, attrs: { syscall: `umount2("${layerDir(c.id)}/merged", MNT_DETACH)` } },
          { op: 'storage delete container', dur: 300, attrs: { driver: 'overlay', id: c.id, paths: [containerDirs(c.id).dir, containerDirs(c.id).runDir, layerDir(c.id)] } },
          log(`Removed container ${c.id}: ${c.name}`),
        ];
        playSteps(this.sim, this.id, steps, d.seq, c.ref, (last) => {
          c.machine.send({ type: 'REMOVE' }, last);
          this.containers.delete(c.id);
          this.notifyChange(c.machine.stateSeq);
          this.reply(msg, {}, c.machine.stateSeq);
        });
      });
    });
  }

  private containerStatus(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c) {
      this.reply(msg, { error: `rpc error: code = NotFound desc = could not find container "${String(req.containerId)}": container with ID starting with ${String(req.containerId)} not found: ID does not exist` }, msg.seq);
      return;
    }
    const status = containerStatusView(this.view(c), Date.parse(this.sim.timeOrigin));
    this.sim.after(60, () => this.reply(msg, { status, info: {} }, msg.seq));
  }

  private listContainers(msg: Delivery, req: Record<string, unknown>): void {
    const filter = req.filter as Parameters<typeof matchesFilter>[1];
    const origin = Date.parse(this.sim.timeOrigin);
    const wanted = (filter as { podSandboxId?: string } | undefined)?.podSandboxId;
    const containers = [...this.containers.values()]
      .filter((c) => c.machine.state !== 'creating' && (!wanted || wanted === c.sandboxId))
      .filter((c) => matchesFilter({ id: c.id, state: c.machine.state, labels: c.labels }, filter))
      .map((c) => containerListView(this.view(c), origin));
    this.sim.after(80, () => this.reply(msg, { containers }, msg.seq));
  }

  private view(c: CrioContainer): Parameters<typeof containerStatusView>[0] {
    return {
      id: c.id, sandboxId: c.sandboxId, name: c.name, attempt: c.attempt, state: c.machine.state, image: c.image,
      labels: c.labels, annotations: c.annotations, logPath: c.logPath, createdAt: c.createdAt,
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt !== undefined ? { finishedAt: c.finishedAt } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.message !== undefined ? { message: c.message } : {}),
      imageSpec: c.imageSpec, mounts: c.mounts, resources: c.resources,
    };
  }

  /** ExecSync (server/container_execsync.go → runtime_oci.go ExecSyncContainer): conmon -e runs `<runtime> exec`. */
  private execSync(msg: Delivery, req: Record<string, unknown>): void {
    const c = this.containers.get(req.containerId as string);
    if (!c || c.machine.state !== 'CONTAINER_RUNNING') {
      this.reply(msg, { error: `rpc error: code = NotFound desc = could not find container "${String(req.containerId)}": container with ID starting with ${String(req.containerId)} not found: ID does not exist` }, msg.seq);
      return;
    }
    const cmd = (req.cmd ?? []) as string[];
    const result = execIn(c.plan, cmd, this.sim.now - (c.startedAt ?? this.sim.now));
    const argv = [this.handler.monitorPath, '-c', c.id, '-n', c.name, '-r', this.handler.runtimePath, '-e', '--exec-process-spec', '<tmp>/exec-process', '--runtime-arg', `--root=${this.handler.runtimeRoot}`];
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'exec', dur: 4_000, cause: msg.seq, ref: c.ref, attrs: { id: c.id, cmd, argv } });
    this.sim.after(4_000, () => {
      if ('error' in result) {
        this.reply(msg, { error: `rpc error: code = Unknown desc = command error: ${result.error}, stdout: , stderr: , exit code -1` }, seq);
        return;
      }
      if ('timedOut' in result) {
        this.reply(msg, { error: `rpc error: code = DeadlineExceeded desc = command timed out` }, seq);
        return;
      }
      this.reply(msg, { stdout: base64(result.stdout), stderr: base64(result.stderr), exitCode: result.exitCode }, seq);
    });
  }

  // ---------------------------------------------------------------- images

  private imageStatus(msg: Delivery, req: Record<string, unknown>): void {
    const info = this.images.get(normalizeImageName(((req.image ?? {}) as { image?: string }).image ?? ''));
    const image = info ? { id: info.id.replace(/^sha256:/, ''), repoTags: [info.normalized], repoDigests: [info.repoDigest], size: String(info.sizeBytes), username: '', pinned: info.normalized === normalizeImageName(CRIO_PAUSE_IMAGE) } : null;
    this.sim.after(80, () => this.reply(msg, { image, info: {} }, msg.seq));
  }

  /** PullImage (server/image_pull.go): containers/image copies the blobs into containers/storage. */
  private pullImage(msg: Delivery, req: Record<string, unknown>): void {
    const ref = ((req.image ?? {}) as { image?: string }).image ?? '';
    const info = imageInfo(ref);
    const done = (seq: number): void => this.reply(msg, { imageRef: info.id.replace(/^sha256:/, '') }, seq);
    if (this.images.has(info.normalized)) return done(msg.seq);
    const waiting = this.pulling.get(info.normalized);
    if (waiting) {
      waiting.push(done);
      return;
    }
    const start: PlannedStep[] = [log(`Pulling image: ${ref}`), log(`Trying to access "${info.normalized}"`)];
    const failure = injectedPullFailure(this.sim, ref, this.host) ?? pullFailure(ref);
    if (failure) {
      playSteps(this.sim, this.id, [...start, { op: 'GET', dur: 70_000, attrs: { url: info.normalized, status: failure.headStatus } }], msg.seq, msg.ref, (last) => this.reply(msg, { error: pullErrorText(info.normalized, failure.headStatus) }, last));
      return;
    }
    this.pulling.set(info.normalized, [done]);
    const steps: PlannedStep[] = [...start, ...crioPullSteps(info, PULL_BANDWIDTH), log(`Pulled image: ${info.repoDigest}`)];
    playSteps(this.sim, this.id, steps, msg.seq, msg.ref, (last) => {
      this.images.set(info.normalized, info);
      const waiters = this.pulling.get(info.normalized) ?? [];
      this.pulling.delete(info.normalized);
      for (const w of waiters) w(last);
    });
  }

  // ---------------------------------------------------------------- probes and PLEG plumbing (as containerd's)

  /** The pod's processes answer the kubelet's HTTP and TCP probes (simulator plumbing, see containerd.ts). */
  answerConnection(podIP: string, port: number, path?: string): { status: number } | { refused: true } | { notHttp: true } {
    const sb = [...this.sandboxes.values()].find((s) => s.ip === podIP && s.machine.state === 'SANDBOX_READY');
    if (!sb) return { refused: true };
    const running = [...this.containers.values()].flatMap((c) => (c.sandboxId === sb.id && c.machine.state === 'CONTAINER_RUNNING' ? [{ plan: c.plan, at: this.sim.now - (c.startedAt ?? this.sim.now) }] : []));
    return podConnectionAnswer(running, port, path);
  }

  /** The kubelet's PLEG is told of every state change (not a CRI call; see containerd.ts). */
  onRuntimeChange(listener: (cause: number) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * The network namespaces pinns holds under /var/run/netns, oldest first: /var/run/netns/<uuid>
   * bind-mounted by RunPodSandbox (internal/config/nsmgr NewPodNamespaces, domain/crio/config.ts
   * pinnedPath), unmounted and unlinked by StopPodSandbox. A host-network pod pins none.
   * Read-only, for `ip netns list` on the node (commands/ip); not a CRI call.
   */
  networkNamespaces(): string[] {
    return [...this.sandboxes.values()].flatMap((sb) => {
      const net = sb.pinned.get('net');
      return net && !sb.netnsClosed ? [net] : [];
    });
  }

  private notifyChange(cause: number): void {
    for (const l of this.changeListeners) l(cause);
  }

  // ---------------------------------------------------------------- plumbing

  /** The container's rootfs: containers/storage mounts the overlay (lower = the image's layers, top first). */
  private rootfsMountStep(id: string, image: ImageInfo): PlannedStep {
    const lower = layerIds(image).reverse().map((l) => `${layerDir(l)}/diff`).join(':');
    const merged = `${layerDir(id)}/merged`;
    return { op: 'mount', dur: 400, attrs: { proc: 'crio', syscall: `mount("overlay", "${merged}", "overlay", 0, "lowerdir=${lower},upperdir=${layerDir(id)}/diff,workdir=${layerDir(id)}/work")`, target: merged } };
  }

  /** conmon is started and runs `<runtime> create`; `then` gets what it wrote to the sync pipe. */
  private createUnderConmon(id: string, name: string, logPath: string, spec: OciSpec, ref: ObjectRef, cause: number, then: (sync: ConmonSync, d: Delivery) => void): void {
    const payload: ConmonRequest = { id, argv: conmonArgs({ id, name, logPath, handler: this.handler }), createArgv: runtimeCreateArgv(this.handler, id), root: this.handler.runtimeRoot, spec, ref };
    const { id: mid } = this.sim.network.send(this.id, this.conmon, 'conmon', { payload, cause, ref, attrs: { argv: payload.argv.join(' '), containerId: id } });
    this.pending.set(mid, (p, d) => then(p as ConmonSync, d));
  }

  /** A runtime command CRI-O runs itself (runtimeCmd): start, kill, state, delete. */
  private runtimeCmd(op: 'start' | 'kill' | 'state' | 'delete', id: string, ref: ObjectRef | undefined, cause: number, then: (exit: RuncExit, d: Delivery) => void, signal?: number): void {
    const argv = runtimeCmdArgv(this.handler, op, id, signal);
    const inv: RuncInvocation = { op, id, bundle: containerDirs(id).bundle, root: this.handler.runtimeRoot, argv, ...(signal !== undefined ? { signal } : {}), ...(ref ? { ref } : {}) };
    const { id: mid } = this.sim.network.send(this.id, this.runtime, op, { payload: inv, cause, ...(ref ? { ref } : {}), attrs: { argv, containerId: id } });
    this.pending.set(mid, (p, d) => then(p as RuncExit, d));
  }

  private reply(msg: Delivery, response: Record<string, unknown>, cause: number): void {
    const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
    this.sim.network.send(this.id, msg.from, op, { replyTo: msg.id, cause, payload: response, attrs: { response }, ...(msg.ref ? { ref: msg.ref } : {}) });
  }
}

/** A CRI-O log line (journalctl -u crio), as a zero-length step. */
function log(message: string): PlannedStep {
  return { op: 'log', dur: 0, attrs: { level: 'info', message } };
}

/** CRI-O's own annotations on the spec (pkg/annotations: io.kubernetes.cri-o.*, io.container.manager). */
function crioAnnotations(o: { id: string; sandboxId: string; type: 'sandbox' | 'container'; name: string; image: string; namespace: string; pod: string; logPath: string }): Record<string, string> {
  return {
    'io.container.manager': 'cri-o',
    'io.kubernetes.cri-o.ContainerID': o.id,
    'io.kubernetes.cri-o.ContainerType': o.type,
    'io.kubernetes.cri-o.Name': o.name,
    'io.kubernetes.cri-o.ImageName': o.image,
    'io.kubernetes.cri-o.KubeName': o.pod,
    'io.kubernetes.cri-o.Namespace': o.namespace,
    'io.kubernetes.cri-o.SandboxID': o.sandboxId,
    'io.kubernetes.cri-o.LogPath': o.logPath,
  };
}
