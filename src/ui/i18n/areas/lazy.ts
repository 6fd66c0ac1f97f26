/**
 * UI strings of the parts loaded on demand (keys start with 'lazy.'): the placeholder a view shows
 * while its code arrives, and the note when it cannot arrive. ja must have the same keys.
 */
export const en = {
  'lazy.loading': 'Loading {what}…',
  'lazy.failed': '{what} could not be loaded: {message}',
  'lazy.reload': 'Reload the page',
  'lazy.view': 'this view',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'lazy.loading': '{what}を読み込んでいます…',
  'lazy.failed': '{what}を読み込めませんでした: {message}',
  'lazy.reload': 'ページを再読み込み',
  'lazy.view': 'この表示',
};
