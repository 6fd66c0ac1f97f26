import type { ObjectRef } from '../../../trace/schema.ts';
import type { FormatParser, ImportContext, Importer, RawEvent, SourceFacts, TimePrecision } from '../../types.ts';
import { base64Bytes, isRecord, parseJson, parseRfc3339, precisionOf, quoteLargeIntegers, utf8 } from './text.ts';

/**
 * `etcdctl watch -w json` (one WatchResponse per line: `Header` {cluster_id, member_id,
 * revision, raft_term}, `Events` [{type?, kv {key, create_revision, mod_revision, version,
 * value, lease}, prev_kv?}], keys and values base64, PUT's type 0 omitted, DELETE `"type":1`),
 * the same lines stamped by the recorder with their receive time (`{"recv": RFC3339Nano, "ev":
 * {…}}`, since etcdctl prints no time), and the plain text form (`PUT` / key / value, `DELETE` /
 * key / empty line).
 *
 * Each event → a `Put` or `DeleteRange` span of `etcd/<member_id in hex>` (`etcd/etcd` when the text
 * form names no member) as src/timeline/projections/etcd-keys.ts folds it: `key`, `revision`
 * (= the event's mod_revision: in a batched catch-up response the header's revision is the
 * store's, not the event's), `createRevision`, `modRevision`, `version`, `lease` (hex, as etcd
 * prints lease ids), the value as text when it is UTF-8 of up to 1,024 characters, else only
 * `valueSize` (protobuf values `k8s\0…` stay opaque: `encoding: "protobuf"`); `prevModRevision`
 * with `--prev-kv`. cluster_id, member_id are uint64: kept as decimal strings (quoted before
 * JSON.parse would round them).
 *
 * An API object stored as JSON under /registry/ gets `ref` (so the etcd keys view names its
 * object) and the key `rv:<uid>/<mod_revision>` that joins the audit and watch events of the
 * same write; its body is not copied into the span (API objects live in `object` events, which
 * the API-side importers write; emitting them here too would duplicate them), only `valueSize`.
 * Keys: `etcd:<key>@<mod_revision>`.
 */

const VALUE_MAX = 1024;

interface Header {
  clusterId?: string;
  memberId?: string;
  raftTerm?: number;
}

class EtcdWatchParser implements FormatParser {
  private precision: TimePrecision = 'none';
  private text: { type: 'PUT' | 'DELETE'; key?: string; line: number } | undefined;

  constructor(private readonly ctx: ImportContext) {}

  line(raw: string, lineNo: number): RawEvent[] {
    if (this.text) return this.textLine(raw, lineNo);
    if (raw.trim() === '') return [];
    if (raw === 'PUT' || raw === 'DELETE') {
      this.text = { type: raw, line: lineNo };
      return [];
    }
    const p = parseJson(quoteLargeIntegers(raw));
    if ('error' in p || !isRecord(p.value)) {
      this.ctx.error(lineNo, 'error' in p ? p.error : 'not a JSON object');
      return [];
    }
    let resp = p.value;
    let at: number | undefined;
    if ('recv' in resp) {
      const t = typeof resp['recv'] === 'string' ? parseRfc3339(resp['recv']) : undefined;
      if (!t) {
        this.ctx.error(lineNo, `"recv" is not an RFC 3339 time: ${JSON.stringify(resp['recv'])}`);
        return [];
      }
      if (this.precision === 'none') this.precision = precisionOf(t.digits);
      at = t.at;
      if (!isRecord(resp['ev'])) {
        this.ctx.error(lineNo, 'a receive-stamped line without its "ev" object');
        return [];
      }
      resp = resp['ev'];
    }
    const events = resp['Events'];
    if (!Array.isArray(events)) {
      this.ctx.error(lineNo, resp['Canceled'] === true ? `the watch was canceled (CompactRevision ${String(resp['CompactRevision'] ?? '?')})` : 'not an etcdctl watch response (no "Events" array)');
      return [];
    }
    const h = isRecord(resp['Header']) ? resp['Header'] : {};
    const header: Header = { ...(h['cluster_id'] !== undefined ? { clusterId: String(h['cluster_id']) } : {}), ...(h['member_id'] !== undefined ? { memberId: String(h['member_id']) } : {}), ...(typeof h['raft_term'] === 'number' ? { raftTerm: h['raft_term'] } : {}) };
    const out: RawEvent[] = [];
    events.forEach((ev, i) => {
      const e = this.event(ev, header, at, lineNo, i);
      if (e) out.push(e);
    });
    return out;
  }

  end(): RawEvent[] {
    if (this.text) this.ctx.error(this.text.line, `the file ends inside a ${this.text.type} (key and value expected)`);
    return [];
  }

  facts(): SourceFacts {
    return { precision: this.precision };
  }

  private event(ev: unknown, header: Header, at: number | undefined, line: number, index: number): RawEvent | undefined {
    const kv = isRecord(ev) ? ev['kv'] : undefined;
    if (!isRecord(ev) || !isRecord(kv)) {
      this.ctx.error(line, `event ${index}: no "kv"`);
      return undefined;
    }
    const key = typeof kv['key'] === 'string' ? base64Bytes(kv['key']) : undefined;
    const keyText = key ? utf8(key) : undefined;
    const mod = Number(kv['mod_revision']);
    if (keyText === undefined || !Number.isInteger(mod) || mod <= 0) {
      this.ctx.error(line, `event ${index}: kv.key is not base64 text or kv.mod_revision is missing`);
      return undefined;
    }
    const deleted = ev['type'] === 1 || ev['type'] === 'DELETE';
    const attrs: Record<string, unknown> = { key: keyText, revision: mod, modRevision: mod };
    const keys = [`etcd:${keyText}@${mod}`];
    let ref: ObjectRef | undefined;
    if (deleted) attrs['deleted'] = 1;
    else {
      attrs['createRevision'] = Number(kv['create_revision']);
      attrs['version'] = Number(kv['version']);
      const lease = kv['lease'];
      if (lease !== undefined && String(lease) !== '0') attrs['lease'] = BigInt(String(lease)).toString(16);
      const bytes = typeof kv['value'] === 'string' ? base64Bytes(kv['value']) : new Uint8Array();
      if (!bytes) {
        this.ctx.error(line, `event ${index}: kv.value is not base64`);
        return undefined;
      }
      const text = utf8(bytes);
      ref = keyText.startsWith('/registry/') && text !== undefined ? apiObjectRef(text) : undefined;
      if (ref?.uid) keys.push(`rv:${ref.uid}/${mod}`);
      if (text !== undefined && text.length <= VALUE_MAX && !ref) attrs['value'] = text;
      else attrs['valueSize'] = bytes.length;
      if (text === undefined && bytes[0] === 0x6b && bytes[1] === 0x38 && bytes[2] === 0x73 && bytes[3] === 0) attrs['encoding'] = 'protobuf';
    }
    const prev = isRecord(ev['prev_kv']) ? ev['prev_kv'] : undefined;
    if (prev && prev['mod_revision'] !== undefined) attrs['prevModRevision'] = Number(prev['mod_revision']);
    if (header.clusterId) attrs['clusterId'] = header.clusterId;
    if (header.memberId) attrs['memberId'] = header.memberId;
    if (header.raftTerm !== undefined) attrs['raftTerm'] = header.raftTerm;
    return {
      ...(at !== undefined ? { at } : {}),
      kind: 'span',
      // The member as `etcdctl member list` and etcd's own logs name it: its id in hex.
      actor: `etcd/${header.memberId ? memberHex(header.memberId) : 'etcd'}`,
      op: deleted ? 'DeleteRange' : 'Put',
      ...(ref ? { ref } : {}),
      attrs,
      line,
      revision: mod,
      keys,
    };
  }

  /** The text form: `PUT`, key, value / `DELETE`, key, empty line. No revisions: the fold derives them. */
  private textLine(raw: string, _lineNo: number): RawEvent[] {
    const t = this.text as { type: 'PUT' | 'DELETE'; key?: string; line: number };
    if (t.key === undefined) {
      t.key = raw;
      return [];
    }
    this.text = undefined;
    const attrs: Record<string, unknown> = { key: t.key };
    if (t.type === 'PUT') {
      if (raw.length <= VALUE_MAX) attrs['value'] = raw;
      else attrs['valueSize'] = new TextEncoder().encode(raw).length;
    } else attrs['deleted'] = 1;
    return [{ kind: 'span', actor: 'etcd/etcd', op: t.type === 'PUT' ? 'Put' : 'DeleteRange', attrs, line: t.line }];
  }
}

/** The object a /registry/ JSON value is: apiVersion, kind, metadata.{namespace,name,uid}. */
function apiObjectRef(text: string): ObjectRef | undefined {
  if (!text.startsWith('{')) return undefined;
  const p = parseJson(text);
  if ('error' in p || !isRecord(p.value)) return undefined;
  const o = p.value;
  const md = isRecord(o['metadata']) ? o['metadata'] : undefined;
  if (typeof o['kind'] !== 'string' || typeof o['apiVersion'] !== 'string' || typeof md?.['name'] !== 'string') return undefined;
  return { apiVersion: o['apiVersion'], kind: o['kind'], ...(typeof md['namespace'] === 'string' ? { namespace: md['namespace'] } : {}), name: md['name'], ...(typeof md['uid'] === 'string' ? { uid: md['uid'] } : {}) };
}

export const etcdWatchImporter: Importer = {
  name: 'etcd-watch',
  label: 'etcdctl watch (-w json, receive-stamped, or text)',
  detect(sample) {
    if (/"Header"\s*:\s*\{\s*"cluster_id"/.test(sample) && /"Events"\s*:/.test(sample)) return 0.95;
    const lines = sample.split('\n');
    return (lines[0] === 'PUT' || lines[0] === 'DELETE') && lines.length >= 3 ? 0.6 : 0;
  },
  create: (ctx) => new EtcdWatchParser(ctx),
};

/** A uint64 member id (decimal string, as the JSON printer writes it) in hex, as etcd prints member ids. */
function memberHex(decimal: string): string {
  return /^\d+$/.test(decimal) ? BigInt(decimal).toString(16) : decimal;
}
