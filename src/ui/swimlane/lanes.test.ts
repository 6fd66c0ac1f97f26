import { describe, it, expect } from 'vitest';
import { createTimeWarp } from '../playback/warp.ts';
import { layoutLanes, familyOf, createTimeAxis, axisTicks, niceStep, hitTest, laneLabel, formatTime, type Mark } from './lanes.ts';

describe('lanes', () => {
  it('stacks lanes in the given order with clamped heights', () => {
    const lanes = layoutLanes(['kubectl', 'kube-apiserver', 'kubelet/node-1'], 30, 300, 18, 40);
    expect(lanes.map((l) => l.y)).toEqual([30, 70, 110]);
    expect(lanes.every((l) => l.h === 40)).toBe(true);
    const squeezed = layoutLanes(Array.from({ length: 100 }, (_, i) => `a${i}`), 0, 300, 18, 40);
    expect(squeezed[1]?.y).toBe(18);
  });
  it('colours actors by component family', () => {
    expect(familyOf('kubectl')).toBe('client');
    expect(familyOf('etcd/etcd-0')).toBe('control-plane');
    expect(familyOf('kube-controller-manager/replicaset-controller')).toBe('control-plane');
    expect(familyOf('kubelet/node-2')).toBe('node');
    expect(familyOf('runc/node-1')).toBe('runtime');
  });
  it('shortens controller lane labels', () => {
    expect(laneLabel('kube-controller-manager/deployment-controller')).toBe('deployment-controller');
    expect(laneLabel('kubelet/node-1')).toBe('kubelet/node-1');
  });
});

describe('time axis', () => {
  const warp = createTimeWarp([1_000, 2_000, 1_000_000], 0, 2_000_000);
  it('maps the trace onto [left, right] and back', () => {
    const axis = createTimeAxis(warp, 100, 900);
    expect(axis.x(0)).toBe(100);
    expect(axis.x(2_000_000)).toBeCloseTo(900);
    expect(axis.t(axis.x(1_500))).toBeCloseTo(1_500, 3);
    expect(axis.visible()).toEqual([0, 2_000_000]);
  });
  it('is monotone', () => {
    const axis = createTimeAxis(warp, 0, 1000);
    let prev = -Infinity;
    for (let t = 0; t <= 2_000_000; t += 10_000) {
      expect(axis.x(t)).toBeGreaterThanOrEqual(prev);
      prev = axis.x(t);
    }
  });
  it('applies the zoom transform like d3-zoom (x * k + tx)', () => {
    const axis = createTimeAxis(warp, 0, 1000, { k: 2, x: -500 });
    const plain = createTimeAxis(warp, 0, 1000);
    expect(axis.x(1_000)).toBeCloseTo(plain.x(1_000) * 2 - 500);
    const [v0, v1] = axis.visible();
    expect(v0).toBeGreaterThan(0);
    expect(v1).toBeLessThan(2_000_000);
  });
  it('makes increasing, spaced ticks with real-time labels', () => {
    const axis = createTimeAxis(warp, 0, 1000);
    const ticks = axisTicks(axis, 0, 1000);
    expect(ticks.length).toBeGreaterThan(2);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.t).toBeGreaterThan(ticks[i - 1]!.t);
      expect(ticks[i]!.x - ticks[i - 1]!.x).toBeGreaterThanOrEqual(70);
    }
  });
  it('rounds steps to 1, 2, 5', () => {
    expect(niceStep(3)).toBe(2);
    expect(niceStep(40)).toBe(50);
    expect(niceStep(900)).toBe(1000);
    expect(formatTime(0)).toBe('0s');
    expect(formatTime(1_500)).toBe('1.5ms');
  });
});

describe('hitTest', () => {
  const marks: Mark[] = [
    { seq: 1, kind: 'span', x0: 10, x1: 50, y0: 10, y1: 20 },
    { seq: 2, kind: 'message', x0: 100, x1: 200, y0: 0, y1: 100 },
  ];
  it('finds spans by their box and messages by their segment', () => {
    expect(hitTest(marks, 30, 15)?.seq).toBe(1);
    expect(hitTest(marks, 150, 52)?.seq).toBe(2);
    expect(hitTest(marks, 400, 400)).toBeUndefined();
  });
});
