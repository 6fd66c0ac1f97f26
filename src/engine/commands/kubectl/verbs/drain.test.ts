import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../../trace/schema.ts';
import { parseScenario } from '../../../scenario/parse.ts';
import { runScenario, type RunResult, type StepOutput } from '../../../scenario/runner.ts';
import { isKubectlArgsError, parseKubectlArgs } from '../args.ts';

/**
 * `kubectl drain` against the simulated cluster, with the requests, words and exit codes of
 * kubectl 1.34: k8s.io/kubectl/pkg/cmd/drain/drain.go (RunDrain, deleteOrEvictPodsSimple,
 * RunCordonOrUncordon), pkg/drain/drain.go (evictPods, waitForDelete) and filters.go.
 */

function run(yaml: string): RunResult {
  return runScenario(parseScenario(yaml, 'drain.scenario.yaml'));
}

const by = (r: RunResult, command: string, nth = 0): StepOutput => r.outputs.filter((o) => o.command === command)[nth] as StepOutput;

/** kubectl's requests between the start of one step and the next. */
function requestsDuring(r: RunResult, out: StepOutput): { t: number; op: string; attrs: Record<string, unknown> }[] {
  const next = r.outputs[r.outputs.indexOf(out) + 1];
  const end = next ? next.t : Number.POSITIVE_INFINITY;
  return r.events
    .filter((e: TraceEvent) => e.kind === 'message' && e.actor === 'kubectl' && e.t >= out.t && e.t < end)
    .map((e) => ({ t: e.t, op: e.op, attrs: (e.attrs ?? {}) as Record<string, unknown> }));
}

/** Pod names and nodes from `kubectl get pods -o wide`. */
function podsByNode(table: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of table.trim().split('\n').slice(1)) {
    const cells = line.split(/\s+/);
    const name = cells[0] as string;
    const node = cells[6] as string;
    out.set(node, [...(out.get(node) ?? []), name]);
  }
  return out;
}

const WEB = `  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 3
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
  - until: settled
`;

describe('kubectl drain of a node running Deployment pods', () => {
  const r = run(`seed: 3
steps:
${WEB}  - run: kubectl get pods -o wide
  - run: kubectl drain node-2 --ignore-daemonsets
  - run: kubectl get pods -o wide
  - run: kubectl get nodes
  - run: kubectl drain node-2
`);
  const before = podsByNode(by(r, 'kubectl get pods -o wide').stdout);
  const onNode2 = before.get('node-2') ?? [];
  const drain = by(r, 'kubectl drain node-2 --ignore-daemonsets');

  it('spreads the three replicas over both nodes first', () => {
    expect(onNode2.length).toBeGreaterThan(0);
    expect((before.get('node-1') ?? []).length + onNode2.length).toBe(3);
  });

  it('cordons, evicts each pod, waits for it to be gone and says the node is drained', () => {
    expect(drain.exitCode).toBe(0);
    expect(drain.stderr).toBe('');
    const lines = drain.stdout.split('\n');
    const n = onNode2.length;
    expect(lines).toHaveLength(2 * n + 3);
    expect(lines[0]).toBe('node/node-2 cordoned');
    // All evictions start together (one goroutine each), before any pod is gone.
    expect(lines.slice(1, 1 + n).sort()).toEqual(onNode2.map((p) => `evicting pod default/${p}`).sort());
    expect(lines.slice(1 + n, 1 + 2 * n).sort()).toEqual(onNode2.map((p) => `pod/${p} evicted`).sort());
    expect(lines.slice(1 + 2 * n)).toEqual(['node/node-2 drained', '']);
  });

  it('makes the requests kubectl makes: GET node, PATCH, list by spec.nodeName with limit=500, POST eviction, GET per second', () => {
    const reqs = requestsDuring(r, drain);
    expect(reqs[0]?.op).toBe('GET /api/v1/nodes/node-2');
    expect(reqs[1]).toMatchObject({ op: 'PATCH /api/v1/nodes/node-2', attrs: { body: { spec: { unschedulable: true } } } });
    expect(reqs[2]?.attrs).toMatchObject({ method: 'GET', path: '/api/v1/pods', query: { fieldSelector: 'spec.nodeName=node-2', limit: '500' } });
    const evictions = reqs.filter((q) => q.op.endsWith('/eviction'));
    expect(evictions.map((q) => q.attrs.body)).toEqual(expect.arrayContaining(onNode2.map((p) => ({ kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: p, namespace: 'default', creationTimestamp: null }, deleteOptions: {} }))));
    expect(evictions).toHaveLength(onNode2.length);
    for (const p of onNode2) {
      const polls = reqs.filter((q) => q.op === `GET /api/v1/namespaces/default/pods/${p}`).map((q) => q.t);
      expect(polls.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < polls.length; i++) expect((polls[i] as number) - (polls[i - 1] as number)).toBe(1_000_000);
    }
  });

  it('leaves the replacements on node-1 and node-2 SchedulingDisabled', () => {
    const after = podsByNode(by(r, 'kubectl get pods -o wide', 1).stdout);
    expect([...after.keys()]).toEqual(['node-1']);
    expect(after.get('node-1')).toHaveLength(3);
    for (const p of onNode2) expect(after.get('node-1')).not.toContain(p);
    expect(by(r, 'kubectl get nodes').stdout).toMatch(/\nnode-2\s+Ready,SchedulingDisabled\s/);
  });

  it('says "already cordoned" the second time and has nothing left to evict', () => {
    expect(by(r, 'kubectl drain node-2')).toMatchObject({ exitCode: 0, stdout: 'node/node-2 already cordoned\nnode/node-2 drained\n', stderr: '' });
  });
});

const BARE = `  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata:
        name: bare
      spec:
        nodeName: node-2
        containers:
          - name: nginx
            image: nginx:1.27
  - until: settled
`;

describe('kubectl drain of a pod without a controller', () => {
  const r = run(`seed: 3
steps:
${BARE}  - run: kubectl drain node-2
  - run: kubectl drain node-2 --force
  - run: kubectl get pod bare
`);

  it('refuses without --force, with the error as kubectl prints it, exit 1', () => {
    expect(by(r, 'kubectl drain node-2')).toMatchObject({
      exitCode: 1,
      stdout: 'node/node-2 cordoned\n',
      stderr:
        'error: unable to drain node "node-2" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
        'There are pending nodes to be drained:\n node-2\n' +
        'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare\n',
    });
  });

  it('evicts it with --force after a warning, and nothing brings it back', () => {
    expect(by(r, 'kubectl drain node-2 --force')).toMatchObject({
      exitCode: 0,
      stdout: 'node/node-2 already cordoned\nevicting pod default/bare\npod/bare evicted\nnode/node-2 drained\n',
      stderr: 'Warning: deleting Pods that declare no controller: default/bare\n',
    });
    expect(by(r, 'kubectl get pod bare')).toMatchObject({ exitCode: 1, stderr: 'Error from server (NotFound): pods "bare" not found\n' });
  });
});

describe('kubectl drain with local storage, dry run and several errors', () => {
  const r = run(`seed: 3
steps:
${BARE}  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: cache
      spec:
        replicas: 1
        selector:
          matchLabels: {app: cache}
        template:
          metadata:
            labels: {app: cache}
          spec:
            nodeSelector: {kubernetes.io/hostname: node-2}
            volumes:
              - name: scratch
                emptyDir: {}
            containers:
              - name: nginx
                image: nginx:1.27
  - until: settled
  - run: kubectl drain node-2 --force
  - run: kubectl drain node-2 --force --delete-emptydir-data --dry-run=client
`);

  it('refuses emptyDir without --delete-emptydir-data', () => {
    const out = by(r, 'kubectl drain node-2 --force');
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('node/node-2 cordoned\n');
    // The bare pod would only be warned about, but an error ends the node before warnings are printed.
    expect(out.stderr).toMatch(
      /^error: unable to drain node "node-2" due to error: cannot delete Pods with local storage \(use --delete-emptydir-data to override\): default\/cache-[a-z0-9]+-[a-z0-9]{5}, continuing command\.\.\.\nThere are pending nodes to be drained:\n node-2\ncannot delete Pods with local storage \(use --delete-emptydir-data to override\): default\/cache-[a-z0-9]+-[a-z0-9]{5}\n$/,
    );
  });

  it('only says what it would do on a client dry run, and sends no eviction', () => {
    const out = by(r, 'kubectl drain node-2 --force --delete-emptydir-data --dry-run=client');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('Warning: deleting Pods that declare no controller: default/bare\n');
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('node/node-2 already cordoned (dry run)');
    expect(lines.slice(1, 3).sort()).toEqual([expect.stringMatching(/^evicting pod default\/bare \(dry run\)$/), expect.stringMatching(/^evicting pod default\/cache-\S+ \(dry run\)$/)].sort());
    expect(lines.slice(3)).toEqual(['node/node-2 drained (dry run)', '']);
    expect(requestsDuring(r, out).filter((q) => q.attrs.method !== 'GET')).toEqual([]);
  });
});

describe('kubectl drain of DaemonSet-managed and mirror pods', () => {
  const DS = `objects:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
      namespace: kube-system
    spec:
      selector:
        matchLabels: {app: agent}
      template:
        metadata:
          labels: {app: agent}
        spec:
          containers:
            - name: agent
              image: nginx:1.27
`;
  // The DaemonSet's uid is the simulator's to give: read it from a first run of the same
  // cluster (the engine is deterministic), then own a pod by it so the garbage collector keeps it.
  const probe = run(`seed: 3\n${DS}steps:\n  - run: kubectl get ds agent -n kube-system -o json\n`);
  const uid = (JSON.parse(by(probe, 'kubectl get ds agent -n kube-system -o json').stdout) as { metadata: { uid: string } }).metadata.uid;
  const r = run(`seed: 3
${DS}  - apiVersion: v1
    kind: Pod
    metadata:
      name: agent-x7k2p
      namespace: kube-system
      labels: {app: agent}
      ownerReferences:
        - {apiVersion: apps/v1, kind: DaemonSet, name: agent, uid: ${uid}, controller: true, blockOwnerDeletion: true}
    spec:
      nodeName: node-2
      containers:
        - name: agent
          image: nginx:1.27
  - apiVersion: v1
    kind: Pod
    metadata:
      name: etcd-node-2
      namespace: kube-system
      annotations: {kubernetes.io/config.mirror: 3f1c2a}
    spec:
      nodeName: node-2
      containers:
        - name: etcd
          image: nginx:1.27
steps:
  - until: settled
  - run: kubectl drain node-2
  - run: kubectl drain node-2 --ignore-daemonsets
  - run: kubectl get pods -n kube-system
`);

  it('refuses DaemonSet pods without --ignore-daemonsets, after GETting the DaemonSet', () => {
    const out = by(r, 'kubectl drain node-2');
    expect(out).toMatchObject({
      exitCode: 1,
      stdout: 'node/node-2 cordoned\n',
      stderr:
        'error: unable to drain node "node-2" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x7k2p, continuing command...\n' +
        'There are pending nodes to be drained:\n node-2\n' +
        'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x7k2p\n',
    });
    expect(requestsDuring(r, out).map((q) => q.op)).toContain('GET /apis/apps/v1/namespaces/kube-system/daemonsets/agent');
  });

  it('with --ignore-daemonsets warns, leaves both pods and is done at once', () => {
    expect(by(r, 'kubectl drain node-2 --ignore-daemonsets')).toMatchObject({
      exitCode: 0,
      stdout: 'node/node-2 already cordoned\nnode/node-2 drained\n',
      stderr: 'Warning: ignoring DaemonSet-managed Pods: kube-system/agent-x7k2p\n',
    });
    const pods = by(r, 'kubectl get pods -n kube-system').stdout;
    expect(pods).toMatch(/\nagent-x7k2p\s/);
    expect(pods).toMatch(/\netcd-node-2\s/);
  });
});

describe('kubectl drain --timeout', () => {
  const r = run(`seed: 3
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata:
        name: stuck
        finalizers: [example.com/keep]
      spec:
        nodeName: node-2
        containers:
          - name: nginx
            image: nginx:1.27
  - until: settled
  - run: kubectl drain node-2 --force --timeout=3s
  - run: kubectl drain node-2 --force --disable-eviction --timeout=2500ms
  - run: kubectl drain node-2 --force --skip-wait-for-delete-timeout=1
`);

  it('gives up on a pod a finalizer keeps, lists what is left and exits 1', () => {
    const out = by(r, 'kubectl drain node-2 --force --timeout=3s');
    const why = 'error when waiting for pod "stuck" in namespace "default" to terminate: global timeout reached: 3s';
    expect(out).toMatchObject({
      exitCode: 1,
      stdout: 'node/node-2 cordoned\nevicting pod default/stuck\n',
      stderr:
        'Warning: deleting Pods that declare no controller: default/stuck\n' +
        `There are pending pods in node "node-2" when an error occurred: ${why}\npod/stuck\n` +
        `error: unable to drain node "node-2" due to error: ${why}, continuing command...\n` +
        'There are pending nodes to be drained:\n node-2\n' +
        `${why}\n`,
    });
    // The poll after the deadline is the one that notices: the eviction comes a few ms after the start.
    const next = r.outputs[r.outputs.indexOf(out) + 1] as StepOutput;
    expect(next.t - out.t).toBeGreaterThan(3_000_000);
    expect(next.t - out.t).toBeLessThan(4_200_000);
  });

  it('with --disable-eviction, DELETEs and times out as wait.PollImmediate does', () => {
    const out = by(r, 'kubectl drain node-2 --force --disable-eviction --timeout=2500ms');
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('node/node-2 already cordoned\n');
    expect(out.stderr).toBe(
      'There are pending pods in node "node-2" when an error occurred: timed out waiting for the condition\npod/stuck\n' +
        'error: unable to drain node "node-2" due to error: timed out waiting for the condition, continuing command...\n' +
        'There are pending nodes to be drained:\n node-2\n' +
        'error: timed out waiting for the condition\n',
    );
    expect(requestsDuring(r, out).filter((q) => q.attrs.method === 'DELETE')).toMatchObject([{ op: 'DELETE /api/v1/namespaces/default/pods/stuck', attrs: { body: { kind: 'DeleteOptions', apiVersion: 'v1' } } }]);
  });

  it('does not wait for a pod deleted longer ago than --skip-wait-for-delete-timeout', () => {
    expect(by(r, 'kubectl drain node-2 --force --skip-wait-for-delete-timeout=1')).toMatchObject({ exitCode: 0, stdout: 'node/node-2 already cordoned\nnode/node-2 drained\n', stderr: '' });
  });
});

describe('kubectl drain errors before any pod is touched', () => {
  const r = run(`seed: 3
steps:
  - run: kubectl drain node-9
  - run: kubectl drain node-1 --pod-selector='a in'
  - run: kubectl drain node-1 --dry-run=server
`);

  it('stops on a node that does not exist, with the server error', () => {
    const out = by(r, 'kubectl drain node-9');
    expect(out).toMatchObject({ exitCode: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "node-9" not found\n' });
    expect(requestsDuring(r, out).map((q) => q.op)).toEqual(['GET /api/v1/nodes/node-9']);
  });

  it('checks --pod-selector and refuses a server dry run it cannot simulate', () => {
    expect(by(r, "kubectl drain node-1 --pod-selector='a in'")).toMatchObject({ exitCode: 1, stderr: 'error: --pod-selector=<pod_selector> must be a valid label selector\n' });
    expect(by(r, 'kubectl drain node-1 --dry-run=server').exitCode).toBe(1);
  });

  it('refuses a node name together with --selector, as drain.go Complete does', () => {
    const parsed = parseKubectlArgs(['drain', 'node-1', '-l', 'a=b']);
    expect(isKubectlArgsError(parsed) && parsed.error).toBe("error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples");
  });
});

describe('examples/drain.scenario.yaml', () => {
  const text = readFileSync(new URL('../../../../../examples/drain.scenario.yaml', import.meta.url), 'utf8');
  const r = run(text);

  it('is refused without --force, then drains node-2 with a warning', () => {
    expect(by(r, 'kubectl drain node-2 --ignore-daemonsets')).toMatchObject({ exitCode: 1, stdout: 'node/node-2 cordoned\n' });
    const out = by(r, 'kubectl drain node-2 --ignore-daemonsets --force');
    expect(out).toMatchObject({ exitCode: 0, stderr: 'Warning: deleting Pods that declare no controller: default/debug\n' });
    expect(out.stdout).toMatch(/^node\/node-2 already cordoned\n(evicting pod default\/\S+\n)+(pod\/\S+ evicted\n)+node\/node-2 drained\n$/);
    expect(by(r, 'kubectl get pods -o wide', 1).stdout).not.toMatch(/node-2/);
    expect(by(r, 'kubectl get pods -w -o yaml --watch-only').stdout).toMatch(/^apiVersion: v1\nkind: Pod\n[\s\S]*\n---\napiVersion: v1\nkind: Pod\n/);
  });
});
