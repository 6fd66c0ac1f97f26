import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

/**
 * examples/node-commands.scenario.yaml: the pods seen from a containerd node with crictl, runc
 * (runc 1.1.5 list.go, state.go, against the shim's --root) and ip netns list (iproute2
 * ip/ipnetns.c over containerd's pkg/netns namespaces).
 */
const FILE = 'examples/node-commands.scenario.yaml';
const text = readFileSync(FILE, 'utf8');
const r = runScenario(parseScenario(text, FILE));
const out = (prefix: string): { command: string; exitCode: number; stdout: string; stderr: string }[] => r.outputs.filter((o) => o.command.startsWith(prefix));

describe(FILE, () => {
  it('parses and runs to its last step (what `kube-anatomy run` needs to exit 0)', () => {
    expect(r.outputs.at(-1)?.command).toBe('ssh node-2 ip netns list');
  });

  it('every node command succeeds but the one that asks for a container runc does not have', () => {
    for (const o of out('ssh ')) expect({ command: o.command, exitCode: o.exitCode }).toEqual({ command: o.command, exitCode: o.command.endsWith('no-such-container') ? 1 : 0 });
  });

  it('runc state names a container runc lists under the shim\'s root (the id in the file is still the right one)', () => {
    const listed = out('ssh node-1 runc --root /run/containerd/runc/k8s.io list')[0]?.stdout ?? '';
    const state = out('ssh node-1 runc --root /run/containerd/runc/k8s.io state c')[0];
    const id = (state?.command ?? '').split(' ').at(-1) ?? '';
    expect(listed).toContain(id);
    expect(JSON.parse(state?.stdout ?? '{}')).toMatchObject({ id, status: 'running', annotations: { 'io.kubernetes.cri.container-name': 'nginx' } });
  });

  it('plain runc list is empty; ip netns list shows one namespace per sandbox of the node, with its id', () => {
    expect(out('ssh node-1 runc list')[0]?.stdout).toBe('ID          PID         STATUS      BUNDLE      CREATED     OWNER\n');
    const sandboxes = (node: string): number => (r.outputs.find((o) => o.command === 'kubectl get pods -o wide')?.stdout ?? '').split('\n').filter((l) => l.includes(` ${node} `)).length;
    for (const node of ['node-1', 'node-2']) {
      const lines = (out(`ssh ${node} ip netns list`)[0]?.stdout ?? '').trimEnd().split('\n');
      expect(lines).toHaveLength(sandboxes(node));
      expect(lines.map((l) => /\(id: (\d+)\)$/.exec(l)?.[1])).toEqual(lines.map((_, i) => String(lines.length - 1 - i)));
    }
  });
});
