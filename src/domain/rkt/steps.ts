/**
 * One step of a plan: a span of `dur` µs named by the real operation (a syscall, a file stage0
 * writes, a unit systemd starts), with the real arguments in `attrs`. `stage` says which of
 * rkt's stages runs it (stage0 = the rkt binary, stage1 = the stage1 entrypoint and what it
 * execs, stage2 = an app). The engine plays a plan as a chain of spans.
 */
export interface RktStep {
  op: string;
  dur: number;
  stage: 'stage0' | 'stage1' | 'stage2';
  attrs?: Record<string, unknown>;
}

/**
 * Durations (µs). Not measured on a rkt host: orders of magnitude of what each operation
 * costs on a typical VM, so that the timeline shows where the time goes (the VM boot of the kvm
 * flavour, systemd's boot in stage1-coreos, the image download) and not exact figures.
 */
export const DUR = {
  fileOp: 150,
  rename: 200,
  lock: 50,
  render: 20_000,
  overlayMount: 800,
  forkExec: 1_500,
  cniPlugin: 4_000,
  netlink: 300,
  iptables: 6_000,
  unitFiles: 1_200,
  mounts: 1_000,
  nspawnSetup: 60_000,
  systemdBoot: 350_000,
  unitStart: 25_000,
  chroot: 50,
  lkvmStart: 150_000,
  guestKernelBoot: 900_000,
  guestSystemdBoot: 450_000,
  systemctl: 30_000,
  halt: 200_000,
  sshHalt: 400_000,
} as const;
