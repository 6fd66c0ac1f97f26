import { describe, it, expect } from 'vitest';
import { canZoomIn, canZoomOut, initialZoom, levelStep, levelsOf, normalizeZoom, zoomIn, zoomOut } from './zoom.ts';

describe('semantic zoom', () => {
  it('goes heatmap → nodes → pod and back for a large cluster', () => {
    const ctx = { clusterScale: true, node: 'node-0042', pod: 'v1/Pod/default/app-1' };
    let s = initialZoom(true);
    expect(s.level).toBe('cluster');
    expect(canZoomOut(s, ctx)).toBe(false);
    s = zoomIn(s, ctx);
    expect(s).toEqual({ level: 'nodes', node: 'node-0042' });
    s = zoomIn(s, ctx);
    expect(s).toEqual({ level: 'pod', node: 'node-0042', pod: 'v1/Pod/default/app-1' });
    expect(canZoomIn(s, ctx)).toBe(false);
    s = zoomOut(s, ctx);
    expect(s).toEqual({ level: 'nodes', node: 'node-0042' });
    expect(zoomOut(s, ctx)).toEqual({ level: 'cluster', node: 'node-0042' });
  });

  it('starts at today\'s node diagram for a small cluster and has no heatmap', () => {
    const ctx = { clusterScale: false };
    const s = initialZoom(false);
    expect(s.level).toBe('nodes');
    expect(zoomOut(s, ctx)).toBe(s);
    expect(zoomIn(s, ctx)).toBe(s); // no Pod to zoom into
    expect(zoomIn(s, { ...ctx, pod: 'k' }).level).toBe('pod');
    expect(levelsOf(false)).toEqual(['nodes', 'pod']);
    expect(normalizeZoom({ level: 'cluster' }, false)).toEqual({ level: 'nodes' });
  });

  it('steps a level when the wheel scale passes the thresholds', () => {
    expect([1, 1.59, 1.6, 3, 0.7, 0.65, 0.3].map(levelStep)).toEqual([0, 0, 1, 1, 0, -1, -1]);
  });
});
