import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario, type RunResult } from '../scenario/runner.ts';
import { parseSigspec } from './kill-builtin.ts';

/**
 * `ssh <node> kill …`: bash's kill builtin in the node's shell, the same kill(2) from the host as
 * the container-kill fault. The pid comes from `runc list` as a user would read it.
 */
const ROOT = '/run/containerd/runc/k8s.io';

function run(runtime: string, steps: string[]): RunResult {
  const text = `seed: 3
cluster:
  nodes:
    - {name: node-1, runtime: ${runtime}}
steps:
  - run: kubectl apply -f -
    stdin: |
      {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}
  - until: settled
${steps.map((l) => `  - run: ${l}`).join('\n')}
`;
  return runScenario(parseScenario(text, 'kill-builtin.test.yaml'));
}

const output = (r: RunResult, command: string) => {
  const o = r.outputs.find((x) => x.command === command);
  if (!o) throw new Error(`no step ${command}`);
  return o;
};

/** The app container's init pid on node-1: `crictl ps -q` names it, `runc list` gives its PID. */
function appPid(runtime: string, root: string, crictl = 'crictl'): number {
  const r = run(runtime, [`ssh node-1 ${crictl} ps -q --no-trunc`, `ssh node-1 runc --root ${root} list`]);
  const id = output(r, `ssh node-1 ${crictl} ps -q --no-trunc`).stdout.trim();
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  const row = output(r, `ssh node-1 runc --root ${root} list`).stdout.split('\n').find((l) => l.startsWith(id));
  const pid = Number(row?.split(/\s+/)[1]);
  expect(pid).toBeGreaterThan(1);
  return pid;
}

const podStatus = (r: RunResult) => JSON.parse(output(r, 'kubectl get pod web -o json').stdout).status.containerStatuses[0];

describe('kill in the node shell', () => {
  const pid = appPid('containerd+runc', ROOT);

  for (const form of [`kill -9 ${pid}`, `kill -KILL ${pid}`, `kill -s KILL ${pid}`, `sudo kill -SIGKILL ${pid}`, `kill -n 9 -- ${pid}`]) {
    it(`${form}: SIGKILL from the host, the init exits 137`, () => {
      const r = run('containerd+runc', [`ssh node-1 ${form}`]);
      expect(output(r, `ssh node-1 ${form}`)).toEqual(expect.objectContaining({ exitCode: 0, stdout: '', stderr: '' }));
      const kill = r.events.find((e) => e.op === 'kill' && e.attrs?.['proc'] === 'kill');
      expect(kill).toMatchObject({ actor: 'terminal/node-1', ref: { kind: 'Pod', name: 'web' }, attrs: { syscall: `kill(${pid}, SIGKILL)`, pid, container: 'nginx' } });
      expect(r.events.some((e) => e.op === 'TaskExit' && e.attrs?.['exitStatus'] === 137)).toBe(true);
    });
  }

  it('restarts the container as the container-kill fault does (same trace from the kill on)', () => {
    const typed = runScenario(parseScenario(`seed: 3
cluster:
  nodes:
    - {name: node-1, runtime: containerd+runc}
steps:
  - run: kubectl apply -f -
    stdin: |
      {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}
  - until: settled
  - run: ssh node-1 kill -9 ${pid}
  - wait: 20s
  - run: kubectl get pod web -o json
`, 'kill.yaml'));
    const status = podStatus(typed);
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 137 });
    expect(Object.keys(status.state)).toEqual(['running']);
    expect(typed.events.filter((e) => e.kind === 'event' && e.attrs?.['reason'] === 'Killing')).toEqual([]);
  });

  it('plain kill is SIGTERM: nginx exits on it (exit 0), restarted per restartPolicy Always', () => {
    const r = run('containerd+runc', [`ssh node-1 kill ${pid}`]);
    expect(r.events.find((e) => e.op === 'kill' && e.attrs?.['proc'] === 'kill')?.attrs?.['syscall']).toBe(`kill(${pid}, SIGTERM)`);
    expect(r.events.some((e) => e.op === 'TaskExit' && e.attrs?.['id'] !== undefined)).toBe(true);
  });

  it("answers bash's messages for a bad pid, a bad signal, a job spec and no pid", () => {
    const r = run('containerd+runc', ['ssh node-1 kill -9 123', `ssh node-1 kill -9 123 ${pid}`, 'ssh node-1 kill -FOO 1', 'ssh node-1 kill abc', 'ssh node-1 kill %1', 'ssh node-1 kill -9', 'ssh node-1 kill -s']);
    expect(output(r, 'ssh node-1 kill -9 123')).toMatchObject({ exitCode: 1, stdout: '', stderr: 'bash: kill: (123) - No such process\n' });
    // The other pid is still killed; the status is 1 for the one that failed.
    expect(output(r, `ssh node-1 kill -9 123 ${pid}`)).toMatchObject({ exitCode: 1, stderr: 'bash: kill: (123) - No such process\n' });
    expect(output(r, 'ssh node-1 kill -FOO 1')).toMatchObject({ exitCode: 1, stderr: 'bash: kill: FOO: invalid signal specification\n' });
    expect(output(r, 'ssh node-1 kill abc')).toMatchObject({ exitCode: 1, stderr: 'bash: kill: abc: arguments must be process or job IDs\n' });
    expect(output(r, 'ssh node-1 kill %1')).toMatchObject({ exitCode: 1, stderr: 'bash: kill: %1: no such job\n' });
    expect(output(r, 'ssh node-1 kill -9')).toMatchObject({ exitCode: 2, stderr: 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n' });
    expect(output(r, 'ssh node-1 kill -s')).toMatchObject({ exitCode: 1, stderr: 'bash: kill: -s: option requires an argument\n' });
    const esrch = r.events.find((e) => e.op === 'kill' && e.attrs?.['pid'] === 123);
    expect(esrch?.attrs).toMatchObject({ syscall: 'kill(123, SIGKILL)', error: 'ESRCH' });
  });

  it('works on a CRI-O node (conmon is the parent)', () => {
    const crioPid = appPid('cri-o+runc', '/run/runc', 'crictl --runtime-endpoint unix:///var/run/crio/crio.sock');
    const r = run('cri-o+runc', [`ssh node-1 kill -9 ${crioPid}`]);
    expect(output(r, `ssh node-1 kill -9 ${crioPid}`)).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.events.some((e) => e.actor === 'conmon/node-1' && e.op === 'waitpid' && e.attrs?.['status'] === 137)).toBe(true);
  });

  it('is deterministic', () => {
    const a = run('containerd+runc', [`ssh node-1 kill -9 ${pid}`]);
    const b = run('containerd+runc', [`ssh node-1 kill -9 ${pid}`]);
    expect(encodeTrace(b.header, b.events)).toBe(encodeTrace(a.header, a.events));
  });
});

describe('parseSigspec', () => {
  it('reads numbers and names with or without SIG, in any case', () => {
    expect([parseSigspec('9'), parseSigspec('KILL'), parseSigspec('sigkill'), parseSigspec('Term'), parseSigspec('0')]).toEqual([9, 9, 9, 15, 0]);
    expect([parseSigspec('FOO'), parseSigspec('65')]).toEqual([undefined, undefined]);
  });
});
