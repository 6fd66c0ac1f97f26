/** UI strings of the `statechart` area (keys start with 'statechart.'); ja must have the same keys. */
export const en = {
  'statechart.title': 'State chart',
  'statechart.machine': 'Machine',
  'statechart.none': 'No machine running',
  'statechart.empty': 'No state machine has started at this playhead. Select an event of a component, or move the playhead.',
  'statechart.noDefinition': 'This build has no definition of the machine {machine} (it comes from a recorded trace); only its states are listed.',
  'statechart.notStarted': 'This machine has not started yet at the playhead.',
  'statechart.unknownState': 'The trace puts the machine in {state}, which its definition does not have.',
  'statechart.chartLabel': 'State chart of {machine}; current state: {state}',
  'statechart.history': 'States visited',
  'statechart.visited': '{n} so far',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'statechart.title': 'ステートチャート',
  'statechart.machine': 'ステートマシン',
  'statechart.none': '動いているステートマシンはありません',
  'statechart.empty': 'この再生位置では、まだステートマシンが始まっていません。コンポーネントのイベントを選ぶか、再生位置を動かしてください。',
  'statechart.noDefinition': 'このビルドにはステートマシン {machine} の定義がありません(記録されたトレース由来です)。状態の一覧だけを表示します。',
  'statechart.notStarted': 'このステートマシンは、再生位置の時点ではまだ始まっていません。',
  'statechart.unknownState': 'トレースではステートマシンが {state} にありますが、定義にはこの状態がありません。',
  'statechart.chartLabel': '{machine} のステートチャート。現在の状態: {state}',
  'statechart.history': '通過した状態',
  'statechart.visited': 'これまでに {n} 件',
} as const;
