import { describe, expect, it } from 'vitest';
import { clampDockWidth, clampSplit, dockRows, DOCK_MIN_WIDTH, stackMin } from './dockSize.ts';

describe('dock sizes', () => {
  it('keeps a dragged width between the minimum and 60 % of the window', () => {
    expect(clampDockWidth(100, 1440)).toBe(DOCK_MIN_WIDTH);
    expect(clampDockWidth(450.4, 1440)).toBe(450);
    expect(clampDockWidth(2000, 1440)).toBe(864);
    // A window too narrow for both limits: the minimum wins.
    expect(clampDockWidth(400, 320)).toBe(DOCK_MIN_WIDTH);
  });

  it('keeps both panels visible when the split is dragged to an edge', () => {
    expect(clampSplit(0)).toBe(0.15);
    expect(clampSplit(0.4)).toBe(0.4);
    expect(clampSplit(1)).toBe(0.85);
    expect(clampSplit(Number.NaN)).toBe(0.5);
  });

  it('gives the space to the open panel', () => {
    expect(dockRows(true, true, 0.3)).toBe('minmax(0, 0.3fr) auto minmax(0, 0.7fr)');
    expect(dockRows(true, false, 0.3)).toBe('minmax(0, 1fr) 0 auto');
    expect(dockRows(false, true, 0.3)).toBe('auto 0 minmax(0, 1fr)');
    expect(dockRows(false, false, 0.3)).toBe('auto 0 auto');
  });

  it('keeps a least height for each open panel, so the dock scrolls instead of squeezing them', () => {
    const mins = { upper: stackMin(2), lower: stackMin(1) };
    expect(dockRows(true, true, 0.55, mins)).toBe('minmax(calc(2 * var(--dock-panel-min) + 9px), 0.55fr) auto minmax(var(--dock-panel-min), 0.45fr)');
    expect(dockRows(true, false, 0.55, mins)).toBe('minmax(calc(2 * var(--dock-panel-min) + 9px), 1fr) 0 auto');
    expect(dockRows(false, true, 0.55, mins)).toBe('auto 0 minmax(var(--dock-panel-min), 1fr)');
    expect(stackMin(0)).toBe('0');
  });
});
