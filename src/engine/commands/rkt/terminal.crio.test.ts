import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

// `ip netns list` on a CRI-O node (iproute2 ip/ipnetns.c netns_list): the names pinns
// bind-mounted under /var/run/netns (cri-o internal/config/nsmgr/nsmgr_linux.go: one uuid per
// sandbox, shared by its ipcns/utsns), newest first, with the peer ids the host gave them.
describe('ip netns list on a CRI-O node', () => {
  const text = `seed: 4
cluster:
  nodes:
    - {name: node-1, runtime: cri-o+runc}
steps:
  - run: kubectl create deployment web --image=nginx:1.27 --replicas=2
  - until: settled
  - run: ssh node-1 ip netns list
  - run: kubectl scale deployment web --replicas=1
  - until: settled
  - run: ssh node-1 ip netns list
`;
  const r = runScenario(parseScenario(text, 'crio-netns.test.yaml'));
  const lists = r.outputs.filter((o) => o.command === 'ssh node-1 ip netns list').map((o) => ({ ...o, lines: o.stdout.trimEnd().split('\n') }));
  const pinns = (r.events ?? []).filter((e) => e.kind === 'span' && e.actor === 'crio/node-1' && e.op === 'execve' && Array.isArray(e.attrs?.['argv']) && (e.attrs?.['argv'] as string[])[0] === '/usr/bin/pinns');
  const uuidOf = (e: (typeof pinns)[number]): string => {
    const argv = e.attrs?.['argv'] as string[];
    return argv[argv.indexOf('-f') + 1] ?? '';
  };

  it('lists the uuid pinns was given for each sandbox, newest first, with ids 1 and 0', () => {
    const [first] = lists;
    expect(first?.exitCode).toBe(0);
    expect(pinns).toHaveLength(2);
    expect(first?.lines).toEqual([`${uuidOf(pinns[1]!)} (id: 1)`, `${uuidOf(pinns[0]!)} (id: 0)`]);
  });

  it('drops the namespace StopPodSandbox unmounted', () => {
    const [, second] = lists;
    expect(second?.lines).toHaveLength(1);
    expect(lists[0]?.lines).toContain(second?.lines[0]);
  });
});
