import { tokenize, TokenizeError } from './tokenize.ts';
import type { CommandResult, Kubectl } from './kubectl/client.ts';
import type { Etcdctl } from './etcdctl/client.ts';
import type { NodeTerminal } from './rkt/terminal.ts';

/** The tools a scenario or the console may call, and which of them this release simulates. */
export const SIMULATED_TOOLS = ['kubectl', 'etcdctl', 'ssh', 'rkt', 'ip', 'crictl', 'docker', 'ctr'] as const;

/** Tools that live on the nodes: typed without `ssh <node>`, they run in a shell on the first node. */
const NODE_TOOLS = ['rkt', 'ip', 'crictl', 'docker', 'ctr'];

export interface CommandLineInput {
  stdin?: string;
  files?: Record<string, string>;
  cause: number;
  /**
   * For commands that keep running (`etcdctl watch`): called when the command goes on in a
   * second terminal; `interrupt` stops it as Ctrl-C would and returns what it printed.
   */
  detach?: (interrupt: () => CommandResult) => void;
}

/**
 * Runs one command line as the user typed it: splits it like a shell, dispatches on the tool
 * and reports what it printed and its exit code, as a terminal would show it.
 */
export function runCommandLine(
  line: string,
  deps: { kubectl?: Kubectl; etcdctl: Etcdctl; terminals?: ReadonlyMap<string, NodeTerminal> },
  input: CommandLineInput,
  done: (r: CommandResult) => void,
): void {
  let argv: string[];
  try {
    argv = tokenize(line);
  } catch (err) {
    const message = err instanceof TokenizeError ? err.message : String(err);
    done({ exitCode: 2, stdout: '', stderr: `sh: ${message}\n` });
    return;
  }
  const tool = argv[0] ?? '';
  if (tool === 'etcdctl') {
    deps.etcdctl.execute({ argv: argv.slice(1), cause: input.cause, ...(input.stdin !== undefined ? { stdin: input.stdin } : {}), ...(input.detach ? { detach: input.detach } : {}) }, done);
    return;
  }
  if (tool === 'kubectl') {
    if (!deps.kubectl) {
      // kubectl with no cluster to talk to: no kubeconfig, so it tries localhost:8080.
      done({ exitCode: 1, stdout: '', stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n' });
      return;
    }
    deps.kubectl.execute({ argv: argv.slice(1), cause: input.cause, ...(input.stdin !== undefined ? { stdin: input.stdin } : {}), ...(input.files ? { files: input.files } : {}), ...(input.detach ? { detach: input.detach } : {}) }, done);
    return;
  }
  if (tool === 'ssh' || NODE_TOOLS.includes(tool)) {
    runOnNode(argv, deps.terminals ?? new Map(), input, done);
    return;
  }
  if (tool === '') {
    done({ exitCode: 0, stdout: '', stderr: '' });
    return;
  }
  done({ exitCode: 127, stdout: '', stderr: `${tool}: not simulated yet in this release of kube-anatomy (simulated: ${SIMULATED_TOOLS.join(', ')})\n` });
}

/**
 * `ssh <node> <command…>`: the command runs in a root shell on that node (terminal/<node>), its
 * output coming back as ssh passes it through. An unknown host fails as ssh does (exit 255).
 * `rkt …` and `ip …` typed without ssh run on the first node, as if the user had logged in there.
 */
function runOnNode(argv: string[], terminals: ReadonlyMap<string, NodeTerminal>, input: CommandLineInput, done: (r: CommandResult) => void): void {
  let words = argv;
  let host: string | undefined;
  if (argv[0] === 'ssh') {
    let i = 1;
    while (argv[i]?.startsWith('-')) i++;
    host = argv[i];
    words = argv.slice(i + 1);
    if (host === undefined) {
      done({ exitCode: 255, stdout: '', stderr: 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] destination [command [argument ...]]\n' });
      return;
    }
    host = host.replace(/^[^@]*@/, '');
    if (words.length === 0) {
      done({ exitCode: 255, stdout: '', stderr: `ssh: an interactive session on ${host} is not simulated; give the command to run (ssh ${host} rkt list)\n` });
      return;
    }
  }
  const terminal = host !== undefined ? terminals.get(host) : terminals.values().next().value;
  if (!terminal) {
    done({ exitCode: 255, stdout: '', stderr: host !== undefined ? `ssh: Could not resolve hostname ${host}: Name or service not known\n` : `${argv[0] ?? ''}: the cluster has no nodes to run it on\n` });
    return;
  }
  terminal.run({ argv: words, cause: input.cause, ...(input.stdin !== undefined ? { stdin: input.stdin } : {}), ...(input.detach ? { detach: input.detach } : {}) }, done);
}
