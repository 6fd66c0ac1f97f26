/**
 * The visual themes. `light` and `dark` are for a laptop screen; the two projector themes use
 * larger type, stronger contrast and thicker lines so the back row of a meetup room can read
 * them. The colours themselves are CSS variables in src/ui/styles.css, keyed by `data-theme`.
 */
export type ThemeName = 'light' | 'dark' | 'projector-light' | 'projector-dark';
export const THEMES: readonly ThemeName[] = ['light', 'dark', 'projector-light', 'projector-dark'];

/** Themes with the projector's larger type (the SVG views size their text by this). */
export function isProjector(theme: ThemeName): boolean {
  return theme === 'projector-light' || theme === 'projector-dark';
}
export const DEFAULT_THEME: ThemeName = 'light';

/** Parses a `theme` URL parameter; unknown names give undefined. */
export function parseTheme(value: string | null | undefined): ThemeName | undefined {
  return THEMES.find((t) => t === value);
}
