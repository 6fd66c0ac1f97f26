import type { Rng } from '../../../base/rng.ts';
import { podConnectionAnswer } from '../../../domain/pod/process.ts';
import { flagValue, isCliError, parseRktArgv, type RktCommand } from '../../../domain/rkt/cli.ts';
import type { Stage1Flavour } from '../../../domain/rkt/flavours.ts';
import { NETNS_DIR } from '../../../domain/rkt/network.ts';
import type { RktStep } from '../../../domain/rkt/steps.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import { appCommand } from './cmd-app.ts';
import { fetchCommand, trustCommand } from './cmd-fetch.ts';
import { enterCommand, queryCommand } from './cmd-query.ts';
import { runCommand } from './cmd-run.ts';
import { gcCommand, rmCommand, stopCommand } from './cmd-stop.ts';
import { Output } from './output.ts';
import { HostState, type HostProcess, type RktPod } from './store.ts';

/** What a caller asks the host to exec: the argv of `rkt …`, its environment and stdin. */
export interface RktExec {
  argv: string[];
  env?: Record<string, string>;
  stdin?: string;
  /** Set when systemd runs it as a unit (rktlet's systemd-run): its unit name. */
  unit?: string;
  ref?: ObjectRef;
}

/** The `exit` message: what the process printed and its exit status. */
export interface RktExit {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One running rkt process (stage0, then for run/sandbox stage1). */
export interface Invocation {
  msg: Delivery<RktExec>;
  proc: HostProcess;
  cmd: RktCommand;
  out: Output;
  dataDir: string;
  /** The seq of the process's exec span: the cause of its first step. */
  cause: number;
  ref?: ObjectRef;
  ended: boolean;
}

export const DEFAULT_DATA_DIR = '/var/lib/rkt';

/**
 * rkt/<node>: the rkt binary on a host. rkt has no daemon (DOMAIN.md 8): every `rkt …` is a
 * process — stage0 — that reads and writes the pod and image directories and, for `rkt run`
 * and `rkt app sandbox`, execs stage1 and stays the pod's process until it exits. The actor
 * holds the host's disk and kernel state that rkt uses (store.ts) and plays each command's steps
 * as spans (domain/rkt stage plans). A caller (a terminal, rktlet) sends `execve`; the answer
 * is `exit` (and, for a pod that keeps running, `ready` first: sd_notify READY=1 under
 * systemd-run, the pod up for a terminal).
 */
export class Rkt implements Actor {
  readonly id: string;
  readonly state: HostState;
  readonly rng: Rng;
  private readonly changeListeners: ((cause: number) => void)[] = [];

  constructor(
    readonly sim: Simulation,
    readonly host: string,
    firstPid = 2100,
  ) {
    this.id = `rkt/${host}`;
    this.state = new HostState(firstPid);
    this.rng = sim.rng.fork(this.id);
  }

  receive(msg: Delivery): void {
    if (msg.op === 'execve') this.exec(msg as Delivery<RktExec>);
  }

  /** Unix µs now (the mtime rkt's files get). */
  unixNow(): number {
    return Date.parse(this.sim.timeOrigin) * 1000 + this.sim.now;
  }

  private exec(msg: Delivery<RktExec>): void {
    const e = msg.payload;
    const argv = e.argv.slice(1);
    const proc = this.state.spawn({ ppid: e.unit ? 1 : 0, comm: 'rkt', argv: e.argv, stage: 'stage0' });
    const cause = this.sim.recorder.record({
      kind: 'span',
      actor: this.id,
      op: 'execve',
      dur: 1_500,
      cause: msg.seq,
      ...(e.ref ? { ref: e.ref } : {}),
      attrs: { filename: e.argv[0] ?? 'rkt', argv: e.argv.join(' '), pid: proc.pid, ...(e.unit ? { unit: e.unit, ppid: 1 } : {}), stage: 'stage0' },
    });
    const parsed = parseRktArgv(argv, e.env ?? {});
    const leaf = isCliError(parsed) ? 'rkt' : (parsed.path[parsed.path.length - 1] ?? 'rkt');
    const inv: Invocation = { msg, proc, cmd: isCliError(parsed) ? { path: [], flags: {}, args: [] } : parsed, out: new Output(leaf), dataDir: DEFAULT_DATA_DIR, cause, ...(e.ref ? { ref: e.ref } : {}), ended: false };
    this.sim.after(1_500, () => {
      if (isCliError(parsed)) {
        inv.out.stderr += parsed.error;
        this.finish(inv, parsed.exitCode, cause);
        return;
      }
      inv.dataDir = flagValue(parsed, 'dir') ?? DEFAULT_DATA_DIR;
      this.dispatch(inv);
    });
  }

  private dispatch(inv: Invocation): void {
    const path = inv.cmd.path.join(' ');
    switch (path) {
      case 'list':
      case 'status':
      case 'cat-manifest':
      case 'image list':
      case 'image cat-manifest':
      case 'app list':
      case 'app status':
        queryCommand(this, inv, path);
        return;
      case 'fetch':
      case 'image fetch':
        fetchCommand(this, inv);
        return;
      case 'trust':
        trustCommand(this, inv);
        return;
      case 'run':
        runCommand(this, inv, false);
        return;
      case 'app sandbox':
        runCommand(this, inv, true);
        return;
      case 'app add':
      case 'app start':
      case 'app stop':
      case 'app rm':
        appCommand(this, inv, inv.cmd.path[1] as 'add' | 'start' | 'stop' | 'rm');
        return;
      case 'stop':
        stopCommand(this, inv);
        return;
      case 'rm':
        rmCommand(this, inv);
        return;
      case 'gc':
        gcCommand(this, inv);
        return;
      case 'enter':
        enterCommand(this, inv);
        return;
      default:
        inv.out.err(`"rkt ${path}" is not simulated yet in this release of kube-anatomy`);
        this.finish(inv, 254, inv.cause);
    }
  }

  /** Plays a plan of rkt steps as spans (each span says its stage and the pod's process). */
  play(inv: Pick<Invocation, 'proc' | 'ref'>, steps: readonly RktStep[], cause: number, then: (seq: number) => void, pod?: RktPod): void {
    const planned = steps.map((s) => ({ op: s.op, dur: s.dur, attrs: { ...s.attrs, stage: s.stage, pid: inv.proc.pid, ...(pod ? { pod: pod.uuid, flavour: pod.flavour } : {}) } }));
    playSteps(this.sim, this.id, planned, cause, pod?.ref ?? inv.ref, then);
  }

  /** The process ends: its output goes back to whoever exec'd it. */
  finish(inv: Invocation, exitCode: number, cause: number): void {
    if (inv.ended) return;
    inv.ended = true;
    this.state.reap(inv.proc.pid);
    const payload: RktExit = { exitCode, stdout: inv.out.stdout, stderr: inv.out.stderr };
    this.sim.network.send(this.id, inv.msg.from, 'exit', { replyTo: inv.msg.id, cause, payload, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { pid: inv.proc.pid, exitCode, ...(inv.msg.payload.unit ? { unit: inv.msg.payload.unit } : {}) } });
  }

  /** A pod that keeps running is up: READY=1 for systemd, the prompt back for a terminal. */
  ready(inv: Invocation, uuid: string, cause: number): void {
    this.sim.network.send(this.id, inv.msg.from, 'ready', { replyTo: inv.msg.id, cause, payload: { uuid, stdout: inv.out.stdout, stderr: inv.out.stderr }, ...(inv.ref ? { ref: inv.ref } : {}), attrs: { pid: inv.proc.pid, uuid, notify: 'READY=1' } });
  }

  /** A listener told of every change of a pod's or app's state (rktlet relays it to the kubelet's PLEG). */
  onRuntimeChange(listener: (cause: number) => void): void {
    this.changeListeners.push(listener);
  }

  notifyChange(cause: number): void {
    for (const l of this.changeListeners) l(cause);
  }

  /** `ip netns list` on this host: the namespaces rkt's pods created (/var/run/netns), newest first. */
  netnsList(): { name: string; path: string; nsid?: number }[] {
    return this.state
      .allPods()
      .filter((p) => p.net?.netns && p.machine.state !== 'deleted')
      .map((p) => ({ name: p.net?.netns as string, path: `${NETNS_DIR}/${p.net?.netns ?? ''}`, ...(p.net?.nsid !== undefined ? { nsid: p.net.nsid } : {}) }))
      .reverse();
  }

  /** What a connection from the host to `ip:port` meets: a running app of the pod with that IP that listens there. */
  answerConnection(ip: string, port: number, path?: string): { status: number } | { refused: true } | { notHttp: true } {
    const pod = this.state.allPods().find((p) => p.net?.ip === ip && p.machine.state === 'running');
    if (!pod) return { refused: true };
    const running = [...pod.apps.values()].flatMap((app) => (app.plan && app.startedAt !== undefined && app.exitCode === undefined ? [{ plan: app.plan, at: this.unixNow() - app.startedAt }] : []));
    return podConnectionAnswer(running, port, path);
  }

  /** The flavour of a host's stage1 default for rkt run without --stage1-name. */
  static readonly defaultFlavour: Stage1Flavour = 'coreos';
}
