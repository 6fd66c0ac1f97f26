import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { Rkt, RktExit } from '../../components/rkt/rkt.ts';
import { Runc } from '../../components/runc/runc.ts';
import { runIp, type NetnsEntry } from '../ip/ip.ts';
import { PeerNsids } from '../ip/netns-ids.ts';
import { runOciShell } from '../runc/run.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { Crictl } from '../crictl/client.ts';
import { DockerCli } from '../docker/docker.ts';
import { Ctr } from '../ctr/ctr.ts';
import { runKillBuiltin } from '../../faults/kill-builtin.ts';

export interface TerminalInput {
  /** The command line's words, as the shell split them. */
  argv: string[];
  stdin?: string;
  cause: number;
  /** For commands that keep running (`rkt run`): the command goes on in a second terminal. */
  detach?: (interrupt: () => CommandResult) => void;
}

/** Shell variable assignments before the program (`RKT_EXPERIMENT_APP=true rkt app sandbox`). */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** A high-level runtime that holds pod network namespaces under /var/run/netns (containerd: Containerd.networkNamespaces). */
interface NetnsHolder {
  networkNamespaces(): string[];
  onRuntimeChange(listener: (cause: number) => void): void;
}

/** One program typed in the shell: its words after the program's name, the VAR=value assignments before it. */
export interface ProgramCall {
  terminal: NodeTerminal;
  program: string;
  args: string[];
  env: Record<string, string>;
  input: TerminalInput;
  done: (r: CommandResult) => void;
}

/**
 * The programs of a node's shell, by the name typed (a path like /usr/bin/rkt too). A program
 * answers `undefined` when this node does not have it (bash's "command not found" follows).
 * To add one, add a line here and a function below (or in the program's own folder).
 */
const PROGRAMS: Record<string, (call: ProgramCall) => true | undefined> = {
  rkt: (c) => c.terminal.execRkt(c),
  '/usr/bin/rkt': (c) => c.terminal.execRkt(c),
  crictl: (c) => {
    Crictl.on(c.terminal.sim, c.terminal.host).execute({ argv: c.args, cause: c.input.cause }, c.done);
    return true;
  },
  ip: (c) => c.terminal.execIp(c),
  runc: (c) => c.terminal.execOci(c, 'runc'),
  crun: (c) => c.terminal.execOci(c, 'crun'),
  // The docker CLI where dockerd runs, ctr where containerd does (commands/docker, commands/ctr).
  docker: (c) => (c.terminal.sim.network.actor(`dockerd/${c.terminal.host}`) ? (DockerCli.on(c.terminal.sim, c.terminal.host).execute({ argv: c.args, cause: c.input.cause, ...(c.input.detach ? { detach: c.input.detach } : {}) }, c.done), true) : undefined),
  ctr: (c) => (c.terminal.sim.network.actor(`containerd/${c.terminal.host}`) ? (Ctr.on(c.terminal.sim, c.terminal.host).execute({ argv: c.args, cause: c.input.cause, env: c.env }, c.done), true) : undefined),
  // bash's kill builtin (no execve): kill(2) from the host, the path of the container-kill fault (faults/kill-builtin.ts).
  kill: (c) => {
    const r = runKillBuiltin(c.terminal.sim, c.terminal.host, c.args, c.input.cause);
    c.terminal.sim.after(KILL_DUR, () => c.done(r));
    return true;
  },
};

/**
 * terminal/<node>: a root shell on a node (what `ssh node-1 …` reaches). It runs the node's
 * tools (PROGRAMS): `rkt` is exec'd on the host (rkt/<node>), `crictl` dials the runtime's
 * socket, `ip netns list` reads the host's network namespaces, `runc` / `crun` read the state
 * directory of their --root. Like a shell it takes `VAR=value` assignments and `sudo [-E]` in
 * front of the program; nothing is exported by default, so `rkt app` needs RKT_EXPERIMENT_APP=true
 * as in the talk. A program the node does not have is bash's "command not found". `ssh node
 * cmd` gives the command no terminal, so tools print as they do to a pipe (runc's logrus
 * `time="…" level=error msg="…"`).
 */
export class NodeTerminal implements Actor {
  readonly id: string;
  private readonly pending = new Map<number, { done: (r: CommandResult) => void; input: TerminalInput; detached: boolean }>();
  /** The host kernel's ids of the pods' network namespaces (` (id: N)` in ip netns list). */
  private readonly nsids = new PeerNsids();
  private netnsHolder?: NetnsHolder;

  constructor(
    readonly sim: Simulation,
    readonly host: string,
    /** What the host has: the rkt actor's id when rkt is installed. */
    private readonly tools: { rkt?: string; runtime: string },
  ) {
    this.id = `terminal/${host}`;
  }

  /**
   * The high-level runtime whose pods' network namespaces are on this host. The kernel gives a
   * namespace its id when the pod's veth is made, so the ids are kept up to date at every
   * change of the runtime's sandboxes, not only when someone lists them.
   */
  watchNetworkNamespaces(holder: NetnsHolder): void {
    this.netnsHolder = holder;
    holder.onRuntimeChange(() => this.nsids.sync(holder.networkNamespaces()));
  }

  run(input: TerminalInput, done: (r: CommandResult) => void): void {
    const words = [...input.argv];
    const env: Record<string, string> = {};
    // sudo [-E] [VAR=value…] and plain VAR=value prefixes.
    for (;;) {
      const w = words[0];
      if (w === undefined) break;
      if (w === 'sudo') {
        words.shift();
        while (words[0]?.startsWith('-')) words.shift();
        continue;
      }
      if (ASSIGNMENT.test(w)) {
        const i = w.indexOf('=');
        env[w.slice(0, i)] = w.slice(i + 1);
        words.shift();
        continue;
      }
      break;
    }
    const program = words[0];
    if (program === undefined) {
      done({ exitCode: 0, stdout: '', stderr: '' });
      return;
    }
    const handler = Object.hasOwn(PROGRAMS, program) ? PROGRAMS[program] : undefined;
    if (!handler) {
      done({ exitCode: 127, stdout: '', stderr: `${program}: not simulated yet on the node's shell in this release of kube-anatomy (simulated: ${Object.keys(PROGRAMS).filter((p) => !p.startsWith('/')).join(', ')})\n` });
      return;
    }
    if (handler({ terminal: this, program, args: words.slice(1), env, input, done }) === undefined) done(commandNotFound(program));
  }

  /** `rkt …`: exec'd on the host as rkt/<node> (components/rkt prints what rkt prints). */
  execRkt(c: ProgramCall): true | undefined {
    if (!this.tools.rkt) return undefined;
    const { id } = this.sim.network.send(this.id, this.tools.rkt, 'execve', { payload: { argv: ['/usr/bin/rkt', ...c.args], env: c.env, ...(c.input.stdin !== undefined ? { stdin: c.input.stdin } : {}) }, cause: c.input.cause, attrs: { argv: ['rkt', ...c.args].join(' '), ...(Object.keys(c.env).length ? { env: c.env } : {}) } });
    this.pending.set(id, { done: c.done, input: c.input, detached: false });
    return true;
  }

  /** `ip netns list`: the names under /var/run/netns, from rkt's pods or the CRI runtime's sandboxes. */
  execIp(c: ProgramCall): true | undefined {
    const netns = this.hostNetns();
    if (!netns) {
      c.done({ exitCode: 1, stdout: '', stderr: `ip: the network namespaces of ${this.tools.runtime} sandboxes are not simulated yet (ip netns list works on nodes that run containerd, CRI-O or rkt)\n` });
      return true;
    }
    this.answerAfter(c, IP_DUR, '/var/run/netns', runIp(c.args, netns));
    return true;
  }

  /** `runc …` / `crun …`: the low-level runtime's binary reading its state directory (commands/runc). */
  execOci(c: ProgramCall, flavour: 'runc' | 'crun'): true | undefined {
    const actor = this.sim.network.actor(`${flavour}/${this.host}`);
    if (!(actor instanceof Runc)) return undefined;
    const unixMicros = Date.parse(this.sim.timeOrigin) * 1000 + this.sim.now;
    let root = '';
    const r = runOciShell(flavour, c.args, {
      stateDirectory: (dir) => {
        root = dir;
        return actor.stateDirectory(dir);
      },
      unixMicros,
      tty: false,
    });
    this.answerAfter(c, flavour === 'crun' ? CRUN_DUR : RUNC_DUR, root, r);
    return true;
  }

  /** The host's /var/run/netns, newest first; undefined when the node's runtime does not say. */
  private hostNetns(): NetnsEntry[] | undefined {
    if (this.tools.rkt) {
      const rkt = this.sim.network.actor(this.tools.rkt) as Rkt | undefined;
      return (rkt?.netnsList() ?? []).map((n) => ({ name: n.name, ...(n.nsid !== undefined ? { nsid: n.nsid } : {}) }));
    }
    // containerd's cni-… and CRI-O's pinned netns: the node (cluster.ts) names the holder.
    if (!this.netnsHolder) return undefined;
    return this.nsids.entries(this.netnsHolder.networkNamespaces());
  }

  /** The process as a span on the node (what it read), its output when it ends. */
  private answerAfter(c: ProgramCall, dur: number, reads: string, r: CommandResult): void {
    this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'execve', dur, cause: c.input.cause, attrs: { argv: [c.program, ...c.args].join(' '), ...(reads ? { reads } : {}), exitCode: r.exitCode } });
    this.sim.after(dur, () => c.done(r));
  }

  receive(msg: Delivery): void {
    if (msg.replyTo === undefined) return;
    const p = this.pending.get(msg.replyTo);
    if (!p) return;
    if (msg.op === 'ready') {
      // rkt run / app sandbox keep running: the pod is up, the user goes back to the first terminal.
      // An interrupt at the end of the script returns what it printed so far (Ctrl-C: 130).
      const early = msg.payload as { stdout: string; stderr: string };
      p.detached = true;
      p.input.detach?.(() => {
        this.pending.delete(msg.replyTo as number);
        return { exitCode: 130, stdout: early.stdout, stderr: early.stderr };
      });
      return;
    }
    this.pending.delete(msg.replyTo);
    const exit = msg.payload as RktExit;
    p.done({ exitCode: exit.exitCode, stdout: exit.stdout, stderr: exit.stderr });
  }
}

function commandNotFound(program: string): CommandResult {
  return { exitCode: 127, stdout: '', stderr: `bash: ${program}: command not found\n` };
}

/**
 * How long each program runs (estimates): ip reads a directory and asks netlink per entry; runc
 * is a Go binary (runtime start, then one state.json per container); crun is C and starts faster.
 */
const IP_DUR = 2_000;
const RUNC_DUR = 4_000;
const CRUN_DUR = 1_500;
/** A shell builtin: no fork or exec, only the kill(2) calls. */
const KILL_DUR = 200;
