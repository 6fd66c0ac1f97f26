import type { OciSpec } from '../../../domain/oci/spec.ts';
import type { RuncStep } from '../../../domain/oci/runc-steps.ts';
import { planProcess, signalOutcome, type ProcessPlan } from '../../../domain/pod/process.ts';
import { checkOciOperation, RUNC_ERRORS, type OciStatus } from '../../../domain/oci/lifecycle.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import { ociContainerMachine } from '../runc/oci-container.machine.ts';
import type { RuncExit, RuncInvocation } from '../runc/runc.ts';

/** A container as a sandboxing runtime keeps it. */
export interface SandboxedContainer {
  id: string;
  sandboxId: string;
  machine: MachineInstance<typeof ociContainerMachine>;
  /** The pid the shim reports (the sandbox process for runsc, the VMM for Kata). */
  pid: number;
  spec?: OciSpec;
  plan?: ProcessPlan;
  /** runsc: this container's gofer; Kata: its pid in the guest and its rootfs drive. */
  helperPid?: number;
  drive?: number;
  exitAt?: number;
  exitTimer?: ScheduledItem;
}

const PAUSE_IMAGE_FOR_PLAN = 'registry.k8s.io/pause:3.10';
const SIGKILL = 9;
const SIGTERM = 15;
const GRACEFUL_EXIT_DUR = 30_000;

/**
 * The part runsc/<node> and kata/<node> share: the shim's protocol exactly as runc.ts answers
 * it (a RuncInvocation in, `exit status N` with a RuncExit back, `exit` with SIGCHLD when the
 * container's process ends), the OCI states (oci-container machine, the refusals of
 * domain/oci/lifecycle.ts with runc's rules, which both runtimes follow: runsc and Kata reject
 * start outside `created` and delete of a running container), and what the container's process
 * does (domain/pod/process.ts). The subclasses give the steps of each operation.
 */
export abstract class SandboxedRuntime implements Actor {
  readonly id: string;
  protected readonly containers = new Map<string, SandboxedContainer>();
  protected nextPid: number;

  constructor(
    protected readonly sim: Simulation,
    readonly host: string,
    binary: string,
    firstPid: number,
  ) {
    this.id = `${binary}/${host}`;
    this.nextPid = firstPid;
  }

  /** The sandbox's id from the spec's CRI annotations (its own id for the pause container). */
  protected sandboxOf(spec: OciSpec | undefined, id: string): string {
    const a = spec?.annotations ?? {};
    return a['io.kubernetes.cri.container-type'] === 'container' ? (a['io.kubernetes.cri.sandbox-id'] ?? id) : id;
  }

  /** The container's record before its create steps run (pids chosen). Undefined: refuse with `error`. */
  protected abstract prepare(inv: RuncInvocation, spec: OciSpec, sandboxId: string): { pid: number; helperPid?: number; drive?: number } | { error: string };
  protected abstract createSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[];
  protected abstract startSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[];
  protected abstract killSteps(c: SandboxedContainer, signal: number, inv: RuncInvocation): RuncStep[];
  protected abstract deleteSteps(c: SandboxedContainer, inv: RuncInvocation): RuncStep[];
  /** Called once a container is deleted (a sandbox's resources go with its own container). */
  protected abstract deleted(c: SandboxedContainer): void;

  receive(msg: Delivery): void {
    const inv = msg.payload as RuncInvocation;
    if (inv.op === 'create') this.create(msg, inv);
    else if (inv.op === 'start') this.start(msg, inv);
    else if (inv.op === 'kill') this.kill(msg, inv);
    else if (inv.op === 'delete') this.delete(msg, inv);
    else if (inv.op === 'state') this.state(msg, inv);
    else this.exit(msg, { exitCode: 1, stderr: `${inv.op} is not supported by ${this.id.split('/')[0]} in this simulator` }, msg.seq);
  }

  status(id: string): OciStatus | undefined {
    const s = this.containers.get(id)?.machine.state;
    return s === undefined || s === 'deleted' ? undefined : (s as OciStatus);
  }

  private create(msg: Delivery, inv: RuncInvocation): void {
    const check = checkOciOperation(this.status(inv.id), 'create', inv.id);
    if (!check.ok) return this.exit(msg, { exitCode: 1, stderr: check.error }, msg.seq);
    const spec = inv.spec as OciSpec;
    const sandboxId = this.sandboxOf(spec, inv.id);
    const prepared = this.prepare(inv, spec, sandboxId);
    if ('error' in prepared) return this.exit(msg, { exitCode: 1, stderr: prepared.error }, msg.seq);
    const machine = this.sim.startMachine(ociContainerMachine, { actor: this.id, machine: 'oci-container', instance: inv.id, ...(inv.ref ? { ref: inv.ref } : {}) }, { cause: msg.seq });
    const annotations = spec.annotations ?? {};
    const image = annotations['io.kubernetes.cri.container-type'] === 'sandbox' ? PAUSE_IMAGE_FOR_PLAN : (annotations['io.kubernetes.cri.image-name'] ?? '');
    const plan = planProcess({ image, args: spec.process?.args ?? [], env: spec.process?.env ?? [] });
    const c: SandboxedContainer = { id: inv.id, sandboxId, machine, spec, plan, ...prepared };
    this.containers.set(inv.id, c);
    playSteps(this.sim, this.id, this.createSteps(c, spec, inv).map(toPlanned), machine.stateSeq, inv.ref, (last) => {
      if (plan.startError) {
        // The Sentry (or the agent) fails the exec of a program the image does not have.
        machine.send({ type: 'EXITED' }, last);
        machine.send({ type: 'DELETE' }, machine.stateSeq);
        this.containers.delete(inv.id);
        this.exit(msg, { exitCode: 1, stderr: plan.startError }, machine.stateSeq);
        return;
      }
      machine.send({ type: 'CREATED' }, last);
      this.exit(msg, { exitCode: 0, pid: c.pid }, machine.stateSeq);
    });
  }

  private start(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'start', inv.id);
    if (!check.ok || !c) return this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
    const spec = c.spec ?? (inv.spec as OciSpec);
    delete c.spec;
    playSteps(this.sim, this.id, this.startSteps(c, spec, inv).map(toPlanned), msg.seq, inv.ref, (last) => {
      c.machine.send({ type: 'START' }, last);
      this.exit(msg, { exitCode: 0, pid: c.pid }, c.machine.stateSeq);
      const planned = c.plan?.exit;
      if (planned) this.scheduleExit(c, inv, msg.from, planned.after, planned.code, c.machine.stateSeq, planned.timed);
    });
  }

  private kill(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'kill', inv.id);
    if (!check.ok || !c) return this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
    const signal = inv.signal ?? SIGTERM;
    playSteps(this.sim, this.id, this.killSteps(c, signal, inv).map(toPlanned), msg.seq, inv.ref, (last) => {
      this.exit(msg, { exitCode: 0 }, last);
      const outcome = c.machine.state === 'created' ? (signal === SIGKILL || signal === SIGTERM ? { after: 0, exitStatus: 128 + signal } : 'ignored' as const) : !c.plan ? { after: GRACEFUL_EXIT_DUR, exitStatus: 0 } : signalOutcome(c.plan, signal);
      if (outcome !== 'ignored') this.scheduleExit(c, inv, msg.from, outcome.after, outcome.exitStatus, last, false);
    });
  }

  private delete(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'delete', inv.id);
    if (!check.ok || !c) return this.exit(msg, { exitCode: 1, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
    if (c.machine.state === 'created') c.machine.send({ type: 'EXITED' }, msg.seq);
    playSteps(this.sim, this.id, this.deleteSteps(c, inv).map(toPlanned), msg.seq, inv.ref, (last) => {
      c.machine.send({ type: 'DELETE' }, last);
      this.containers.delete(inv.id);
      this.deleted(c);
      this.exit(msg, { exitCode: 0 }, c.machine.stateSeq);
    });
  }

  private state(msg: Delivery, inv: RuncInvocation): void {
    const c = this.containers.get(inv.id);
    const check = checkOciOperation(this.status(inv.id), 'state', inv.id);
    if (!check.ok || !c) return this.exit(msg, { exitCode: check.ok ? 1 : check.exitCode, stderr: check.ok ? RUNC_ERRORS.notExist : check.error }, msg.seq);
    const status = this.status(inv.id);
    this.exit(msg, { exitCode: 0, pid: c.pid, ...(status ? { status } : {}) }, msg.seq);
  }

  /** The container's process ends `after` µs from now; the shim hears of it as SIGCHLD (`exit`). The first exit wins. */
  private scheduleExit(c: SandboxedContainer, inv: RuncInvocation, shim: string, after: number, status: number, cause: number, timed: boolean): void {
    if (c.exitAt !== undefined && c.exitAt <= this.sim.now + after) return;
    if (c.exitTimer) this.sim.cancel(c.exitTimer);
    c.exitAt = this.sim.now + after;
    c.exitTimer = this.sim.after(after, () => {
      if (c.machine.state === 'stopped' || c.machine.state === 'deleted') return;
      c.machine.send({ type: 'EXITED' }, cause);
      this.sim.network.send(this.id, shim, 'exit', { cause: c.machine.stateSeq, payload: { id: inv.id, pid: c.pid, exitStatus: status }, attrs: { id: inv.id, pid: c.pid, exitStatus: status, signal: 'SIGCHLD' }, ...(inv.ref ? { ref: inv.ref } : {}) });
    }, { background: timed, label: `process exit ${inv.id}` });
  }

  protected exit(msg: Delivery, result: RuncExit, cause: number): void {
    this.sim.network.send(this.id, msg.from, `exit status ${result.exitCode}`, {
      replyTo: msg.id,
      cause,
      payload: result,
      attrs: { exitCode: result.exitCode, ...(result.pid ? { pid: result.pid } : {}), ...(result.stderr ? { stderr: result.stderr } : {}) },
      ...(msg.ref ? { ref: msg.ref } : {}),
    });
  }
}

function toPlanned(step: RuncStep): { op: string; dur: number; attrs: Record<string, unknown> } {
  return { op: step.op, dur: step.dur, attrs: { proc: step.proc, ...step.attrs } };
}
