import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';
import type { TraceEvent } from '../../../trace/schema.ts';

// examples/crio.scenario.yaml: a Deployment on a cri-o+runc node and one on a cri-o+crun node.
// The order follows cri-o server/sandbox_run_linux.go, server/container_create_linux.go,
// server/container_start.go, internal/oci/runtime_oci.go and containers/conmon src/conmon.c.
const FILE = 'examples/crio.scenario.yaml';
const run = () => runScenario(parseScenario(readFileSync(FILE, 'utf8'), FILE));
const result = run();
const events: TraceEvent[] = result.events ?? [];
const out = (cmd: string) => result.outputs.find((o) => o.command === cmd)?.stdout ?? '';
const messages = events.filter((e) => e.kind === 'message');
const idx = (pred: (e: TraceEvent) => boolean) => events.findIndex(pred);

describe('CRI-O nodes', () => {
  it('run both Deployments and report cri-o as the node runtime', () => {
    expect(out('kubectl get pods -o wide')).toMatch(/^web-runc-\S+\s+1\/1\s+Running\s.*node-1/m);
    expect(out('kubectl get pods -o wide')).toMatch(/^web-crun-\S+\s+1\/1\s+Running\s.*node-2/m);
    expect(out('kubectl get nodes -o wide')).toMatch(/node-1 .*cri-o:\/\/1\.34\.1/);
    const last = result.outputs.find((o) => o.command === 'kubectl get pods');
    expect(`${last?.stdout ?? ''}${last?.stderr ?? ''}`).toBe('No resources found in default namespace.\n');
  });

  // cri-o server/sandbox_run_linux.go: hostname, resolv.conf and shm live in the sandbox's RunDir.
  it('bind-mount the sandbox\'s hostname, resolv.conf and shm from CRI-O\'s run dir, nothing of containerd\'s', () => {
    const binds = events.filter((e) => e.kind === 'span' && e.actor === 'runc/node-1' && e.op === 'mount' && e.attrs?.['fstype'] === 'bind');
    const sourceOf = (dest: string) => binds.find((e) => String(e.attrs?.['target']).endsWith(`/rootfs${dest}`))?.attrs?.['source'];
    for (const f of ['hostname', 'resolv.conf', 'shm']) expect(sourceOf(f === 'shm' ? '/dev/shm' : `/etc/${f}`)).toMatch(new RegExp(`^/run/containers/storage/overlay-containers/[0-9a-f]{64}/userdata/${f.replace('.', '\\.')}$`));
    expect(binds.some((e) => String(e.attrs?.['source']).includes('containerd'))).toBe(false);
  });

  it('dial crio.sock with crictl', () => {
    expect(out('ssh node-2 crictl --runtime-endpoint unix:///var/run/crio/crio.sock ps')).toMatch(/Running\s+nginx\s+0\s+[0-9a-f]{13}\s+web-crun-/);
    expect(out('ssh node-1 crictl --runtime-endpoint unix:///var/run/crio/crio.sock pods')).toMatch(/Ready\s+web-runc-/);
  });

  it('run RunPodSandbox in CRI-O\'s order: storage, shm, pinns, CNI in the pinned netns, a spoofed infra container', () => {
    const span = (op: string, from = 0) => events.findIndex((e, i) => i >= from && e.kind === 'span' && e.actor === 'crio/node-1' && e.op === op);
    const run0 = idx((e) => e.kind === 'message' && e.to === 'crio/node-1' && e.op === 'RunPodSandbox');
    const order = ['storage create pod sandbox', 'mount', 'execve', 'unshare', 'ADD', 'spoof infra container'].map((op) => span(op, run0));
    expect(order.every((i) => i > run0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const pinns = events[order[2] as number];
    expect(pinns?.attrs?.['argv']).toEqual(['/usr/bin/pinns', '-d', '/var/run', '-f', expect.stringMatching(/^[0-9a-f-]{36}$/), '-i', '-n', '-u']);
    // No pause process: drop_infra_ctr (nothing runs the pause image).
    expect(messages.some((e) => e.to === 'conmon/node-1' && String(e.attrs?.['argv']).includes('k8s_POD_'))).toBe(false);
  });

  it('have conmon run `<runtime> create`, CRI-O run start, and the init wait on exec.fifo in between', () => {
    for (const [node, rt] of [['node-1', 'runc'], ['node-2', 'crun']] as const) {
      const conmon = idx((e) => e.kind === 'message' && e.actor === `crio/${node}` && e.to === `conmon/${node}` && e.op === 'conmon');
      const create = idx((e) => e.kind === 'message' && e.actor === `conmon/${node}` && e.to === `${rt}/${node}` && e.op === 'create');
      const sync = idx((e) => e.kind === 'message' && e.actor === `conmon/${node}` && e.op === 'sync');
      const start = idx((e) => e.kind === 'message' && e.actor === `crio/${node}` && e.to === `${rt}/${node}` && e.op === 'start');
      expect(conmon).toBeGreaterThan(0);
      expect([conmon, create, sync, start]).toEqual([...[conmon, create, sync, start]].sort((a, b) => a - b));
      expect(String(events[create]?.attrs?.['argv'])).toMatch(new RegExp(`^/usr/libexec/crio/${rt} --root=/run/${rt} --systemd-cgroup create --bundle /run/containers/storage/overlay-containers/[0-9a-f]{64}/userdata `));
      const spec = (events[create] as TraceEvent | undefined)?.attrs;
      expect(spec).toBeDefined();
      const fifo = events.findIndex((e, i) => i > create && i < start && e.actor === `${rt}/${node}` && JSON.stringify(e.attrs ?? {}).includes('exec.fifo'));
      expect(fifo).toBeGreaterThan(create);
    }
  });

  it('stop through `<runtime> kill` with the image\'s stop signal, conmon\'s exit file and the inotify watch', () => {
    const kill = messages.find((e) => e.actor === 'crio/node-2' && e.to === 'crun/node-2' && e.op === 'kill');
    expect(String(kill?.attrs?.['argv'])).toMatch(/ kill [0-9a-f]{64} 3$/); // nginx: STOPSIGNAL SIGQUIT
    const exitFile = messages.find((e) => e.actor === 'conmon/node-2' && e.op === 'exit file');
    expect(exitFile?.attrs?.['path']).toMatch(/^\/var\/run\/crio\/exits\/[0-9a-f]{64}$/);
    const exitToConmon = messages.filter((e) => e.actor === 'crun/node-2' && e.op === 'exit');
    expect(exitToConmon.length).toBeGreaterThan(0);
    expect(exitToConmon.every((e) => e.to === 'conmon/node-2')).toBe(true);
    expect(messages.some((e) => e.actor === 'crio/node-2' && e.op === 'delete' && / delete --force /.test(String(e.attrs?.['argv'])))).toBe(true);
  });

  it('write CRI-O\'s log lines in order', () => {
    const lines = events.filter((e) => e.actor === 'crio/node-1' && e.op === 'log').map((e) => String(e.attrs?.['message']));
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const order = [/^Running pod sandbox: default\/web-runc-\S+\/POD$/, /^Adding pod default_web-runc-\S+ to CNI network "crio" \(type=bridge\)$/, /^Ran pod sandbox [0-9a-f]{64} with infra container/, /^Pulling image: nginx:1\.27$/, /^Creating container: default\/web-runc-\S+\/nginx$/, /^Created container [0-9a-f]{64}: /, /^Starting container: [0-9a-f]{64}$/, /^Started container$/, /^Stopping container: /, /^Stopped pod sandbox: /].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const again = run().events ?? [];
    expect(again.length).toBe(events.length);
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
  });
});
