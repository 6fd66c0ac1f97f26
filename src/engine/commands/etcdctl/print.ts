import { hex16, hexId } from '../../../domain/etcd/ids.ts';
import type { MemberInfo, ResponseHeader } from '../../components/etcd/etcd.ts';
import { valueText, type KeyValue, type MvccEvent, type TxnOpResponse } from '../../components/etcd/mvcc.ts';

/**
 * etcdctl 3.4's printers (etcdctl/ctlv3/command/printer_simple.go, printer_json.go). The JSON
 * printer marshals the protobuf Go structs with encoding/json: snake_case fields, []byte as
 * base64, zero values left out, int64 IDs as bare numbers; responses that clientv3 wraps
 * (LeaseGrantResponse, WatchResponse) show Go's field names.
 */

const enc = new TextEncoder();

function bytesOf(value: unknown): Uint8Array {
  return enc.encode(valueText(value));
}

export function base64(value: unknown): string {
  const bytes = bytesOf(value);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** --hex: every byte as \xNN. */
function hexBytes(value: unknown): string {
  let out = '';
  for (const b of bytesOf(value)) out += `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

export interface PrintOptions {
  hex: boolean;
  valueOnly?: boolean;
}

/** printKV: the key on one line, the value on the next. */
export function simpleKV(kv: KeyValue, o: PrintOptions): string {
  const k = o.hex ? hexBytes(kv.key) : kv.key;
  const v = o.hex ? hexBytes(kv.value) : valueText(kv.value);
  return o.valueOnly ? `${v}\n` : `${k}\n${v}\n`;
}

export function simplePut(prevKv: KeyValue | undefined, o: PrintOptions): string {
  return `OK\n${prevKv ? simpleKV(prevKv, o) : ''}`;
}

export function simpleGet(kvs: KeyValue[], o: PrintOptions): string {
  return kvs.map((kv) => simpleKV(kv, o)).join('');
}

export function simpleDel(deleted: number, prevKvs: KeyValue[] | undefined, o: PrintOptions): string {
  return `${deleted}\n${(prevKvs ?? []).map((kv) => simpleKV(kv, o)).join('')}`;
}

export function simpleWatchEvents(events: MvccEvent[], o: PrintOptions): string {
  let out = '';
  for (const e of events) {
    out += `${e.type}\n`;
    if (e.prevKv) out += simpleKV(e.prevKv, o);
    out += simpleKV(e.kv, o);
  }
  return out;
}

// ------------------------------------------------------------------ JSON

/** An ID or other uint64/int64 as a bare JSON number, exactly (no float rounding). */
type Raw = { raw: string };
const raw = (s: string): Raw => ({ raw: s });

/** JSON with bare big numbers, in the key order given, as encoding/json writes structs. */
export function goJson(v: unknown): string {
  if (v && typeof v === 'object' && 'raw' in (v as object) && Object.keys(v as object).length === 1) return (v as Raw).raw;
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${goJson(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

/** pb.ResponseHeader with omitempty: a zero revision is left out. */
export function jsonHeader(h: ResponseHeader): Record<string, unknown> {
  return { cluster_id: raw(h.clusterId), member_id: raw(h.memberId), ...(h.revision ? { revision: h.revision } : {}), raft_term: h.raftTerm };
}

/** The header of a response inside a Txn: only the revision is set. */
function subHeader(h: { revision: number }): Record<string, unknown> {
  return h.revision ? { revision: h.revision } : {};
}

/** mvccpb.KeyValue with omitempty. */
export function jsonKV(kv: KeyValue): Record<string, unknown> {
  const value = valueText(kv.value);
  return {
    key: base64(kv.key),
    ...(kv.createRevision ? { create_revision: kv.createRevision } : {}),
    ...(kv.modRevision ? { mod_revision: kv.modRevision } : {}),
    ...(kv.version ? { version: kv.version } : {}),
    ...(value !== '' ? { value: base64(kv.value) } : {}),
    ...(kv.lease !== '0' ? { lease: raw(BigInt(`0x${kv.lease}`).toString()) } : {}),
  };
}

export function jsonEvent(e: MvccEvent): Record<string, unknown> {
  return { ...(e.type === 'DELETE' ? { type: 1 } : {}), kv: jsonKV(e.kv), ...(e.prevKv ? { prev_kv: jsonKV(e.prevKv) } : {}) };
}

export function jsonRange(r: { header: ResponseHeader | { revision: number }; kvs: KeyValue[]; more: boolean; count: number }, top: boolean): Record<string, unknown> {
  return {
    header: top ? jsonHeader(r.header as ResponseHeader) : subHeader(r.header),
    ...(r.kvs.length > 0 ? { kvs: r.kvs.map(jsonKV) } : {}),
    ...(r.more ? { more: true } : {}),
    ...(r.count ? { count: r.count } : {}),
  };
}

export function jsonPut(r: { header: ResponseHeader | { revision: number }; prevKv?: KeyValue }, top: boolean): Record<string, unknown> {
  return { header: top ? jsonHeader(r.header as ResponseHeader) : subHeader(r.header), ...(r.prevKv ? { prev_kv: jsonKV(r.prevKv) } : {}) };
}

export function jsonDel(r: { header: ResponseHeader | { revision: number }; deleted: number; prevKvs?: KeyValue[] }, top: boolean): Record<string, unknown> {
  return {
    header: top ? jsonHeader(r.header as ResponseHeader) : subHeader(r.header),
    ...(r.deleted ? { deleted: r.deleted } : {}),
    ...(r.prevKvs && r.prevKvs.length > 0 ? { prev_kvs: r.prevKvs.map(jsonKV) } : {}),
  };
}

export function jsonTxn(r: { header: ResponseHeader; succeeded: boolean; responses: TxnOpResponse[] }): Record<string, unknown> {
  const responses = r.responses.map((op) => {
    if ('responsePut' in op) return { Response: { ResponsePut: jsonPut(op.responsePut, false) } };
    if ('responseDeleteRange' in op) return { Response: { ResponseDeleteRange: jsonDel(op.responseDeleteRange, false) } };
    return { Response: { ResponseRange: jsonRange(op.responseRange, false) } };
  });
  return { header: jsonHeader(r.header), ...(r.succeeded ? { succeeded: true } : {}), ...(responses.length > 0 ? { responses } : {}) };
}

/** clientv3.WatchResponse: Go field names, nothing omitted. */
export function jsonWatch(r: { header: ResponseHeader; events: MvccEvent[]; compactRevision?: number; canceled?: boolean; created?: boolean }): string {
  return goJson({ Header: jsonHeader(r.header), Events: r.events.map(jsonEvent), CompactRevision: r.compactRevision ?? 0, Canceled: r.canceled ?? false, Created: r.created ?? false });
}

/** clientv3.LeaseGrantResponse embeds the header: its fields sit at the top level. */
export function jsonLeaseGrant(h: ResponseHeader, id: string, ttl: number): string {
  return goJson({ ...jsonHeader(h), ID: raw(BigInt(`0x${id}`).toString()), TTL: ttl, Error: '' });
}

/** clientv3.LeaseTimeToLiveResponse, with its own JSON tags. */
export function jsonTimeToLive(h: ResponseHeader, id: string, ttl: number, grantedTTL: number, keys: string[] | undefined): string {
  return goJson({ ...jsonHeader(h), id: raw(BigInt(`0x${id}`).toString()), ttl, 'granted-ttl': grantedTTL, keys: keys && keys.length > 0 ? keys.map(base64) : null });
}

// ------------------------------------------------------------------ lease and status texts

export const leaseGranted = (id: string, ttl: number): string => `lease ${hex16(BigInt(`0x${id}`))} granted with TTL(${ttl}s)\n`;
export const leaseRevoked = (id: string): string => `lease ${hex16(BigInt(`0x${id}`))} revoked\n`;

export function leaseTimeToLive(id: string, ttl: number, grantedTTL: number, keys: string[] | undefined): string {
  const hex = hex16(BigInt(`0x${id}`));
  if (ttl === -1) return `lease ${hex} already expired\n`;
  const attached = keys ? `, attached keys([${keys.join(' ')}])` : '';
  return `lease ${hex} granted with TTL(${grantedTTL}s), remaining(${ttl}s)${attached}\n`;
}

export interface StatusRow {
  endpoint: string;
  memberId: string;
  version: string;
  dbSize: number;
  isLeader: boolean;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  /** Status.errors ("etcdserver: no leader"…), shown joined by ", " in the ERRORS column. */
  errors: readonly string[];
}

/** go-humanize Bytes: SI units, one decimal below 10. */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const v = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${v < 10 ? v.toFixed(1) : String(roundHalfEven(v))} ${units[e]}`;
}

/** Go's %.0f rounds a half to the even neighbour: 20.5 kB prints as "20 kB". */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (Math.abs(d - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return Math.round(v);
}

// printer.go makeEndpointStatusTable / makeMemberListTable: the rows of the simple and table printers.
function statusCells(s: StatusRow): string[] {
  return [s.endpoint, hexId(BigInt(s.memberId)), s.version, humanBytes(s.dbSize), String(s.isLeader), 'false', String(s.raftTerm), String(s.raftIndex), String(s.raftAppliedIndex), s.errors.join(', ')];
}

export function simpleStatus(rows: StatusRow[]): string {
  return simpleRows(rows.map(statusCells));
}

const STATUS_HEADER = ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'];

export function tableStatus(rows: StatusRow[]): string {
  return table(STATUS_HEADER, rows.map(statusCells));
}

/** A member that has no name yet (added, never started) is "unstarted"; one with a name is "started". */
function memberCells(m: MemberInfo): string[] {
  return [hexId(BigInt(m.id)), m.name === '' ? 'unstarted' : 'started', m.name, m.peerURLs.join(','), m.clientURLs.join(','), String(m.isLearner)];
}

const MEMBER_HEADER = ['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'];

export function simpleMemberList(members: MemberInfo[]): string {
  return simpleRows(members.map(memberCells));
}

export function tableMemberList(members: MemberInfo[]): string {
  return table(MEMBER_HEADER, members.map(memberCells));
}

/** pb.MemberListResponse through encoding/json: etcdserverpb.Member's tags, zero values left out. */
export function jsonMemberList(h: ResponseHeader, members: MemberInfo[]): string {
  return goJson({
    header: jsonHeader(h),
    members: members.map((m) => ({
      ID: raw(m.id),
      ...(m.name !== '' ? { name: m.name } : {}),
      ...(m.peerURLs.length > 0 ? { peerURLs: m.peerURLs } : {}),
      ...(m.clientURLs.length > 0 ? { clientURLs: m.clientURLs } : {}),
      ...(m.isLearner ? { isLearner: true } : {}),
    })),
  });
}

/** The simple printer: each row's cells joined by ", ". */
function simpleRows(rows: string[][]): string {
  return rows.map((r) => `${r.join(', ')}\n`).join('');
}

/** tablewriter as etcdctl sets it up: a rule, centred upper-case header, right-aligned cells. */
function table(header: string[], cells: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const centre = (s: string, w: number): string => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const head = `|${header.map((h, i) => ` ${centre(h, widths[i] as number)} `).join('|')}|\n`;
  const body = cells.map((c) => `|${c.map((x, i) => ` ${x.padStart(widths[i] as number)} `).join('|')}|\n`).join('');
  return rule + head + rule + body + rule;
}
