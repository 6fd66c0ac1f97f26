import { describe, expect, it } from 'vitest';
import { compareKeys, formatNumber, scalarStyle, toGoYaml } from './printYaml.ts';
import { printYaml } from './printObjects.ts';

describe('toGoYaml', () => {
  it('prints a Deployment as kubectl get -o yaml does', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        creationTimestamp: '2026-01-01T09:00:17Z',
        generation: 1,
        labels: { app: 'web' },
        name: 'web',
        namespace: 'default',
        resourceVersion: '512',
        uid: '6b1f2c9e-3d4a-4b5c-8d6e-7f8091a2b3c4',
      },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 3,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            containers: [
              {
                image: 'nginx:1.27',
                imagePullPolicy: 'IfNotPresent',
                name: 'nginx',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                resources: {},
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
              },
            ],
            dnsPolicy: 'ClusterFirst',
            restartPolicy: 'Always',
            schedulerName: 'default-scheduler',
            securityContext: {},
            terminationGracePeriodSeconds: 30,
          },
        },
      },
      status: {
        availableReplicas: 3,
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: 'ReplicaSet "web-7d4b9c8f5" has successfully progressed.',
            lastTransitionTime: '2026-01-01T09:00:17Z',
            lastUpdateTime: '2026-01-01T09:00:21Z',
          },
        ],
        observedGeneration: 1,
        readyReplicas: 3,
        replicas: 3,
        updatedReplicas: 3,
      },
    };
    expect(toGoYaml(deployment)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-01T09:00:17Z"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "512"
  uid: 6b1f2c9e-3d4a-4b5c-8d6e-7f8091a2b3c4
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        imagePullPolicy: IfNotPresent
        name: nginx
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 3
  conditions:
  - lastTransitionTime: "2026-01-01T09:00:17Z"
    lastUpdateTime: "2026-01-01T09:00:21Z"
    message: ReplicaSet "web-7d4b9c8f5" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  observedGeneration: 1
  readyReplicas: 3
  replicas: 3
  updatedReplicas: 3
`);
  });

  // The expected text is a real `kubectl get pod -o yaml` excerpt (a pending pod's condition).
  it('wraps a long quoted message past column 80, continuing two columns deeper', () => {
    const pod = {
      status: {
        conditions: [
          {
            lastProbeTime: null,
            lastTransitionTime: '2023-03-09T10:47:58Z',
            message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
            reason: 'Unschedulable',
            status: 'False',
            type: 'PodScheduled',
          },
        ],
        phase: 'Pending',
      },
    };
    expect(toGoYaml(pod)).toBe(`status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2023-03-09T10:47:58Z"
    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are
      available: 1 No preemption victims found for incoming pod.'
    reason: Unschedulable
    status: "False"
    type: PodScheduled
  phase: Pending
`);
  });

  it('wraps long plain strings too, and never inside a word', () => {
    const message = 'Back-off pulling image "registry.example.com/team/web:2.0" because the registry could not be reached in time';
    expect(toGoYaml({ message })).toBe(
      'message: Back-off pulling image "registry.example.com/team/web:2.0" because the registry\n  could not be reached in time\n',
    );
  });

  it('writes multi-line strings as literal blocks with the right chomping', () => {
    expect(toGoYaml({ a: 'line 1\nline 2\n', b: 'x\ny', c: 'p\n\n' })).toBe('a: |\n  line 1\n  line 2\nb: |-\n  x\n  y\nc: |+\n  p\n\n');
    // a last-applied-configuration annotation looks like this in kubectl output
    expect(toGoYaml({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n' } } })).toBe(
      'metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1"}\n',
    );
    // a trailing space makes a block impossible: double quotes with escapes
    expect(toGoYaml({ a: 'x \ny' })).toBe('a: "x \\ny"\n');
  });

  it('quotes exactly where go-yaml does', () => {
    const cases: [string, string][] = [
      ['web', 'web'],
      ['', '""'],
      ['true', '"true"'],
      ['yes', '"yes"'],
      ['On', '"On"'],
      ['null', '"null"'],
      ['~', '"~"'],
      ['80', '"80"'],
      ['0x1F', '"0x1F"'],
      ['1e3', '"1e3"'],
      ['1.5', '"1.5"'],
      ['.5', '".5"'],
      ['08', '"08"'],
      ['1:20', '"1:20"'],
      ['2026-01-01', '"2026-01-01"'],
      ['2026-01-01T09:00:00.123456Z', '"2026-01-01T09:00:00.123456Z"'],
      ['1.27', '"1.27"'],
      ['v1.34.2', 'v1.34.2'],
      ['nginx:1.27', 'nginx:1.27'],
      ['a: b', "'a: b'"],
      ['key:', "'key:'"],
      ['- x', "'- x'"],
      ['-x', '-x'],
      ['*', "'*'"],
      ['&a', "'&a'"],
      ['#tag', "'#tag'"],
      ['a #b', "'a #b'"],
      ['a#b', 'a#b'],
      ['<none>', '<none>'],
      ['{"a":1}', `'{"a":1}'`],
      ['[x]', "'[x]'"],
      ["it's", "it's"],
      ["'q'", `'''q'''`],
      [' lead', "' lead'"],
      ['trail ', "'trail '"],
      ['---', "'---'"],
      ['tab\there', '"tab\\there"'],
      ['日本語のメッセージ', '日本語のメッセージ'],
      ['emoji 🚀', '"emoji \\U0001F680"'],
      ['25%', '25%'],
      ['%x', "'%x'"],
      ['@x', "'@x'"],
      ['? x', "'? x'"],
      ['a, b', 'a, b'],
    ];
    for (const [value, printed] of cases) expect(toGoYaml({ k: value }), JSON.stringify(value)).toBe(`k: ${printed}\n`);
  });

  it('quotes keys that need it and never wraps them', () => {
    expect(toGoYaml({ 'true': 1, 'a b': 2, '80': 3 })).toBe('"80": 3\na b: 2\n"true": 1\n');
  });

  it('sorts keys in go-yaml natural order', () => {
    expect(['b', 'a10', 'a9', 'B', 'a', 'a.b', 'a/b', 'x_1', 'xA'].sort(compareKeys)).toEqual(['B', 'a', 'a.b', 'a/b', 'a9', 'a10', 'b', 'x_1', 'xA']);
    expect(toGoYaml({ item10: 1, item9: 2, item1: 3 })).toBe('item1: 3\nitem9: 2\nitem10: 1\n');
  });

  it('prints numbers as Go prints ints and floats', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-42)).toBe('-42');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(1500000.5)).toBe('1.5000005e+06');
    expect(formatNumber(0.00001)).toBe('1e-05');
    expect(formatNumber(0.0001)).toBe('0.0001');
  });

  it('prints nested and empty collections', () => {
    expect(toGoYaml({ a: [], b: {}, c: [[1, 2], [3]], d: [{ e: [] }] })).toBe('a: []\nb: {}\nc:\n- - 1\n  - 2\n- - 3\nd:\n- e: []\n');
    expect(toGoYaml([{ a: 1, b: 2 }, 'x'])).toBe('- a: 1\n  b: 2\n- x\n');
    expect(toGoYaml({})).toBe('{}\n');
    expect(toGoYaml({ skipped: undefined, kept: false })).toBe('kept: false\n');
  });

  it('wraps a list of objects in kubectl List', () => {
    expect(printYaml([])).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect(printYaml([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }])).toBe(
      'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: default\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  it('picks a style for each kind of string', () => {
    expect(scalarStyle('plain text', false)).toBe('plain');
    expect(scalarStyle('a: b', false)).toBe('single');
    expect(scalarStyle('123', false)).toBe('double');
    expect(scalarStyle('a\nb', false)).toBe('literal');
    expect(scalarStyle('a\nb', true)).toBe('double');
  });
});
