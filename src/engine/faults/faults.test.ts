import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario, type RunResult } from '../scenario/runner.ts';
import { FAULT_TYPES, FAULTS } from './index.ts';

/** The faults of issue 6 through the engine: a scenario with the fault step, and what the cluster does. */

const pod = (extra = ''): string => `
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: nginx
            image: nginx:1.27${extra}`;

function run(faultLines: string[], opts: { podExtra?: string; after?: string[]; etcd?: number; runtime?: string } = {}): RunResult {
  const text = [
    'cluster:',
    ...(opts.etcd ? ['  etcd:', `    members: ${opts.etcd}`] : []),
    '  nodes:',
    '    - name: node-1',
    ...(opts.runtime ? [`      runtime: ${opts.runtime}`] : []),
    'steps:',
    '  - run: kubectl apply -f -',
    '    stdin: |',
    ...pod(opts.podExtra).split('\n').slice(1).map((l) => `  ${l}`),
    '  - until: settled',
    ...faultLines,
    ...(opts.after ?? ['  - wait: 20s', '  - run: kubectl get pod web -o json']),
    '',
  ].join('\n');
  return runScenario(parseScenario(text, 'faults.scenario.yaml'));
}

const podJson = (r: RunResult): { status: { containerStatuses: { restartCount: number; lastState: { terminated?: { reason: string; exitCode: number } }; state: Record<string, unknown> }[] } } => {
  const out = r.outputs.find((o) => o.command === 'kubectl get pod web -o json');
  return JSON.parse(out?.stdout ?? '{}');
};
const reasons = (r: RunResult): string[] => r.events.filter((e) => e.kind === 'event').map((e) => String(e.attrs?.['reason']));
const find = (r: RunResult, pred: (e: TraceEvent) => boolean): TraceEvent | undefined => r.events.find(pred);

describe('fault types', () => {
  it('runs every type the scenario format names', () => {
    expect([...FAULTS].sort()).toEqual([...FAULT_TYPES].sort());
  });
});

describe('container-kill', () => {
  const r = run(['  - fault: {type: container-kill, node: node-1, pod: web}']);

  it('kills the init with SIGKILL from the host: exit 137, restarted, lastState Error', () => {
    const kill = find(r, (e) => e.kind === 'span' && e.op === 'kill' && e.attrs?.['proc'] === 'kill');
    expect(kill?.actor).toBe('terminal/node-1');
    expect(kill?.attrs?.['syscall']).toMatch(/^kill\(\d+, SIGKILL\)$/);
    expect(find(r, (e) => e.op === 'TaskExit' && e.attrs?.['exitStatus'] === 137)).toBeDefined();
    const status = podJson(r).status.containerStatuses[0];
    expect(status?.restartCount).toBe(1);
    expect(status?.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 137 });
    expect(Object.keys(status?.state ?? {})).toEqual(['running']);
  });

  it('records no Killing Event: the kubelet did not stop it; it creates and starts it again', () => {
    expect(reasons(r)).not.toContain('Killing');
    expect(reasons(r).filter((x) => x === 'Started')).toHaveLength(2);
  });

  it('is deterministic', () => {
    const again = run(['  - fault: {type: container-kill, node: node-1, pod: web}']);
    expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(r.header, r.events));
  });

  it('says which pods run there when the pod is not found', () => {
    expect(() => run(['  - fault: {type: container-kill, node: node-1, pod: nope}'])).toThrow('container-kill: no running container of pod default/nope on node-1 (running there: default/web)');
  });
});

describe('memory-exhaust', () => {
  it('with a limit: the memory cgroup OOM kill, TaskOOM, reason OOMKilled, restarted', () => {
    const r = run(['  - fault: {type: memory-exhaust, node: node-1, pod: web}'], { podExtra: '\n            resources:\n              limits:\n                memory: 64Mi' });
    const log = find(r, (e) => e.kind === 'log' && e.attrs?.['logger'] === 'kernel' && String(e.attrs?.['message']).includes('Killed process'));
    expect(String(log?.attrs?.['message'])).toMatch(/^Memory cgroup out of memory: Killed process \d+ \(\S+\) total-vm:\d+kB, anon-rss:65536kB/);
    expect(find(r, (e) => e.op === 'write' && String(e.attrs?.['file']).endsWith('/memory.events'))?.attrs?.['value']).toContain('oom_kill 1');
    expect(find(r, (e) => e.op === 'TaskOOM')).toBeDefined();
    const status = podJson(r).status.containerStatuses[0];
    expect(status?.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(status?.restartCount).toBe(1);
    expect(reasons(r)).not.toContain('SystemOOM');
  });

  it('under CRI-O: conmon\'s OOM watcher writes the bundle\'s oom file; CRI-O reports OOMKilled', () => {
    const r = run(['  - fault: {type: memory-exhaust, node: node-1, pod: web}'], { runtime: 'cri-o+runc', podExtra: '\n            resources:\n              limits:\n                memory: 64Mi' });
    const stat = find(r, (e) => e.actor === 'crio/node-1' && e.op === 'stat' && e.attrs?.['error'] === undefined);
    expect(String(stat?.attrs?.['file'])).toMatch(/\/overlay-containers\/\w+\/userdata\/oom$/);
    const written = find(r, (e) => e.actor === 'conmon/node-1' && e.op === 'write' && e.attrs?.['file'] === stat?.attrs?.['file']);
    expect(written?.t).toBeLessThanOrEqual(stat?.t ?? -1);
    const status = podJson(r).status.containerStatuses[0];
    expect(status?.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(status?.restartCount).toBe(1);
  });

  it('under CRI-O, a plain kill is still Error (no oom file)', () => {
    const r = run(['  - fault: {type: container-kill, node: node-1, pod: web}'], { runtime: 'cri-o+runc' });
    expect(find(r, (e) => e.actor === 'crio/node-1' && e.op === 'stat' && e.attrs?.['error'] === 'ENOENT')).toBeDefined();
    expect(podJson(r).status.containerStatuses[0]?.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 137 });
  });

  it('without a limit: the node runs out; the kubelet records SystemOOM on the Node', () => {
    const r = run(['  - fault: {type: memory-exhaust, node: node-1, pod: web}']);
    const oom = find(r, (e) => e.kind === 'event' && e.attrs?.['reason'] === 'SystemOOM');
    expect(oom?.ref).toMatchObject({ kind: 'Node', name: 'node-1' });
    expect(String(oom?.attrs?.['message'])).toMatch(/^System OOM encountered, victim process: \S+, pid: \d+$/);
    expect(podJson(r).status.containerStatuses[0]?.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });
});

describe('image-pull-fail', () => {
  const steps = (fault: string): string[] => [
    `  - fault: ${fault}`,
    '  - run: kubectl apply -f -',
    '    stdin: |',
    '      {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "other"}, "spec": {"containers": [{"name": "sh", "image": "busybox:1.36", "command": ["sleep", "3600"]}]}}',
    '  - wait: 40s',
    '  - run: kubectl describe pod other',
  ];
  it('not-found: ErrImagePull with containerd\'s words, then ImagePullBackOff', () => {
    const r = run([], { after: steps('{type: image-pull-fail, image: busybox:1.36}') });
    const failed = r.events.filter((e) => e.kind === 'event' && e.attrs?.['reason'] === 'Failed').map((e) => String(e.attrs?.['message']));
    expect(failed[0]).toBe('Failed to pull image "busybox:1.36": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/busybox:1.36": failed to resolve reference "docker.io/library/busybox:1.36": docker.io/library/busybox:1.36: not found');
    expect(failed).toContain('Error: ErrImagePull');
    expect(reasons(r)).toContain('BackOff');
    expect(r.outputs.at(-1)?.stdout).toMatch(/Reason:\s+ImagePullBackOff|Reason:\s+ErrImagePull/);
  });

  it('access-denied from one node: the 401 answer', () => {
    const r = run([], { after: steps('{type: image-pull-fail, node: node-1, reason: access-denied}') });
    const failed = r.events.filter((e) => e.kind === 'event' && e.attrs?.['reason'] === 'Failed').map((e) => String(e.attrs?.['message']));
    expect(failed[0]).toContain('rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/busybox:1.36": failed to resolve reference "docker.io/library/busybox:1.36": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed');
  });
});

describe('etcd-partition / etcd-heal', () => {
  const leaderOf = (r: RunResult, since: number): string[] =>
    r.events.filter((e) => e.kind === 'state' && e.t >= since && e.actor.startsWith('etcd/') && String(e.op).startsWith('leader')).map((e) => e.actor);

  it('the majority elects a new leader; the isolated old leader steps down; heal brings it back as a follower', () => {
    const base = run([], { etcd: 3, after: ['  - wait: 5s'] });
    const leader = [...base.events].reverse().find((e) => e.kind === 'state' && e.actor.startsWith('etcd/') && String(e.op).startsWith('leader'))?.actor ?? '';
    expect(leader).toMatch(/^etcd\/etcd-\d$/);
    const isolated = leader.slice(5);
    const r = run([], { etcd: 3, after: ['  - wait: 5s', `  - fault: {type: etcd-partition, isolate: ${isolated}}`, '  - wait: 10s', '  - run: etcdctl endpoint status -w json', '  - fault: {type: etcd-heal}', '  - wait: 10s'] });
    const cutAt = r.events.find((e) => e.kind === 'log' && e.attrs?.['logger'] === 'rafthttp' && String(e.attrs?.['message']).includes('became inactive'))?.t ?? -1;
    expect(cutAt).toBeGreaterThan(0);
    const newLeaders = leaderOf(r, cutAt);
    expect(newLeaders.length).toBeGreaterThan(0);
    expect(newLeaders).not.toContain(leader);
    // CheckQuorum: the old leader becomes a follower without hearing anyone.
    expect(r.events.some((e) => e.kind === 'state' && e.actor === leader && e.t > cutAt && e.op === 'follower')).toBe(true);
    expect(r.events.some((e) => e.kind === 'log' && String(e.attrs?.['message']).includes('became active'))).toBe(true);
  });

  it('needs a cluster of several members', () => {
    expect(() => run(['  - fault: {type: etcd-partition, isolate: etcd-0}'])).toThrow('needs an etcd cluster of several members');
  });
});
