import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectManifestFiles, parseScenario } from './parse.ts';
import { DEFAULT_SETTLE_HORIZON, DEFAULT_TIME_ORIGIN, ScenarioError } from './types.ts';

const FILE = 'examples/x.scenario.yaml';

/** The error parseScenario throws for a text, as `file:line:col: problem`. */
function errorOf(text: string): string {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

/** Builds a scenario text from lines, so line numbers in the tests are easy to read. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('parseScenario: defaults and the example', () => {
  it('fills in seed, time origin and the default cluster', () => {
    const s = parseScenario(yaml('steps:', '  - run: kubectl get pods'), FILE);
    expect(s.seed).toBe(1);
    expect(s.timeOrigin).toBe(DEFAULT_TIME_ORIGIN);
    expect(s.cluster).toEqual({
      controlPlane: 'control-plane',
      nodes: [
        { name: 'node-1', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], runtime: 'containerd+runc', line: 0 },
        { name: 'node-2', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], runtime: 'containerd+runc', line: 0 },
      ],
    });
    expect(s.objects).toEqual([]);
    expect(s.steps).toEqual([{ type: 'run', line: 2, command: 'kubectl get pods' }]);
  });

  it('parses examples/hello-deployment.scenario.yaml', () => {
    const text = readFileSync(new URL('../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');
    const s = parseScenario(text, 'examples/hello-deployment.scenario.yaml');
    expect(s.seed).toBe(1);
    expect(s.cluster.nodes.map((n) => [n.name, n.runtime])).toEqual([
      ['node-1', 'containerd+runc'],
      ['node-2', 'containerd+runc'],
    ]);
    expect(s.steps.map((st) => (st.type === 'run' ? st.command : st.type))).toEqual([
      'kubectl apply -f -',
      'until',
      'kubectl get deployments',
      'kubectl get replicasets',
      'kubectl get pods -o wide',
      'kubectl get events',
    ]);
    const apply = s.steps[0];
    expect(apply?.type === 'run' && apply.stdin).toContain('image: nginx:1.27');
    expect(s.steps[1]).toMatchObject({ type: 'until', condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON });
  });

  it('reads every kind of step and the full node spec', () => {
    const s = parseScenario(
      yaml(
        'seed: 7',
        'timeOrigin: 2025-06-01T00:00:00Z',
        'cluster:',
        '  controlPlane: cp',
        '  nodes:',
        '    - name: node-a',
        '      cpu: 500m',
        '      memory: 512Mi',
        '      pods: 20',
        '      labels: {zone: a, "example.com/gpu": "true"}',
        '      taints: [{key: dedicated, value: db, effect: NoSchedule}]',
        '      runtime: cri-o+crun',
        'steps:',
        '  - wait: 1m30s',
        '  - until: {settled: true, timeout: 5m}',
        '  - fault: {type: node-down, node: node-a, after: 10s}',
        '  - run: "etcdctl get /registry --prefix --keys-only"',
      ),
      FILE,
    );
    expect(s.seed).toBe(7);
    expect(s.timeOrigin).toBe('2025-06-01T00:00:00Z');
    expect(s.cluster).toEqual({
      controlPlane: 'cp',
      nodes: [
        {
          name: 'node-a',
          cpu: '500m',
          memory: '512Mi',
          pods: 20,
          labels: { zone: 'a', 'example.com/gpu': 'true' },
          taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
          runtime: 'cri-o+crun',
          line: 6,
        },
      ],
    });
    expect(s.steps).toEqual([
      { type: 'wait', line: 14, duration: 90_000_000 },
      { type: 'until', line: 15, condition: 'settled', horizon: 300_000_000 },
      { type: 'fault', line: 16, fault: { type: 'node-down', node: 'node-a', after: '10s' } },
      { type: 'run', line: 17, command: 'etcdctl get /registry --prefix --keys-only' },
    ]);
  });

  it('takes objects as a list of manifests or as a multi-document block', () => {
    const asList = parseScenario(
      yaml('objects:', '  - apiVersion: v1', '    kind: Namespace', '    metadata: {name: team}', 'steps: []'),
      FILE,
    );
    expect(asList.objects).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }]);
    const asBlock = parseScenario(
      yaml('objects: |', '  apiVersion: v1', '  kind: Namespace', '  metadata: {name: a}', '  ---', '  apiVersion: v1', '  kind: Namespace', '  metadata: {name: b}'),
      FILE,
    );
    expect(asBlock.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('parseScenario: errors name the place and the reason', () => {
  it('reports bad YAML with the parser position and message', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '   bad: [1, 2'))).toMatch(/^examples\/x\.scenario\.yaml:3:\d+: /);
    expect(errorOf(yaml('seed: 1', 'seed: 2'))).toBe(`${FILE}:2:1: Map keys must be unique`);
  });

  it('refuses an empty file, a non-mapping and a second document', () => {
    expect(errorOf('')).toBe(`${FILE}:1:1: empty scenario: expected a mapping with "steps"`);
    expect(errorOf('# only a comment\n')).toBe(`${FILE}:1:1: empty scenario: expected a mapping with "steps"`);
    expect(errorOf('- run: kubectl get pods\n')).toBe(`${FILE}:1:1: a scenario is a mapping with seed, timeOrigin, cluster, objects, steps; got a list`);
    expect(errorOf(yaml('steps: []', '---', 'steps: []'))).toBe(`${FILE}:3:1: a scenario file holds one YAML document; a second one starts here`);
  });

  it('refuses unknown keys, listing the known ones', () => {
    expect(errorOf(yaml('sed: 1'))).toBe(`${FILE}:1:1: unknown key "sed" (known: seed, timeOrigin, cluster, objects, steps)`);
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '    stdn: x'))).toBe(`${FILE}:3:5: steps[0]: unknown key "stdn" (known: run, wait, until, fault, join, stdin)`);
  });

  it('checks seed and timeOrigin', () => {
    expect(errorOf(yaml('seed: abc'))).toBe(`${FILE}:1:7: "seed" must be a whole number like 7, got "abc"`);
    expect(errorOf(yaml('seed: 1.5'))).toBe(`${FILE}:1:7: "seed" must be a whole number like 7, got number 1.5`);
    expect(errorOf(yaml('timeOrigin: yesterday'))).toBe(`${FILE}:1:13: "timeOrigin" must be an RFC 3339 time like 2026-01-01T09:00:00Z, got "yesterday"`);
  });

  it('names an unknown program at its column', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '  - run: kubctl get pods'))).toBe(
      `${FILE}:3:10: steps[1]: unknown command "kubctl" (known: kubectl, etcdctl, crictl, ctr, runc, rkt, docker, ip, ssh)`,
    );
    // inside quotes the column still points at the word
    expect(errorOf(yaml('steps:', '  - run: "  kubctl get pods"'))).toBe(
      `${FILE}:2:13: steps[0]: unknown command "kubctl" (known: kubectl, etcdctl, crictl, ctr, runc, rkt, docker, ip, ssh)`,
    );
  });

  it('refuses an unknown kubectl subcommand with cobra wording, and a real one that is not simulated', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl frobnicate'))).toBe(`${FILE}:2:18: steps[0]: unknown command "frobnicate" for "kubectl"`);
    expect(errorOf(yaml('steps:', '  - run: kubectl gett pods'))).toBe(
      `${FILE}:2:18: steps[0]: unknown command "gett" for "kubectl" (did you mean "get" or "set"?)`,
    );
    expect(errorOf(yaml('steps:', '  - run: kubectl exec web-1 -- ls'))).toMatch(/^examples\/x\.scenario\.yaml:2:18: steps\[0\]: "kubectl exec" is not simulated by kube-anatomy/);
  });

  it('refuses kubectl flag errors in pflag words', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods -z'))).toBe(`${FILE}:2:10: steps[0]: unknown shorthand flag: 'z' in -z`);
  });

  it('refuses unterminated quotes and shell operators at their column', () => {
    expect(errorOf(yaml('steps:', `  - run: kubectl get pods -l 'app=web`))).toBe(`${FILE}:2:30: steps[0]: unexpected EOF while looking for matching \`''`);
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods | grep web'))).toMatch(
      /^examples\/x\.scenario\.yaml:2:27: steps\[0\]: shell operator "\|" is not supported/,
    );
  });

  it('checks wait, until and step shapes', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '  - run: kubectl get rs', '  - wait: 30'))).toBe(
      `${FILE}:4:11: steps[2]: "wait" must be a duration like 30s, got number 30`,
    );
    expect(errorOf(yaml('steps:', '  - until: done'))).toBe(`${FILE}:2:12: steps[0]: "until" must be "settled" or {settled: true, timeout: 5m}, got "done"`);
    expect(errorOf(yaml('steps:', '  - until: {settled: true, timeout: soon}'))).toBe(`${FILE}:2:37: steps[0]: "timeout" must be a duration like 5m, got "soon"`);
    expect(errorOf(yaml('steps:', '  - kubectl get pods'))).toBe(
      `${FILE}:2:5: steps[0]: a step is a mapping like {run: kubectl get pods} or {wait: 30s}, got "kubectl get pods"`,
    );
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '    wait: 5s'))).toBe(`${FILE}:3:5: steps[0]: a step does one thing; found "run" and "wait"`);
    expect(errorOf(yaml('steps:', '  - stdin: x'))).toBe(`${FILE}:2:5: steps[0]: a step needs one of "run", "wait", "until", "fault", "join"`);
    expect(errorOf(yaml('steps:', '  - wait: 5s', '    stdin: x'))).toBe(`${FILE}:3:5: steps[0]: "stdin" goes with a "run" step`);
  });

  it('checks fault types and the nodes they name', () => {
    expect(errorOf(yaml('steps:', '  - fault: {type: meteor}'))).toBe(
      `${FILE}:2:19: steps[0]: unknown fault type "meteor" (known: kubelet-stop, node-down, container-kill, memory-exhaust, image-pull-fail, etcd-member-stop, etcd-member-start, etcd-partition, etcd-heal)`,
    );
    expect(errorOf(yaml('steps:', '  - fault: {type: node-down, node: node-9}'))).toBe(
      `${FILE}:2:36: steps[0]: fault names node "node-9", which is not in the cluster (nodes: node-1, node-2)`,
    );
  });

  it('needs stdin for -f - and refuses stdin nobody reads', () => {
    expect(errorOf(yaml('steps:', '  - run: kubectl apply -f -'))).toBe(
      `${FILE}:2:10: steps[0]: "kubectl apply -f -" reads standard input: add a "stdin:" block with the manifests`,
    );
    expect(errorOf(yaml('steps:', '  - run: kubectl get pods', '    stdin: hello'))).toBe(
      `${FILE}:3:5: steps[0]: "stdin" is given but "kubectl get" does not read standard input (use -f -)`,
    );
  });

  it('checks manifests in stdin at their line inside the file, worded like kubectl validation', () => {
    const text = yaml(
      'steps:',
      '  - run: kubectl apply -f -',
      '    stdin: |',
      '      apiVersion: v1',
      '      kind: Namespace',
      '      metadata: {name: a}',
      '      ---',
      '      apiVersion: apps/v1',
      '      metadata:',
      '        name: web',
    );
    expect(errorOf(text)).toBe(`${FILE}:8:7: steps[0]: stdin: error validating data: kind not set`);
    expect(errorOf(yaml('steps:', '  - run: kubectl apply -f -', '    stdin: |', '      kind: Pod', '      metadata: {name: x}'))).toBe(
      `${FILE}:4:7: steps[0]: stdin: error validating data: apiVersion not set`,
    );
    expect(errorOf(yaml('steps:', '  - run: kubectl apply -f -', '    stdin: |', '      apiVersion: v1', '      kind: Pod'))).toBe(
      `${FILE}:4:7: steps[0]: stdin: metadata.name: Required value: name is required`,
    );
    // kubectl create accepts generateName
    expect(() =>
      parseScenario(yaml('steps:', '  - run: kubectl create -f -', '    stdin: |', '      apiVersion: v1', '      kind: Pod', '      metadata: {generateName: web-}'), FILE),
    ).not.toThrow();
  });

  it('checks objects at their line', () => {
    expect(errorOf(yaml('objects:', '  - apiVersion: v1', '    metadata: {name: x}'))).toBe(`${FILE}:2:5: objects[0]: error validating data: kind not set`);
    expect(errorOf(yaml('objects:', '  - apiVersion: v1', '    kind: Pod', '    metadata: {generateName: x-}'))).toMatch(
      /^examples\/x\.scenario\.yaml:2:5: objects\[0\]: metadata\.name: Required value: name is required/,
    );
    expect(errorOf(yaml('objects: |', '  apiVersion: v1', '  kind: Namespace', '  metadata: {name: a}', '  ---', '  kind: Namespace'))).toBe(
      `${FILE}:6:3: objects: error validating data: apiVersion not set`,
    );
  });

  it('checks the cluster and its nodes', () => {
    expect(errorOf(yaml('cluster:', '  nodes: []'))).toBe(`${FILE}:2:10: cluster: "nodes" needs at least one node`);
    expect(errorOf(yaml('cluster:', '  nodes:', '    - cpu: "4"'))).toBe(`${FILE}:3:7: cluster.nodes[0]: a node needs a "name"`);
    expect(errorOf(yaml('cluster:', '  nodes:', '    - name: Node_1'))).toMatch(/^examples\/x\.scenario\.yaml:3:13: cluster\.nodes\[0\]: "name" "Node_1" is not a valid node name: a lowercase RFC 1123 subdomain/);
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a}', '    - {name: a}'))).toBe(`${FILE}:4:14: cluster.nodes[1]: node name "a" is used twice`);
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a, cpu: lots}'))).toBe(
      `${FILE}:3:22: cluster.nodes[0]: "cpu" must be a Kubernetes quantity like "4" or "500m", got "lots"`,
    );
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a, runtime: containerd+youki}'))).toMatch(
      /^examples\/x\.scenario\.yaml:3:26: cluster\.nodes\[0\]: unknown runtime "containerd\+youki" \(known: containerd\+runc, /,
    );
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a, labels: {zone: 1}}'))).toBe(
      `${FILE}:3:32: cluster.nodes[0].labels: the value of "zone" must be a string, got number 1 (quote it: "1")`,
    );
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a, taints: [{key: k, effect: Sometimes}]}'))).toBe(
      `${FILE}:3:43: cluster.nodes[0].taints[0]: "effect" must be one of NoSchedule, PreferNoSchedule, NoExecute, got "Sometimes"`,
    );
    expect(errorOf(yaml('cluster:', '  nodes:', '    - {name: a, zone: b}'))).toBe(
      `${FILE}:3:17: cluster.nodes[0]: unknown key "zone" (known: name, cpu, memory, pods, labels, taints, runtime)`,
    );
    expect(errorOf(yaml('cluster:', '  nodes:', '    - name: control-plane'))).toBe(
      `${FILE}:3:13: cluster.nodes: node name "control-plane" is the control-plane host's name; pick another`,
    );
  });
});

describe('collectManifestFiles', () => {
  it('lists the -f paths of kubectl commands with their step and line, not stdin', () => {
    const s = parseScenario(
      yaml(
        'steps:',
        '  - run: kubectl apply -f web.yaml -f manifests/db.yaml,manifests/cache.yaml',
        '  - run: kubectl apply -f -',
        '    stdin: |',
        '      apiVersion: v1',
        '      kind: Namespace',
        '      metadata: {name: a}',
        '  - run: kubectl delete -f web.yaml',
        '  - run: kubectl get pods',
      ),
      FILE,
    );
    expect(collectManifestFiles(s)).toEqual([
      { path: 'web.yaml', step: 0, line: 2 },
      { path: 'manifests/db.yaml', step: 0, line: 2 },
      { path: 'manifests/cache.yaml', step: 0, line: 2 },
      { path: 'web.yaml', step: 2, line: 8 },
    ]);
  });
});

describe('parseScenario: cluster.kubernetes and cluster.etcd', () => {
  it('reads etcd flags by their etcd names', () => {
    const s = parseScenario('cluster:\n  kubernetes: false\n  etcd:\n    name: default\n    initial-advertise-peer-urls: http://127.0.0.1:2380\n    heartbeat-interval: 10\n    election-timeout: 100\n', 'e.yaml');
    expect(s.cluster).toMatchObject({ kubernetes: false, nodes: [], etcd: { name: 'default', initialAdvertisePeerURLs: ['http://127.0.0.1:2380'], heartbeatIntervalMs: 10, electionTimeoutMs: 100 } });
  });

  it('names the line and the flag of a bad etcd setting', () => {
    expect(() => parseScenario('cluster:\n  etcd:\n    election-timout: 100\n', 'e.yaml')).toThrow(/^e\.yaml:3:5: cluster\.etcd: unknown flag "election-timout"/);
    expect(() => parseScenario('cluster:\n  etcd:\n    heartbeat-interval: 500\n', 'e.yaml')).toThrow(/election-timeout should be at least 5 times heartbeat-interval/);
    expect(() => parseScenario('cluster:\n  kubernetes: false\n  nodes: [{name: n1}]\n', 'e.yaml')).toThrow(/"nodes" needs "kubernetes: true"/);
  });
});
