import type { OciSpec } from '../../../domain/oci/spec.ts';
import { runcCommandLine } from '../../../domain/oci/runc-steps.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import type { RuncExit, RuncInvocation } from '../runc/runc.ts';

/** The shim's task API (containerd api/runtime/task/v2/shim.proto, served over ttrpc). */
export const SHIM_TASK = 'containerd.task.v2.Task';
/** How a shim publishes an event: it forwards it to containerd (api/services/ttrpc/events/v1). */
export const EVENTS_FORWARD = 'containerd.services.events.ttrpc.v1.Events/Forward';

export interface ShimTaskRequest {
  namespace: string;
  id: string;
  bundle: string;
  spec?: OciSpec;
  /** kill: the signal number. */
  signal?: number;
  /** The image whose rootfs the bundle has (simulator plumbing: runc plans the process from it). */
  image?: string;
  rootfsMount?: Record<string, unknown>;
}

/**
 * containerd-shim-runc-v2/<host>: the task shims of the native API's namespaces (moby, default),
 * drawn as one actor for the host although each container has its own shim process. The shim
 * is runc's parent: it runs `runc create|start|kill|delete` (cmd/containerd-shim-runc-v2/task/
 * service.go), is told of the init's exit by SIGCHLD, and forwards TaskCreate, TaskStart,
 * TaskExit and TaskDelete to containerd, which publishes them (what `ctr events` prints).
 */
export class ContainerdShim implements Actor {
  readonly id: string;
  private readonly pending = new Map<number, (exit: RuncExit, d: Delivery) => void>();
  private readonly tasks = new Map<string, { namespace: string; pid: number; ref?: ObjectRef; bundle: string }>();

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly containerd: string,
    private readonly runc: string,
  ) {
    this.id = `containerd-shim-runc-v2/${host}`;
  }

  receive(msg: Delivery): void {
    if (msg.from === this.runc && msg.op === 'exit') {
      const { id, pid, exitStatus } = msg.payload as { id: string; pid: number; exitStatus: number };
      const t = this.tasks.get(id);
      if (t) this.forward(t.namespace, '/tasks/exit', { container_id: id, id, pid, exit_status: exitStatus }, msg.seq);
      return;
    }
    if (msg.from === this.runc && msg.replyTo !== undefined) {
      const then = this.pending.get(msg.replyTo);
      this.pending.delete(msg.replyTo);
      then?.(msg.payload as RuncExit, msg);
      return;
    }
    const req = msg.payload as ShimTaskRequest;
    const root = `/run/containerd/runc/${req.namespace}`;
    const ctx = { id: req.id, bundle: req.bundle, root, namespace: req.namespace, systemdCgroup: true };
    if (msg.op === `${SHIM_TASK}/Create`) {
      const mount = req.rootfsMount ?? {};
      playSteps(this.sim, this.id, [{ op: 'mount', dur: 400, attrs: { proc: 'containerd-shim-runc-v2', id: req.id, ...mount } }], msg.seq, msg.ref, (last) => {
        this.runc_({ op: 'create', id: req.id, bundle: req.bundle, root, argv: runcCommandLine('create', ctx), ...(req.spec ? { spec: req.spec } : {}), ...(req.image !== undefined ? { image: req.image } : {}), ...(msg.ref ? { ref: msg.ref } : {}) }, last, (exit, d) => {
          if (exit.exitCode !== 0) {
            this.reply(msg, { error: `OCI runtime create failed: ${exit.stderr ?? 'runc create failed'}` }, d.seq);
            return;
          }
          this.tasks.set(req.id, { namespace: req.namespace, pid: exit.pid ?? 0, bundle: req.bundle, ...(msg.ref ? { ref: msg.ref } : {}) });
          const ev = this.forward(req.namespace, '/tasks/create', { container_id: req.id, bundle: req.bundle, pid: exit.pid ?? 0 }, d.seq);
          this.reply(msg, { pid: exit.pid ?? 0 }, ev);
        });
      });
      return;
    }
    const task = this.tasks.get(req.id);
    if (!task) {
      this.reply(msg, { error: `task ${req.id}: not found` }, msg.seq);
      return;
    }
    if (msg.op === `${SHIM_TASK}/Start`) {
      this.runc_({ op: 'start', id: req.id, bundle: req.bundle, root, argv: runcCommandLine('start', ctx), ...(msg.ref ? { ref: msg.ref } : {}) }, msg.seq, (exit, d) => {
        if (exit.exitCode !== 0) return this.reply(msg, { error: `OCI runtime start failed: ${exit.stderr ?? ''}` }, d.seq);
        const ev = this.forward(req.namespace, '/tasks/start', { container_id: req.id, pid: task.pid }, d.seq);
        this.reply(msg, { pid: task.pid }, ev);
      });
    } else if (msg.op === `${SHIM_TASK}/Kill`) {
      const signal = req.signal ?? 15;
      this.runc_({ op: 'kill', id: req.id, bundle: req.bundle, root, signal, argv: runcCommandLine('kill', { ...ctx, signal }), ...(msg.ref ? { ref: msg.ref } : {}) }, msg.seq, (exit, d) => this.reply(msg, exit.exitCode === 0 ? {} : { error: exit.stderr ?? 'kill failed' }, d.seq));
    } else if (msg.op === `${SHIM_TASK}/Delete`) {
      this.runc_({ op: 'delete', id: req.id, bundle: req.bundle, root, argv: runcCommandLine('delete', ctx), ...(msg.ref ? { ref: msg.ref } : {}) }, msg.seq, (exit, d) => {
        if (exit.exitCode !== 0) return this.reply(msg, { error: exit.stderr ?? 'delete failed' }, d.seq);
        this.tasks.delete(req.id);
        const ev = this.forward(req.namespace, '/tasks/delete', { container_id: req.id, pid: task.pid }, d.seq);
        this.reply(msg, { pid: task.pid }, ev);
      });
    } else {
      this.reply(msg, { error: `unknown method ${msg.op}` }, msg.seq);
    }
  }

  private runc_(inv: RuncInvocation, cause: number, then: (exit: RuncExit, d: Delivery) => void): void {
    const { id } = this.sim.network.send(this.id, this.runc, inv.op, { payload: inv, cause, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { argv: inv.argv, containerId: inv.id } });
    this.pending.set(id, then);
  }

  /** Forwards an event to containerd, which publishes it; returns the message's seq. */
  private forward(namespace: string, topic: string, event: Record<string, unknown>, cause: number): number {
    return this.sim.network.send(this.id, this.containerd, EVENTS_FORWARD, { cause, payload: { namespace, topic, event }, attrs: { namespace, topic } }).seq;
  }

  private reply(msg: Delivery, response: Record<string, unknown>, cause: number): void {
    const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
    this.sim.network.send(this.id, msg.from, op, { replyTo: msg.id, cause, payload: response, ...(msg.ref ? { ref: msg.ref } : {}) });
  }
}
