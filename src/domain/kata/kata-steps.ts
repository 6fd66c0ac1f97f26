/**
 * What containerd-shim-kata-v2 does for each task call, one step per syscall, HTTP call to
 * Firecracker or agent RPC. Unlike runc's shim, the Kata shim is the runtime itself: containerd
 * calls its task service over ttrpc (`containerd.task.v2.Task/Create`, `/Start`, `/Kill`,
 * `/Delete`) and no runtime binary is executed per call. Facts (not code) from
 * kata-containers src/runtime:
 *
 * - containerd-shim-v2/create.go: the sandbox (pause) container creates the sandbox
 *   (katautils.CreateSandbox → virtcontainers CreateSandbox): the network endpoints in the
 *   pod's netns (a `tap0_kata` tap with tc redirect filters to `eth0`, the default
 *   `tcfilter` internetworking model), then the VM (fc.go StartVM), then the agent over the
 *   hybrid vsock (`CONNECT 1024`) with `grpc.AgentService/CreateSandbox`; each container is
 *   then created in the guest by `grpc.AgentService/CreateContainer`.
 * - fc.go: see firecracker.ts; every container's rootfs is a block device (Firecracker has no
 *   shared filesystem; the devmapper snapshotter) patched into a pool drive.
 * - service.go Create returns the hypervisor's pid (`s.hpid`) as the task's pid, for every
 *   container: on the host each container of the pod *is* the VMM process.
 * - src/agent (rustjail): inside the guest the agent creates the container with its own
 *   namespaces and cgroups and pivot_root into `/run/kata-containers/<cid>/rootfs`, then waits
 *   for `StartContainer` to exec the process — runc's create/start split, in the guest kernel.
 *   Spans of the guest carry `kernel: 'guest'`: they are not the host kernel's.
 *
 * Durations (µs) are estimates: a Kata/Firecracker pod starts in about a second, most of it the
 * guest kernel's boot and the agent coming up.
 */
import type { RuncStep } from '../oci/runc-steps.ts';
import type { OciSpec } from '../oci/spec.ts';
import { AGENT_VSOCK_PORT, fcConfig, fcPaths, firecrackerArgv, KATA_FC_DEFAULTS, vmSize, type VmSize } from './firecracker.ts';

export const SHIM_PROC = 'containerd-shim-kata-v2';

export const KATA_STEP_US = {
  openConfig: 80,
  setns: 35,
  tap: 900,
  tc: 700,
  writeConfig: 300,
  cloneVmm: 400,
  execveVmm: 3_000,
  seccomp: 300,
  describe: 500,
  guestKernel: 180_000,
  guestInit: 120_000,
  agentStart: 60_000,
  connect: 800,
  rpc: 2_000,
  drivePatch: 4_000,
  guestMount: 2_500,
  guestClone: 300,
  guestPivot: 250,
  guestExec: 1_500,
  stopVm: 15_000,
};

export interface KataContext {
  id: string;
  bundle: string;
  /** The pod's sandbox id (its own id for the sandbox container). */
  sandboxId: string;
  vmmPid: number;
  /** The pool drive a container's rootfs goes to (drive_<n>). */
  drive: number;
  /** The process's pid inside the guest. */
  guestPid: number;
}

export function isSandboxContainer(spec: OciSpec): boolean {
  return spec.annotations?.['io.kubernetes.cri.container-type'] !== 'container';
}

/** The guest's view of the tap device's MAC: kata keeps eth0's. Deterministic from the ids here. */
function guestMac(id: string): string {
  const hex = (id + '000000000000').slice(0, 10);
  return `02:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}`;
}

/** The VM: network, Firecracker, guest kernel, agent, CreateSandbox. Played before the sandbox container's own CreateContainer. */
export function kataSandboxSteps(spec: OciSpec, ctx: KataContext): { steps: RuncStep[]; size: VmSize } {
  const D = KATA_STEP_US;
  const paths = fcPaths(ctx.sandboxId);
  const size = vmSize(spec.annotations);
  const netns = spec.linux.namespaces.find((n) => n.type === 'network' && n.path)?.path;
  const steps: RuncStep[] = [
    { op: 'openat', proc: SHIM_PROC, attrs: { path: KATA_FC_DEFAULTS.configPath, flags: 'O_RDONLY|O_CLOEXEC' }, dur: D.openConfig },
    { op: 'openat', proc: SHIM_PROC, attrs: { path: `${ctx.bundle}/config.json`, flags: 'O_RDONLY|O_CLOEXEC' }, dur: D.openConfig },
  ];
  if (netns) {
    steps.push(
      { op: 'setns', proc: SHIM_PROC, attrs: { path: netns, nstype: 'CLONE_NEWNET', why: "the VMM and its tap live in the pod's network namespace" }, dur: D.setns },
      { op: 'create tap', proc: SHIM_PROC, attrs: { name: 'tap0_kata', netns, mode: 'IFF_TAP|IFF_NO_PI|IFF_VNET_HDR' }, dur: D.tap },
      { op: 'tc filter', proc: SHIM_PROC, attrs: { model: 'tcfilter', from: 'eth0', to: 'tap0_kata', action: 'mirred egress redirect' }, dur: D.tc },
    );
  }
  const config = fcConfig(paths, size, { ifaceId: 'eth0', hostDevName: 'tap0_kata', guestMac: guestMac(ctx.sandboxId) });
  steps.push(
    { op: 'write', proc: SHIM_PROC, attrs: { file: paths.configPath, config }, dur: D.writeConfig },
    { op: 'clone', proc: SHIM_PROC, attrs: { flags: 'CLONE_VM|CLONE_VFORK|SIGCHLD', child: ctx.vmmPid }, dur: D.cloneVmm },
    { op: 'execve', proc: 'firecracker', attrs: { filename: KATA_FC_DEFAULTS.hypervisorPath, argv: firecrackerArgv(paths), pid: ctx.vmmPid }, dur: D.execveVmm },
    { op: 'seccomp', proc: 'firecracker', attrs: { filter: 'firecracker (per thread: vmm, api, vcpu)', defaultAction: 'SECCOMP_RET_KILL_PROCESS' }, dur: D.seccomp },
    { op: 'ioctl', proc: 'firecracker', attrs: { fd: '/dev/kvm', request: 'KVM_CREATE_VM', vcpus: size.vcpus, memoryMib: size.memoryMib, layer: 'KVM' }, dur: D.describe },
    { op: 'GET /', proc: SHIM_PROC, attrs: { socket: paths.socketPath, status: 200, started: true, what: 'DescribeInstance (waitVMMRunning)' }, dur: D.describe },
    // Inside the VM: its own kernel, then the agent.
    { op: 'guest kernel boot', proc: 'guest kernel', attrs: { kernel: 'guest', image: KATA_FC_DEFAULTS.kernelPath, rootfs: KATA_FC_DEFAULTS.imagePath, vcpus: size.vcpus, memoryMib: size.memoryMib, layer: 'guest Linux kernel' }, dur: D.guestKernel },
    { op: 'guest init', proc: 'systemd', attrs: { kernel: 'guest', unit: 'kata-agent.service', rootfs: '/dev/vda1' }, dur: D.guestInit },
    { op: 'listen', proc: 'kata-agent', attrs: { kernel: 'guest', address: `vsock://-1:${AGENT_VSOCK_PORT}`, layer: 'kata-agent' }, dur: D.agentStart },
    { op: 'connect', proc: SHIM_PROC, attrs: { path: paths.hybridSocketPath, send: `CONNECT ${AGENT_VSOCK_PORT}\\n` }, dur: D.connect },
    { op: 'grpc.AgentService/CreateSandbox', proc: SHIM_PROC, attrs: { sandbox_id: ctx.sandboxId, hostname: spec.hostname ?? '', sandbox_pidns: false, to: 'kata-agent' }, dur: D.rpc },
  );
  return { steps, size };
}

/** The container in the guest: its rootfs drive, CreateContainer, rustjail's namespaces and pivot_root. */
export function kataCreateContainerSteps(spec: OciSpec, ctx: KataContext): RuncStep[] {
  const D = KATA_STEP_US;
  const paths = fcPaths(ctx.sandboxId);
  const rootfs = `/run/kata-containers/${ctx.id}/rootfs`;
  const sandbox = isSandboxContainer(spec);
  // The pod's containers share the sandbox's IPC and UTS namespaces in the guest; each has its own mount and pid.
  const flags = sandbox ? 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID' : 'CLONE_NEWNS|CLONE_NEWPID';
  return [
    { op: 'PATCH /drives/drive_' + ctx.drive, proc: SHIM_PROC, attrs: { socket: paths.socketPath, drive_id: `drive_${ctx.drive}`, path_on_host: `${ctx.bundle}/rootfs.img`, what: "the container's rootfs as a block device" }, dur: D.drivePatch },
    { op: 'grpc.AgentService/CreateContainer', proc: SHIM_PROC, attrs: { container_id: ctx.id, exec_id: ctx.id, sandbox_pidns: false, to: 'kata-agent' }, dur: D.rpc },
    { op: 'mount', proc: 'kata-agent', attrs: { kernel: 'guest', source: `/dev/vd${String.fromCharCode('b'.charCodeAt(0) + ctx.drive)}`, target: rootfs, fstype: 'ext4' }, dur: D.guestMount },
    { op: 'clone', proc: 'kata-agent', attrs: { kernel: 'guest', flags: `${flags}|SIGCHLD`, child: ctx.guestPid, layer: 'kata-agent · namespaces · cgroups' }, dur: D.guestClone },
    { op: 'mkdir', proc: 'kata-agent', attrs: { kernel: 'guest', path: `/sys/fs/cgroup/kata_agent/${ctx.id}`, what: 'the container cgroup in the guest' }, dur: 60 },
    { op: 'pivot_root', proc: 'rustjail init', attrs: { kernel: 'guest', new_root: rootfs, put_old: rootfs }, dur: D.guestPivot },
  ];
}

export function kataStartSteps(spec: OciSpec, ctx: KataContext): RuncStep[] {
  const args = spec.process.args;
  return [
    { op: 'grpc.AgentService/StartContainer', proc: SHIM_PROC, attrs: { container_id: ctx.id, to: 'kata-agent' }, dur: KATA_STEP_US.rpc },
    { op: 'execve', proc: 'rustjail init', attrs: { kernel: 'guest', filename: args[0] ?? '', argv: [...args], pid: ctx.guestPid } , dur: KATA_STEP_US.guestExec },
  ];
}

export function kataKillSteps(ctx: { id: string; signal: number }): RuncStep[] {
  return [{ op: 'grpc.AgentService/SignalProcess', proc: SHIM_PROC, attrs: { container_id: ctx.id, exec_id: '', signal: ctx.signal, to: 'kata-agent' }, dur: KATA_STEP_US.rpc }];
}

/** Delete: RemoveContainer in the guest; for the sandbox container, DestroySandbox and the VM's end (fcEnd: SIGTERM to the VMM). */
export function kataDeleteSteps(ctx: { id: string; sandboxId: string; vmmPid: number }): RuncStep[] {
  const steps: RuncStep[] = [{ op: 'grpc.AgentService/RemoveContainer', proc: SHIM_PROC, attrs: { container_id: ctx.id, timeout: 0, to: 'kata-agent' }, dur: KATA_STEP_US.rpc }];
  if (ctx.id === ctx.sandboxId) {
    steps.push(
      { op: 'grpc.AgentService/DestroySandbox', proc: SHIM_PROC, attrs: { to: 'kata-agent' }, dur: KATA_STEP_US.rpc },
      { op: 'kill', proc: SHIM_PROC, attrs: { syscall: `kill(${ctx.vmmPid}, SIGTERM)`, pid: ctx.vmmPid, what: 'fcEnd: stop the VM' }, dur: KATA_STEP_US.stopVm },
      { op: 'exit_group', proc: 'firecracker', attrs: { status: 0, pid: ctx.vmmPid }, dur: 0 },
      { op: 'unlinkat', proc: SHIM_PROC, attrs: { path: fcPaths(ctx.sandboxId).vmPath, flags: 'AT_REMOVEDIR' }, dur: 300 },
    );
  }
  return steps;
}
