import type { MessageKey } from '../i18n/en.ts';

/**
 * Where the isolation boundary sits for each low-level runtime, as data: a new runtime is a new
 * row, not a new component. The node view shows only the row of the node's own runtime, and
 * each band only as what the node's trace showed of it (`seenBy`, isolation.ts): the span
 * names and procs are the engine's (domain/oci/runc-steps.ts, domain/gvisor/runsc-steps.ts,
 * domain/kata/kata-steps.ts, engine/components/rkt/cmd-run.ts).
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
  /**
   * The spans of the node's low-level runtime that show this band at work (isolation.ts). A
   * band with rules is drawn as seen only once one of them matched up to the playhead.
   */
  readonly seenBy?: readonly EvidenceRule[];
}

/**
 * A span that shows a band at work: every given field must match. `keys` are the attributes
 * shown as the evidence; `label` renames the band once it matched (the VMM the trace names).
 */
export interface EvidenceRule {
  readonly op: string;
  readonly proc?: string;
  /** `attrs.kernel`: `sentry`, `guest`. */
  readonly kernel?: string;
  /** rkt's `attrs.stage`: `stage0`, `stage1`, `stage2`. */
  readonly stage?: string;
  /** The last path element of `attrs.filename` (`lkvm`). */
  readonly file?: string;
  readonly keys: readonly string[];
  readonly label?: string;
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
/** runc's and crun's own steps (domain/oci/runc-steps.ts): what switches the kernel features on. */
const OCI_GUARD: IsolationLayer = {
  name: 'namespaces · cgroups · seccomp · capabilities',
  noteKey: 'node.layer.kernelFeatures',
  kind: 'guard',
  seenBy: [
    { op: 'unshare', proc: 'runc:[1:CHILD]', keys: ['flags'] },
    { op: 'setns', proc: 'runc:[1:CHILD]', keys: ['nstype'] },
    { op: 'pivot_root', proc: 'runc:[2:INIT]', keys: ['new_root'] },
    { op: 'seccomp', proc: 'runc:[2:INIT]', keys: ['defaultAction', 'rules'] },
    { op: 'capset', proc: 'runc:[2:INIT]', keys: [] },
  ],
};
/** A rkt app started by stage1 (rkt cmd-run.ts `app process`): the isolation its stage1 gave it. */
const RKT_APP: IsolationLayer = { ...APP, seenBy: [{ op: 'app process', stage: 'stage2', keys: ['app', 'pid', 'isolation'] }] };
const HOST_KERNEL: IsolationLayer = { name: 'Linux kernel', noteKey: 'node.layer.hostKernel', kind: 'kernel', host: true };

export const ISOLATION_PROFILES: Readonly<Record<RuntimeKind, IsolationProfile>> = {
  runc: {
    kind: 'runc',
    binary: 'runc',
    hostKernelShared: true,
    layers: [{ ...APP, seenBy: [{ op: 'execve', proc: 'runc:[2:INIT]', keys: ['filename', 'pid'] }] }, OCI_GUARD, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['namespaces', 'cgroups', 'seccomp', 'capabilities', 'pivot_root', 'masked paths'],
    summaryKey: 'node.rt.runc',
    traced: true,
  },
  crun: {
    kind: 'crun',
    binary: 'crun',
    hostKernelShared: true,
    layers: [APP, OCI_GUARD, HOST_KERNEL],
    boundary: 1,
    mechanisms: ['namespaces', 'cgroups', 'seccomp', 'capabilities', 'pivot_root', 'masked paths'],
    summaryKey: 'node.rt.crun',
    traced: false,
  },
  runsc: {
    kind: 'runsc',
    binary: 'runsc',
    hostKernelShared: false,
    // domain/gvisor/runsc-steps.ts: the app's execve is the Sentry's (kernel: sentry).
    layers: [
      { ...APP, seenBy: [{ op: 'execve', proc: 'Sentry', kernel: 'sentry', keys: ['filename', 'servedBy'] }] },
      {
        name: 'Sentry',
        noteKey: 'node.layer.sentry',
        kind: 'guard',
        seenBy: [{ op: 'sentry boot', proc: 'runsc-sandbox', keys: ['platform', 'netstack', 'vfs'] }],
      },
      {
        name: 'Gofer',
        noteKey: 'node.layer.gofer',
        kind: 'guard',
        seenBy: [
          { op: 'execve', proc: 'runsc-gofer', keys: [] },
          { op: 'pivot_root', proc: 'runsc-gofer', keys: ['new_root'] },
        ],
      },
      {
        name: 'seccomp · namespaces',
        noteKey: 'node.layer.sentrySandbox',
        kind: 'guard',
        seenBy: [
          { op: 'clone', proc: 'runsc create', keys: ['flags'] },
          { op: 'setresuid', proc: 'runsc-sandbox', keys: ['ruid'] },
          { op: 'pivot_root', proc: 'runsc-sandbox', keys: ['new_root'] },
          { op: 'seccomp', proc: 'runsc-sandbox', keys: ['filter', 'defaultAction', 'rules'] },
          { op: 'seccomp', proc: 'runsc-gofer', keys: ['filter', 'defaultAction'] },
        ],
      },
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
    // domain/kata/kata-steps.ts: the agent's and the guest's spans carry kernel: guest.
    layers: [
      { ...APP, seenBy: [{ op: 'execve', proc: 'rustjail init', kernel: 'guest', keys: ['filename', 'pid'] }] },
      {
        name: 'kata-agent · namespaces · cgroups',
        noteKey: 'node.layer.kataAgent',
        kind: 'guard',
        seenBy: [
          { op: 'listen', proc: 'kata-agent', kernel: 'guest', keys: ['address'] },
          { op: 'clone', proc: 'kata-agent', kernel: 'guest', keys: ['flags'] },
          { op: 'pivot_root', proc: 'rustjail init', kernel: 'guest', keys: ['new_root'] },
        ],
      },
      {
        name: 'guest Linux kernel',
        noteKey: 'node.layer.guestKernel',
        kind: 'kernel',
        seenBy: [
          { op: 'guest kernel boot', proc: 'guest kernel', kernel: 'guest', keys: ['image', 'vcpus', 'memoryMib'] },
          { op: 'guest init', proc: 'systemd', kernel: 'guest', keys: ['unit'] },
        ],
      },
      {
        name: 'Firecracker / QEMU · KVM',
        noteKey: 'node.layer.microVm',
        kind: 'vmm',
        seenBy: [
          { op: 'execve', proc: 'firecracker', keys: ['filename'], label: 'Firecracker · KVM' },
          { op: 'execve', proc: 'qemu-system-x86_64', keys: ['filename'], label: 'QEMU · KVM' },
          { op: 'execve', proc: 'cloud-hypervisor', keys: ['filename'], label: 'Cloud Hypervisor · KVM' },
          { op: 'ioctl', proc: 'firecracker', keys: ['request', 'vcpus', 'memoryMib'] },
          { op: 'seccomp', proc: 'firecracker', keys: ['filter'] },
        ],
      },
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
    // engine/components/rkt/cmd-run.ts: fly chroots into the app's rootfs and execs it in the host's namespaces.
    layers: [
      RKT_APP,
      {
        name: 'chroot',
        noteKey: 'node.layer.chroot',
        kind: 'guard',
        seenBy: [
          { op: 'chroot', stage: 'stage1', keys: ['path'] },
          { op: 'execve', stage: 'stage2', keys: ['filename', 'namespaces'] },
        ],
      },
      HOST_KERNEL,
    ],
    boundary: 1,
    mechanisms: ['chroot'],
    summaryKey: 'node.rt.rktFly',
    traced: true,
  },
  'rkt-coreos': {
    kind: 'rkt-coreos',
    binary: 'stage1-coreos',
    hostKernelShared: true,
    layers: [
      RKT_APP,
      {
        name: 'systemd-nspawn · systemd · chroot',
        noteKey: 'node.layer.nspawn',
        kind: 'guard',
        seenBy: [
          { op: 'unshare', stage: 'stage1', keys: ['flags', 'bindMount'] },
          { op: 'clone', proc: 'systemd-nspawn', stage: 'stage1', keys: ['namespaces'] },
          { op: 'mount cgroups', stage: 'stage1', keys: ['subcgroup'] },
          { op: 'systemd boot', stage: 'stage1', keys: ['machine'] },
          { op: 'chroot', stage: 'stage2', keys: ['path'] },
        ],
      },
      HOST_KERNEL,
    ],
    boundary: 1,
    mechanisms: ['systemd-nspawn', 'namespaces', 'cgroups'],
    summaryKey: 'node.rt.rktCoreos',
    traced: true,
  },
  'rkt-kvm': {
    kind: 'rkt-kvm',
    binary: 'stage1-kvm',
    hostKernelShared: false,
    layers: [
      RKT_APP,
      {
        name: 'systemd',
        noteKey: 'node.layer.vmSystemd',
        kind: 'guard',
        seenBy: [
          { op: 'systemd boot', stage: 'stage1', keys: ['where'] },
          { op: 'start unit', stage: 'stage1', keys: ['unit', 'via'] },
          { op: 'chroot', stage: 'stage2', keys: ['path'] },
        ],
      },
      { name: 'guest Linux kernel', noteKey: 'node.layer.guestKernel', kind: 'kernel', seenBy: [{ op: 'boot guest kernel', stage: 'stage1', keys: ['kernel', 'rootfs'] }] },
      {
        name: 'lkvm / QEMU · KVM',
        noteKey: 'node.layer.rktVm',
        kind: 'vmm',
        seenBy: [
          { op: 'execve', stage: 'stage1', file: 'lkvm', keys: ['filename'], label: 'lkvm · KVM' },
          { op: 'execve', stage: 'stage1', file: 'qemu', keys: ['filename'], label: 'QEMU · KVM' },
          { op: 'ioctl TUNSETIFF', stage: 'stage1', keys: ['name'] },
        ],
      },
      HOST_KERNEL,
    ],
    boundary: 3,
    mechanisms: ['KVM', 'guest kernel'],
    summaryKey: 'node.rt.rktKvm',
    traced: true,
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
  // `rkt-coreos` (docs/scenario-format.md) or the older spelling `rkt(stage1-coreos)`.
  const rkt = /^rkt(?:\(stage1-(fly|coreos|kvm)\)|-(fly|coreos|kvm))$/.exec(low);
  if (rkt) return { choice, high, low: 'rkt', kind: `rkt-${(rkt[1] ?? rkt[2]) as 'fly' | 'coreos' | 'kvm'}` };
  const kind = (['runc', 'crun', 'runsc', 'kata'] as const).find((k) => k === low);
  return { choice, high, low, ...(kind ? { kind } : {}) };
}

/** The isolation profile of a runtime choice, if the table describes it. */
export function profileOf(runtime: NodeRuntime): IsolationProfile | undefined {
  return runtime.kind ? ISOLATION_PROFILES[runtime.kind] : undefined;
}
