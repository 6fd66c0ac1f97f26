// Behaviour of pkg/scheduler/backend/queue/scheduling_queue.go (Add, Pop, AddUnschedulableIfNotPresent,
// MoveAllToActiveOrBackoffQueue, flushBackoffQCompleted, flushUnschedulablePodsLeftover, Update,
// Delete), active_queue.go (PopFromBackoffQ) and backoff_queue.go, with 1.34's feature gates.
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { EventNodeAdd, eventLabel } from './cluster-events.ts';
import { defaultPreemptionPlugin, schedulingGatesPlugin, SchedulingQueue, type QueueMove } from './scheduling-queue.ts';

const s = 1_000_000;

function queue(extra: { preempting?: Set<string> } = {}) {
  const moves: QueueMove[] = [];
  const q = new SchedulingQueue({
    onMove: (m) => moves.push(m),
    preEnqueuePlugins: [schedulingGatesPlugin, defaultPreemptionPlugin((uid) => extra.preempting?.has(uid) ?? false)],
  });
  const ops = () => moves.filter((m) => m.op !== 'PreEnqueue').map((m) => `${m.op}(${m.pInfo.pod.metadata.name}${m.event ? `, ${m.event}` : ''})`);
  return { q, moves, ops };
}

/** Pops the pod and fails it as NodeResourcesFit would. */
function failWithFit(q: SchedulingQueue, now: number) {
  const p = q.pop();
  if (!p) throw new Error('nothing to pop');
  p.unschedulablePlugins.add('NodeResourcesFit');
  q.addUnschedulableIfNotPresent(p, now);
  return p;
}

describe('activeQ', () => {
  it('pops by priority, then by the time the pod was queued (PrioritySort)', () => {
    const { q } = queue();
    q.add(makePod('low-early', { priority: 0 }), 1);
    q.add(makePod('high', { priority: 100 }), 2);
    q.add(makePod('low-late', { priority: 0 }), 3);
    q.add(makePod('mid', { priority: 10 }), 4);
    const order: string[] = [];
    for (let p = q.pop(); p; p = q.pop()) order.push(p.pod.metadata.name ?? '');
    expect(order).toEqual(['high', 'mid', 'low-early', 'low-late']);
    expect(q.schedulingCycle).toBe(4);
  });

  it('gates pods with scheduling gates into unschedulablePods until the gates are removed', () => {
    const { q, moves, ops } = queue();
    const gated = makePod('g', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    q.add(gated, 0);
    expect(q.hasPoppable()).toBe(false);
    expect(moves.find((m) => m.op === 'PreEnqueue')?.message).toBe('waiting for scheduling gates: [example.com/wait]');
    q.update(gated, { ...gated, spec: { ...gated.spec, schedulingGates: [] } }, 5);
    expect(ops()).toEqual(['unschedulablePods.addOrUpdate(g, UnschedulablePodAdd)', 'activeQ.add(g, UnschedulablePodUpdatePodSchedulingGatesEliminated)']);
  });
});

describe('failure, cluster events and backoff', () => {
  const pod = makePod('web', { cpu: '6' });

  it('parks a rejected pod in unschedulablePods, and a NodeAdd that fits moves it to backoffQ while it backs off', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    failWithFit(q, 1_300_000);
    expect(q.unschedulablePods()).toHaveLength(1);
    // a node too small for the pod: its NodeResourcesFit hint says QueueSkip
    expect(q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('small', { cpu: '4' }), 1_500_000)).toBe(0);
    expect(q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('node-3', { cpu: '8' }), 1_500_000)).toBe(1);
    expect(ops()).toEqual([
      'activeQ.add(web, UnschedulablePodAdd)',
      'activeQ.pop(web)',
      'unschedulablePods.addOrUpdate(web, ScheduleAttemptFailure)',
      'backoffQ.add(web, NodeAdd)',
    ]);
    // failed at 1.3 s, first failure: 1 s backoff, aligned to the 2 s window
    expect(q.getPod('default/web')?.pInfo.backoffExpiration).toBe(2 * s);
  });

  it('pops from backoffQ at once when activeQ is empty (PopFromBackoffQ)', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    failWithFit(q, 1_300_000);
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('node-3', { cpu: '8' }), 1_500_000);
    expect(q.hasPoppable()).toBe(true);
    expect(q.pop()?.attempts).toBe(2);
    expect(ops().at(-1)).toBe('backoffQ.popBackoff(web, PopFromBackoffQ)');
  });

  it('moves a pod whose backoff is over straight to activeQ', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    failWithFit(q, 1_300_000);
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('node-3', { cpu: '8' }), 3 * s);
    expect(ops().at(-1)).toBe('activeQ.add(web, NodeAdd)');
  });

  it('flushes completed backoffs at window boundaries, and backs off 1, 2, 4, 8, 10 s', () => {
    const { q } = queue();
    q.add(pod, 0);
    let t = 0;
    const seen: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      failWithFit(q, t);
      // a fitting node arrives at once: the pod waits in backoffQ
      q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('n', { cpu: '8' }), t);
      const exp = q.getPod('default/web')?.pInfo.backoffExpiration ?? 0;
      seen.push((exp - t) / s);
      expect(q.flushBackoffQCompleted(exp)).toBe(0);
      expect(q.flushBackoffQCompleted(exp + s)).toBe(1);
      t = exp + s;
    }
    expect(seen).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('sends a pod back through backoffQ when a useful event arrived while it was in flight', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    const p = q.pop();
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, makeNode('node-3', { cpu: '8' }), 100);
    p!.unschedulablePlugins.add('NodeResourcesFit');
    q.addUnschedulableIfNotPresent(p!, 200);
    expect(ops().at(-1)).toBe('backoffQ.add(web, ScheduleAttemptFailure)');
  });

  it('flushes pods left in unschedulablePods for more than 5 minutes', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    failWithFit(q, 10 * s);
    expect(q.flushUnschedulablePodsLeftover(10 * s + 300 * s)).toBe(0);
    expect(q.flushUnschedulablePodsLeftover(10 * s + 301 * s)).toBe(1);
    expect(ops().at(-1)).toBe('activeQ.add(web, UnschedulableTimeout)');
  });

  it('puts a pod that failed with an error (no rejecting plugin) in the error backoffQ, which Pop does not take early', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    const p = q.pop();
    q.addUnschedulableIfNotPresent(p!, 1_300_000);
    expect(ops().at(-1)).toBe('backoffQ.add(web, ScheduleAttemptFailure)');
    expect(q.hasPoppable()).toBe(false);
    expect(q.flushBackoffQCompleted(3 * s)).toBe(1);
  });

  it('keeps a preempting pod gated by DefaultPreemption until its preemption is done', () => {
    const preempting = new Set<string>();
    const { q, moves } = queue({ preempting });
    q.add(pod, 0);
    const p = failWithFit(q, 1 * s);
    preempting.add(p.uid);
    const victim = makePod('victim', { nodeName: 'node-1' });
    q.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: 2 }, victim, undefined, 1_100_000);
    expect(moves.filter((m) => m.op === 'PreEnqueue').at(-1)?.message).toBe('waiting for the preemption for this pod to be finished');
    expect(q.unschedulablePods()).toHaveLength(1);
    preempting.clear();
    q.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: 2 }, victim, undefined, 1_200_000);
    expect(q.backoffQLength).toBe(1);
  });

  it('deletes a pod from whichever queue holds it', () => {
    const { q, ops } = queue();
    q.add(pod, 0);
    failWithFit(q, 0);
    q.delete(pod);
    expect(q.pendingPodsSummary()).toBe('activeQ:0; backoffQ:0; unschedulablePods:0');
    expect(ops().at(-1)).toBe('unschedulablePods.delete(web)');
    expect(eventLabel(EventNodeAdd)).toBe('NodeAdd');
  });
});

describe('nominator', () => {
  it('remembers nominated pods per node and forgets them on delete', () => {
    const { q } = queue();
    const p = makePod('vip', { priority: 100 });
    q.addNominatedPod(p, { mode: 'Override', nominatedNodeName: 'node-2' });
    expect(q.nominatedPodsForNode('node-2').map((x) => x.metadata.name)).toEqual(['vip']);
    q.addNominatedPod(p, { mode: 'Override', nominatedNodeName: '' });
    expect(q.nominatedPodsForNode('node-2')).toEqual([]);
  });
});
