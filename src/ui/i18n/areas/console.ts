/** UI strings of the `console` area (keys start with 'console.'); ja must have the same keys. */
export const en = {
  'console.title': 'Console',
  'console.inputLabel': 'Command line (runs at the playhead and forks the run)',
  'console.placeholder': 'kubectl get pods    (Tab completes, ↑/↓ history, help)',
  'console.busy': 'Computing the branch…',
  'console.unavailable': 'This is a recorded trace: there is nothing to recompute, so commands cannot be run here.',
  'console.empty': 'No command has run yet at this playhead.',
  'console.exit': 'exit status {code}',
  'console.typed': 'typed',
  'console.error': 'error: {message}',
  'console.help':
    'Type a command as on a real cluster; it runs at the paused playhead in a new branch of the run (the scenario stops there, the earlier branch stays).\nTools: {tools}\nfault <type> key=value…  injects a fault (types: {faults})\nclear  clears this transcript    help  shows this text\nTab completes tools, kubectl verbs, resource types, flags and object names; ↑/↓ walk the history.',
  'console.unknownFault': 'unknown fault type "{type}" (known: {known})',
  'console.faultUsage': 'usage: fault <type> key=value… (types: {known})',
  'console.badField': 'fault fields are key=value, got "{field}"',
  'console.branches': 'Branches of the run',
  'console.branch0': 'Branch 0 (the scenario as written)',
  'console.branchN': 'Branch {id} (from {parent} at {t}: {label})',
  'console.outputOf': 'Output of {command}',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'console.title': 'コンソール',
  'console.inputLabel': 'コマンドライン(再生位置で実行し、実行を分岐させます)',
  'console.placeholder': 'kubectl get pods    (Tab で補完、↑/↓ で履歴、help)',
  'console.busy': 'ブランチを計算しています…',
  'console.unavailable': 'これは記録されたトレースです。再計算するものがないため、ここではコマンドを実行できません。',
  'console.empty': 'この再生位置ではまだコマンドが実行されていません。',
  'console.exit': '終了ステータス {code}',
  'console.typed': '入力',
  'console.error': 'エラー: {message}',
  'console.help':
    '実際のクラスターと同じようにコマンドを入力します。一時停止した再生位置で、実行の新しいブランチとして実行されます(シナリオはそこで止まり、元のブランチは残ります)。\nツール: {tools}\nfault <type> key=value…  障害を注入します(種類: {faults})\nclear  この記録を消去します    help  この説明を表示します\nTab でツール、kubectl の動詞、リソースタイプ、フラグ、オブジェクト名を補完し、↑/↓ で履歴をたどります。',
  'console.unknownFault': '不明な障害の種類 "{type}" です(既知の種類: {known})',
  'console.faultUsage': '使い方: fault <type> key=value…(種類: {known})',
  'console.badField': '障害のフィールドは key=value の形式です。"{field}" が指定されました',
  'console.branches': '実行のブランチ',
  'console.branch0': 'ブランチ 0(シナリオどおり)',
  'console.branchN': 'ブランチ {id}({parent} から {t} に分岐: {label})',
  'console.outputOf': '{command} の出力',
};
