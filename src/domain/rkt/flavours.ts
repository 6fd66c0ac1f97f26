/**
 * rkt's stage1 flavours (rkt v1.30.0; Documentation/devel/architecture.md, running-fly-stage1.md,
 * stage1-implementors-guide.md) and what each builds around the apps:
 * - coreos (the default): systemd-nspawn boots systemd in new mount, PID, UTS and IPC namespaces
 *   inside the pod's network namespace; one systemd service per app; cgroups per app.
 * - fly: a chroot in the host's namespaces, one app only, no isolators.
 * - kvm: a virtual machine (lkvm or qemu) with its own kernel and systemd.
 */

export const RKT_VERSION = '1.30.0';

export type Stage1Flavour = 'coreos' | 'fly' | 'kvm';

export const STAGE1_FLAVOURS: readonly Stage1Flavour[] = ['coreos', 'fly', 'kvm'];

/** Annotation names of the stage1 entrypoints (stage0/entrypoint.go). */
export const ENTRYPOINT = {
  run: 'coreos.com/rkt/stage1/run',
  enter: 'coreos.com/rkt/stage1/enter',
  gc: 'coreos.com/rkt/stage1/gc',
  stop: 'coreos.com/rkt/stage1/stop',
  appAdd: 'coreos.com/rkt/stage1/app/add',
  appRm: 'coreos.com/rkt/stage1/app/rm',
  appStart: 'coreos.com/rkt/stage1/app/start',
  appStop: 'coreos.com/rkt/stage1/app/stop',
  interfaceVersion: 'coreos.com/rkt/stage1/interface-version',
} as const;

export interface Stage1Image {
  flavour: Stage1Flavour;
  /** The ACI name (`--stage1-name`). */
  name: string;
  version: string;
  /** Where the distribution puts it (stage0 imports it from there on first use). */
  file: string;
  /** The stage1 manifest's annotations, entrypoint → path in the stage1 rootfs. */
  annotations: readonly { name: string; value: string }[];
  /**
   * Size rkt image list shows (ACI + tree store). coreos: the 211MiB of the talk's
   * `rkt image list` (1.29.0). fly and kvm: estimates (not measured) of their much smaller ACIs.
   */
  sizeBytes: number;
}

const MIB = 1024 * 1024;

/** The app entrypoints of stage1/aci/aci-manifest.in; stage1-fly declares none (stage1_fly/aci/aci-manifest.in). */
const APP_ENTRYPOINTS = [
  { name: ENTRYPOINT.appAdd, value: '/app-add' },
  { name: ENTRYPOINT.appRm, value: '/app-rm' },
  { name: ENTRYPOINT.appStart, value: '/app-start' },
  { name: ENTRYPOINT.appStop, value: '/app-stop' },
];

/** interface-version as the stored stage1 manifests declare it (aci-manifest.in, stage1_fly/aci/aci-manifest.in). */
const INTERFACE_VERSION = '4';

export const STAGE1_IMAGES: Readonly<Record<Stage1Flavour, Stage1Image>> = {
  coreos: {
    flavour: 'coreos',
    name: 'coreos.com/rkt/stage1-coreos',
    version: RKT_VERSION,
    file: '/usr/lib/rkt/stage1-images/stage1-coreos.aci',
    annotations: [
      { name: ENTRYPOINT.run, value: '/init' },
      { name: ENTRYPOINT.enter, value: '/enter' },
      { name: ENTRYPOINT.gc, value: '/gc' },
      { name: ENTRYPOINT.stop, value: '/stop' },
      ...APP_ENTRYPOINTS,
      { name: ENTRYPOINT.interfaceVersion, value: INTERFACE_VERSION },
    ],
    sizeBytes: 211 * MIB,
  },
  fly: {
    flavour: 'fly',
    name: 'coreos.com/rkt/stage1-fly',
    version: RKT_VERSION,
    file: '/usr/lib/rkt/stage1-images/stage1-fly.aci',
    annotations: [
      { name: ENTRYPOINT.run, value: '/run' },
      { name: ENTRYPOINT.enter, value: '/enter' },
      { name: ENTRYPOINT.gc, value: '/gc' },
      { name: ENTRYPOINT.stop, value: '/stop' },
      { name: ENTRYPOINT.interfaceVersion, value: INTERFACE_VERSION },
    ],
    sizeBytes: 17 * MIB,
  },
  kvm: {
    flavour: 'kvm',
    name: 'coreos.com/rkt/stage1-kvm',
    version: RKT_VERSION,
    file: '/usr/lib/rkt/stage1-images/stage1-kvm.aci',
    annotations: [
      { name: ENTRYPOINT.run, value: '/init' },
      { name: ENTRYPOINT.enter, value: '/enter_kvm' },
      { name: ENTRYPOINT.gc, value: '/gc' },
      { name: ENTRYPOINT.stop, value: '/stop_kvm' },
      ...APP_ENTRYPOINTS,
      { name: ENTRYPOINT.interfaceVersion, value: INTERFACE_VERSION },
    ],
    sizeBytes: 52 * MIB,
  },
};

/** The stage1 rkt uses without `--stage1-*` flags: the coreos flavour (rkt's default build). */
export const DEFAULT_STAGE1: Stage1Flavour = 'coreos';

/** `--stage1-name=coreos.com/rkt/stage1-fly:1.30.0` → the flavour, or undefined for an unknown image. */
export function stage1ByName(nameWithVersion: string): Stage1Image | undefined {
  const [name, version] = nameWithVersion.split(':');
  return Object.values(STAGE1_IMAGES).find((s) => s.name === name && (version === undefined || version === s.version));
}

/**
 * supportsMutableEnvironment (stage0/app.go): a stage1 with the app/* entrypoints can host a
 * mutable pod; rkt app sandbox on another one fails "stage1 does not support mutable pods".
 */
export function supportsMutable(s: Stage1Image): boolean {
  return s.annotations.some((a) => a.name === ENTRYPOINT.appAdd);
}

export function entrypointOf(s: Stage1Image, name: string): string | undefined {
  return s.annotations.find((a) => a.name === name)?.value;
}

/** What a flavour isolates, for the views and the process tree. */
export interface Isolation {
  /** Namespaces the pod gets of its own (the others are the host's). */
  namespaces: readonly ('net' | 'mnt' | 'pid' | 'uts' | 'ipc')[];
  cgroups: boolean;
  /** Apps run in a VM with its own kernel. */
  vm: boolean;
  /** How many apps the flavour runs in one pod. */
  maxApps: number;
}

/**
 * coreos: stage1 init enters the pod netns (networking.Setup) and systemd-nspawn adds mount,
 * PID, UTS and IPC namespaces (stage1/init/init.go, nspawn's defaults); fly: none
 * (stage1_fly/run/main.go: mounts and chroot only); kvm: the VM is the boundary; the host keeps
 * its namespaces and a tap device instead of a netns (networking/kvm.go).
 */
export const ISOLATION: Readonly<Record<Stage1Flavour, Isolation>> = {
  coreos: { namespaces: ['net', 'mnt', 'pid', 'uts', 'ipc'], cgroups: true, vm: false, maxApps: Infinity },
  fly: { namespaces: [], cgroups: false, vm: false, maxApps: 1 },
  kvm: { namespaces: [], cgroups: true, vm: true, maxApps: Infinity },
};

/**
 * The stage1 flavour of a node runtime choice: `rktlet+rkt-coreos`, `rktlet+rkt-fly`,
 * `rktlet+rkt-kvm`, or the longer `rktlet+rkt(stage1-coreos)` spelling; undefined for runtimes
 * without rkt.
 */
export function flavourOfRuntime(runtime: string): Stage1Flavour | undefined {
  const m = /^rktlet\+rkt(?:-|\(stage1-)(coreos|fly|kvm)\)?$/.exec(runtime);
  return m ? (m[1] as Stage1Flavour) : undefined;
}
