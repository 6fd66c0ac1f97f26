import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/parse.ts';
import { runScenario } from './scenario/runner.ts';

// examples/crun.scenario.yaml: a containerd+runc node and a containerd+crun node. The shim runs
// its runtime's BinaryName with runc's flags (containerd pkg/process/init.go NewRunc); crun's
// steps are domain/oci/crun-steps.ts (crun 1.8.1, checked by tests/real/crun-strace.test.ts).
const FILE = 'examples/crun.scenario.yaml';
const result = runScenario(parseScenario(readFileSync(FILE, 'utf8'), FILE));
const events = result.events ?? [];
const spans = (actor: string) => events.filter((e) => e.kind === 'span' && e.actor === actor);

describe('a cluster with a containerd+crun node', () => {
  it('runs both pods', () => {
    const pods = result.outputs.find((o) => o.command === 'kubectl get pods -o wide')?.stdout ?? '';
    expect(pods).toMatch(/^web-crun\s+1\/1\s+Running\s.*node-2/m);
    expect(pods).toMatch(/^web-runc\s+1\/1\s+Running\s.*node-1/m);
  });

  it('has containerd on node-2 run crun with the shim\'s flags', () => {
    const calls = events.filter((e) => e.kind === 'message' && e.actor === 'containerd/node-2' && e.to === 'crun/node-2');
    expect(calls.map((e) => e.op).slice(0, 4)).toEqual(['create', 'start', 'create', 'start']);
    expect(String(calls[0]?.attrs?.['argv'])).toMatch(/^crun --root \/run\/containerd\/runc\/k8s\.io --log \S+\/log\.json --log-format json create --bundle /);
    expect(events.some((e) => e.actor === 'runc/node-2' || e.to === 'runc/node-2')).toBe(false);
  });

  it('plays crun\'s own steps on node-2 and runc\'s on node-1', () => {
    const crun = spans('crun/node-2').map((e) => e.op);
    const runc = spans('runc/node-1').map((e) => e.op);
    expect(crun).toContain('pivot_root');
    expect(crun).not.toContain('nsexec stage-0');
    expect(runc).toContain('nsexec stage-0');
    expect(spans('crun/node-2').find((e) => e.op === 'clone')?.attrs?.['flags']).toBe('CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|SIGCHLD');
  });

  it('stops and deletes the crun containers', () => {
    const ops = events.filter((e) => e.kind === 'message' && e.to === 'crun/node-2').map((e) => e.op);
    expect(ops).toContain('kill');
    expect(ops).toContain('delete');
    expect(result.outputs.at(-1)?.stderr).toBe('No resources found in default namespace.\n');
  });
});
