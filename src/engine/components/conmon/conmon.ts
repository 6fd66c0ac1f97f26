import type { OciSpec } from '../../../domain/oci/spec.ts';
import { EXITS_DIR, containerDirs } from '../../../domain/crio/config.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import type { RuncExit, RuncInvocation } from '../runc/runc.ts';

/** What CRI-O asks of a new conmon: its argv, and the `<runtime> create` it is to run. */
export interface ConmonRequest {
  id: string;
  argv: string[];
  createArgv: string;
  root: string;
  spec: OciSpec;
  ref?: ObjectRef;
}

/** The sync pipe's message back to CRI-O (runtime_oci.go syncInfo): the container's pid, or -1 and why. */
export interface ConmonSync {
  pid: number;
  message?: string;
}

/** The exit file conmon wrote, as CRI-O's inotify watch on the exits dir sees it. */
export interface ConmonExitFile {
  id: string;
  path: string;
  exitCode: number;
}

/**
 * conmon/<node>: CRI-O's per-container monitor, one conmon process per container (the actor
 * stands for all of them on the node). conmon double-forks so it is reparented away from CRI-O,
 * runs `<runtime> create` as the container's parent (subreaper), sends the pid up the sync pipe
 * and stays: it holds the container's stdio and log, reaps its init, and writes the exit code
 * to `<exit-dir>/<id>` (containers/conmon src/conmon.c, src/ctr_exit.c). CRI-O itself runs
 * `start`, `kill`, `state` and `delete` (internal/oci/runtime_oci.go).
 */
export class Conmon implements Actor {
  readonly id: string;
  private readonly pending = new Map<number, (exit: RuncExit, d: Delivery) => void>();
  private readonly pids = new Map<string, number>();
  /** Containers whose `oom` file conmon wrote (in the bundle and the persist dir). */
  private readonly oomFiles = new Set<string>();
  private nextPid = 3900;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    /** runc/<node> or crun/<node>: the runtime conmon's `-r` names. */
    private readonly runtime: string,
  ) {
    this.id = `conmon/${host}`;
  }

  receive(msg: Delivery): void {
    if (msg.from === this.runtime && msg.op === 'exit') {
      this.onExit(msg as Delivery<{ id: string; pid: number; exitStatus: number }>);
      return;
    }
    if (msg.from === this.runtime && msg.op === 'memory.events') {
      this.onOom(msg as Delivery<{ id: string; oomKill: number }>);
      return;
    }
    if (msg.from === this.runtime && msg.replyTo !== undefined) {
      const then = this.pending.get(msg.replyTo);
      this.pending.delete(msg.replyTo);
      then?.(msg.payload as RuncExit, msg);
      return;
    }
    if (msg.op === 'conmon') this.start(msg as Delivery<ConmonRequest>);
  }

  /** A new conmon: fork/exec, daemonize, the start pipe (its cgroup is set), then `<runtime> create`. */
  private start(msg: Delivery<ConmonRequest>): void {
    const req = msg.payload;
    this.nextPid += 2;
    const pid = this.nextPid;
    this.pids.set(req.id, pid);
    const { bundle } = containerDirs(req.id);
    const steps = [
      { op: 'execve', dur: 1_200, attrs: { proc: 'conmon', argv: req.argv, pid, cwd: bundle } },
      // conmon forks and the parent exits at once (CRI-O's cmd.Wait reaps it); the child carries on.
      { op: 'fork', dur: 300, attrs: { proc: 'conmon', why: 'daemonize: reparented to systemd, CRI-O can restart', pid } },
      { op: 'read', dur: 200, attrs: { proc: 'conmon', fd: '_OCI_STARTPIPE', why: 'CRI-O moved conmon into its cgroup (createContainerPlatform)' } },
      { op: 'prctl', dur: 50, attrs: { proc: 'conmon', syscall: 'prctl(PR_SET_CHILD_SUBREAPER, 1)' } },
    ];
    playSteps(this.sim, this.id, steps, msg.seq, req.ref, (last) => {
      const inv: RuncInvocation = { op: 'create', id: req.id, bundle, root: req.root, argv: req.createArgv, spec: req.spec, ...(req.ref ? { ref: req.ref } : {}) };
      const { id } = this.sim.network.send(this.id, this.runtime, 'create', { payload: inv, cause: last, ...(req.ref ? { ref: req.ref } : {}), attrs: { argv: req.createArgv, containerId: req.id } });
      this.pending.set(id, (exit, d) => {
        // The runtime's stderr comes back on the sync pipe as the message with pid -1.
        const sync: ConmonSync = exit.exitCode === 0 ? { pid: exit.pid ?? 0 } : { pid: -1, message: exit.stderr ?? 'container create failed' };
        const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'write', dur: 0, cause: d.seq, ...(req.ref ? { ref: req.ref } : {}), attrs: { proc: 'conmon', fd: '_OCI_SYNCPIPE', data: sync } });
        this.sim.network.send(this.id, msg.from, 'sync', { replyTo: msg.id, cause: seq, payload: sync, attrs: { ...sync }, ...(req.ref ? { ref: req.ref } : {}) });
      });
    });
  }

  /** SIGCHLD: conmon reaps the init and writes the exit file; CRI-O's watch sees it. */
  private onExit(msg: Delivery<{ id: string; pid: number; exitStatus: number }>): void {
    const { id, exitStatus } = msg.payload;
    const path = `${EXITS_DIR}/${id}`;
    const steps = [
      { op: 'waitpid', dur: 50, attrs: { proc: 'conmon', pid: msg.payload.pid, status: exitStatus } },
      { op: 'write', dur: 100, attrs: { proc: 'conmon', file: path, value: String(exitStatus) } },
      { op: 'write', dur: 100, attrs: { proc: 'conmon', file: `${containerDirs(id).dir}/exit`, value: String(exitStatus) } },
    ];
    playSteps(this.sim, this.id, steps, msg.seq, msg.ref, (last) => {
      this.pids.delete(id);
      const file: ConmonExitFile = { id, path, exitCode: exitStatus };
      // conmon exits after the file is written; CRI-O learns of it through inotify (IN_CREATE).
      this.sim.network.send(this.id, `crio/${this.host}`, 'exit file', { cause: last, payload: file, attrs: { ...file, inotify: 'IN_CREATE' }, ...(msg.ref ? { ref: msg.ref } : {}) });
    });
  }

  /**
   * conmon's OOM watcher (src/cgroup.c, cgroup v2): an inotify watch on the container's
   * memory.events; when oom_kill goes up it creates an empty `oom` file in the persist dir and in
   * the bundle, which CRI-O looks for when it reads the exit (runtime_oci.go UpdateContainerStatus:
   * the bundle's `oom` → state.OOMKilled → reason OOMKilled).
   */
  private onOom(msg: Delivery<{ id: string; oomKill: number }>): void {
    const { id } = msg.payload;
    const dirs = containerDirs(id);
    const steps = [
      { op: 'read', dur: 20, attrs: { proc: 'conmon', file: 'memory.events', inotify: 'IN_MODIFY', oom_kill: msg.payload.oomKill } },
      { op: 'write', dur: 30, attrs: { proc: 'conmon', file: `${dirs.dir}/oom`, value: '' } },
      { op: 'write', dur: 30, attrs: { proc: 'conmon', file: `${dirs.bundle}/oom`, value: '' } },
    ];
    // The file exists from the watcher's wake-up on: the exit's waitpid comes after it.
    this.oomFiles.add(id);
    playSteps(this.sim, this.id, steps, msg.seq, msg.ref, () => undefined);
  }

  /** Whether `<bundle>/oom` exists for the container (what CRI-O's os.Stat finds). */
  hasOomFile(id: string): boolean {
    return this.oomFiles.has(id);
  }

  /** conmon's own pid for a container (its `-P` pidfile), while it runs. */
  pidOf(id: string): number | undefined {
    return this.pids.get(id);
  }
}
