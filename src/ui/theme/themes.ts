/**
 * The visual themes. `light` is for a laptop screen; the two projector themes use larger type,
 * stronger contrast and thicker lines so the back row of a meetup room can read them.
 * The colours themselves are CSS variables in themes.css, keyed by `data-theme`.
 */
export type ThemeName = 'light' | 'projector-light' | 'projector-dark';
export const THEMES: readonly ThemeName[] = ['light', 'projector-light', 'projector-dark'];
export const DEFAULT_THEME: ThemeName = 'light';

/** Parses a `theme` URL parameter; unknown names give undefined. */
export function parseTheme(value: string | null | undefined): ThemeName | undefined {
  return THEMES.find((t) => t === value);
}
