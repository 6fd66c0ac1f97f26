import { describe, expect, it } from 'vitest';
import { fold, schedulingAttempts } from '../../timeline/index.ts';
import { schedulingProjection } from '../../timeline/projections/scheduling.ts';
import { decisionModel, weighted } from './decision.ts';
import { schedulingEvents } from './fixtures.ts';

const at = (t: number) => fold(schedulingProjection, schedulingEvents.filter((e) => e.t <= t));
const END = Number.MAX_SAFE_INTEGER;

describe('decisionModel on a recorded run (pkg/scheduler/schedule_one.go, framework/runtime/framework.go)', () => {
  it('lays out a failed attempt: every node rejected, later Filters not run after a rejection', () => {
    const [big] = schedulingAttempts(at(END), 'v1/Pod/default/big');
    if (!big) throw new Error('no attempt for big');
    const m = decisionModel(big);
    expect(m.nodes.map((n) => [n.name, n.status])).toEqual([
      ['node-1', 'rejected'],
      ['node-2', 'rejected'],
      ['node-3', 'rejected'],
    ]);
    expect(m.filterPlugins).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeResourcesFit']);
    // node-2's taint rejected it at TaintToleration: NodeResourcesFit never ran there.
    expect(m.filters.get('TaintToleration')?.get('node-2')?.reasons).toEqual(['node(s) had untolerated taint {dedicated: db}']);
    expect(m.filters.get('NodeResourcesFit')?.has('node-2')).toBe(false);
    expect(m.filters.get('NodeResourcesFit')?.get('node-3')?.reasons).toEqual(['Insufficient cpu']);
    expect(m.steps.map((s) => s.state)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('lays out a successful attempt: weighted scores that add up to the totals, and the chosen node', () => {
    const [small] = schedulingAttempts(at(END), 'v1/Pod/default/small');
    if (!small) throw new Error('no attempt for small');
    const m = decisionModel(small);
    expect(m.nodes.map((n) => [n.name, n.status, n.chosen, n.total])).toEqual([
      ['node-1', 'feasible', false, 474],
      ['node-2', 'rejected', false, undefined],
      ['node-3', 'feasible', true, 486],
    ]);
    for (const node of ['node-1', 'node-3']) {
      const sum = m.scores.reduce((acc, row) => acc + (weighted(row.cells.get(node) ?? { plugin: '', node, score: 0, weight: 0 }) ?? 0), 0);
      expect(sum, node).toBe(m.nodes.find((n) => n.name === node)?.total);
    }
    expect(m.scores.find((r) => r.plugin === 'TaintToleration')?.weight).toBe(3);
    expect(m.steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('follows the playhead through the cycle', () => {
    const filterT = schedulingEvents.find((e) => e.op === 'Filter' && e.ref?.name === 'small')?.t ?? 0;
    const [filtering] = schedulingAttempts(at(filterT), 'v1/Pod/default/small');
    if (!filtering) throw new Error('no attempt');
    const m = decisionModel(filtering);
    expect(m.steps.map((s) => s.state)).toEqual(['current', 'todo', 'todo', 'todo', 'todo']);
    expect(m.nodes.every((n) => n.status !== 'feasible')).toBe(true);
  });

  it('skips Score when only one node is feasible', () => {
    const m = decisionModel({ number: 1, seq: 1, t: 0, phase: 'scoring', evaluatedNodes: 2, feasibleNodes: 1, detailed: true, filters: [], scores: [], totals: [], selected: 'node-1' });
    expect(m.scoringSkipped).toBe(true);
    expect(m.steps.map((s) => s.state)).toEqual(['done', 'skipped', 'todo', 'todo', 'todo']);
  });

  it('counts feasible nodes a summary trace does not list', () => {
    const m = decisionModel({ number: 1, seq: 1, t: 0, phase: 'scoring', evaluatedNodes: 50, feasibleNodes: 48, detailed: false, filters: [{ plugin: 'TaintToleration', node: 'cp', code: 'UnschedulableAndUnresolvable', reasons: ['x'] }], scores: [], totals: [{ node: 'node-7', score: 600 }], selected: 'node-7' });
    expect(m.unlistedFeasible).toBe(47);
  });
});
