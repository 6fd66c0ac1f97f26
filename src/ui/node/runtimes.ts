import type { MessageKey } from '../i18n/en.ts';

/**
 * Where the isolation boundary sits for each low-level runtime, as data: a new runtime is a new
 * row, not a new component. The node view shows only the row of the node's own runtime; the
 * others are described here for when their traces exist.
 *
 * Sources (facts, not code): runc `libcontainer/nsexec/nsexec.c`, `rootfs_linux.go`,
 * `standard_init_linux.go` (namespaces, pivot_root, seccomp, capabilities); crun's README
 * ("a fast and low-memory footprint OCI Container Runtime fully written in C", same OCI
 * config and kernel features); gVisor's architecture guide (gvisor.dev/docs/architecture_guide:
 * the Sentry is an application kernel in user space that implements the Linux system call
 * interface, the Gofer serves file system access, the Sentry itself runs under a seccomp filter
 * in its own namespaces); Kata Containers' architecture docs (each pod in a lightweight VM with
 * its own guest kernel, containerd-shim-kata-v2, the kata-agent creating the containers inside
 * the VM; Firecracker, QEMU or Cloud Hypervisor as the VMM on KVM); rkt's
 * `Documentation/devel/stage1-implementors-guide.md` and `running-fly-stage1.md` (DOMAIN.md 8).
 */

/** The low-level runtimes the node view knows how to describe. */
export type RuntimeKind = 'runc' | 'crun' | 'runsc' | 'kata' | 'rkt-fly' | 'rkt-coreos' | 'rkt-kvm';

/** One band of the stack between the application and the hardware, top to bottom. */
export interface IsolationLayer {
  /** The technical name, never translated: `Linux kernel`, `Sentry`, `Firecracker`. */
  readonly name: string;
  /** What the band does, translated. */
  readonly noteKey: MessageKey;
  /**
   * `app`: the container processes; `guard`: what stands between them and the next band;
   * `kernel`: a kernel (host or guest); `vmm`: a virtual machine monitor.
   */
  readonly kind: 'app' | 'guard' | 'kernel' | 'vmm';
  /** The host's own kernel (shared by everything on the node). */
  readonly host?: boolean;
}

export interface IsolationProfile {
  readonly kind: RuntimeKind;
  /** The binary (or stage1 image) as the node runs it. */
  readonly binary: string;
  /** Do the containers' system calls reach the host kernel directly? */
  readonly hostKernelShared: boolean;
  /** Top (the application) to bottom (the host kernel). */
  readonly layers: readonly IsolationLayer[];
  /** Index of the band that is the isolation boundary (drawn as the boundary line). */
  readonly boundary: number;
  /** The kernel features or components that enforce the boundary, by their real names. */
  readonly mechanisms: readonly string[];
  readonly summaryKey: MessageKey;
  /** Whether the simulator produces traces for it yet (the others are described only). */
  readonly traced: boolean;
}

const APP: IsolationLayer = { name: 'containers', noteKey: 'node.layer.app', kind: 'app' };
const HOST_KERNEL: IsolationLayer = { name: 'Linux kernel', noteKey: 'node.layer.hostKernel', kind: 'kernel', host: true };

export const ISOLATION_PROFILES: Readonly<Record<RuntimeKind, IsolationProfile>> = {
  runc: {
    kind: 'runc',
    binary: 'runc',
    hostKernelShared: true,
    layers: [APP, { name: 'namespaces · cgroups · seccomp · capabilities', noteKey: 'node.layer.kernelFeatures', kind: 'guard' }, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['namespaces', 'cgroups', 'seccomp', 'capabilities', 'pivot_root', 'masked paths'],
    summaryKey: 'node.rt.runc',
    traced: true,
  },
  crun: {
    kind: 'crun',
    binary: 'crun',
    hostKernelShared: true,
    layers: [APP, { name: 'namespaces · cgroups · seccomp · capabilities', noteKey: 'node.layer.kernelFeatures', kind: 'guard' }, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['namespaces', 'cgroups', 'seccomp', 'capabilities', 'pivot_root', 'masked paths'],
    summaryKey: 'node.rt.crun',
    traced: false,
  },
  runsc: {
    kind: 'runsc',
    binary: 'runsc',
    hostKernelShared: false,
    layers: [
      APP,
      { name: 'Sentry', noteKey: 'node.layer.sentry', kind: 'guard' },
      { name: 'Gofer', noteKey: 'node.layer.gofer', kind: 'guard' },
      { name: 'seccomp · namespaces', noteKey: 'node.layer.sentrySandbox', kind: 'guard' },
      HOST_KERNEL,
    ],
    boundary: 1,
    mechanisms: ['Sentry', 'Gofer', 'seccomp', 'namespaces'],
    summaryKey: 'node.rt.runsc',
    traced: true,
  },
  kata: {
    kind: 'kata',
    binary: 'containerd-shim-kata-v2',
    hostKernelShared: false,
    layers: [
      APP,
      { name: 'kata-agent · namespaces · cgroups', noteKey: 'node.layer.kataAgent', kind: 'guard' },
      { name: 'guest Linux kernel', noteKey: 'node.layer.guestKernel', kind: 'kernel' },
      { name: 'Firecracker / QEMU · KVM', noteKey: 'node.layer.microVm', kind: 'vmm' },
      HOST_KERNEL,
    ],
    boundary: 3,
    mechanisms: ['KVM', 'guest kernel', 'kata-agent'],
    summaryKey: 'node.rt.kata',
    traced: true,
  },
  'rkt-fly': {
    kind: 'rkt-fly',
    binary: 'stage1-fly',
    hostKernelShared: true,
    layers: [APP, { name: 'chroot', noteKey: 'node.layer.chroot', kind: 'guard' }, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['chroot'],
    summaryKey: 'node.rt.rktFly',
    traced: false,
  },
  'rkt-coreos': {
    kind: 'rkt-coreos',
    binary: 'stage1-coreos',
    hostKernelShared: true,
    layers: [APP, { name: 'systemd-nspawn · systemd · chroot', noteKey: 'node.layer.nspawn', kind: 'guard' }, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['systemd-nspawn', 'namespaces', 'cgroups'],
    summaryKey: 'node.rt.rktCoreos',
    traced: false,
  },
  'rkt-kvm': {
    kind: 'rkt-kvm',
    binary: 'stage1-kvm',
    hostKernelShared: false,
    layers: [
      APP,
      { name: 'systemd', noteKey: 'node.layer.vmSystemd', kind: 'guard' },
      { name: 'guest Linux kernel', noteKey: 'node.layer.guestKernel', kind: 'kernel' },
      { name: 'lkvm / QEMU · KVM', noteKey: 'node.layer.rktVm', kind: 'vmm' },
      HOST_KERNEL,
    ],
    boundary: 3,
    mechanisms: ['KVM', 'guest kernel'],
    summaryKey: 'node.rt.rktKvm',
    traced: false,
  },
};

/** A node's runtime choice split into its high- and low-level parts. */
export interface NodeRuntime {
  /** As the scenario names it: `containerd+runc`, `dockershim`, `rktlet+rkt(stage1-coreos)`. */
  readonly choice: string;
  /** The CRI runtime: `containerd`, `cri-o`, `dockershim`, `rktlet`. */
  readonly high: string;
  /** The low-level runtime's binary, which is also its trace actor: `runc`, `crun`, `runsc`, `rkt`. */
  readonly low: string;
  readonly kind?: RuntimeKind;
}

/**
 * Reads a runtime choice (docs/scenario-format.md): `<cri>+<oci>`, `dockershim` (dockerd →
 * containerd → runc) or `rktlet+rkt(stage1-<flavour>)`.
 */
export function parseRuntime(choice: string): NodeRuntime {
  const [high = 'containerd', rest] = choice.split('+', 2);
  if (high === 'dockershim' && rest === undefined) return { choice, high, low: 'runc', kind: 'runc' };
  const low = rest ?? 'runc';
  const rkt = /^rkt\(stage1-(fly|coreos|kvm)\)$/.exec(low);
  if (rkt) return { choice, high, low: 'rkt', kind: `rkt-${rkt[1] as 'fly' | 'coreos' | 'kvm'}` };
  const kind = (['runc', 'crun', 'runsc', 'kata'] as const).find((k) => k === low);
  return { choice, high, low, ...(kind ? { kind } : {}) };
}

/** The isolation profile of a runtime choice, if the table describes it. */
export function profileOf(runtime: NodeRuntime): IsolationProfile | undefined {
  return runtime.kind ? ISOLATION_PROFILES[runtime.kind] : undefined;
}
