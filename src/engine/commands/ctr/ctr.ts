import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { goTabwriter } from '../go-tabwriter.ts';

/**
 * ctr/<host>: containerd's own CLI (containerd 2.1 cmd/ctr), a client of the native API on
 * /run/containerd/containerd.sock. The namespace comes from `-n`/`--namespace` (or
 * CONTAINERD_NAMESPACE), `default` otherwise. Tables are text/tabwriter NewWriter(os.Stdout, 4,
 * 8, 4, ' ', 0) with a tab after every cell, the last one too (cmd/ctr/commands/containers and
 * tasks: "CONTAINER\tIMAGE\tRUNTIME\t", "TASK\tPID\tSTATUS\t"); an image-less container shows "-".
 */
export class Ctr implements Actor {
  readonly id: string;
  private readonly pending = new Map<number, (res: Record<string, unknown>) => void>();

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.id = `ctr/${host}`;
  }

  static on(sim: Simulation, host: string): Ctr {
    const existing = sim.network.actor(`ctr/${host}`);
    if (existing instanceof Ctr) return existing;
    const c = new Ctr(sim, host);
    sim.network.register(c);
    return c;
  }

  receive(msg: Delivery): void {
    if (msg.replyTo === undefined) return;
    const then = this.pending.get(msg.replyTo);
    this.pending.delete(msg.replyTo);
    then?.(msg.payload as Record<string, unknown>);
  }

  execute(input: { argv: string[]; cause: number; env?: Record<string, string> }, done: (r: CommandResult) => void): void {
    let namespace = input.env?.CONTAINERD_NAMESPACE ?? 'default';
    const words: string[] = [];
    for (let i = 0; i < input.argv.length; i++) {
      const w = input.argv[i] as string;
      if (w === '-n' || w === '--namespace') namespace = input.argv[++i] ?? namespace;
      else if (w.startsWith('--namespace=') || w.startsWith('-n=')) namespace = w.slice(w.indexOf('=') + 1);
      else words.push(w);
    }
    const [object, verb] = words;
    const list = verb === 'ls' || verb === 'list';
    const containerd = `containerd/${this.host}`;
    if (!this.sim.network.actor(containerd)) {
      return done({ exitCode: 1, stdout: '', stderr: 'ctr: failed to dial "/run/containerd/containerd.sock": context deadline exceeded: connection error: desc = "transport: error while dialing: dial unix:///run/containerd/containerd.sock: timeout"\n' });
    }
    if ((object === 'containers' || object === 'container' || object === 'c') && list) {
      return this.call(containerd, 'containerd.services.containers.v1.Containers/List', namespace, input.cause, (res) => {
        const rows = ((res.containers ?? []) as { id: string; image: string; runtime: { name: string } }[]).map((c) => `${c.id}\t${c.image || '-'}\t${c.runtime.name}\t`);
        done({ exitCode: 0, stdout: goTabwriter(`${['CONTAINER\tIMAGE\tRUNTIME\t', ...rows].join('\n')}\n`, { minwidth: 4, padding: 4 }), stderr: '' });
      });
    }
    if ((object === 'tasks' || object === 'task' || object === 't') && list) {
      return this.call(containerd, 'containerd.services.tasks.v1.Tasks/List', namespace, input.cause, (res) => {
        const rows = ((res.tasks ?? []) as { id: string; pid: number; status: string }[]).map((t) => `${t.id}\t${t.pid}\t${t.status}\t`);
        done({ exitCode: 0, stdout: goTabwriter(`${['TASK\tPID\tSTATUS\t', ...rows].join('\n')}\n`, { minwidth: 4, padding: 4 }), stderr: '' });
      });
    }
    done({ exitCode: 1, stdout: '', stderr: `ctr: ${object === undefined ? 'a command is required (containers ls, tasks ls)' : `No help topic for '${[object, verb].filter(Boolean).join(' ')}'`}\n` });
  }

  private call(to: string, op: string, namespace: string, cause: number, then: (res: Record<string, unknown>) => void): void {
    const { id } = this.sim.network.send(this.id, to, op, { cause, payload: { namespace }, attrs: { namespace } });
    this.pending.set(id, then);
  }
}
