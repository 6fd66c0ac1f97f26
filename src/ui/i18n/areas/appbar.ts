/** UI strings of the app bar: the "Open trace" menu and the compact display settings (keys start with 'appbar.'); ja must have the same keys. */
export const en = {
  'appbar.open.label': 'Open a recorded trace',
  'appbar.open.files': 'Trace files…',
  'appbar.open.filesHint': 'Audit logs, Events, watch streams, OTLP spans, ctr events, strace, etcdctl watch; several at once',
  'appbar.open.folder': 'Folder…',
  'appbar.open.folderHint': 'Every trace file in a folder, such as one recorded by kube-anatomy record',
  'appbar.open.urlHeading': 'From a URL',
  'appbar.open.liveHint': 'A ws://… or …/live/<name>/follow URL is followed live as events arrive.',
  'appbar.display.label': 'Language and theme',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'appbar.open.label': '記録したトレースを開く',
  'appbar.open.files': 'トレースファイル…',
  'appbar.open.filesHint': '監査ログ、Event、watch ストリーム、OTLP スパン、ctr events、strace、etcdctl watch。複数まとめて開けます',
  'appbar.open.folder': 'フォルダー…',
  'appbar.open.folderHint': 'kube-anatomy record で記録したフォルダーなど、フォルダー内のすべてのトレースファイル',
  'appbar.open.urlHeading': 'URL から',
  'appbar.open.liveHint': 'ws://… または …/live/<name>/follow の URL は、届いたイベントを順にライブで追います。',
  'appbar.display.label': '言語とテーマ',
};
