/** UI strings of the `swimlane` area (keys start with 'swimlane.'); ja must have the same keys. */
export const en = {
  'swimlane.overview': 'Overview',
  'swimlane.brush': 'Overview of the whole trace: drag to pick the time window shown above, click to fit',
  'swimlane.canvasLabel': 'Timeline lanes. Keys: + and − zoom, 0 fits, Shift+← and Shift+→ pan, ↑ and ↓ scroll the lanes',
  'swimlane.group.client': 'Client',
  'swimlane.group.controlPlane': 'Control plane',
  'swimlane.group.other': 'Other',
  'swimlane.collapse': 'Collapse this group into one summary lane',
  'swimlane.expand': 'Expand this group into one lane per component',
  'swimlane.lanes': '{n} lanes',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'swimlane.overview': '全体',
  'swimlane.brush': 'トレース全体の概要です。ドラッグすると上に表示する時間範囲を選べます。クリックすると全体表示に戻ります',
  'swimlane.canvasLabel': 'タイムラインのレーンです。キー: + と − で拡大縮小、0 で全体表示、Shift+← と Shift+→ で移動、↑ と ↓ でレーンをスクロールします',
  'swimlane.group.client': 'クライアント',
  'swimlane.group.controlPlane': 'コントロールプレーン',
  'swimlane.group.other': 'その他',
  'swimlane.collapse': 'このグループを 1 本の概要レーンに折りたたみます',
  'swimlane.expand': 'このグループをコンポーネントごとのレーンに展開します',
  'swimlane.lanes': '{n} レーン',
};
