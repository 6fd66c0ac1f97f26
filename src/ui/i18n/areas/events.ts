/** UI strings of the `events` area (keys start with 'events.'); ja must have the same keys. */
export const en = {
  'events.title': 'Events',
  'events.type': 'Event type',
  'events.all': 'All',
  'events.filter': 'Filter by reason, object or message',
  'events.count': '{shown} of {total}',
  'events.none': 'No events at this playhead.',
  'events.noMatch': 'No events match the filter.',
} as const satisfies Record<string, string>;

// The column headers, the types Normal/Warning and the Events themselves are kubectl's and stay as they are.
export const ja: Record<keyof typeof en, string> = {
  'events.title': 'Event',
  'events.type': 'Event の種類',
  'events.all': 'すべて',
  'events.filter': 'reason、オブジェクト、メッセージで絞り込み',
  'events.count': '{total} 件中 {shown} 件',
  'events.none': 'この再生位置では Event はまだありません。',
  'events.noMatch': '絞り込みに一致する Event はありません。',
};
