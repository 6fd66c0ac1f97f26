import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { Rkt, RktExit } from '../../components/rkt/rkt.ts';
import { runIp } from '../ip/ip.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { Crictl } from '../crictl/client.ts';

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

/**
 * terminal/<node>: a root shell on a node (what `ssh node-1 …` reaches). It runs the node's
 * tools: `rkt` is exec'd on the host (rkt/<node>), `ip netns list` reads the host's network
 * namespaces. Like a shell it takes `VAR=value` assignments and `sudo [-E]` in front of the
 * program; nothing is exported by default, so `rkt app` needs RKT_EXPERIMENT_APP=true as in the
 * talk. A program the node does not have is bash's "command not found".
 */
export class NodeTerminal implements Actor {
  readonly id: string;
  private readonly pending = new Map<number, { done: (r: CommandResult) => void; input: TerminalInput; detached: boolean }>();

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    /** What the host has: the rkt actor's id when rkt is installed. */
    private readonly tools: { rkt?: string; runtime: string },
  ) {
    this.id = `terminal/${host}`;
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
    if (program === 'rkt' || program === '/usr/bin/rkt') {
      if (!this.tools.rkt) {
        done({ exitCode: 127, stdout: '', stderr: `bash: ${program}: command not found\n` });
        return;
      }
      const { id } = this.sim.network.send(this.id, this.tools.rkt, 'execve', { payload: { argv: ['/usr/bin/rkt', ...words.slice(1)], env, ...(input.stdin !== undefined ? { stdin: input.stdin } : {}) }, cause: input.cause, attrs: { argv: ['rkt', ...words.slice(1)].join(' '), ...(Object.keys(env).length ? { env } : {}) } });
      this.pending.set(id, { done, input, detached: false });
      return;
    }
    if (program === 'crictl') return Crictl.on(this.sim, this.host).execute({ argv: words.slice(1), cause: input.cause }, done);
    if (program === 'ip') {
      const rkt = this.tools.rkt ? (this.sim.network.actor(this.tools.rkt) as Rkt | undefined) : undefined;
      if (!rkt && !this.tools.runtime.startsWith('rktlet')) {
        done({ exitCode: 1, stdout: '', stderr: `ip: the network namespaces of ${this.tools.runtime} sandboxes are not simulated yet (ip netns list works on nodes that run rkt)\n` });
        return;
      }
      const r = runIp(words.slice(1), (rkt?.netnsList() ?? []).map((n) => ({ name: n.name, ...(n.nsid !== undefined ? { nsid: n.nsid } : {}) })));
      this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'execve', dur: 2_000, cause: input.cause, attrs: { argv: words.join(' '), reads: '/var/run/netns' } });
      this.sim.after(2_000, () => done(r));
      return;
    }
    done({ exitCode: 127, stdout: '', stderr: `${program}: not simulated yet on the node's shell in this release of kube-anatomy (simulated: rkt, ip netns list)\n` });
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
