/** UI strings of the `shell` area (keys start with 'shell.'); ja must have the same keys. */
export const en = {
  'shell.bottomViews': 'Views below the playback controls',
  'shell.tab.timeline': 'Timeline',
  'shell.tab.events': 'Events',
  'shell.tab.console': 'Console',
  'shell.tab.statechart': 'State chart',
  'shell.resizeBottom': 'Drag to share the height between the cluster and the views below',
  'shell.narration': 'Guided tour',
  'shell.tour': 'Tour',
  'shell.tourPicker': 'Open a guided tour',
  'shell.tourNone': 'Choose a guided tour…',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'shell.bottomViews': '再生コントロールの下のビュー',
  'shell.tab.timeline': 'タイムライン',
  'shell.tab.events': 'イベント',
  'shell.tab.console': 'コンソール',
  'shell.tab.statechart': 'ステートチャート',
  'shell.resizeBottom': 'ドラッグしてクラスターと下のビューの高さを配分します',
  'shell.narration': 'ガイドツアー',
  'shell.tour': 'ツアー',
  'shell.tourPicker': 'ガイドツアーを開く',
  'shell.tourNone': 'ガイドツアーを選んでください…',
};
