import type { TraceEvent } from '../../trace/schema.ts';

/**
 * The pods and containers of a node as the CRI runtime knows them, from the kubelet's CRI
 * messages (request and response by `replyTo`) and the runtime's machines: `cri-sandbox`,
 * `cri-container` (containerd's CRI plugin) and `oci-container` (the low-level runtime).
 * In containerd the pause ("sandbox") container has the sandbox's id; the CRI itself has no
 * pause container (DOMAIN.md 6: "a runtime detail, not a CRI object").
 * A CRI server without those machines (rktlet: its pods are rkt's `rkt-pod` machines) is read
 * from the messages alone: RunPodSandboxResponse makes the sandbox (no pause container: rkt's
 * stage1 holds the pod), the status responses give the states, the Remove responses end them.
 */

/** CRI `LinuxContainerResources` as the kubelet sent them (protobuf JSON names). */
export interface CriResources {
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpuShares?: number;
  readonly memoryLimitInBytes?: number;
  readonly oomScoreAdj?: number;
}

export interface SandboxInfo {
  readonly id: string;
  readonly pod: { readonly namespace: string; readonly name: string; readonly uid: string };
  /** The `cri-sandbox` machine's state: `creating`, `SANDBOX_READY`, `SANDBOX_NOTREADY`. */
  state: string;
  readonly since: number;
  cgroupParent?: string;
  resources?: CriResources;
  /** `linux.securityContext.namespaceOptions` (network, pid, ipc: POD | CONTAINER | NODE | TARGET). */
  namespaceOptions?: Readonly<Record<string, unknown>>;
  hostname?: string;
  ip?: string;
  /** The pause image (`ensure sandbox image`). */
  image?: string;
}

export interface ContainerInfo {
  readonly id: string;
  readonly sandboxId: string;
  /** `pause` for the sandbox container, else the CRI `metadata.name`. */
  readonly name: string;
  readonly pause: boolean;
  image?: string;
  resources?: CriResources;
  /** The `cri-container` machine's state (`CONTAINER_CREATED`, …); the sandbox's for pause. */
  criState?: string;
  /** The `oci-container` machine's state: `creating`, `created`, `running`, `stopped`. */
  ociState?: string;
  exitStatus?: number;
  readonly order: number;
}

interface PendingCreate {
  readonly name: string;
  readonly sandboxId: string;
  readonly image?: string;
  readonly resources?: CriResources;
}

export class CriFold {
  readonly sandboxes = new Map<string, SandboxInfo>();
  readonly containers = new Map<string, ContainerInfo>();
  /** RunPodSandbox configs by pod uid (the request comes before the sandbox machine starts). */
  private readonly sandboxConfigs = new Map<string, Record<string, unknown>>();
  /** CreateContainer requests by the message's seq (the cri-container machine's cause) and by id. */
  private readonly createBySeq = new Map<number, PendingCreate>();
  private readonly createById = new Map<number, PendingCreate>();
  /** Requests by message id, for the responses that only name what they answer by `replyTo`. */
  private readonly requests = new Map<number, Record<string, unknown>>();
  /** Containers and sandboxes a runtime machine reports: the messages do not override those. */
  private readonly byMachine = new Set<string>();
  private order = 0;

  apply(e: TraceEvent, containerId: string | undefined): void {
    const a = e.attrs ?? {};
    if (e.kind === 'message') this.message(e, a);
    else if (e.kind === 'state') this.state(e, a);
    else if (e.kind === 'span' && e.op === 'ensure sandbox image' && containerId) {
      const sb = this.sandboxes.get(containerId);
      if (sb && typeof a['image'] === 'string') sb.image = a['image'];
    } else if (e.kind === 'span' && e.op === 'snapshot prepare' && containerId) {
      const c = this.containers.get(containerId);
      if (c && typeof a['image'] === 'string') c.image = a['image'];
    }
  }

  private message(e: TraceEvent, a: Record<string, unknown>): void {
    const request = a['request'] as Record<string, unknown> | undefined;
    const response = a['response'] as Record<string, unknown> | undefined;
    if (request && typeof a['id'] === 'number' && (e.op === 'RunPodSandbox' || e.op === 'RemovePodSandbox' || e.op === 'StopPodSandbox' || e.op === 'RemoveContainer')) this.requests.set(a['id'], request);
    const asked = typeof a['replyTo'] === 'number' ? this.requests.get(a['replyTo']) : undefined;
    if (response && asked) this.fromMessages(e.op, e.t, asked, response);
    if (e.op === 'ContainerStatusResponse' && response) {
      const status = response['status'] as { id?: unknown; state?: unknown; exitCode?: unknown } | undefined;
      const c = typeof status?.id === 'string' && !this.byMachine.has(status.id) ? this.containers.get(status.id) : undefined;
      if (c && typeof status?.state === 'string') {
        c.criState = status.state;
        if (status.state === 'CONTAINER_EXITED' && typeof status.exitCode === 'number') c.exitStatus = status.exitCode;
      }
    }
    if (e.op === 'RunPodSandbox' && request) {
      const config = request['config'] as Record<string, unknown> | undefined;
      const uid = (config?.['metadata'] as { uid?: unknown } | undefined)?.uid;
      if (config && typeof uid === 'string') this.sandboxConfigs.set(uid, config);
    } else if (e.op === 'CreateContainer' && request) {
      const config = request['config'] as Record<string, unknown> | undefined;
      const meta = config?.['metadata'] as { name?: unknown } | undefined;
      const image = config?.['image'] as { image?: unknown; userSpecifiedImage?: unknown } | undefined;
      const linux = config?.['linux'] as { resources?: CriResources } | undefined;
      const pending: PendingCreate = {
        name: typeof meta?.name === 'string' ? meta.name : '',
        sandboxId: typeof request['podSandboxId'] === 'string' ? request['podSandboxId'] : '',
        ...(typeof image?.userSpecifiedImage === 'string' ? { image: image.userSpecifiedImage } : typeof image?.image === 'string' ? { image: image.image } : {}),
        ...(linux?.resources ? { resources: linux.resources } : {}),
      };
      this.createBySeq.set(e.seq, pending);
      if (typeof a['id'] === 'number') this.createById.set(a['id'], pending);
    } else if (e.op === 'CreateContainerResponse' && response && typeof a['replyTo'] === 'number') {
      const id = response['containerId'];
      const pending = this.createById.get(a['replyTo']);
      if (typeof id === 'string' && pending && !this.containers.has(id)) this.addContainer(id, pending);
    } else if (e.op === 'PodSandboxStatusResponse' && response) {
      const status = response['status'] as { id?: unknown; state?: unknown; network?: { ip?: unknown } } | undefined;
      const sb = typeof status?.id === 'string' ? this.sandboxes.get(status.id) : undefined;
      if (sb && typeof status?.network?.ip === 'string' && status.network.ip !== '') sb.ip = status.network.ip;
      if (sb && !this.byMachine.has(sb.id) && typeof status?.state === 'string') sb.state = status.state;
    } else if (e.op === 'exit' && typeof a['id'] === 'string') {
      // The low-level runtime tells the shim its init exited (SIGCHLD, wait status).
      const c = this.containers.get(a['id']);
      if (c && typeof a['exitStatus'] === 'number') c.exitStatus = a['exitStatus'];
    }
  }

  /** Sandboxes and containers of a CRI server that has no cri-sandbox / cri-container machines. */
  private fromMessages(op: string, t: number, asked: Record<string, unknown>, response: Record<string, unknown>): void {
    if (op === 'RunPodSandboxResponse' && typeof response['podSandboxId'] === 'string') {
      const id = response['podSandboxId'];
      if (this.sandboxes.has(id) || this.byMachine.has(id)) return;
      const config = asked['config'] as { metadata?: { name?: unknown; namespace?: unknown; uid?: unknown } } | undefined;
      const m = config?.metadata;
      if (typeof m?.name !== 'string') return;
      // A RunPodSandbox answered without error: the sandbox is ready (cri-api: SANDBOX_READY).
      const sb: SandboxInfo = { id, pod: { namespace: typeof m.namespace === 'string' ? m.namespace : '', name: m.name, uid: typeof m.uid === 'string' ? m.uid : '' }, state: 'SANDBOX_READY', since: t };
      applySandboxConfig(sb, config as Record<string, unknown>);
      this.sandboxes.set(id, sb);
    } else if (op === 'StopPodSandboxResponse' && typeof asked['podSandboxId'] === 'string') {
      const sb = this.byMachine.has(asked['podSandboxId']) ? undefined : this.sandboxes.get(asked['podSandboxId']);
      if (sb) sb.state = 'SANDBOX_NOTREADY';
    } else if (op === 'RemovePodSandboxResponse' && typeof asked['podSandboxId'] === 'string') {
      const id = asked['podSandboxId'];
      if (this.byMachine.has(id) || !this.sandboxes.has(id)) return;
      this.sandboxes.delete(id);
      for (const c of [...this.containers.values()]) if (c.sandboxId === id) this.containers.delete(c.id);
    } else if (op === 'RemoveContainerResponse' && typeof asked['containerId'] === 'string' && !this.byMachine.has(asked['containerId'])) {
      this.containers.delete(asked['containerId']);
    }
  }

  private state(e: TraceEvent, a: Record<string, unknown>): void {
    const machine = a['machine'];
    const id = a['instance'];
    if (typeof id !== 'string') return;
    if (machine === 'cri-sandbox' || machine === 'cri-container') this.byMachine.add(id);
    const final = a['final'] === true;
    if (machine === 'cri-sandbox') {
      let sb = this.sandboxes.get(id);
      if (!sb && e.ref && !final) {
        const uid = e.ref.uid ?? '';
        sb = { id, pod: { namespace: e.ref.namespace ?? '', name: e.ref.name, uid }, state: e.op, since: e.t };
        applySandboxConfig(sb, this.sandboxConfigs.get(uid));
        this.sandboxes.set(id, sb);
        this.addContainer(id, { name: 'pause', sandboxId: id });
      }
      if (!sb) return;
      if (final) {
        this.sandboxes.delete(id);
        this.containers.delete(id);
      } else {
        sb.state = e.op;
        const pause = this.containers.get(id);
        if (pause) pause.criState = e.op;
      }
    } else if (machine === 'cri-container') {
      if (final) {
        this.containers.delete(id);
        return;
      }
      if (!this.containers.has(id)) {
        const pending = e.cause !== undefined ? this.createBySeq.get(e.cause) : undefined;
        if (pending) this.addContainer(id, pending);
      }
      const c = this.containers.get(id);
      if (c) c.criState = e.op;
    } else if (machine === 'oci-container') {
      const c = this.containers.get(id);
      if (c && !final) c.ociState = e.op;
    }
  }

  private addContainer(id: string, p: PendingCreate): void {
    this.containers.set(id, {
      id,
      sandboxId: p.sandboxId,
      name: p.name,
      pause: id === p.sandboxId,
      ...(p.image ? { image: p.image } : {}),
      ...(p.resources ? { resources: p.resources } : {}),
      order: this.order++,
    });
  }
}

function applySandboxConfig(sb: SandboxInfo, config: Record<string, unknown> | undefined): void {
  if (!config) return;
  const linux = config['linux'] as { cgroupParent?: unknown; resources?: CriResources; securityContext?: { namespaceOptions?: Record<string, unknown> } } | undefined;
  if (typeof linux?.cgroupParent === 'string') sb.cgroupParent = linux.cgroupParent;
  if (linux?.resources) sb.resources = linux.resources;
  if (linux?.securityContext?.namespaceOptions) sb.namespaceOptions = linux.securityContext.namespaceOptions;
  if (typeof config['hostname'] === 'string') sb.hostname = config['hostname'];
}
