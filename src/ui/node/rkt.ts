import type { TraceEvent } from '../../trace/schema.ts';
import type { NsKind } from './kernel.ts';

/**
 * rkt's pods on a host, from the spans and machines of `rkt/<node>` (engine/components/rkt:
 * stage0 prepares the pod and execs stage1; stage1 builds the pod per flavour; stage2 is each
 * app). What the node view needs of them, read from the spans only (rkt
 * `stage1/init/init.go`, `stage1_fly/run/main.go`, `Documentation/devel/stage1-implementors-guide.md`):
 * - coreos: the pod's netns made by stage1 (`unshare` CLONE_NEWNET, bind-mounted at
 *   /var/run/netns/cni-…), then systemd-nspawn's `clone` with new mnt, pid, uts and ipc
 *   namespaces and the machine's cgroup (`mount cgroups`), systemd as the pod's PID 1;
 * - kvm: lkvm (the VMM, a host process with a tap device) and a guest kernel: the apps'
 *   namespaces are the guest's, none is the host's;
 * - fly: no namespace at all: the app is chroot'ed and exec'ed in the host's.
 * Each app's `app process` span gives its pid and the isolation stage1 gave it.
 */

export interface RktNamespace {
  readonly kind: NsKind;
  /** `unshare` (stage1) or `clone` (systemd-nspawn). */
  readonly syscall: string;
  readonly proc: string;
  readonly pid?: number;
  readonly path?: string;
}

export interface RktApp {
  readonly name: string;
  pid?: number;
  /** The app process's isolation as rkt reports it (`namespaces`, `cgroups`, `vm`). */
  isolation?: { readonly namespaces: readonly string[]; readonly cgroups: boolean; readonly vm: boolean };
  /** The directory stage1 chroot'ed it into. */
  rootfs?: string;
  argv?: readonly string[];
  /** The `rkt-app` machine's state: created, running, exited, removed. */
  state?: string;
}

export interface RktPod {
  readonly uuid: string;
  flavour?: string;
  /** The `rkt-pod` machine's state: embryo … running, exited, deleted. */
  state?: string;
  /** stage0's pid: the process that exec'ed stage1 and stays the pod's. */
  pid?: number;
  readonly namespaces: Map<NsKind, RktNamespace>;
  /** The VMM (`lkvm`) and the guest kernel image, for stage1-kvm. */
  vm?: { vmm: string; kernel?: string; tap?: string };
  /** systemd-nspawn's (or the VM's) systemd: the pod's PID 1. */
  init?: string;
  /** The pod's own cgroup below the root (systemd-nspawn's machine scope). */
  cgroup?: string;
  /** The stage1 rootfs overlay (`mount` in stage0): lowerdir, upperdir, workdir. */
  stage1Overlay?: { target: string; data: string };
  readonly apps: Map<string, RktApp>;
}

const NS_OF_FLAG: Readonly<Record<string, NsKind>> = { CLONE_NEWNET: 'net', CLONE_NEWNS: 'mnt', CLONE_NEWPID: 'pid', CLONE_NEWUTS: 'uts', CLONE_NEWIPC: 'ipc', CLONE_NEWUSER: 'user', CLONE_NEWCGROUP: 'cgroup' };

export class RktFold {
  readonly pods = new Map<string, RktPod>();

  constructor(private readonly actor: string) {}

  apply(e: TraceEvent): void {
    if (e.actor !== this.actor) return;
    const a = e.attrs ?? {};
    if (e.kind === 'state') {
      const inst = a['instance'];
      if (typeof inst !== 'string') return;
      if (a['machine'] === 'rkt-pod') {
        const pod = this.pod(inst);
        pod.state = e.op;
      } else if (a['machine'] === 'rkt-app') {
        const slash = inst.indexOf('/');
        const pod = this.pod(inst.slice(0, slash));
        this.app(pod, inst.slice(slash + 1)).state = e.op;
      }
      return;
    }
    if (e.kind !== 'span' || typeof a['pod'] !== 'string') return;
    const pod = this.pod(a['pod']);
    if (typeof a['flavour'] === 'string') pod.flavour = a['flavour'];
    const pid = typeof a['pid'] === 'number' ? a['pid'] : undefined;
    const stage = a['stage'];
    switch (e.op) {
      case 'execve':
        if (stage === 'stage0' && pid !== undefined && pod.pid === undefined) pod.pid = pid;
        if (stage === 'stage1' && typeof a['filename'] === 'string' && a['filename'].endsWith('/lkvm')) pod.vm = { ...(pod.vm ?? {}), vmm: 'lkvm' };
        return;
      case 'mount':
        if (stage === 'stage0' && a['filesystemtype'] === 'overlay' && typeof a['target'] === 'string' && typeof a['data'] === 'string') pod.stage1Overlay = { target: a['target'], data: a['data'] };
        return;
      case 'unshare': {
        const kind = typeof a['ns'] === 'string' ? (a['ns'] as NsKind) : NS_OF_FLAG[String(a['flags'])];
        if (kind) pod.namespaces.set(kind, { kind, syscall: `unshare(${String(a['flags'])})`, proc: 'stage1', ...(pid !== undefined ? { pid } : {}), ...(typeof a['bindMount'] === 'string' ? { path: a['bindMount'] } : {}) });
        return;
      }
      case 'clone': {
        const proc = typeof a['proc'] === 'string' ? a['proc'] : 'stage1';
        const kinds = Array.isArray(a['namespaces']) ? (a['namespaces'] as NsKind[]) : String(a['flags']).split('|').map((f) => NS_OF_FLAG[f]).filter((k): k is NsKind => k !== undefined);
        for (const kind of kinds) pod.namespaces.set(kind, { kind, syscall: `clone(${String(a['flags'])})`, proc, ...(pid !== undefined ? { pid } : {}) });
        return;
      }
      case 'boot guest kernel':
        pod.vm = { vmm: pod.vm?.vmm ?? 'lkvm', ...(pod.vm?.tap ? { tap: pod.vm.tap } : {}), ...(typeof a['kernel'] === 'string' ? { kernel: a['kernel'] } : {}) };
        return;
      case 'ioctl TUNSETIFF':
        if (typeof a['name'] === 'string') pod.vm = { vmm: pod.vm?.vmm ?? 'lkvm', ...(pod.vm?.kernel ? { kernel: pod.vm.kernel } : {}), tap: a['name'] };
        return;
      case 'systemd boot':
        if (typeof a['pid1'] === 'string') pod.init = a['pid1'];
        return;
      case 'mount cgroups':
        if (typeof a['subcgroup'] === 'string') pod.cgroup = a['subcgroup'];
        return;
      case 'chroot':
        // stage1-fly chroots in stage1, the others' prepare-app/chroot in stage2; the path names the app.
        if (typeof a['path'] === 'string') {
          const m = /\/opt\/stage2\/([^/]+)\/rootfs$/.exec(a['path']);
          if (m?.[1]) this.app(pod, m[1]).rootfs = a['path'];
        }
        return;
      case 'app process': {
        if (typeof a['app'] !== 'string') return;
        const app = this.app(pod, a['app']);
        if (pid !== undefined) app.pid = pid;
        const iso = a['isolation'] as { namespaces?: unknown; cgroups?: unknown; vm?: unknown } | undefined;
        if (iso) app.isolation = { namespaces: Array.isArray(iso.namespaces) ? iso.namespaces.map(String) : [], cgroups: iso.cgroups === true, vm: iso.vm === true };
        return;
      }
      default:
        return;
    }
  }

  private pod(uuid: string): RktPod {
    let p = this.pods.get(uuid);
    if (!p) this.pods.set(uuid, (p = { uuid, namespaces: new Map(), apps: new Map() }));
    return p;
  }

  private app(pod: RktPod, name: string): RktApp {
    let app = pod.apps.get(name);
    if (!app) pod.apps.set(name, (app = { name }));
    return app;
  }
}

/** rktlet's CRI container id is `<pod uuid>:<app name>` (what engine/components/rktlet answers to CreateContainer). */
export function rktAppOf(containerId: string): { uuid: string; app: string } | undefined {
  const colon = containerId.indexOf(':');
  return colon > 0 ? { uuid: containerId.slice(0, colon), app: containerId.slice(colon + 1) } : undefined;
}

/** A pod is up while its machine is between `running` and `exited`. */
export function rktPodLive(pod: RktPod): boolean {
  return pod.state === 'running';
}

/** An app has a process while its machine says `running`. */
export function rktAppLive(app: RktApp | undefined): boolean {
  return app?.state === 'running' && app.pid !== undefined;
}
