import type { OciSpec } from '../../../domain/oci/spec.ts';
import { runcSpecError } from '../../../domain/oci/validate.ts';
import { planProcess, signalOutcome, type ProcessPlan } from '../../../domain/pod/process.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import { runcCreateSteps, runcStartSteps, type RuncStep } from '../../../domain/oci/runc-steps.ts';
import { crunCreateSteps, crunStartSteps } from '../../../domain/oci/crun-steps.ts';
import { crunExecNotFound } from '../../../domain/oci/crun-lifecycle.ts';
import { cgroupDirs, systemdUnitName } from '../../../domain/oci/cgroups.ts';
import { checkOciOperation, ociStatusAfter, RUNC_ERRORS, type OciCheckOptions, type OciRuntimeFlavour, type OciStatus } from '../../../domain/oci/lifecycle.ts';
import { initProcessOf, killOutcome, signalEndsInit } from '../../../domain/oci/signals.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import { ociContainerMachine } from './oci-container.machine.ts';

/** What the runtime (through its shim) asks runc to do. */
export interface RuncInvocation {
  op: 'create' | 'start' | 'kill' | 'delete' | 'pause' | 'resume' | 'state';
  /** kill: the signal number (SIGTERM 15, SIGQUIT 3, SIGKILL 9). */
  signal?: number;
  id: string;
  bundle: string;
  root: string;
  argv: string;
  spec?: OciSpec;
  ref?: ObjectRef;
  /** create: the image in the bundle's rootfs when no annotation names it (dockerd's specs); simulator plumbing for the process plan. */
  image?: string;
}

export interface RuncExit {
  exitCode: number;
  pid?: number;
  stderr?: string;
  /** state: the status the runtime reports. */
  status?: OciStatus;
}

/**
 * runc/<node> (or crun/<node>): the low-level runtime, one process per invocation. runc's
 * `create` runs nsexec's stages, the cgroup setup, the rootfs and pivot_root, and leaves
 * `runc init` blocked on the exec FIFO; `start` opens the FIFO so init execs the user's process
 * (DOMAIN.md 7). The crun flavour plays crun's own steps (one clone, no re-exec of an init,
 * domain/oci/crun-steps.ts) and answers with crun's texts (crun-lifecycle.ts); the state
 * machine and the shim's protocol are the same.
 */
export class Runc implements Actor {
  readonly id: string;
  /** The spec is kept only until `start` (init needs `process.args` then); a large cluster holds many containers. */
  private readonly containers = new Map<string, RuncContainer>();
  private nextPid: number;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    firstPid = 4100,
    readonly flavour: OciRuntimeFlavour = 'runc',
  ) {
    this.id = `${flavour}/${host}`;
    this.nextPid = firstPid;
  }

  receive(msg: Delivery): void {
    const inv = msg.payload as RuncInvocation;
    if (inv.op === 'create') this.create(msg, inv);
    else if (inv.op === 'start') this.start(msg, inv);
    else if (inv.op === 'kill') this.kill(msg, inv);
    else if (inv.op === 'delete') this.delete(msg, inv);
    else if (inv.op === 'pause' || inv.op === 'resume') this.freeze(msg, inv);
    else if (inv.op === 'state') this.state(msg, inv);
  }

  /** The runtime's rules and texts for this flavour (crun names files under its --root). */
  private rules(inv: RuncInvocation): OciCheckOptions {
    return { flavour: this.flavour, root: inv.root };
  }

  /**
   * `runc kill <id> <signal>` (kill.go → libcontainer Signal): the signal goes to the
   * container's init; runc returns at once. What the init does with it is its own business
   * (domain/pod/process.ts signalOutcome): SIGKILL ends it at once, a signal it handles after its
   * shutdown, any other is ignored by a pid-namespace init. Its parent, the shim, is told with
   * SIGCHLD (the `exit` message), with the wait status: its exit code, or 128 + signal.
   */
  private kill(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'kill', inv.id, this.rules(inv));
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    const signal = inv.signal ?? SIGTERM;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'kill', dur: KILL_DUR, cause: msg.seq, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { syscall: `kill(${c.pid}, ${signalName(signal)})`, pid: c.pid } });
    this.sim.after(KILL_DUR, () => {
      this.exit(msg, { exitCode: 0 }, seq);
      // ---- process exit (node issue): the plan decides what the signal does.
      // A frozen cgroup holds the signal (runc thaws it for SIGKILL only, crun never: signals.ts).
      if (c.machine.state === 'paused' && killOutcome(this.flavour, 'paused', signal) === 'paused') return;
      // Before start PID 1 is the runtime's own init: runc's Go init dies of SIGTERM, crun's C child only of SIGKILL.
      const createdOutcome = (): { after: number; exitStatus: number } | 'ignored' => (signalEndsInit(initProcessOf(this.flavour, 'created'), signal) ? { after: 0, exitStatus: 128 + signal } : 'ignored');
      const outcome: { after: number; exitStatus: number } | 'ignored' =
        c.machine.state === 'created' ? createdOutcome() : !c.plan ? (signal === SIGKILL ? { after: 0, exitStatus: 128 + SIGKILL } : { after: GRACEFUL_EXIT_DUR, exitStatus: 0 }) : signalOutcome(c.plan, signal);
      if (outcome === 'ignored') return;
      this.scheduleExit(c, inv, c.parent, outcome.after, outcome.exitStatus, seq, false);
    });
  }

  /**
   * `runc delete <id>` (delete.go → destroy): only a stopped container (or a created one,
   * whose init is killed first); its cgroup and state directory are removed.
   */
  private delete(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'delete', inv.id, this.rules(inv));
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    if (c.machine.state === 'created') c.machine.send({ type: 'EXITED' }, msg.seq);
    const steps = [
      // destroy (libcontainer/container_linux.go → the systemd manager's Destroy): the unit named at create.
      { op: 'destroy cgroup', dur: 300, attrs: { proc: this.flavour, action: 'rmdir', cgroup: c.cgroupUnit } },
      { op: 'remove state', dur: 100, attrs: { proc: 'runc', path: `${inv.root}/${inv.id}` } },
    ];
    playSteps(this.sim, this.id, steps, msg.seq, inv.ref, (last) => {
      c.machine.send({ type: 'DELETE' }, last);
      this.containers.delete(inv.id);
      this.exit(msg, { exitCode: 0 }, c.machine.stateSeq);
    });
  }

  status(id: string): OciStatus | undefined {
    const c = this.containers.get(id);
    if (!c) return undefined;
    const s = c.machine.state;
    return s === 'deleted' ? undefined : (s as OciStatus);
  }

  /**
   * The containers whose state directory is under `root` (what `runc --root <root> list` reads;
   * one directory per container, written when create is done: a container still being created
   * has none), in creation order. Read-only, for the node's shell (commands/runc).
   */
  stateDirectory(root: string): OciContainerRecord[] {
    const out: OciContainerRecord[] = [];
    for (const [id, c] of this.containers) {
      const status = this.status(id);
      if (!status || status === 'creating' || !c.stateDir || c.stateDir.root !== root) continue;
      out.push({ id, status, pid: c.pid, bundle: c.stateDir.bundle, createdUnixMicros: c.stateDir.createdUnixMicros, annotations: c.stateDir.annotations });
    }
    return out;
  }

  private create(msg: Delivery, inv: RuncInvocation): void {
    const check = checkOciOperation(this.status(inv.id), 'create', inv.id, this.rules(inv));
    if (!check.ok) {
      this.exit(msg, { exitCode: 1, stderr: check.error }, msg.seq);
      return;
    }
    const spec = inv.spec as OciSpec;
    // runc refuses a spec it cannot convert before it forks anything (domain/oci/validate.ts).
    const invalid = this.flavour === 'runc' ? runcSpecError(spec, { systemdCgroup: inv.argv.includes('--systemd-cgroup') }) : undefined;
    if (invalid) {
      this.exit(msg, { exitCode: 1, stderr: `runc create failed: ${invalid}` }, msg.seq);
      return;
    }
    // runc create forks `runc init`; stage-2 (the container's PID 1) gets the pid after two clones.
    this.nextPid += 3;
    const pid = this.nextPid;
    const machine = this.sim.startMachine(ociContainerMachine, { actor: this.id, machine: 'oci-container', instance: inv.id, ...(inv.ref ? { ref: inv.ref } : {}) }, { cause: msg.seq });
    const plan = this.planOf(spec, inv.image);
    // The cgroup comes from the spec's cgroupsPath (`<slice>:<prefix>:<name>` with the systemd
    // driver: cri-containerd-<id>.scope, crio-<id>.scope, docker-<id>.scope), runc-<id>.scope without one.
    const cgroupsPath = spec.linux.cgroupsPath ?? '';
    const cgroupDir = cgroupDirs(cgroupsPath, 'systemd', 2, undefined, inv.id)[0];
    const cgroupUnit = systemdUnitName(cgroupsPath, inv.id).unit;
    // The init's parent is whoever ran `create` (the shim, or CRI-O's conmon): it gets SIGCHLD.
    // The limit and the command name are kept past `start` for the faults (the kernel's OOM killer).
    const memoryLimit = spec.linux.resources?.memory?.limit;
    this.containers.set(inv.id, { machine, pid, spec, plan, parent: msg.from, cgroupUnit, comm: commOf(spec.process?.args?.[0] ?? ''), oomScoreAdj: spec.process?.oomScoreAdj ?? 0, ...(cgroupDir ? { cgroupDir } : {}), ...(inv.ref ? { ref: inv.ref } : {}), ...(memoryLimit !== undefined ? { memoryLimit } : {}) });
    // What runc's state directory (<root>/<id>/state.json) keeps, for `runc list` / `runc state` on the node.
    (this.containers.get(inv.id) as RuncContainer).stateDir = { root: inv.root, bundle: inv.bundle, createdUnixMicros: Date.parse(this.sim.timeOrigin) * 1000 + this.sim.now, annotations: { ...(spec.annotations ?? {}) } };
    const ctx = { id: inv.id, bundle: inv.bundle, root: inv.root, initPid: pid, cgroupDriver: 'systemd' as const };
    const steps = this.flavour === 'crun' ? crunCreateSteps(spec, ctx) : runcCreateSteps(spec, ctx);
    playSteps(this.sim, this.id, steps.map(toPlanned), machine.stateSeq, inv.ref, (last) => {
      // ---- process exit (node issue): init looks the program up before it waits on exec.fifo
      // (standard_init_linux.go); a missing one fails create, and runc destroys the container.
      if (plan.startError) {
        machine.send({ type: 'EXITED' }, last);
        machine.send({ type: 'DELETE' }, machine.stateSeq);
        this.containers.delete(inv.id);
        const stderr = this.flavour === 'crun' ? crunExecNotFound(plan.startError) : `runc create failed: unable to start container process: error during container init: ${plan.startError}`;
        this.exit(msg, { exitCode: 1, stderr }, machine.stateSeq);
        return;
      }
      machine.send({ type: 'CREATED' }, last);
      this.exit(msg, { exitCode: 0, pid }, machine.stateSeq);
    });
  }

  private start(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'start', inv.id, this.rules(inv));
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? `container "${inv.id}" does not exist` : check.error }, msg.seq);
      return;
    }
    const startCtx = { id: inv.id, root: inv.root, initPid: c.pid };
    const startSpec = c.spec ?? (inv.spec as OciSpec);
    const steps = this.flavour === 'crun' ? crunStartSteps(startSpec, startCtx) : runcStartSteps(startSpec, startCtx);
    delete c.spec;
    playSteps(this.sim, this.id, steps.map(toPlanned), msg.seq, inv.ref, (last) => {
      c.machine.send({ type: 'START' }, last);
      this.exit(msg, { exitCode: 0, pid: c.pid }, c.machine.stateSeq);
      // ---- process exit (node issue): a process that ends by itself exits on its own time.
      const plannedExit = c.plan?.exit;
      if (plannedExit) this.scheduleExit(c, inv, c.parent, plannedExit.after, plannedExit.code, c.machine.stateSeq, plannedExit.timed);
    });
  }

  // ---------------------------------------------------------------- faults (issue 6)

  /** The containers whose init runs, with its pid: what `ps` on the host shows and the faults aim at. */
  runningInits(): { id: string; pid: number; annotations: Readonly<Record<string, string>> }[] {
    const out: { id: string; pid: number; annotations: Readonly<Record<string, string>> }[] = [];
    for (const [id, c] of this.containers) if (c.machine.state === 'running') out.push({ id, pid: c.pid, annotations: c.stateDir?.annotations ?? {} });
    return out;
  }

  /** The container whose init has this pid (a `kill <pid>` from the host's shell). */
  containerOfPid(pid: number): string | undefined {
    for (const [id, c] of this.containers) if (c.pid === pid && c.machine.state === 'running') return id;
    return undefined;
  }

  /**
   * A signal sent to a container's init from outside the runtime (`kill -9 <pid>` on the host):
   * no runc invocation, so nothing tells the shim but the init's death (SIGCHLD with the wait
   * status 128 + 9). `cause` is the event of the sender's kill(2). Returns false when no such init runs.
   */
  signalFromHost(id: string, signal: number, cause: number): boolean {
    const c = this.containers.get(id);
    if (!c || c.machine.state !== 'running') return false;
    const outcome = signal === SIGKILL ? { after: 0, exitStatus: 128 + SIGKILL } : c.plan ? signalOutcome(c.plan, signal) : { after: GRACEFUL_EXIT_DUR, exitStatus: 0 };
    if (outcome === 'ignored') return true;
    this.scheduleExit(c, { id, ...(c.ref ? { ref: c.ref } : {}) }, c.parent, outcome.after, outcome.exitStatus, cause, false);
    return true;
  }

  /**
   * The container's memory use goes past what it may have: its cgroup's memory.max (a memory
   * limit), or the node's memory (no limit: the global OOM killer picks it, the highest
   * oom_score_adj first, 1000 for a BestEffort pod). The kernel's OOM killer sends SIGKILL to the init and counts it in
   * the cgroup's memory.events (`oom`, `oom_kill`), whose change the shim's watcher (cgroups v2
   * epoll on memory.events) reports before the SIGCHLD: containerd publishes TaskOOM and the CRI
   * sets the container's reason to OOMKilled. Returns the kernel's log line and its event, or
   * undefined when no such init runs.
   */
  oomKill(id: string, nodeMemory: number): { message: string; seq: number; comm: string; pid: number } | undefined {
    const c = this.containers.get(id);
    if (!c || c.machine.state !== 'running') return undefined;
    const limited = c.memoryLimit !== undefined;
    const max = c.memoryLimit ?? nodeMemory;
    const kb = Math.floor(max / 1024);
    const cgroup = c.cgroupDir ?? '';
    const ref = c.ref ? { ref: c.ref } : {};
    const memcg = cgroup.replace(/^\/sys\/fs\/cgroup/, '');
    // mm/oom_kill.c dump_oom_summary and __oom_kill_process; the constraint is the memory cgroup's limit, or none.
    const summary = `oom-kill:constraint=${limited ? 'CONSTRAINT_MEMCG' : 'CONSTRAINT_NONE'},nodemask=(null),cpuset=${memcg.slice(memcg.lastIndexOf('/') + 1)},mems_allowed=0,${limited ? `oom_memcg=${memcg},` : ''}task_memcg=${memcg},task=${c.comm},pid=${c.pid},uid=0`;
    const killed = `${limited ? 'Memory cgroup out of memory' : 'Out of memory'}: Killed process ${c.pid} (${c.comm}) total-vm:${kb + 10_240}kB, anon-rss:${kb}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:${Math.max(4, Math.floor(kb / 512))}kB oom_score_adj:${c.oomScoreAdj}`;
    const first = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'write', dur: 0, ...ref, attrs: { proc: 'kernel', file: `${cgroup}/memory.current`, value: String(max) } });
    this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: first, ...ref, attrs: { logger: 'kernel', message: summary } });
    const logged = this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause: first, ...ref, attrs: { logger: 'kernel', message: killed } });
    const events = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'write', dur: 0, cause: logged, ...ref, attrs: { proc: 'kernel', file: `${cgroup}/memory.events`, value: `low 0\nhigh 0\nmax ${limited ? 1 : 0}\noom ${limited ? 1 : 0}\noom_kill 1\noom_group_kill 0` } });
    this.sim.network.send(this.id, c.parent, 'memory.events', { cause: events, payload: { id, oomKill: 1 }, attrs: { id, event: 'oom_kill' }, ...ref });
    this.scheduleExit(c, { id, ...ref }, c.parent, 0, 128 + SIGKILL, events, false);
    return { message: killed, seq: logged, comm: c.comm, pid: c.pid };
  }

  // ---------------------------------------------------------------- process exit (node issue)

  /**
   * The container's process as its image and argv make it (domain/pod/process.ts): the image is
   * the one whose rootfs the bundle has (containerd names it in the io.kubernetes.cri.image-name
   * annotation; a sandbox runs the pause image).
   */
  private planOf(spec: OciSpec, bundleImage = ''): ProcessPlan {
    const annotations = spec.annotations ?? {};
    // CRI-O names them io.kubernetes.cri-o.ContainerType and .ImageName (pkg/annotations).
    const sandbox = annotations['io.kubernetes.cri.container-type'] === 'sandbox' || annotations['io.kubernetes.cri-o.ContainerType'] === 'sandbox';
    const image = sandbox ? PAUSE_IMAGE_FOR_PLAN : (annotations['io.kubernetes.cri.image-name'] ?? annotations['io.kubernetes.cri-o.ImageName'] ?? bundleImage);
    return planProcess({ image, args: spec.process?.args ?? [], env: spec.process?.env ?? [] });
  }

  /**
   * The init exits `after` µs from now with `status`; the shim is told (SIGCHLD). An exit that
   * comes after a wait (a sleep, a server's run) is a timer: background work that does not keep
   * the cluster from being settled. The first exit wins.
   */
  private scheduleExit(c: RuncContainer, inv: { id: string; ref?: ObjectRef }, shim: string, after: number, status: number, cause: number, timed: boolean): void {
    if (c.exitAt !== undefined && c.exitAt <= this.sim.now + after) return;
    if (c.exitTimer) this.sim.cancel(c.exitTimer);
    c.exitAt = this.sim.now + after;
    c.exitTimer = this.sim.after(after, () => {
      if (c.machine.state === 'stopped' || c.machine.state === 'deleted') return;
      c.machine.send({ type: 'EXITED' }, cause);
      this.sim.network.send(this.id, shim, 'exit', { cause: c.machine.stateSeq, payload: { id: inv.id, pid: c.pid, exitStatus: status }, attrs: { id: inv.id, pid: c.pid, exitStatus: status, signal: 'SIGCHLD' }, ...(inv.ref ? { ref: inv.ref } : {}) });
    }, { background: timed, label: `process exit ${inv.id}` });
  }

  /**
   * `pause` / `resume` (libcontainer Pause/Resume, crun libcrun_container_pause): the freezer of
   * the container's cgroup (cgroup.freeze on v2, where the engine's nodes are). crun answers a
   * created container too and keeps reporting it as created (lifecycle.ts ociStatusAfter).
   */
  private freeze(msg: Delivery, inv: RuncInvocation): void {
    const op = inv.op as 'pause' | 'resume';
    const c = this.containers.get(inv.id);
    const status = this.status(inv.id);
    const check = checkOciOperation(status, op, inv.id, this.rules(inv));
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: check.ok ? 1 : check.exitCode, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    const steps = [{ op: 'write', dur: FREEZE_DUR, attrs: { proc: `${this.flavour} ${op}`, file: `${c.cgroupDir ?? ''}/cgroup.freeze`, value: op === 'pause' ? '1' : '0' } }];
    playSteps(this.sim, this.id, steps, msg.seq, inv.ref, (last) => {
      const after = ociStatusAfter(status, op, this.flavour);
      if (after === 'paused' && c.machine.state !== 'paused') c.machine.send({ type: 'PAUSE' }, last);
      if (after === 'running' && c.machine.state === 'paused') c.machine.send({ type: 'RESUME' }, last);
      this.exit(msg, { exitCode: 0 }, c.machine.stateSeq);
    });
  }

  /** `state`: the status as the runtime reports it (a container being created does not exist yet). */
  private state(msg: Delivery, inv: RuncInvocation): void {
    const check = checkOciOperation(this.status(inv.id), 'state', inv.id, this.rules(inv));
    const c = this.containers.get(inv.id);
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: check.ok ? 1 : check.exitCode, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    this.exit(msg, { exitCode: 0, pid: c.pid, status: this.status(inv.id) }, msg.seq);
  }

  private exit(msg: Delivery, result: RuncExit, cause: number): void {
    this.sim.network.send(this.id, msg.from, `exit status ${result.exitCode}`, {
      replyTo: msg.id,
      cause,
      payload: result,
      attrs: { exitCode: result.exitCode, ...(result.pid ? { pid: result.pid } : {}), ...(result.stderr ? { stderr: result.stderr } : {}) },
      ...(msg.ref ? { ref: msg.ref } : {}),
    });
  }
}

/** One container of a runtime's state directory, as `list` and `state` read it. */
export interface OciContainerRecord {
  id: string;
  status: OciStatus;
  pid: number;
  bundle: string;
  /** When create began (libcontainer's Created, crun's `created`), Unix µs. */
  createdUnixMicros: number;
  annotations: Record<string, string>;
}

/** A container as runc keeps it: its state, init pid, spec until start, and what its process does. */
interface RuncContainer {
  /** Its state directory: --root, the bundle, the creation time and the config's annotations. */
  stateDir?: { root: string; bundle: string; createdUnixMicros: number; annotations: Record<string, string> };
  machine: MachineInstance<typeof ociContainerMachine>;
  pid: number;
  /** The process that ran `create` and reaps the init (containerd's shim, conmon). */
  parent: string;
  spec?: OciSpec;
  plan?: ProcessPlan;
  /** The container's cgroup directory (its freezer). */
  cgroupDir?: string;
  /** The systemd unit of its cgroup, from the spec's cgroupsPath (what delete removes). */
  cgroupUnit: string;
  /** The object the container belongs to, for the faults' trace events. */
  ref?: ObjectRef;
  /** linux.resources.memory.limit of the spec (memory.max), when it has one. */
  memoryLimit?: number;
  /** The init's command name as the kernel keeps it (task comm, 15 characters). */
  comm: string;
  /** process.oomScoreAdj (the kubelet's by QoS class: -997 Guaranteed, 1000 BestEffort, in between Burstable). */
  oomScoreAdj: number;
  /** When the init is due to exit, and the timer that will tell the shim. */
  exitAt?: number;
  exitTimer?: ScheduledItem;
}

/** The sandbox (pause) container's image, for its process plan. */
const PAUSE_IMAGE_FOR_PLAN = 'registry.k8s.io/pause:3.10';

const SIGQUIT = 3;
const SIGKILL = 9;
const SIGTERM = 15;
/** How long runc kill takes (fork/exec aside) and how long a process takes to exit on a handled signal. */
const KILL_DUR = 200;
/** One write to cgroup.freeze (the kernel freezes the tasks asynchronously). */
const FREEZE_DUR = 150;
export const GRACEFUL_EXIT_DUR = 30_000;

function signalName(n: number): string {
  return n === SIGQUIT ? 'SIGQUIT' : n === SIGKILL ? 'SIGKILL' : n === SIGTERM ? 'SIGTERM' : String(n);
}

function toPlanned(step: RuncStep): { op: string; dur: number; attrs: Record<string, unknown> } {
  return { op: step.op, dur: step.dur, attrs: { proc: step.proc, ...step.attrs } };
}

/** The kernel's name of a task: the basename of what it exec'd, at most 15 characters (TASK_COMM_LEN). */
function commOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).slice(0, 15);
}
