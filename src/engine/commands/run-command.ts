import { tokenize, TokenizeError } from './tokenize.ts';
import type { CommandResult, Kubectl } from './kubectl/client.ts';
import type { Etcdctl } from './etcdctl/client.ts';

/** The tools a scenario or the console may call, and which of them this release simulates. */
export const SIMULATED_TOOLS = ['kubectl', 'etcdctl'] as const;

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
  deps: { kubectl?: Kubectl; etcdctl: Etcdctl },
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
  if (tool === '') {
    done({ exitCode: 0, stdout: '', stderr: '' });
    return;
  }
  done({ exitCode: 127, stdout: '', stderr: `${tool}: not simulated yet in this release of kube-anatomy (simulated: ${SIMULATED_TOOLS.join(', ')})\n` });
}
