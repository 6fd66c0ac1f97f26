import { isRecord } from './json-values.ts';
import { parseK8sTime, type ParsedTime } from './time.ts';

/**
 * One item of an API stream as recorders write it, unwrapped:
 * - a watch event `{"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": …}` (kubectl
 *   `--output-watch-events`, a raw `?watch=1` stream);
 * - a receive-stamped line `{"recv": RFC3339Nano, "ev": …}` (kube-anatomy record's wrapper:
 *   kubectl prints no time, so the recorder stamps each line when it reads it);
 * - a bare object (`kubectl get -o json`, `-w -o json` without event types);
 * - a `List` (`kubectl get -o json` of many), whose items come one by one.
 */
export interface StreamItem {
  type?: string;
  object: unknown;
  recv?: ParsedTime;
  /** Index in the List the item came from, for its line. */
  index?: number;
}

export const WATCH_TYPES = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'];

export function streamItems(v: unknown): StreamItem[] | string {
  let recv: ParsedTime | undefined;
  let value = v;
  if (isRecord(value) && 'recv' in value && 'ev' in value) {
    recv = parseK8sTime(value.recv);
    if (!recv) return `bad "recv" ${JSON.stringify(value.recv)} (want an RFC 3339 time)`;
    value = value.ev;
  }
  if (Array.isArray(value)) return value.map((object, index) => ({ object, index, ...(recv ? { recv } : {}) }));
  if (!isRecord(value)) return `expected a JSON object, found ${value === null ? 'null' : typeof value}`;
  if (typeof value.type === 'string' && 'object' in value && !('metadata' in value)) {
    if (!WATCH_TYPES.includes(value.type)) return `unknown watch event type ${JSON.stringify(value.type)} (want ${WATCH_TYPES.join(', ')})`;
    return [{ type: value.type, object: value.object, ...(recv ? { recv } : {}) }];
  }
  if (Array.isArray(value.items) && (typeof value.kind !== 'string' || value.kind.endsWith('List'))) {
    return value.items.map((object, index) => ({ object, index, ...(recv ? { recv } : {}) }));
  }
  return [{ object: value, ...(recv ? { recv } : {}) }];
}
