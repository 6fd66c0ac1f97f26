/** Limits of the side dock that holds the etcd and scheduler panels. */
export const DOCK_MIN_WIDTH = 300;
/** The dock never takes more than this share of the window: the topology stays readable. */
export const DOCK_MAX_SHARE = 0.6;
/** Neither panel gets less than this share of the dock's height while both are open. */
export const SPLIT_MIN_SHARE = 0.15;

/** A dragged dock width, kept between the minimum and a share of the window. */
export function clampDockWidth(width: number, windowWidth: number): number {
  const max = Math.max(DOCK_MIN_WIDTH, Math.floor(windowWidth * DOCK_MAX_SHARE));
  return Math.round(Math.min(max, Math.max(DOCK_MIN_WIDTH, width)));
}

/** A dragged split between the two panels, as the upper panel's share of the height. */
export function clampSplit(share: number): number {
  if (!Number.isFinite(share)) return 0.5;
  return Math.min(1 - SPLIT_MIN_SHARE, Math.max(SPLIT_MIN_SHARE, share));
}

/**
 * CSS grid rows for the two panels and the handle between them, from which are open. `mins` are
 * CSS lengths each open panel's row keeps at least (the dock scrolls when they do not all fit),
 * so three open panels on a 720 px screen stay legible instead of shrinking to their headers.
 */
export function dockRows(upperOpen: boolean, lowerOpen: boolean, share: number, mins: { upper: string; lower: string } = { upper: '0', lower: '0' }): string {
  if (upperOpen && lowerOpen) return `minmax(${mins.upper}, ${share}fr) auto minmax(${mins.lower}, ${Number((1 - share).toFixed(4))}fr)`;
  if (upperOpen) return `minmax(${mins.upper}, 1fr) 0 auto`;
  if (lowerOpen) return `auto 0 minmax(${mins.lower}, 1fr)`;
  return 'auto 0 auto';
}

/** The height one open panel keeps at least, from the theme's type size (dock.css sets it). */
export const PANEL_MIN = 'var(--dock-panel-min)';

/** The least height of a stack of `open` panels with a handle (9 px) between each two. */
export function stackMin(open: number): string {
  if (open <= 0) return '0';
  if (open === 1) return PANEL_MIN;
  return `calc(${open} * ${PANEL_MIN} + ${(open - 1) * 9}px)`;
}
