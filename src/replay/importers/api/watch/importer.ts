import type { FormatParser, ImportContext, Importer, RawEvent } from '../../../types.ts';
import { isRecord, JsonValueSplitter } from '../shared/json-values.ts';
import { isApiObject, objectEvent, type ApiObject, type ObjectOp } from '../shared/objects.ts';
import { streamItems, type StreamItem } from '../shared/stream-values.ts';
import { PrecisionTracker } from '../shared/time.ts';
import { bindingStep } from './inferred-steps.ts';

/**
 * Watch streams: `kubectl get <resource> -w -o json --output-watch-events` (JSON lines
 * `{"type","object"}`), raw `?watch=1` streams (the same lines, plus BOOKMARK and ERROR),
 * either wrapped with receive times `{"recv","ev"}`, and `kubectl get -w -o json` without
 * event types (pretty-printed objects back to back: the type is inferred, ADDED the first time
 * a uid is seen, MODIFIED after, and marked `inferred` with attrs.typeInferred).
 *
 * Time: the receive time when the line has one; otherwise `at` stays undefined and the merge
 * places the event by resourceVersion and order. managedFields[].time is not used: it has whole
 * seconds and says when a field manager last wrote, not when this version was made.
 *
 * BOOKMARK and ERROR become messages from kube-apiserver to the watching client as the
 * simulator sends them (watch-server.ts: `WATCH BOOKMARK`, `WATCH ERROR` with code, reason and
 * message — 410 Expired `too old resource version`), an ERROR followed by the `END_STREAM` the
 * apiserver ends the stream with (inferred: the recording shows only that nothing followed).
 */
export const watchImporter: Importer = {
  name: 'watch',
  label: 'Kubernetes watch stream (kubectl get -w -o json --output-watch-events, ?watch=1)',
  detect(sample: string, fileName: string): number {
    const head = sample.slice(0, 8192);
    if (/"apiVersion"\s*:\s*"audit\.k8s\.io\//.test(head) || head.includes('"format":"kube-anatomy-trace"')) return 0;
    const typed = /"type"\s*:\s*"(ADDED|MODIFIED|DELETED|BOOKMARK|ERROR)"\s*,\s*"object"\s*:/.test(head) || /"ev"\s*:\s*\{\s*"type"\s*:\s*"(ADDED|MODIFIED|DELETED|BOOKMARK|ERROR)"/.test(head);
    if (typed) return /"kind"\s*:\s*"Event"\s*,/.test(head) && /"involvedObject"|"regarding"/.test(head) ? 0.5 : 0.9;
    // Bare objects printed one after another (kubectl get -w -o json).
    if (/^\s*\{\s*"apiVersion"\s*:/.test(head) && /"metadata"\s*:/.test(head) && !/"involvedObject"|"regarding"/.test(head)) return /watch/i.test(fileName) ? 0.6 : 0.3;
    return 0;
  },
  create(ctx: ImportContext): FormatParser {
    return new WatchParser(ctx);
  },
};

class WatchParser implements FormatParser {
  private readonly splitter = new JsonValueSplitter();
  private readonly precision = new PrecisionTracker();
  /** The last version of each object (by uid, else kind/namespace/name). */
  private readonly last = new Map<string, ApiObject>();
  private ids = 0;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number): RawEvent[] {
    const out: RawEvent[] = [];
    for (const r of this.splitter.push(text, lineNo)) {
      if ('error' in r) this.ctx.error(r.line, r.error);
      else out.push(...this.value(r.value, r.line, r.itemLines));
    }
    return out;
  }

  end(): RawEvent[] {
    for (const r of this.splitter.end()) if ('error' in r) this.ctx.error(r.line, r.error);
    return [];
  }

  facts() {
    return { precision: this.precision.value };
  }

  private value(v: unknown, line: number, itemLines: number[]): RawEvent[] {
    const items = streamItems(v);
    if (typeof items === 'string') {
      this.ctx.error(line, items);
      return [];
    }
    return items.flatMap((item) => this.item(item, item.index !== undefined ? (itemLines[item.index] ?? line) : line));
  }

  private item(item: StreamItem, line: number): RawEvent[] {
    const at = item.recv ? { at: item.recv.at } : {};
    if (item.recv) this.precision.see(item.recv.precision);
    if (item.type === 'BOOKMARK' || item.type === 'ERROR') return this.control(item, line, at);
    if (!isApiObject(item.object)) {
      this.ctx.error(line, item.type ? `a ${item.type} watch event whose object has no metadata` : 'not a watch event or an API object: no "type" and no "metadata"');
      return [];
    }
    const obj = item.object as ApiObject;
    if (!obj.kind || !obj.metadata?.name) {
      this.ctx.error(line, 'an API object without kind or metadata.name');
      return [];
    }
    const id = obj.metadata.uid ?? `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const prev = this.last.get(id);
    const typeInferred = item.type === undefined;
    const op = (item.type ?? (prev ? 'MODIFIED' : 'ADDED')) as ObjectOp;
    if (op === 'DELETED') this.last.delete(id);
    else this.last.set(id, obj);
    const out: RawEvent[] = [];
    const step = op === 'MODIFIED' ? bindingStep(prev, obj, line, at, () => ++this.ids) : undefined;
    if (step) out.push(step.message);
    const extra: Partial<RawEvent> = { ...at, ...(typeInferred ? { inferred: true, attrs: { typeInferred: true } } : {}), ...(step ? { causes: [step.cause] } : {}) };
    const ev = objectEvent(op, obj, line, extra);
    if (ev) out.push(ev);
    return out;
  }

  private control(item: StreamItem, line: number, at: { at?: number }): RawEvent[] {
    const obj = isRecord(item.object) ? item.object : {};
    const attrs: Record<string, unknown> = { id: ++this.ids, type: item.type };
    if (item.type === 'BOOKMARK') {
      const meta = isRecord(obj.metadata) ? obj.metadata : {};
      if (typeof meta.resourceVersion === 'string') attrs.resourceVersion = meta.resourceVersion;
      const annotations = isRecord(meta.annotations) ? meta.annotations : {};
      if (annotations['k8s.io/initial-events-end'] === 'true') attrs.initialEventsEnd = true;
      return [{ ...at, kind: 'message', actor: 'kube-apiserver', to: 'kubectl', op: 'WATCH BOOKMARK', line, attrs, dur: 0 }];
    }
    Object.assign(attrs, { code: obj.code, reason: obj.reason, message: obj.message });
    const error: RawEvent = { ...at, kind: 'message', actor: 'kube-apiserver', to: 'kubectl', op: 'WATCH ERROR', line, attrs, dur: 0, keys: [`watch-error:${this.ctx.file}/${line}`] };
    const end: RawEvent = { ...at, kind: 'message', actor: 'kube-apiserver', to: 'kubectl', op: 'END_STREAM', line, inferred: true, attrs: { id: ++this.ids }, dur: 0, causes: [{ key: `watch-error:${this.ctx.file}/${line}`, rule: 'watch-ends-after-error', confidence: 'inferred' }] };
    return [error, end];
  }
}
