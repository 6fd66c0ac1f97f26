import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario, type RunResult } from '../../scenario/runner.ts';

/**
 * The node's shell on containerd nodes: runc / crun reading the CRI plugin's state directory
 * (runc 1.1.5 list.go, state.go; crun src/list.c), `ip netns list` over containerd's
 * cni-… namespaces (iproute2 ip/ipnetns.c; containerd pkg/netns), crictl on an rkt node.
 */
function run(steps: string[]): RunResult {
  const text = `seed: 4
cluster:
  nodes:
    - {name: node-1, runtime: containerd+runc}
    - {name: node-2, runtime: containerd+crun}
    - {name: node-3, runtime: rktlet+rkt-coreos}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            nodeSelector: {kubernetes.io/hostname: node-1}
            containers: [{name: nginx, image: "nginx:1.27"}]
  - run: kubectl create deployment other --image=redis:7.4 --replicas=3
  - until: settled
${steps.map((l) => `  - run: ${l}`).join('\n')}
`;
  return runScenario(parseScenario(text, 'terminal.containerd.test.yaml'));
}

const ROOT = '/run/containerd/runc/k8s.io';

function out(r: RunResult, command: string, nth = 0): { exitCode: number; stdout: string; stderr: string } {
  const o = r.outputs.filter((x) => x.command === command)[nth];
  if (!o) throw new Error(`no step ${command}`);
  return o;
}

describe('runc on a containerd node', () => {
  const r = run([`ssh node-1 runc list`, `ssh node-1 runc --root ${ROOT} list`, `ssh node-1 runc --root ${ROOT} list -q`, 'ssh node-1 crictl ps -q --no-trunc', 'ssh node-1 runc state nope']);

  it('plain runc list reads /run/runc, which containerd does not use: only the header', () => {
    expect(out(r, 'ssh node-1 runc list')).toMatchObject({ exitCode: 0, stdout: 'ID          PID         STATUS      BUNDLE      CREATED     OWNER\n', stderr: '' });
  });

  it('--root /run/containerd/runc/k8s.io lists every pause and app container the shim created, running, owned by root', () => {
    const table = out(r, `ssh node-1 runc --root ${ROOT} list`).stdout.trimEnd().split('\n');
    const ids = out(r, `ssh node-1 runc --root ${ROOT} list -q`).stdout.trimEnd().split('\n');
    // Pods on node-1: the three web pods (nodeSelector) and the `other` pods the scheduler put there.
    const apps = out(r, 'ssh node-1 crictl ps -q --no-trunc').stdout.trimEnd().split('\n');
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(ids).toEqual([...ids].sort());
    for (const id of apps) expect(ids).toContain(id);
    expect(table).toHaveLength(ids.length + 1);
    for (const row of table.slice(1)) expect(row).toMatch(/^[0-9a-f]{64} {3}\d+ +running +\/run\/containerd\/io\.containerd\.runtime\.v2\.task\/k8s\.io\/[0-9a-f]{64} {3}\d{4}-\d\d-\d\dT[\d:.]+Z +root$/);
  });

  it('runc state of a container that is not there: "container does not exist" through logrus, exit 1', () => {
    expect(out(r, 'ssh node-1 runc state nope')).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringMatching(/^time="[\dT:-]+Z" level=error msg="container does not exist"\n$/) as unknown as string });
  });
});

describe('runc state of a listed container; crun on a containerd+crun node', () => {
  const first = run([`ssh node-1 runc --root ${ROOT} list -q`]);
  const id = out(first, `ssh node-1 runc --root ${ROOT} list -q`).stdout.split('\n')[0] ?? '';
  const r = run([`ssh node-1 runc --root ${ROOT} state ${id}`, `ssh node-2 crun --root ${ROOT} list`, 'ssh node-2 crun list', 'ssh node-2 runc list', 'ssh node-2 crictl pods -q --no-trunc']);

  it('prints the state JSON with the CRI annotations, sorted as encoding/json sorts map keys', () => {
    const state = JSON.parse(out(r, `ssh node-1 runc --root ${ROOT} state ${id}`).stdout) as { id: string; status: string; bundle: string; annotations: Record<string, string>; owner: string };
    expect(state).toMatchObject({ id, status: 'running', bundle: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`, owner: '' });
    const keys = Object.keys(state.annotations);
    expect(keys).toContain('io.kubernetes.cri.sandbox-id');
    expect(keys).toEqual([...keys].sort());
  });

  it("crun lists the same root with its own columns; its default /run/crun is empty; runc is not on a crun node", () => {
    const lines = out(r, `ssh node-2 crun --root ${ROOT} list`).stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME                          PID       STATUS    BUNDLE PATH');
    const sandboxes = out(r, 'ssh node-2 crictl pods -q --no-trunc').stdout.trimEnd().split('\n');
    for (const sb of sandboxes) expect(lines.some((l) => l.startsWith(sb))).toBe(true);
    expect(out(r, 'ssh node-2 crun list').stdout).toBe('NAME                          PID       STATUS    BUNDLE PATH\n');
    expect(out(r, 'ssh node-2 runc list')).toMatchObject({ exitCode: 127, stderr: 'bash: runc: command not found\n' });
  });
});

describe('ip netns list on a containerd node (iproute2 ip/ipnetns.c; containerd pkg/netns; net_namespace.c peernet2id_alloc)', () => {
  const text = `seed: 4
cluster:
  nodes:
    - {name: node-1, runtime: containerd+runc}
steps:
  - run: kubectl create deployment web --image=nginx:1.27 --replicas=3
  - until: settled
  - run: ssh node-1 ip netns list
  - run: kubectl scale deployment web --replicas=2
  - until: settled
  - run: ssh node-1 ip netns list
  - run: kubectl scale deployment web --replicas=4
  - until: settled
  - run: ssh node-1 ip netns list
`;
  const r = runScenario(parseScenario(text, 'netns.test.yaml'));
  const lists = r.outputs.filter((o) => o.command === 'ssh node-1 ip netns list').map((o) => o.stdout.trimEnd().split('\n'));
  const idOf = (line: string): number => Number(/\(id: (\d+)\)$/.exec(line)?.[1]);
  const nameOf = (line: string): string => line.split(' ')[0] ?? '';

  it('one cni-<16 random bytes> namespace per pod sandbox, newest first, with the ids the host gave them in order (0, 1, 2)', () => {
    const first = lists[0] ?? [];
    for (const l of first) expect(l).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} \(id: \d\)$/);
    expect(first.map(idOf)).toEqual([2, 1, 0]);
  });

  it('a namespace goes with its sandbox (StopPodSandbox); its id is freed, the next new one takes it, the others keep theirs', () => {
    const [first = [], second = [], third = []] = lists;
    expect(second).toHaveLength(2);
    const gone = first.find((l) => !second.includes(l)) ?? '';
    expect(third.map(nameOf)).not.toContain(nameOf(gone));
    for (const l of second) expect(third).toContain(l);
    const added = third.filter((l) => !second.includes(l));
    expect(added.map(idOf).sort()).toEqual([idOf(gone), 3].sort());
    // The newest two are on top, the one made first of them took the freed id.
    expect(third.slice(0, 2)).toEqual(added);
    expect(idOf(added[1] ?? '')).toBe(idOf(gone));
  });
});

describe('crictl on an rkt node dials rktlet (rktlet listens on /var/run/rktlet.sock)', () => {
  const r = run(['ssh node-3 crictl -r unix:///var/run/rktlet.sock pods', 'ssh node-3 crictl pods']);

  it('lists the sandboxes rktlet answers; the default endpoint (containerd\'s socket) is not there', () => {
    expect(out(r, 'ssh node-3 crictl -r unix:///var/run/rktlet.sock pods')).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^POD ID +CREATED +STATE +NAME/) as unknown as string });
    expect(out(r, 'ssh node-3 crictl pods')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('dial unix /run/containerd/containerd.sock: connect: no such file or directory') as unknown as string });
  });
});
