import type { EmbedEventName, EmbedState, Method } from '../protocol.ts';

/**
 * The embed's vocabulary as a host page needs it. The lists are copies, not imports: the app's
 * own (src/embed/url.ts, src/ui/i18n, src/ui/theme) pull the message catalogues and themes into
 * any bundle that imports them, and player.js must stay a few kilobytes without React.
 * vocabulary.test.ts checks that the copies equal the app's. Types are imported (erased at build).
 */
export type { EmbedEventName, EmbedState, Method };

export const NAMESPACE = 'kube-anatomy';
export const LANGS = ['en', 'ja'] as const;
export type PlayerLang = (typeof LANGS)[number];
export const THEMES = ['light', 'dark', 'projector-light', 'projector-dark'] as const;
export type PlayerTheme = (typeof THEMES)[number];
export const VIEWS = ['topology', 'timeline', 'events', 'statechart', 'etcd', 'scheduler', 'node', 'console'] as const;
export const CONTROLS = ['full', 'min', 'none'] as const;
export const EVENT_NAMES: readonly EmbedEventName[] = ['ready', 'stepchanged', 'ended', 'keypass'];

/** What an embed event carries to host code: the state, and for `keypass` the key. */
export type EmbedEventDetail = EmbedState & { key?: string };
