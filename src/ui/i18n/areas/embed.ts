/** UI strings of the `embed` area (keys start with 'embed.'); ja must have the same keys. */
export const en = {
  'embed.notes': 'Some URL parameters were ignored',
  'embed.note': '{param}={value} was ignored: expected {expected}.',
  'embed.stepRange': 'step={value} was ignored: tour "{tour}" has steps 1–{total}.',
  'embed.tours': 'Tour',
  'embed.views': 'Views',
  'embed.dismiss': 'Hide',
  'embed.expect.lang': 'en or ja',
  'embed.expect.theme': 'light, dark, projector-light or projector-dark',
  'embed.expect.t': 'a duration such as 1.5s or 250ms, or seconds',
  'embed.expect.seed': 'a whole number',
  'embed.expect.step': 'a step number from 1',
  'embed.expect.controls': 'full, min or none',
  'embed.expect.views': 'views from topology, timeline, events, statechart, etcd, scheduler, node, console',
  'embed.expect.origins': 'origins written scheme://host[:port], comma-separated, or *',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'embed.notes': 'URL パラメーターの一部を無視しました',
  'embed.note': '{param}={value} は無視しました。{expected} を指定してください。',
  'embed.stepRange': 'step={value} は無視しました。ツアー「{tour}」のステップは 1〜{total} です。',
  'embed.tours': 'ツアー',
  'embed.views': 'ビュー',
  'embed.dismiss': '閉じる',
  'embed.expect.lang': 'en または ja',
  'embed.expect.theme': 'light、dark、projector-light、projector-dark のいずれか',
  'embed.expect.t': '1.5s や 250ms のような期間、または秒数',
  'embed.expect.seed': '整数',
  'embed.expect.step': '1 以上のステップ番号',
  'embed.expect.controls': 'full、min、none のいずれか',
  'embed.expect.views': 'topology、timeline、events、statechart、etcd、scheduler、node、console から選んだビュー',
  'embed.expect.origins': 'scheme://host[:port] 形式のオリジン(カンマ区切り)、または *',
};
