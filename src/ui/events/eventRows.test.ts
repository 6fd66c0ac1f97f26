import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { crashloopEvents } from '../statechart/fixtures.ts';
import { eventRows, filterRows, lastSeen, objectColumn, visibleRange } from './eventRows.ts';

const kubeEvents = crashloopEvents.filter((e) => e.kind === 'event');
const S = 1_000_000;

describe('eventRows', () => {
  it('folds the repeats of one Event object into one row with its count, first and last time', () => {
    const rows = eventRows(kubeEvents);
    const backOff = rows.filter((r) => r.reason === 'BackOff');
    expect(backOff).toHaveLength(1);
    const occurrences = kubeEvents.filter((e) => e.op === 'BackOff');
    expect(backOff[0]).toMatchObject({ type: 'Warning', object: 'pod/crash', count: occurrences.at(-1)!.attrs!.count, first: occurrences[0]!.t, last: occurrences.at(-1)!.t, seq: occurrences.at(-1)!.seq });
    expect(rows.length).toBe(new Set(kubeEvents.map((e) => e.attrs!.name)).size);
  });

  it('sorts by last seen, oldest first, as kubectl events does', () => {
    const rows = eventRows(kubeEvents);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.last).toBeGreaterThanOrEqual(rows[i - 1]!.last);
    expect(rows[0]!.reason).toBe('Scheduled');
    expect(rows.at(-1)!.reason).toBe('BackOff');
  });

  it('counts occurrences itself when the trace has no count', () => {
    const ev = (seq: number, t: number): TraceEvent => ({ seq, t, kind: 'event', src: 'sim', actor: 'x', op: 'Unhealthy', ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p' }, attrs: { type: 'Warning', reason: 'Unhealthy', message: ' Liveness probe failed ', name: 'p.1' } });
    const rows = eventRows([ev(1, 1), ev(2, 5 * S)]);
    expect(rows).toEqual([{ name: 'p.1', namespace: 'default', type: 'Warning', reason: 'Unhealthy', object: 'pod/p', message: 'Liveness probe failed', count: 2, first: 1, last: 5 * S, seq: 2 }]);
  });
});

describe('lastSeen', () => {
  it("prints kubectl's short durations relative to the playhead, with (xN over D) for repeats", () => {
    expect(lastSeen({ count: 1, first: 0, last: 0 }, 5 * S)).toBe('5s');
    expect(lastSeen({ count: 1, first: 0, last: 0 }, 123 * S)).toBe('2m3s');
    expect(lastSeen({ count: 5, first: 0, last: 100 * S }, 700 * S)).toBe('10m (x5 over 11m)');
    expect(lastSeen({ count: 1, first: 0, last: 0 }, 0)).toBe('0s');
  });
});

describe('objectColumn and filterRows', () => {
  it('lower-cases the kind as kubectl does', () => {
    expect(objectColumn({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default', name: 'web-7d4b9c' })).toBe('replicaset/web-7d4b9c');
    expect(objectColumn(undefined)).toBe('');
  });
  it('filters by type and by text in reason, object or message', () => {
    const rows = eventRows(kubeEvents);
    expect(filterRows(rows, 'Warning', '').every((r) => r.type === 'Warning')).toBe(true);
    expect(filterRows(rows, 'Normal', '').some((r) => r.type === 'Warning')).toBe(false);
    expect(filterRows(rows, 'all', 'BUSYBOX').map((r) => r.reason)).toEqual(expect.arrayContaining(['Pulling', 'Pulled']));
    expect(filterRows(rows, 'all', 'node/node-1').map((r) => r.reason)).toEqual(['RegisteredNode']);
    expect(filterRows(rows, 'all', '')).toBe(rows);
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 260, 26, 10_000)).toEqual({ start: 0, end: 18 });
    expect(visibleRange(26 * 5_000, 260, 26, 10_000)).toEqual({ start: 4_992, end: 5_018 });
    expect(visibleRange(26 * 9_999, 260, 26, 10_000).end).toBe(10_000);
    expect(visibleRange(0, 260, 26, 0)).toEqual({ start: 0, end: 0 });
  });
});
