import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario, type RunResult } from '../../scenario/runner.ts';

/**
 * examples/rkt.scenario.yaml reproduces the talk "rkt + Kubernetes" (seeds/000, its blog post):
 * `rkt run` of two apps gives one pod with one network namespace, `rkt app add` on it fails as
 * immutable, `rkt app sandbox` + `rkt app add` works, and rktlet maps each CRI call onto rkt
 * commands. examples/rkt-stage1-flavours.scenario.yaml runs the three stage1 flavours.
 */

function runFile(file: string): RunResult {
  return runScenario(parseScenario(readFileSync(file, 'utf8'), file));
}

function out(r: RunResult, command: string, nth = 0): { stdout: string; stderr: string; exitCode: number } {
  const o = r.outputs.filter((x) => x.command === command)[nth];
  if (!o) throw new Error(`no step ${command}`);
  return o;
}

describe('examples/rkt.scenario.yaml', () => {
  const r = runFile('examples/rkt.scenario.yaml');

  it('rkt run of two images: one pod, one network (default:ip4=172.16.28.2), one network namespace', () => {
    const rows = out(r, 'ssh node-1 rkt list').stdout.split('\n');
    expect(rows[1]).toMatch(/^cbd2c49c\tetcd\tcoreos\.com\/etcd:v3\.1\.7\t+running\t.*\tdefault:ip4=172\.16\.28\.2$/);
    expect(rows[2]).toMatch(/^\t\tredis\tregistry-1\.docker\.io\/library\/redis:4\.0\.6\t/);
    expect(out(r, 'ssh node-1 ip netns list').stdout).toMatch(/^cni-[0-9a-f-]{36} \(id: 0\)\n$/);
  });

  it('rkt app add on it fails as immutable (its manifest says mutable "false")', () => {
    expect(out(r, 'ssh node-1 rkt cat-manifest cbd2c49c').stdout).toContain('"name": "coreos.com/rkt/stage1/mutable",\n\t\t\t"value": "false"');
    expect(out(r, 'ssh node-1 sudo RKT_EXPERIMENT_APP=true rkt app add cbd2c49c docker://redis:4.0.6')).toEqual({ exitCode: 254, stdout: '', stderr: 'add: error adding app to pod: immutable pod\n', step: expect.any(Number), t: expect.any(Number), command: expect.any(String) });
  });

  it('after rkt rm the namespace is gone; stage1-coreos is in the image store', () => {
    expect(out(r, 'ssh node-1 ip netns list', 1).stdout).toBe('');
    expect(out(r, 'ssh node-1 rkt image list', 1).stdout).toMatch(/\tcoreos\.com\/rkt\/stage1-coreos:1\.30\.0\t+211MiB\t/);
  });

  it('rkt app sandbox + rkt app add + rkt app start works', () => {
    expect(out(r, 'ssh node-1 rkt list', 2).stdout.split('\n')[1]).toMatch(/^f44f3396\t-\t-\t+running\t.*default:ip4=172\.16\.28\.2$/);
    for (const c of ['add f44f3396 coreos.com/etcd:v3.1.7', 'start f44f3396 --app=etcd', 'add f44f3396 docker://redis:4.0.6', 'start f44f3396 --app=redis']) {
      expect(out(r, `ssh node-1 sudo RKT_EXPERIMENT_APP=true rkt app ${c}`)).toMatchObject({ exitCode: 0, stderr: '' });
    }
    expect(out(r, 'ssh node-1 sudo RKT_EXPERIMENT_APP=true rkt app list f44f3396').stdout).toBe('NAME\tSTATE\netcd\trunning\nredis\trunning\n');
  });

  it('the Kubernetes pod runs on rktlet: its CRI calls became rkt commands', () => {
    expect(out(r, 'kubectl get pods -o wide').stdout).toMatch(/\ncache\s+2\/2\s+Running\s+0\s+\S+\s+172\.16\.28\.2\s+node-1\s/);
    const rows = out(r, 'ssh node-1 rkt --dir=/var/lib/rktlet/data list').stdout.split('\n');
    expect(rows[1]).toMatch(/\t0-nginx\t/);
    expect(rows[2]).toMatch(/\t0-redis\t/);
    const execs = r.events.filter((e) => e.kind === 'message' && e.actor === 'rktlet/node-1' && e.op === 'execve').map((e) => String(e.attrs?.argv).split(' ').filter((w) => !w.startsWith('--'))[1] ?? '');
    expect(new Set(execs)).toEqual(new Set(['app', 'status', 'image', 'list']));
    expect(out(r, 'kubectl get nodes -o wide').stdout).toContain('rkt://0.1.0');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(runFile('examples/rkt.scenario.yaml').outputs)).toBe(JSON.stringify(r.outputs));
  });
});

describe('examples/rkt-stage1-flavours.scenario.yaml', () => {
  const r = runFile('examples/rkt-stage1-flavours.scenario.yaml');

  it('runs the pods on coreos and kvm, not on fly', () => {
    const pods = out(r, 'kubectl get pods -o wide').stdout;
    expect(pods).toMatch(/\non-coreos\s+1\/1\s+Running\s/);
    expect(pods).toMatch(/\non-kvm\s+1\/1\s+Running\s/);
    expect(pods).toMatch(/\non-fly\s+0\/1\s+ContainerCreating\s/);
  });

  it('coreos has a network namespace, kvm none; by hand fly runs without a network', () => {
    expect(out(r, 'ssh coreos-1 ip netns list').stdout).toMatch(/^cni-/);
    expect(out(r, 'ssh kvm-1 ip netns list').stdout).toBe('');
    expect(out(r, 'ssh fly-1 rkt run --stage1-name=coreos.com/rkt/stage1-fly:1.30.0 coreos.com/etcd:v3.1.7').stderr).toContain('run: can\'t evaluate mounts: missing volume for mountpoint "data-dir"');
    const running = out(r, 'ssh fly-1 rkt list').stdout.split('\n').filter((l) => /\trunning\t/.test(l));
    expect(running).toHaveLength(1);
    expect(running[0]).toMatch(/\trunning\t[^\t]+\t[^\t]+\t$/);
    expect(out(r, 'ssh fly-1 ip netns list').stdout).toBe('');
  });
});
