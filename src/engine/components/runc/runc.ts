import type { OciSpec } from '../../../domain/oci/spec.ts';
import { runcCreateSteps, runcStartSteps, type RuncStep } from '../../../domain/oci/runc-steps.ts';
import { checkOciOperation, RUNC_ERRORS, type OciStatus } from '../../../domain/oci/lifecycle.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import { ociContainerMachine } from './oci-container.machine.ts';

/** What the runtime (through its shim) asks runc to do. */
export interface RuncInvocation {
  op: 'create' | 'start' | 'kill' | 'delete';
  /** kill: the signal number (SIGTERM 15, SIGQUIT 3, SIGKILL 9). */
  signal?: number;
  id: string;
  bundle: string;
  root: string;
  argv: string;
  spec?: OciSpec;
  ref?: ObjectRef;
}

export interface RuncExit {
  exitCode: number;
  pid?: number;
  stderr?: string;
}

/**
 * runc/<node>: the low-level runtime, one process per invocation. `create` runs nsexec's
 * stages, the cgroup setup, the rootfs and pivot_root, and leaves `runc init` blocked on the
 * exec FIFO; `start` opens the FIFO so init execs the user's process (DOMAIN.md 7).
 */
export class Runc implements Actor {
  readonly id: string;
  /** The spec is kept only until `start` (init needs `process.args` then); a large cluster holds many containers. */
  private readonly containers = new Map<string, { machine: MachineInstance<typeof ociContainerMachine>; pid: number; spec?: OciSpec; exitScheduled?: boolean }>();
  private nextPid: number;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    firstPid = 4100,
  ) {
    this.id = `runc/${host}`;
    this.nextPid = firstPid;
  }

  receive(msg: Delivery): void {
    const inv = msg.payload as RuncInvocation;
    if (inv.op === 'create') this.create(msg, inv);
    else if (inv.op === 'start') this.start(msg, inv);
    else if (inv.op === 'kill') this.kill(msg, inv);
    else if (inv.op === 'delete') this.delete(msg, inv);
  }

  /**
   * `runc kill <id> <signal>` (kill.go → libcontainer Signal): the signal goes to the
   * container's init; runc returns at once. The init exits on its own time: at once on SIGKILL,
   * after its shutdown on a signal it handles. Its parent, the shim, is told with SIGCHLD (the
   * `exit` message), with the wait status: 0 for a clean exit, 128 + signal when killed.
   */
  private kill(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'kill', inv.id);
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    const signal = inv.signal ?? SIGTERM;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'kill', dur: KILL_DUR, cause: msg.seq, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { syscall: `kill(${c.pid}, ${signalName(signal)})`, pid: c.pid } });
    this.sim.after(KILL_DUR, () => {
      this.exit(msg, { exitCode: 0 }, seq);
      if (c.exitScheduled) return;
      c.exitScheduled = true;
      const after = signal === SIGKILL ? 0 : GRACEFUL_EXIT_DUR;
      this.sim.after(after, () => {
        if (c.machine.state === 'stopped' || c.machine.state === 'deleted') return;
        c.machine.send({ type: 'EXITED' }, seq);
        const status = signal === SIGKILL ? 128 + SIGKILL : 0;
        this.sim.network.send(this.id, msg.from, 'exit', { cause: c.machine.stateSeq, payload: { id: inv.id, pid: c.pid, exitStatus: status }, attrs: { id: inv.id, pid: c.pid, exitStatus: status, signal: 'SIGCHLD' }, ...(inv.ref ? { ref: inv.ref } : {}) });
      });
    });
  }

  /**
   * `runc delete <id>` (delete.go → destroy): only a stopped container (or a created one,
   * whose init is killed first); its cgroup and state directory are removed.
   */
  private delete(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'delete', inv.id);
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
      return;
    }
    if (c.machine.state === 'created') c.machine.send({ type: 'EXITED' }, msg.seq);
    const steps = [
      { op: 'destroy cgroup', dur: 300, attrs: { proc: 'runc', action: 'rmdir', cgroup: `cri-containerd-${inv.id}.scope` } },
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

  private create(msg: Delivery, inv: RuncInvocation): void {
    const check = checkOciOperation(this.status(inv.id), 'create', inv.id);
    if (!check.ok) {
      this.exit(msg, { exitCode: 1, stderr: check.error }, msg.seq);
      return;
    }
    const spec = inv.spec as OciSpec;
    // runc create forks `runc init`; stage-2 (the container's PID 1) gets the pid after two clones.
    this.nextPid += 3;
    const pid = this.nextPid;
    const machine = this.sim.startMachine(ociContainerMachine, { actor: this.id, machine: 'oci-container', instance: inv.id, ...(inv.ref ? { ref: inv.ref } : {}) }, { cause: msg.seq });
    this.containers.set(inv.id, { machine, pid, spec });
    const steps = runcCreateSteps(spec, { id: inv.id, bundle: inv.bundle, root: inv.root, initPid: pid, cgroupDriver: 'systemd' });
    playSteps(this.sim, this.id, steps.map(toPlanned), machine.stateSeq, inv.ref, (last) => {
      machine.send({ type: 'CREATED' }, last);
      this.exit(msg, { exitCode: 0, pid }, machine.stateSeq);
    });
  }

  private start(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'start', inv.id);
    if (!check.ok || !c) {
      this.exit(msg, { exitCode: 1, stderr: check.ok ? `container "${inv.id}" does not exist` : check.error }, msg.seq);
      return;
    }
    const steps = runcStartSteps(c.spec ?? (inv.spec as OciSpec), { id: inv.id, root: inv.root, initPid: c.pid });
    delete c.spec;
    playSteps(this.sim, this.id, steps.map(toPlanned), msg.seq, inv.ref, (last) => {
      c.machine.send({ type: 'START' }, last);
      this.exit(msg, { exitCode: 0, pid: c.pid }, c.machine.stateSeq);
    });
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

const SIGQUIT = 3;
const SIGKILL = 9;
const SIGTERM = 15;
/** How long runc kill takes (fork/exec aside) and how long a process takes to exit on a handled signal. */
const KILL_DUR = 200;
export const GRACEFUL_EXIT_DUR = 30_000;

function signalName(n: number): string {
  return n === SIGQUIT ? 'SIGQUIT' : n === SIGKILL ? 'SIGKILL' : n === SIGTERM ? 'SIGTERM' : String(n);
}

function toPlanned(step: RuncStep): { op: string; dur: number; attrs: Record<string, unknown> } {
  return { op: step.op, dur: step.dur, attrs: { proc: step.proc, ...step.attrs } };
}
