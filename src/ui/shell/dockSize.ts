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

/** CSS grid rows for the two panels and the handle between them, from which are open. */
export function dockRows(upperOpen: boolean, lowerOpen: boolean, share: number): string {
  if (upperOpen && lowerOpen) return `minmax(0, ${share}fr) auto minmax(0, ${1 - share}fr)`;
  if (upperOpen) return 'minmax(0, 1fr) 0 auto';
  if (lowerOpen) return 'auto 0 minmax(0, 1fr)';
  return 'auto 0 auto';
}
