import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { schedulingAttempts, latestScheduledPod, schedulingProjection } from './scheduling.ts';

// Shapes as kube-scheduler records them (src/engine/components/scheduler/scheduler.ts, which
// follows pkg/scheduler/schedule_one.go): a Filter span per cycle, then one per (plugin, node);
// a Score span with the totals, then one per (plugin, node); Reserve, Permit, Bind; an Event.
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
let seq = 0;
const ev = (t: number, kind: TraceEvent['kind'], op: string, name: string, attrs: Record<string, unknown>, actor = 'scheduler'): TraceEvent => ({ seq: ++seq, t, ...(kind === 'span' ? { dur: 4 } : {}), kind, actor, op, ref: pod(name), src: 'sim', attrs });

const BIG = 'v1/Pod/default/big';
const SMALL = 'v1/Pod/default/small';
const events: TraceEvent[] = [
  ev(100, 'span', 'Filter', 'big', { evaluatedNodes: 2, feasibleNodes: 0 }),
  ev(100, 'span', 'Filter', 'big', { plugin: 'NodeUnschedulable', node: 'node-1', code: 'Success', reasons: [] }),
  ev(100, 'span', 'Filter', 'big', { plugin: 'NodeResourcesFit', node: 'node-1', code: 'Unschedulable', reasons: ['Insufficient cpu'] }),
  ev(100, 'span', 'Filter', 'big', { plugin: 'TaintToleration', node: 'node-2', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: db}'] }),
  ev(232, 'event', 'FailedScheduling', 'big', { type: 'Warning', reason: 'FailedScheduling', message: '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.' }),
  ev(300, 'span', 'Filter', 'small', { evaluatedNodes: 2, feasibleNodes: 2 }),
  ev(300, 'span', 'Filter', 'small', { plugin: 'NodeResourcesFit', node: 'node-1', code: 'Success', reasons: [] }),
  ev(300, 'span', 'Filter', 'small', { plugin: 'NodeResourcesFit', node: 'node-3', code: 'Success', reasons: [] }),
  ev(432, 'span', 'Score', 'small', { totals: [{ node: 'node-3', score: 486 }, { node: 'node-1', score: 474 }], selected: 'node-3' }),
  ev(432, 'span', 'Score', 'small', { plugin: 'TaintToleration', node: 'node-1', score: 100, weight: 3, raw: 0 }),
  ev(432, 'span', 'Score', 'small', { plugin: 'NodeResourcesFit', node: 'node-3', score: 91, weight: 1, raw: 91 }),
  ev(560, 'span', 'Reserve', 'small', { node: 'node-3', plugins: ['VolumeBinding'] }),
  ev(580, 'span', 'Permit', 'small', { node: 'node-3', status: 'Success' }),
  ev(590, 'span', 'Bind', 'small', { plugin: 'DefaultBinder', node: 'node-3' }),
  // Not the scheduler's: ignored.
  ev(595, 'span', 'Filter', 'small', { plugin: 'X', node: 'node-1', code: 'Success' }, 'kubelet/node-3'),
  ev(600, 'event', 'Pulled', 'small', { reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine' }, 'kubelet/node-3'),
  ev(3_000, 'event', 'Scheduled', 'small', { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/small to node-3' }),
  // big again, after a node changed: the second attempt.
  ev(5_000, 'span', 'Filter', 'big', { evaluatedNodes: 2, feasibleNodes: 0 }),
];
const upTo = (t: number) => fold(schedulingProjection, events.filter((e) => e.t <= t));

describe('schedulingAttempts (pkg/scheduler/schedule_one.go)', () => {
  it('keeps only the scheduler spans and its FailedScheduling / Scheduled Events', () => {
    const log = upTo(Infinity);
    expect(log.length).toBe(events.length - 2);
  });

  it('explains a failed attempt: verdict per node and plugin, and the FailedScheduling message', () => {
    const [a] = schedulingAttempts(upTo(1_000), BIG);
    expect(a).toMatchObject({ number: 1, phase: 'unschedulable', evaluatedNodes: 2, feasibleNodes: 0, detailed: true });
    expect(a?.filters.map((f) => [f.plugin, f.node, f.code])).toEqual([
      ['NodeUnschedulable', 'node-1', 'Success'],
      ['NodeResourcesFit', 'node-1', 'Unschedulable'],
      ['TaintToleration', 'node-2', 'UnschedulableAndUnresolvable'],
    ]);
    expect(a?.filters[1]?.reasons).toEqual(['Insufficient cpu']);
    expect(a?.message).toMatch(/^0\/2 nodes are available: /);
  });

  it('explains a successful attempt: scores, totals, the chosen node and the binding', () => {
    const [a] = schedulingAttempts(upTo(Infinity), SMALL);
    expect(a).toMatchObject({ phase: 'scheduled', selected: 'node-3', boundTo: 'node-3', message: 'Successfully assigned default/small to node-3' });
    expect(a?.totals).toEqual([
      { node: 'node-3', score: 486 },
      { node: 'node-1', score: 474 },
    ]);
    expect(a?.scores).toEqual([
      { plugin: 'TaintToleration', node: 'node-1', score: 100, weight: 3, raw: 0 },
      { plugin: 'NodeResourcesFit', node: 'node-3', score: 91, weight: 1, raw: 91 },
    ]);
  });

  it('shows the attempt as far as the playhead has gone', () => {
    expect(schedulingAttempts(upTo(300), SMALL)[0]?.phase).toBe('filtering');
    expect(schedulingAttempts(upTo(432), SMALL)[0]?.phase).toBe('scoring');
    expect(schedulingAttempts(upTo(580), SMALL)[0]?.phase).toBe('permitted');
    expect(schedulingAttempts(upTo(2_999), SMALL)[0]).toMatchObject({ phase: 'binding', boundTo: 'node-3' });
    expect(schedulingAttempts(upTo(50), SMALL)).toEqual([]);
  });

  it('numbers the attempts of a Pod that was retried', () => {
    const attempts = schedulingAttempts(upTo(Infinity), BIG);
    expect(attempts.map((a) => [a.number, a.phase])).toEqual([
      [1, 'unschedulable'],
      [2, 'filtering'],
    ]);
  });

  it('answers the same for an older version of the log after a newer one was read (seek back)', () => {
    const full = upTo(Infinity);
    // Both versions share one array (kube-log.ts SharedList): read the newer first.
    const early = { items: full.items, length: events.filter((e) => e.t <= 232).length };
    expect(schedulingAttempts(full, BIG)).toHaveLength(2);
    expect(schedulingAttempts(early, BIG)).toHaveLength(1);
    expect(schedulingAttempts(early, SMALL)).toEqual([]);
  });

  it('reads the summary a large cluster records: rejections only (scheduler.ts DETAILED_SCHEDULING_MAX_NODES)', () => {
    const log = fold(schedulingProjection, [
      ev(1, 'span', 'Filter', 'wide', { evaluatedNodes: 50, feasibleNodes: 48, failures: [{ plugin: 'TaintToleration', node: 'cp-1', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] }] }),
      ev(2, 'span', 'Score', 'wide', { totals: [{ node: 'node-7', score: 600 }], selected: 'node-7' }),
    ]);
    const [a] = schedulingAttempts(log, 'v1/Pod/default/wide');
    expect(a).toMatchObject({ detailed: false, feasibleNodes: 48, selected: 'node-7' });
    expect(a?.filters).toHaveLength(1);
    expect(a?.scores).toEqual([]);
  });

  it('names the Pod of the newest attempt', () => {
    expect(latestScheduledPod(upTo(1_000))).toBe(SMALL);
    expect(latestScheduledPod(upTo(Infinity))).toBe(BIG);
    expect(latestScheduledPod(upTo(0))).toBeUndefined();
  });
});
