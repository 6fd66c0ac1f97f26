/**
 * The steps of `runsc create` and `runsc start` under containerd-shim-runsc-v1, one per syscall
 * or named phase, for the engine to play as spans. Facts (not code) from google/gvisor:
 *
 * - runsc/container/container.go New: a container whose spec says
 *   `io.kubernetes.cri.container-type: sandbox` (specutils.ShouldCreateSandbox) starts a new
 *   sandbox; any other joins the sandbox named by `io.kubernetes.cri.sandbox-id`. Either way
 *   the container gets its own gofer first (createGoferProcess), started as `runsc-gofer`
 *   (cmd.Args[0]) `gofer --bundle <b>` in new IPC, mount, network, PID and UTS namespaces (no
 *   cgroup namespace: it is put in a cgroup of the caller's namespace).
 * - runsc/sandbox/sandbox.go createSandboxProcess: the sandbox is the same binary re-executed as
 *   `runsc-sandbox` (cmd.Args[0]) `boot --bundle=<b>`, with Setsid, in new IPC, mount, UTS and PID
 *   namespaces, the spec's network namespace joined (the CNI netns), and a new user namespace
 *   where it runs as nobody (65534), with --setup-root: an empty chroot (runsc/cmd/chroot.go,
 *   a tmpfs root it pivot_roots into). Its control socket is `runsc-<id>.sock` in the root dir.
 * - runsc/boot (loader.go, filter/): the Sentry boots its own kernel on the platform
 *   (--platform, systrap by default), its netstack, its VFS with the gofer connections, then
 *   installs the seccomp filter that limits its own host syscalls (default action: kill).
 * - runsc/container/state_file.go: the state file is `<root>/<cid>_sandbox:<sid>.state`.
 * - runsc/boot/controller.go: start is a uRPC to the Sentry's control server:
 *   `containerManager.StartRoot` (after `Network.CreateLinksAndRoutes`) for the sandbox's own
 *   container, `containerManager.CreateSubcontainer` at create and
 *   `containerManager.StartSubcontainer` at start for the others. The application's process is
 *   a task of the Sentry's kernel: its execve and every later syscall are served by the Sentry,
 *   not the host kernel (spans marked `kernel: 'sentry'`).
 * - The pid file (and so the pid the shim reports) holds the sandbox process's pid, for the
 *   sandbox container and for each subcontainer.
 *
 * Durations (µs) are estimates: gVisor's documented cold start of a sandbox is a few hundred
 * ms, most of it the Sentry's boot; a subcontainer costs a gofer and one uRPC.
 */
import type { RuncStep } from '../oci/runc-steps.ts';
import type { OciSpec } from '../oci/spec.ts';
import { runscArgv, runscRoot } from './runsc-cli.ts';

export type GvisorPlatform = 'systrap' | 'ptrace' | 'kvm';
/** runsc's default platform since 2023 (runsc/config/flags.go --platform). */
export const DEFAULT_PLATFORM: GvisorPlatform = 'systrap';
/** The uid the sandbox runs as on the host (sandbox.go: nobody, mapped in its user namespace). */
export const SANDBOX_UID = 65534;
/** Host syscalls the Sentry's seccomp filter allows (gVisor security model: a few dozen; 68 with networking). */
export const SENTRY_HOST_SYSCALLS = 68;

export const RUNSC_STEP_US = {
  execveRunsc: 9_000, // the ~50 MB Go binary
  openConfig: 60,
  flock: 20,
  cloneGofer: 400,
  execveGofer: 6_000,
  goferMount: 60,
  goferPivot: 250,
  seccomp: 400,
  setns: 35,
  cloneSandbox: 500,
  execveSandbox: 9_000,
  chroot: 300,
  sentryBoot: 90_000, // the Sentry's kernel, memory file, VFS, netstack
  listen: 40,
  stateWrite: 200,
  urpc: 1_500,
  network: 3_000,
  sentryExec: 4_000,
  exit: 35,
};

export interface RunscContext {
  id: string;
  bundle: string;
  namespace: string;
  /** The gofer's pid for this container. */
  goferPid: number;
  /** The sandbox process's pid (new for the sandbox container, the existing one for the others). */
  sandboxPid: number;
  platform?: GvisorPlatform;
}

/** Is this the sandbox's own (pause) container, which starts the sandbox? */
export function startsSandbox(spec: OciSpec): boolean {
  return spec.annotations?.['io.kubernetes.cri.container-type'] !== 'container';
}

/** The sandbox a container runs in (its own id for the sandbox container). */
export function sandboxIdOf(spec: OciSpec, id: string): string {
  return startsSandbox(spec) ? id : (spec.annotations?.['io.kubernetes.cri.sandbox-id'] ?? id);
}

const GOFER_FLAGS = 'CLONE_VM|CLONE_VFORK|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET|SIGCHLD';
const SANDBOX_FLAGS = 'CLONE_VM|CLONE_VFORK|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|SIGCHLD';

export function runscCreateSteps(spec: OciSpec, ctx: RunscContext): RuncStep[] {
  const D = RUNSC_STEP_US;
  const root = runscRoot(ctx.namespace);
  const sid = sandboxIdOf(spec, ctx.id);
  const cli = 'runsc create';
  const globals = [`--root=${root}`, `--log=${ctx.bundle}/log.json`, '--log-format=json'];
  const steps: RuncStep[] = [
    { op: 'execve', proc: cli, attrs: { filename: '/usr/local/bin/runsc', argv: runscArgv('create', { id: ctx.id, bundle: ctx.bundle, namespace: ctx.namespace }) }, dur: D.execveRunsc },
    { op: 'openat', proc: cli, attrs: { path: `${ctx.bundle}/config.json`, flags: 'O_RDONLY|O_CLOEXEC' }, dur: D.openConfig },
    { op: 'flock', proc: cli, attrs: { path: `${root}/${ctx.id}_sandbox:${sid}.lock`, operation: 'LOCK_EX' }, dur: D.flock },
    // The gofer: the container's file server, in namespaces of its own.
    { op: 'clone', proc: cli, attrs: { flags: GOFER_FLAGS, child: ctx.goferPid }, dur: D.cloneGofer },
    { op: 'execve', proc: 'runsc-gofer', attrs: { filename: '/proc/self/exe', argv: ['runsc-gofer', ...globals, 'gofer', '--bundle', ctx.bundle, '--spec-fd=3', '--mounts-fd=4', '--io-fds=5'], pid: ctx.goferPid }, dur: D.execveGofer },
    // The gofer roots itself in the container's rootfs, which it serves to the Sentry (lisafs).
    { op: 'pivot_root', proc: 'runsc-gofer', attrs: { new_root: `${ctx.bundle}/rootfs`, put_old: `${ctx.bundle}/rootfs`, what: 'the gofer serves the container rootfs to the Sentry' }, dur: D.goferPivot },
    { op: 'seccomp', proc: 'runsc-gofer', attrs: { filter: 'gofer', defaultAction: 'SECCOMP_RET_KILL_PROCESS' }, dur: D.seccomp },
  ];
  if (!startsSandbox(spec)) {
    // A subcontainer: the running Sentry is told over its control socket; no new sandbox process.
    steps.push(
      { op: 'connect', proc: cli, attrs: { path: `${root}/runsc-${sid}.sock` }, dur: D.listen },
      { op: 'urpc', proc: cli, attrs: { method: 'containerManager.CreateSubcontainer', cid: ctx.id, sandbox: sid, pid: ctx.sandboxPid }, dur: D.urpc },
    );
  } else {
    const netns = spec.linux.namespaces.find((n) => n.type === 'network' && n.path)?.path;
    if (netns) steps.push({ op: 'setns', proc: cli, attrs: { path: netns, nstype: 'CLONE_NEWNET', why: "the sandbox joins the pod's network namespace" }, dur: D.setns });
    steps.push(
      { op: 'clone', proc: cli, attrs: { flags: SANDBOX_FLAGS, child: ctx.sandboxPid }, dur: D.cloneSandbox },
      { op: 'execve', proc: 'runsc-sandbox', attrs: { filename: '/proc/self/exe', argv: ['runsc-sandbox', ...globals, `--platform=${ctx.platform ?? DEFAULT_PLATFORM}`, 'boot', `--bundle=${ctx.bundle}`, '--setup-root', '--controller-fd=3', '--spec-fd=4', '--start-sync-fd=5', '--io-fds=6', ctx.id], pid: ctx.sandboxPid, uid: SANDBOX_UID }, dur: D.execveSandbox },
      { op: 'setresuid', proc: 'runsc-sandbox', attrs: { ruid: SANDBOX_UID, euid: SANDBOX_UID, suid: SANDBOX_UID }, dur: 5 },
      { op: 'mount', proc: 'runsc-sandbox', attrs: { source: 'runsc-root', target: '/tmp/runsc-sandbox-chroot', fstype: 'tmpfs', flags: 'MS_NOSUID|MS_NODEV|MS_NOEXEC' }, dur: D.goferMount },
      { op: 'pivot_root', proc: 'runsc-sandbox', attrs: { new_root: '/tmp/runsc-sandbox-chroot', put_old: '/tmp/runsc-sandbox-chroot', what: 'an empty root: the sandbox process sees no host files' }, dur: D.chroot },
      { op: 'sentry boot', proc: 'runsc-sandbox', attrs: { kernel: 'sentry', platform: ctx.platform ?? DEFAULT_PLATFORM, netstack: 'netstack', vfs: 'gofer (lisafs)', layer: 'Sentry' }, dur: D.sentryBoot },
      { op: 'seccomp', proc: 'runsc-sandbox', attrs: { filter: 'sentry', defaultAction: 'SECCOMP_RET_KILL_PROCESS', rules: SENTRY_HOST_SYSCALLS }, dur: D.seccomp },
      { op: 'listen', proc: 'runsc-sandbox', attrs: { path: `${root}/runsc-${sid}.sock`, what: 'control server (uRPC)' }, dur: D.listen },
    );
  }
  steps.push(
    { op: 'write', proc: cli, attrs: { file: `${ctx.bundle}/init.pid`, value: String(ctx.sandboxPid) }, dur: D.stateWrite },
    { op: 'write', proc: cli, attrs: { file: `${root}/${ctx.id}_sandbox:${sid}.state`, status: 'created' }, dur: D.stateWrite },
    { op: 'exit_group', proc: cli, attrs: { status: 0 }, dur: D.exit },
  );
  return steps;
}

export function runscStartSteps(spec: OciSpec, ctx: RunscContext): RuncStep[] {
  const D = RUNSC_STEP_US;
  const root = runscRoot(ctx.namespace);
  const sid = sandboxIdOf(spec, ctx.id);
  const cli = 'runsc start';
  const args = spec.process.args;
  const steps: RuncStep[] = [
    { op: 'execve', proc: cli, attrs: { filename: '/usr/local/bin/runsc', argv: runscArgv('start', { id: ctx.id, bundle: ctx.bundle, namespace: ctx.namespace }) }, dur: D.execveRunsc },
    { op: 'connect', proc: cli, attrs: { path: `${root}/runsc-${sid}.sock` }, dur: D.listen },
  ];
  if (startsSandbox(spec)) {
    steps.push(
      { op: 'urpc', proc: cli, attrs: { method: 'Network.CreateLinksAndRoutes', sandbox: sid, what: 'eth0 of the pod netns moves into the Sentry\'s netstack' }, dur: D.network },
      { op: 'urpc', proc: cli, attrs: { method: 'containerManager.StartRoot', cid: ctx.id, sandbox: sid }, dur: D.urpc },
    );
  } else {
    steps.push({ op: 'urpc', proc: cli, attrs: { method: 'containerManager.StartSubcontainer', cid: ctx.id, sandbox: sid, files: 'gofer sockets, stdio' }, dur: D.urpc });
  }
  // The application runs on the Sentry: a task of its kernel, in the address space of a systrap
  // stub; its execve is the Sentry's, not the host's.
  steps.push(
    { op: 'execve', proc: 'Sentry', attrs: { kernel: 'sentry', filename: args[0] ?? '', argv: [...args], servedBy: 'Sentry', platform: ctx.platform ?? DEFAULT_PLATFORM, cid: ctx.id }, dur: D.sentryExec },
    { op: 'write', proc: cli, attrs: { file: `${root}/${ctx.id}_sandbox:${sid}.state`, status: 'running' }, dur: D.stateWrite },
    { op: 'exit_group', proc: cli, attrs: { status: 0 }, dur: D.exit },
  );
  return steps;
}

/**
 * What `runsc kill` and `runsc delete` do: kill is `containerManager.Signal` to the Sentry;
 * delete of a subcontainer is `containerManager.DestroySubcontainer`; delete of the sandbox
 * container kills the sandbox process (and its gofers exit with it).
 */
export function runscKillSteps(ctx: { id: string; sandbox: string; signal: number; namespace: string; bundle: string }): RuncStep[] {
  return [
    { op: 'execve', proc: 'runsc kill', attrs: { filename: '/usr/local/bin/runsc', argv: runscArgv('kill', { id: ctx.id, bundle: ctx.bundle, namespace: ctx.namespace, signal: ctx.signal }) }, dur: RUNSC_STEP_US.execveRunsc },
    { op: 'urpc', proc: 'runsc kill', attrs: { method: 'containerManager.Signal', cid: ctx.id, signo: ctx.signal, mode: 'DeliverToProcess' }, dur: RUNSC_STEP_US.urpc },
    { op: 'exit_group', proc: 'runsc kill', attrs: { status: 0 }, dur: RUNSC_STEP_US.exit },
  ];
}

export function runscDeleteSteps(ctx: { id: string; sandbox: string; namespace: string; bundle: string; sandboxPid: number; goferPid?: number }): RuncStep[] {
  const root = runscRoot(ctx.namespace);
  const steps: RuncStep[] = [{ op: 'execve', proc: 'runsc delete', attrs: { filename: '/usr/local/bin/runsc', argv: runscArgv('delete', { id: ctx.id, bundle: ctx.bundle, namespace: ctx.namespace }) }, dur: RUNSC_STEP_US.execveRunsc }];
  if (ctx.id === ctx.sandbox) {
    steps.push({ op: 'kill', proc: 'runsc delete', attrs: { syscall: `kill(${ctx.sandboxPid}, SIGKILL)`, pid: ctx.sandboxPid, what: 'the sandbox process, and with it the Sentry' }, dur: 200 });
    steps.push({ op: 'exit_group', proc: 'runsc-sandbox', attrs: { status: 137, pid: ctx.sandboxPid }, dur: 0 });
  } else {
    steps.push({ op: 'urpc', proc: 'runsc delete', attrs: { method: 'containerManager.DestroySubcontainer', cid: ctx.id, sandbox: ctx.sandbox }, dur: RUNSC_STEP_US.urpc });
  }
  if (ctx.goferPid !== undefined) steps.push({ op: 'exit_group', proc: 'runsc-gofer', attrs: { status: 0, pid: ctx.goferPid }, dur: 0 });
  steps.push(
    { op: 'unlinkat', proc: 'runsc delete', attrs: { path: `${root}/${ctx.id}_sandbox:${ctx.sandbox}.state` }, dur: 40 },
    { op: 'exit_group', proc: 'runsc delete', attrs: { status: 0 }, dur: RUNSC_STEP_US.exit },
  );
  return steps;
}
