import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { EVENT_FRESH_DURATION, EventWindow, LOWER_BOUND_CAPACITY, UPPER_BOUND_CAPACITY } from './event-window.ts';

const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } };

function fill(w: EventWindow, from: number, count: number, at: (i: number) => number): void {
  for (let i = 0; i < count; i++) w.add({ type: 'MODIFIED', key: '/registry/configmaps/default/a', object: obj, resourceVersion: from + i, recordTime: at(i) });
}

describe('EventWindow (staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go)', () => {
  it('serves a watch from the list resourceVersion while no event was dropped', () => {
    const w = new EventWindow();
    w.replace(10);
    fill(w, 11, 5, () => 0);
    expect(w.since(10)).toMatchObject({ events: [{ resourceVersion: 11 }, { resourceVersion: 12 }, { resourceVersion: 13 }, { resourceVersion: 14 }, { resourceVersion: 15 }] });
    expect(w.since(13)).toMatchObject({ events: [{ resourceVersion: 14 }, { resourceVersion: 15 }] });
    expect(w.since(9)).toEqual({ tooOld: 'too old resource version: 9 (10)' });
  });

  it('doubles its capacity while full of fresh events, up to 102,400', () => {
    const w = new EventWindow();
    w.replace(1);
    fill(w, 2, LOWER_BOUND_CAPACITY + 1, () => 1_000);
    expect(w.capacity).toBe(2 * LOWER_BOUND_CAPACITY);
    expect(w.size).toBe(LOWER_BOUND_CAPACITY + 1);
    expect(UPPER_BOUND_CAPACITY).toBe(102_400);
  });

  it('drops the oldest event when full of stale ones; older watches get M = oldest cached - 1', () => {
    const w = new EventWindow();
    w.replace(1);
    // One event per second: when the 101st comes, the oldest is 100 s old, older than 75 s.
    fill(w, 2, LOWER_BOUND_CAPACITY + 1, (i) => i * 1_000_000);
    expect(w.capacity).toBe(LOWER_BOUND_CAPACITY);
    expect(w.size).toBe(LOWER_BOUND_CAPACITY);
    expect(w.since(1)).toEqual({ tooOld: 'too old resource version: 1 (2)' });
    expect(w.since(2)).toMatchObject({ events: expect.arrayContaining([{ resourceVersion: 3, type: 'MODIFIED', key: '/registry/configmaps/default/a', object: obj, recordTime: 1_000_000 }]) });
    expect(EVENT_FRESH_DURATION).toBe(75_000_000);
  });

  it('halves when its newest quarter is older than eventFreshDuration', () => {
    const w = new EventWindow();
    w.replace(1);
    fill(w, 2, 2 * LOWER_BOUND_CAPACITY, () => 0);
    expect(w.capacity).toBe(2 * LOWER_BOUND_CAPACITY);
    fill(w, 2 + 2 * LOWER_BOUND_CAPACITY, 1, () => EVENT_FRESH_DURATION + 1);
    expect(w.capacity).toBe(LOWER_BOUND_CAPACITY);
    expect(w.size).toBe(LOWER_BOUND_CAPACITY);
  });

  it('moves its resourceVersion with progress notifications', () => {
    const w = new EventWindow();
    w.replace(5);
    w.progress(9);
    expect(w.resourceVersion).toBe(9);
    expect(w.since(9)).toEqual({ events: [] });
  });
});
