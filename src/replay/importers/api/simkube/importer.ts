import type { FormatParser, ImportContext, Importer, RawEvent } from '../../../types.ts';
import { isRecord } from '../shared/json-values.ts';
import { isApiObject, objectEvent, type ApiObject } from '../shared/objects.ts';
import { decodeMsgpack, MsgpackError } from './msgpack.ts';

/**
 * SimKube traces (`.sktrace`, acrlabs/simkube sk-core/src/trace): one MessagePack map with
 * `version` (2 or 3), `config` (trackedObjects), `events` (`[{ts, applied_objs,
 * deleted_objs}]`, ts in Unix seconds), `index` and, in version 2, `pod_lifecycles`. SimKube
 * records desired state (status stripped, objects sanitized, no uids or resourceVersions), so
 * every applied object becomes an `object` event, ADDED the first time its kind/namespace/name
 * is seen and MODIFIED after, and every deleted one DELETED; time has second precision.
 * The index and pod lifecycles are not events and are left out.
 */
export const simkubeImporter: Importer = {
  name: 'simkube',
  label: 'SimKube trace (.sktrace, msgpack)',
  binary: true,
  detect(_sample: string, fileName: string, head: Uint8Array): number {
    const b = head[0];
    const isMap = b !== undefined && ((b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf);
    const ascii = new TextDecoder('latin1').decode(head.subarray(0, 256));
    if (isMap && ascii.includes('version') && (ascii.includes('config') || ascii.includes('events'))) return 0.95;
    if (/\.sktrace$/i.test(fileName)) return 0.8;
    return 0;
  },
  create(ctx: ImportContext): FormatParser {
    return new SimkubeParser(ctx);
  },
};

class SimkubeParser implements FormatParser {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly ctx: ImportContext) {}

  bytes(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.size += chunk.length;
  }

  end(): RawEvent[] {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.chunks = [];
    let value: unknown;
    try {
      const d = decodeMsgpack(all);
      value = d.value;
      for (const w of d.warnings) this.ctx.error(0, `msgpack: ${w}`);
    } catch (e) {
      this.ctx.error(0, e instanceof MsgpackError ? `not a SimKube trace: ${e.message}` : `not a SimKube trace: ${String(e)}`);
      return [];
    }
    return this.trace(value);
  }

  facts() {
    return { precision: 's' as const };
  }

  private trace(v: unknown): RawEvent[] {
    if (!isRecord(v)) return this.fail('the msgpack value is not a map');
    if (v.version !== 2 && v.version !== 3) return this.fail(`unsupported SimKube trace version ${JSON.stringify(v.version)} (want 2 or 3)`);
    if (!Array.isArray(v.events)) return this.fail('no "events" array');
    const seen = new Set<string>();
    const out: RawEvent[] = [];
    v.events.forEach((e, i) => {
      // No lines in a binary file: errors name the event's index (line 0 = the file).
      if (!isRecord(e) || typeof e.ts !== 'number') {
        this.ctx.error(0, `events[${i}]: not {ts, applied_objs, deleted_objs}`);
        return;
      }
      const at = Math.round(e.ts * 1_000_000);
      const applied = Array.isArray(e.applied_objs) ? e.applied_objs : [];
      const deleted = Array.isArray(e.deleted_objs) ? e.deleted_objs : [];
      for (const [list, name] of [[applied, 'applied_objs'], [deleted, 'deleted_objs']] as const) {
        list.forEach((obj, j) => {
          if (!isApiObject(obj)) {
            this.ctx.error(0, `events[${i}].${name}[${j}]: not an API object with metadata`);
            return;
          }
          const o = obj as ApiObject;
          const id = `${o.apiVersion ?? ''}/${o.kind ?? ''}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
          const op = name === 'deleted_objs' ? 'DELETED' : seen.has(id) ? 'MODIFIED' : 'ADDED';
          if (op === 'DELETED') seen.delete(id);
          else seen.add(id);
          const ev = objectEvent(op, o, 0, { at, attrs: { simkubeEvent: i } });
          if (ev) out.push(ev);
          else this.ctx.error(0, `events[${i}].${name}[${j}]: an object without kind or metadata.name`);
        });
      }
    });
    return out;
  }

  private fail(reason: string): RawEvent[] {
    this.ctx.error(0, `not a SimKube trace: ${reason}`);
    return [];
  }
}
