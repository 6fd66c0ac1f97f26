import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

/** A node's shell reached with ssh (run-command.ts, terminal.ts): what a user typing on a node sees. */
function run(lines: string[]): { command: string; exitCode: number; stdout: string; stderr: string }[] {
  const text = `seed: 2
cluster:
  nodes:
    - {name: node-1, runtime: rktlet+rkt-coreos}
    - {name: node-2, runtime: containerd+runc}
steps:
${lines.map((l) => `  - run: ${l}`).join('\n')}
`;
  return runScenario(parseScenario(text, 'terminal.test.yaml')).outputs;
}

describe('ssh <node> <command> (a root shell on the node)', () => {
  const out = run([
    'ssh node-1 rkt list',
    'rkt list',
    'ssh node-2 rkt list',
    'ssh node-2 ip netns list',
    'ssh node-1 sudo -E RKT_EXPERIMENT_APP=true rkt app list x',
    'ssh root@node-1 ip netns',
    'ssh node-1 bogus --x',
  ]);

  it('runs rkt on the node; rkt without ssh runs on the first node', () => {
    expect(out[0]).toMatchObject({ exitCode: 0, stdout: 'UUID\tAPP\tIMAGE NAME\tSTATE\tCREATED\tSTARTED\tNETWORKS\n' });
    expect(out[1]).toMatchObject({ exitCode: 0, stdout: out[0]?.stdout });
  });

  it('answers bash\'s "command not found" for rkt on a containerd node; ip netns there lists containerd\'s (none yet)', () => {
    expect(out[2]).toMatchObject({ exitCode: 127, stderr: 'bash: rkt: command not found\n' });
    expect(out[3]).toMatchObject({ exitCode: 0, stdout: '' });
    expect(out[6]?.exitCode).toBe(127);
  });

  it('takes sudo and VAR=value before the program, and user@host', () => {
    expect(out[4]).toMatchObject({ exitCode: 1, stderr: 'list: error listing apps: no matches found for "x"\n' });
    expect(out[5]).toMatchObject({ exitCode: 0, stdout: '' });
  });
});
