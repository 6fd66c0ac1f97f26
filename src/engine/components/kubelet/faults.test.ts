import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

// A node-down powers the whole machine off (faults.ts): every daemon of the node's runtime
// stops with it, whichever runtime that is, not only containerd's.
function nodeDown(runtime: string): string[] {
  const text = `seed: 3
cluster:
  nodes:
    - name: node-1
      runtime: ${runtime}
steps:
  - until: settled
  - fault: {type: node-down, node: node-1}
  - wait: 1s
`;
  const r = runScenario(parseScenario(text, 'node-down.scenario.yaml'));
  return (r.events ?? []).filter((e) => e.kind === 'state' && e.op === 'powered off').map((e) => e.actor);
}

describe('node-down', () => {
  it('powers off CRI-O, conmon and the OCI runtime on a cri-o node', () => {
    expect(nodeDown('cri-o+crun').sort()).toEqual(['conmon/node-1', 'crio/node-1', 'crun/node-1']);
  });

  it('powers off containerd and runc on a containerd node, never the kubelet or the node shell', () => {
    const off = nodeDown('containerd+runc');
    expect(off).toContain('containerd/node-1');
    expect(off).toContain('runc/node-1');
    expect(off.some((a) => a.startsWith('kubelet/') || a.startsWith('terminal/'))).toBe(false);
  });

  it('powers off rktlet and rkt on an rkt node', () => {
    expect(nodeDown('rktlet+rkt-fly').sort()).toEqual(['rkt/node-1', 'rktlet/node-1']);
  });
});
