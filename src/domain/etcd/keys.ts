/**
 * etcd key ranges (api/v3rpc and clientv3/op.go). A range is [key, rangeEnd): an empty
 * rangeEnd means the one key, "\0" means every key >= key, and a prefix is the range up to
 * the prefix with its last byte incremented (clientv3 GetPrefixRangeEnd).
 *
 * Keys are JavaScript strings of ASCII/UTF-8 text; comparing them with < orders them like
 * etcd's byte order for every code point below U+D800, which is all that keys here use.
 */

/** rangeEnd meaning "every key from key on" (clientv3 WithFromKey). */
export const FROM_KEY = '\0';

/** The end of the range of keys that start with `prefix` (clientv3 getPrefix). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  // The prefix is empty or all 0xff: the range is everything from the key on.
  return FROM_KEY;
}

/** Whether `key` lies in the range [start, end) as etcd reads a RangeRequest. */
export function inRange(key: string, start: string, end: string | undefined): boolean {
  if (end === undefined || end === '') return key === start;
  if (end === FROM_KEY) return key >= start;
  return key >= start && key < end;
}

/** Byte order of keys. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
