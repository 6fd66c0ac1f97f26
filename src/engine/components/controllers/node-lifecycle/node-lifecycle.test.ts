import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../../../trace/schema.ts';
import { parseScenario } from '../../../scenario/parse.ts';
import { runScenario, type RunResult } from '../../../scenario/runner.ts';

/**
 * A node that stops heartbeating, through the whole simulated cluster, against
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go (monitorNodeHealth,
 * tryUpdateNodeHealth, processTaintBaseEviction, handleDisruption),
 * pkg/controller/util/node/controller_utils.go (MarkPodsNotReady, RecordNodeStatusChange) and
 * pkg/controller/tainteviction/taint_eviction.go (processPodOnNode, addConditionAndDeletePod).
 */

const SECOND = 1_000_000;

function run(opts: { nodes?: string[]; replicas?: number; tolerations?: string; fault?: string; wait?: string } = {}): RunResult {
  const nodes = opts.nodes ?? ['node-1', 'node-2'];
  const text = `seed: 3
cluster:
  nodes:
${nodes.map((n) => `    - {name: ${n}}`).join('\n')}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${opts.replicas ?? 2}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: nginx, image: "nginx:1.27"}]${opts.tolerations ?? ''}
  - until: settled
  - wait: 20s
  - fault: {type: ${opts.fault ?? 'node-down'}, node: ${nodes[nodes.length - 1]}}
  - wait: ${opts.wait ?? '7m'}
  - run: kubectl get pods -o wide
`;
  return runScenario(parseScenario(text, 'node-down.scenario.yaml'));
}

/** Every stored version of an object, in order: the `object` trace events of the apiserver. */
function versions<T>(events: TraceEvent[], kind: string, name: string): { t: number; obj: T }[] {
  return events
    .filter((e) => e.kind === 'object' && e.ref?.kind === kind && e.ref.name === name && e.attrs?.object)
    .map((e) => ({ t: e.t, obj: e.attrs?.object as T }));
}

function k8sEvents(events: TraceEvent[], reason: string): TraceEvent[] {
  return events.filter((e) => e.kind === 'event' && e.attrs?.reason === reason);
}

function requests(events: TraceEvent[], actor: string, line: RegExp): TraceEvent[] {
  return events.filter((e) => e.kind === 'message' && e.actor === actor && e.to === 'kube-apiserver' && line.test(e.op));
}

describe('node heartbeats (kubelet)', () => {
  const r = run({ wait: '6m' });

  it('creates the node Lease owned by its Node and renews it every 10 s', () => {
    const lease = versions<{ metadata: { ownerReferences?: { kind: string; name: string }[] }; spec: Record<string, unknown> }>(r.events, 'Lease', 'node-1');
    expect(lease[0]?.obj.metadata.ownerReferences).toMatchObject([{ apiVersion: 'v1', kind: 'Node', name: 'node-1' }]);
    expect(lease[0]?.obj.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });
    expect(String(lease[0]?.obj.spec.renewTime)).toMatch(/^2026-01-01T09:00:00\.\d{6}Z$/);
    const renewals = requests(r.events, 'kubelet/node-1', /^PUT \/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-node-lease\/leases\/node-1$/);
    const gaps = renewals.slice(1).map((e, i) => e.t - (renewals[i] as TraceEvent).t);
    expect(gaps.length).toBeGreaterThan(30);
    expect(new Set(gaps)).toEqual(new Set([10 * SECOND]));
  });

  it('patches an unchanged node status only every 5 minutes', () => {
    const patches = requests(r.events, 'kubelet/node-1', /^PATCH \/api\/v1\/nodes\/node-1\/status$/);
    expect(patches.length).toBe(2);
    // The first 10 s status sync at or after the 5 minutes.
    const gap = (patches[1] as TraceEvent).t - (patches[0] as TraceEvent).t;
    expect(gap).toBeGreaterThanOrEqual(300 * SECOND);
    expect(gap).toBeLessThanOrEqual(310 * SECOND);
  });

  it('stops both when the node goes down', () => {
    const fault = r.events.find((e) => e.kind === 'state' && e.actor === 'kubelet/node-2' && e.op === 'stopped') as TraceEvent;
    expect(fault).toBeDefined();
    expect(requests(r.events, 'kubelet/node-2', /./).filter((e) => e.t > fault.t)).toEqual([]);
  });
});

describe('node lifecycle: NotReady, taints, eviction', () => {
  const r = run();
  const nodeVersions = versions<Node>(r.events, 'Node', 'node-2');
  const lastRenewal = requests(r.events, 'kubelet/node-2', /^PUT .*leases\/node-2$/).at(-1) as TraceEvent;
  const unknownAt = nodeVersions.find((v) => v.obj.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown') as { t: number; obj: Node };

  it('sets the conditions Unknown once the grace period (50 s) has passed without a heartbeat', () => {
    expect(unknownAt).toBeDefined();
    const since = unknownAt.t - lastRenewal.t;
    // The controller stamps a renewal when its 5 s pass sees it, and checks the 50 s grace on a
    // later pass: between 50 s and 60 s after the kubelet's last renewal.
    expect(since).toBeGreaterThan(50 * SECOND);
    expect(since).toBeLessThanOrEqual(60 * SECOND + 10_000);
    expect(unknownAt.obj.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    ]);
    expect(requests(r.events, 'kube-controller-manager/node-lifecycle-controller', /^PUT \/api\/v1\/nodes\/node-2\/status$/)).toHaveLength(1);
  });

  it('records NodeNotReady on the node and marks its pods not ready', () => {
    const onNode = k8sEvents(r.events, 'NodeNotReady').filter((e) => e.ref?.kind === 'Node');
    expect(onNode.map((e) => e.attrs?.message)).toEqual(['Node node-2 status is now: NodeNotReady']);
    const onPods = k8sEvents(r.events, 'NodeNotReady').filter((e) => e.ref?.kind === 'Pod');
    expect(onPods.map((e) => [e.attrs?.type, e.attrs?.message])).toEqual([['Warning', 'Node is not ready']]);
    const pod = onPods[0]?.ref?.name as string;
    const readyFalse = versions<Pod>(r.events, 'Pod', pod).find((v) => v.obj.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False' && v.t > unknownAt.t);
    expect(readyFalse).toBeDefined();
  });

  it('taints the node unreachable: NoSchedule at once, NoExecute on the next pass', () => {
    const tainted = (effect: string) => nodeVersions.find((v) => v.obj.spec.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === effect));
    const noSchedule = tainted('NoSchedule') as { t: number; obj: Node };
    const noExecute = tainted('NoExecute') as { t: number; obj: Node };
    expect(noSchedule.t - unknownAt.t).toBeLessThan(SECOND);
    // processTaintBaseEviction sees the Unknown it wrote on the next monitorNodeHealth, 5 s later.
    expect(noExecute.t - unknownAt.t).toBeGreaterThan(5 * SECOND);
    expect(noExecute.t - unknownAt.t).toBeLessThan(6 * SECOND);
    expect(noExecute.obj.spec.taints?.every((t) => /^2026-01-01T09:0\d:\d\dZ$/.test(t.timeAdded ?? ''))).toBe(true);
  });

  it('evicts the pod 300 s after the NoExecute taint, and its ReplicaSet replaces it on the healthy node', () => {
    const noExecute = nodeVersions.find((v) => v.obj.spec.taints?.some((t) => t.effect === 'NoExecute')) as { t: number };
    const marking = k8sEvents(r.events, 'TaintManagerEviction');
    expect(marking).toHaveLength(1);
    const pod = marking[0]?.ref?.name as string;
    expect(marking[0]?.attrs?.message).toBe(`Marking for deletion Pod default/${pod}`);
    const delay = (marking[0] as TraceEvent).t - noExecute.t;
    expect(delay).toBeGreaterThanOrEqual(300 * SECOND);
    expect(delay).toBeLessThan(301 * SECOND);
    const last = versions<Pod>(r.events, 'Pod', pod).at(-1)?.obj as Pod;
    expect(last.metadata.deletionTimestamp).toBeDefined();
    expect(last.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const table = r.outputs.at(-1)?.stdout ?? '';
    expect(table).toMatch(new RegExp(`${pod} +1/1 +Terminating .* node-2 `));
    expect(table.split('\n').filter((l) => / Running .* node-1 /.test(l))).toHaveLength(2);
  });

  it('gives the same trace for the same seed', () => {
    const again = run();
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(r.events));
  });
});

describe('node lifecycle: tolerations and disruption', () => {
  it('evicts after a pod\'s own shorter tolerationSeconds', () => {
    const r = run({
      wait: '3m',
      tolerations: `
            tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]`,
    });
    const noExecute = versions<Node>(r.events, 'Node', 'node-2').find((v) => v.obj.spec.taints?.some((t) => t.effect === 'NoExecute')) as { t: number };
    const marking = k8sEvents(r.events, 'TaintManagerEviction')[0] as TraceEvent;
    expect(marking.t - noExecute.t).toBeGreaterThanOrEqual(30 * SECOND);
    expect(marking.t - noExecute.t).toBeLessThan(31 * SECOND);
  });

  it('keeps a pod that tolerates the taint for ever', () => {
    const r = run({ tolerations: `
            tolerations: [{operator: Exists}]` });
    expect(k8sEvents(r.events, 'TaintManagerEviction')).toEqual([]);
  });

  it('stops tainting when no node is Ready anywhere (master disruption mode)', () => {
    const r = run({ nodes: ['node-1'], replicas: 1 });
    const node = versions<Node>(r.events, 'Node', 'node-1');
    expect(node.some((v) => v.obj.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown')).toBe(true);
    expect(node.some((v) => v.obj.spec.taints?.some((t) => t.effect === 'NoExecute'))).toBe(false);
    expect(r.events.some((e) => e.kind === 'state' && e.op === 'master disruption mode' && e.attrs?.entering === true)).toBe(true);
    expect(k8sEvents(r.events, 'TaintManagerEviction')).toEqual([]);
  });

  it('sees a stopped kubelet the same way: the containers run on, the node goes NotReady', () => {
    const r = run({ fault: 'kubelet-stop', wait: '90s' });
    const node = versions<Node>(r.events, 'Node', 'node-2').at(-1)?.obj as Node;
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });
});
