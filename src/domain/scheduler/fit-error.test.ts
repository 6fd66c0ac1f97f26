import { describe, expect, it } from 'vitest';
import { fitErrorMessage, reasonHistogram } from './fit-error.ts';

describe('fitErrorMessage', () => {
  it('formats the reasons and the preemption part as kube-scheduler does', () => {
    const msg = fitErrorMessage(
      3,
      new Map([['node(s) had untolerated taint {dedicated: db}', 2], ['Insufficient cpu', 1]]),
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    expect(msg).toBe('0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it('sorts "<count> <reason>" strings, so 10 sorts before 2 (Go sort.Strings)', () => {
    expect(fitErrorMessage(12, { 'Insufficient memory': 2, 'Insufficient cpu': 10 })).toBe('0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.');
  });

  it('prints a PreFilter message instead of the histogram', () => {
    expect(fitErrorMessage(3, {}, '', 'pod affinity terms conflict')).toBe('0/3 nodes are available: pod affinity terms conflict.');
  });

  it('keeps the trailing colon when there are no reasons', () => {
    expect(fitErrorMessage(0, {})).toBe('0/0 nodes are available:');
  });
});

describe('reasonHistogram', () => {
  it('counts each reason once per node and adds absent nodes', () => {
    const h = reasonHistogram(
      [
        { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] },
        { code: 'Unschedulable', reasons: ['Insufficient cpu'] },
      ],
      { count: 3, reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] },
    );
    expect(h).toEqual(new Map([['Insufficient cpu', 2], ['Insufficient memory', 1], ["node(s) didn't satisfy plugin(s) [NodeAffinity]", 3]]));
  });
});
