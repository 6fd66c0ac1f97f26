// kube-scheduler in the engine: DefaultPreemption's API calls (framework/preemption/preemption.go
// prepareCandidateAsync, Evaluator.PreemptPod), handleSchedulingFailure's nominatedNodeName
// (schedule_one.go updatePod), and QueueSort order (queuesort/priority_sort.go).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

const PREEMPTION = `
seed: 5
cluster:
  nodes:
    - {name: node-1, cpu: "2", memory: 4Gi}
objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: low, namespace: default, uid: 11111111-1111-4111-8111-111111111111}
    spec:
      nodeName: node-1
      priority: 0
      containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "2"}}}]
  - apiVersion: v1
    kind: Pod
    metadata: {name: vip, namespace: default, uid: 22222222-2222-4222-8222-222222222222}
    spec:
      priority: 1000
      preemptionPolicy: PreemptLowerPriority
      containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "2"}}}]
steps:
  - until: settled
  - run: kubectl get pods -o wide
`;

describe('DefaultPreemption through the API', () => {
  const result = runScenario(parseScenario(PREEMPTION, 'preemption.scenario.yaml'));
  const sent = result.events.filter((e) => e.kind === 'message' && e.actor === 'scheduler');
  const find = (re: RegExp, body?: (b: unknown) => boolean): TraceEvent | undefined => sent.find((e) => re.test(e.op) && (!body || body(e.attrs?.body)));
  const hasNominated = (b: unknown): boolean => (b as { status?: { nominatedNodeName?: string } }).status?.nominatedNodeName !== undefined;

  it('first reports that no node is registered yet, as the objects exist before the kubelets register', () => {
    const first = result.events.find((e) => e.kind === 'event' && e.op === 'FailedScheduling' && e.ref?.name === 'vip');
    expect(first?.attrs?.message).toBe('no nodes available to schedule pods');
  });

  it('nominates the node: PodScheduled=False and status.nominatedNodeName in one status patch', () => {
    const patch = find(/^PATCH \/api\/v1\/namespaces\/default\/pods\/vip\/status$/, hasNominated);
    // The pod already has PodScheduled=False (reason Unschedulable) from its first attempt, so
    // the two-way strategic merge patch carries only what changed: the message.
    expect(patch?.attrs?.body).toEqual({
      status: {
        '$setElementOrder/conditions': [{ type: 'PodScheduled' }],
        conditions: [{ type: 'PodScheduled', message: '0/1 nodes are available: 1 Insufficient cpu.' }],
        nominatedNodeName: 'node-1',
      },
    });
    const pf = result.events.find((e) => e.op === 'PostFilter');
    expect(pf?.attrs).toMatchObject({ plugin: 'DefaultPreemption', code: 'Success', nominatedNodeName: 'node-1', victims: ['default/low'] });
  });

  it('marks the victim DisruptionTarget, DELETEs it and records Preempted', () => {
    const cond = find(/^PATCH \/api\/v1\/namespaces\/default\/pods\/low\/status$/);
    expect(cond?.attrs?.body).toMatchObject({
      status: { conditions: [expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' })] },
    });
    const del = find(/^DELETE \/api\/v1\/namespaces\/default\/pods\/low$/);
    expect(del).toBeDefined();
    expect((del as TraceEvent).seq).toBeGreaterThan((cond as TraceEvent).seq);
    const ev = result.events.find((e) => e.kind === 'event' && e.op === 'Preempted');
    expect(ev?.ref?.name).toBe('low');
    const vipUid = result.events.find((e) => e.kind === 'object' && e.ref?.name === 'vip')?.ref?.uid;
    expect(ev?.attrs?.message).toBe(`Preempted by pod ${vipUid} on node node-1`);
  });

  it('keeps the preemptor waiting with its nomination while the victim exists, and schedules it there once it is gone', () => {
    const vipStatus = result.events.filter((e) => e.kind === 'object' && e.ref?.name === 'vip').map((e) => (e.attrs?.object as { status?: { nominatedNodeName?: string } }).status);
    expect(vipStatus.some((st) => st?.nominatedNodeName === 'node-1')).toBe(true);
    const moves = result.events.filter((e) => e.kind === 'span' && e.ref?.name === 'vip' && /^(activeQ|backoffQ|unschedulablePods)\./.test(e.op));
    expect(moves.some((e) => e.op === 'unschedulablePods.addOrUpdate' && e.attrs?.event === 'ScheduleAttemptFailure')).toBe(true);
    // A terminating victim still holds its room (the scheduler's cache counts it until it is deleted).
    const lowGone = result.events.some((e) => e.kind === 'object' && e.op === 'DELETED' && e.ref?.name === 'low');
    const scheduled = result.events.find((e) => e.kind === 'event' && e.op === 'Scheduled' && e.ref?.name === 'vip');
    expect(scheduled !== undefined).toBe(lowGone);
    expect(scheduled === undefined || scheduled.attrs?.message === 'Successfully assigned default/vip to node-1').toBe(true);
  });
});

describe('QueueSort', () => {
  it('schedules the higher-priority pod first when both wait in activeQ', () => {
    const yaml = `
cluster:
  nodes: [{name: node-1}]
objects:
  - {apiVersion: v1, kind: Pod, metadata: {name: a-low, namespace: default}, spec: {priority: 1, containers: [{name: c, image: nginx:1.27}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: b-high, namespace: default}, spec: {priority: 100, containers: [{name: c, image: nginx:1.27}]}}
steps:
  - until: settled
`;
    const r = runScenario(parseScenario(yaml, 'sort.scenario.yaml'));
    // Both are tried at once (before the node registers) and again when their backoff ends.
    const pops = r.events.filter((e) => e.op === 'activeQ.pop').map((e) => e.ref?.name);
    expect(pops).toEqual(['b-high', 'a-low', 'b-high', 'a-low']);
    const flushed = r.events.filter((e) => e.op === 'activeQ.add' && e.attrs?.event === 'BackoffComplete');
    expect(flushed.map((e) => e.t)).toEqual([2_000_000, 2_000_000]);
  });
});

describe('flushUnschedulablePodsLeftover', () => {
  it('retries a pod left in unschedulablePods for over 5 minutes, and sends no patch when nothing changed', () => {
    const yaml = `
cluster:
  nodes: [{name: node-1, cpu: "1"}]
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: big}
      spec:
        containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "2"}}}]
  - wait: 6m
`;
    const r = runScenario(parseScenario(yaml, 'leftover.scenario.yaml'));
    const timeout = r.events.find((e) => e.op === 'activeQ.add' && e.attrs?.event === 'UnschedulableTimeout');
    // checked every 30 s from the scheduler's start; the pod failed at about 1 s
    expect(timeout?.t).toBe(330_000_000);
    const pops = r.events.filter((e) => e.op === 'activeQ.pop' && e.ref?.name === 'big');
    expect(pops).toHaveLength(2);
    const failures = r.events.filter((e) => e.kind === 'event' && e.op === 'FailedScheduling');
    expect(failures.map((e) => e.attrs?.message)).toEqual([
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    ]);
    const patches = r.events.filter((e) => e.kind === 'message' && e.actor === 'scheduler' && e.op === 'PATCH /api/v1/namespaces/default/pods/big/status');
    expect(patches).toHaveLength(1);
  });
});
