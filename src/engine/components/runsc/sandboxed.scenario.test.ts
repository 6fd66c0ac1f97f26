import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

// examples/sandboxed-runtimes.scenario.yaml: a runc node, a runsc node and a kata node. Steps
// follow gvisor runsc/container/container.go, runsc/sandbox/sandbox.go, runsc/boot/controller.go
// and kata-containers src/runtime/virtcontainers/fc.go, containerd-shim-v2/create.go.
const FILE = 'examples/sandboxed-runtimes.scenario.yaml';
const result = runScenario(parseScenario(readFileSync(FILE, 'utf8'), FILE));
const events = result.events ?? [];
const spans = (actor: string) => events.filter((e) => e.kind === 'span' && e.actor === actor);
const procs = (actor: string) => new Set(spans(actor).map((e) => e.attrs?.['proc']));

describe('a cluster with runc, runsc and kata nodes', () => {
  it('runs the three pods', () => {
    const pods = result.outputs.find((o) => o.command === 'kubectl get pods -o wide')?.stdout ?? '';
    expect(pods).toMatch(/^web-runc\s+2\/2\s+Running\s.*node-1/m);
    expect(pods).toMatch(/^web-gvisor\s+2\/2\s+Running\s.*node-2/m);
    expect(pods).toMatch(/^web-kata\s+2\/2\s+Running\s.*node-3/m);
  });

  it('has containerd start the runtime\'s own shim and call it with its own command lines', () => {
    const shims = (node: string) => spans(`containerd/${node}`).filter((e) => e.op === 'start shim').map((e) => String(e.attrs?.['argv']).split(' ')[0]);
    expect(new Set(shims('node-2'))).toEqual(new Set(['/usr/local/bin/containerd-shim-runsc-v1']));
    expect(new Set(shims('node-3'))).toEqual(new Set(['/usr/local/bin/containerd-shim-kata-v2']));
    const create = events.find((e) => e.kind === 'message' && e.to === 'runsc/node-2' && e.op === 'create');
    expect(String(create?.attrs?.['argv'])).toMatch(/^runsc --root=\/run\/containerd\/runsc\/k8s\.io --log=\S+\/log\.json --log-format=json create --bundle \S+ --pid-file \S+\/init\.pid [0-9a-f]{64}$/);
    const kataCreate = events.find((e) => e.kind === 'message' && e.to === 'kata/node-3' && e.op === 'create');
    expect(String(kataCreate?.attrs?.['argv'])).toMatch(/^ttrpc containerd\.task\.v2\.Task\/Create id=/);
  });

  it('shows gVisor\'s layers: one Sentry per pod, a gofer per container, the app on the Sentry', () => {
    const runsc = spans('runsc/node-2');
    for (const p of ['runsc create', 'runsc start', 'runsc-gofer', 'runsc-sandbox', 'Sentry']) expect(procs('runsc/node-2').has(p)).toBe(true);
    expect(runsc.filter((e) => e.op === 'execve' && e.attrs?.['proc'] === 'runsc-sandbox')).toHaveLength(1);
    // pause, nginx, sidecar: three gofers.
    expect(runsc.filter((e) => e.op === 'execve' && e.attrs?.['proc'] === 'runsc-gofer')).toHaveLength(3);
    expect(runsc.find((e) => e.op === 'seccomp' && e.attrs?.['proc'] === 'runsc-sandbox')?.attrs?.['rules']).toBe(68);
    const urpc = runsc.filter((e) => e.op === 'urpc').map((e) => e.attrs?.['method']);
    expect(urpc.slice(0, 6)).toEqual(['Network.CreateLinksAndRoutes', 'containerManager.StartRoot', 'containerManager.CreateSubcontainer', 'containerManager.StartSubcontainer', 'containerManager.CreateSubcontainer', 'containerManager.StartSubcontainer']);
    const appExec = runsc.filter((e) => e.op === 'execve' && e.attrs?.['kernel'] === 'sentry').map((e) => (e.attrs?.['argv'] as string[])[0]);
    expect(appExec).toEqual(['/pause', '/docker-entrypoint.sh', 'sleep']);
    expect(runsc.some((e) => e.op === 'execve' && e.attrs?.['proc'] === 'runc:[2:INIT]')).toBe(false);
  });

  it('shows Kata\'s layers: Firecracker, the guest kernel, the agent and its RPCs', () => {
    const kata = spans('kata/node-3');
    const fc = kata.find((e) => e.op === 'execve' && e.attrs?.['proc'] === 'firecracker');
    expect(fc?.attrs?.['argv']).toEqual(['/opt/kata/bin/firecracker', '--api-sock', expect.stringMatching(/^\/run\/vc\/firecracker\/[0-9a-f]{32}\/root\/run\/firecracker\.socket$/), '--config-file', expect.stringMatching(/\/root\/fcConfig\.json$/)]);
    const config = kata.find((e) => e.op === 'write' && e.attrs?.['config'])?.attrs?.['config'] as Record<string, Record<string, unknown>>;
    expect(config['machine-config']).toEqual({ vcpu_count: 1, mem_size_mib: 2048, smt: false });
    expect(kata.some((e) => e.op === 'guest kernel boot' && e.attrs?.['kernel'] === 'guest')).toBe(true);
    const rpcs = kata.filter((e) => e.op.startsWith('grpc.AgentService/')).map((e) => e.op.slice('grpc.AgentService/'.length));
    expect(rpcs.slice(0, 7)).toEqual(['CreateSandbox', 'CreateContainer', 'StartContainer', 'CreateContainer', 'StartContainer', 'CreateContainer', 'StartContainer']);
    expect(rpcs).toContain('DestroySandbox');
    // Every container reports the VMM's pid.
    const pids = events.filter((e) => e.kind === 'message' && e.actor === 'kata/node-3' && e.op === 'exit status 0' && typeof e.attrs?.['pid'] === 'number').map((e) => e.attrs?.['pid']);
    expect(new Set(pids)).toEqual(new Set([fc?.attrs?.['pid']]));
  });

  it('stops and deletes everything', () => {
    expect(result.outputs.at(-1)?.stderr).toBe('No resources found in default namespace.\n');
    expect(spans('runsc/node-2').some((e) => e.op === 'exit_group' && e.attrs?.['proc'] === 'runsc-sandbox')).toBe(true);
    expect(spans('kata/node-3').some((e) => e.op === 'exit_group' && e.attrs?.['proc'] === 'firecracker')).toBe(true);
  });
});
