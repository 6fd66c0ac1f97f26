import type { FormatParser, ImportContext, Importer, RawEvent } from '../../../types.ts';
import { isRecord, JsonValueSplitter } from '../shared/json-values.ts';
import { isApiObject, objectEvent, type ApiObject } from '../shared/objects.ts';
import { streamItems, type StreamItem } from '../shared/stream-values.ts';
import { PrecisionTracker, type ParsedTime } from '../shared/time.ts';
import { eventRawEvent, isEventObject, notAnEvent } from './event-mapping.ts';
import { KSPAN_HEADER, KspanReader } from './kspan.ts';

/**
 * Kubernetes Events: `kubectl get events -o json` (a v1 List, pretty-printed), core/v1 and
 * events.k8s.io/v1 Events one per line, watch-event lines `{"type","object":Event}` (`kubectl
 * get events -w -o json --output-watch-events`), receive-stamped lines `{"recv","ev"}`, and
 * kspan's capture YAML (kspan.ts), whose object snapshots become `object` events too
 * (`initial` and first seen: ADDED, later: MODIFIED). An aggregated Event (count > 1, a
 * series) appears once per observation with its count, as the simulator's event sink does.
 * A watch's DELETED of an Event (its TTL ran out) is not a new Event and is skipped.
 */
export const k8sEventsImporter: Importer = {
  name: 'k8s-events',
  label: 'Kubernetes Events (kubectl get events -o json, core/v1 and events.k8s.io/v1)',
  detect(sample: string, fileName: string): number {
    const head = sample.slice(0, 4096);
    if (KSPAN_HEADER.test(head.replace(/^---\n/, ''))) return 0.9;
    if (/"apiVersion"\s*:\s*"audit\.k8s\.io\//.test(head)) return 0;
    const eventKind = /"kind"\s*:\s*"Event"/.test(head);
    if (eventKind && /"(involvedObject|regarding)"\s*:/.test(head)) return 0.92;
    if (/events?/i.test(fileName) && /"(involvedObject|regarding)"\s*:/.test(head)) return 0.7;
    return 0;
  },
  create(ctx: ImportContext): FormatParser {
    return new EventsParser(ctx);
  },
};

class EventsParser implements FormatParser {
  private readonly splitter = new JsonValueSplitter();
  private kspan: KspanReader | undefined;
  private decided = false;
  private readonly precision = new PrecisionTracker('coarsest');
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number): RawEvent[] {
    if (!this.decided) {
      if (text.trim() === '') return [];
      this.decided = true;
      if (text === '---' || KSPAN_HEADER.test(text)) this.kspan = new KspanReader();
    }
    if (this.kspan) return this.docs(this.kspan.push(text, lineNo));
    const out: RawEvent[] = [];
    for (const r of this.splitter.push(text, lineNo)) {
      if ('error' in r) this.ctx.error(r.line, r.error);
      else out.push(...this.items(r.value, r.line, r.itemLines));
    }
    return out;
  }

  end(): RawEvent[] {
    if (this.kspan) return this.docs(this.kspan.end());
    for (const r of this.splitter.end()) if ('error' in r) this.ctx.error(r.line, r.error);
    return [];
  }

  facts() {
    return { precision: this.precision.value };
  }

  private items(value: unknown, line: number, itemLines: number[]): RawEvent[] {
    const items = streamItems(value);
    if (typeof items === 'string') {
      this.ctx.error(line, items);
      return [];
    }
    const out: RawEvent[] = [];
    for (const item of items) {
      const at = item.index !== undefined ? (itemLines[item.index] ?? line) : line;
      const ev = this.one(item, at);
      if (ev) out.push(ev);
    }
    return out;
  }

  private one(item: StreamItem, line: number): RawEvent | undefined {
    if (item.type === 'BOOKMARK' || item.type === 'DELETED') return undefined;
    if (item.type === 'ERROR') {
      const status = isRecord(item.object) ? item.object : {};
      this.ctx.error(line, `the watch ended with an ERROR: ${String(status.code ?? '')} ${String(status.message ?? '')}`.trim());
      return undefined;
    }
    if (!isEventObject(item.object)) {
      this.ctx.error(line, notAnEvent(item.object));
      return undefined;
    }
    return this.mapped(eventRawEvent(item.object, line, item.recv), line);
  }

  private mapped(got: ReturnType<typeof eventRawEvent>, line: number): RawEvent | undefined {
    if (typeof got === 'string') {
      this.ctx.error(line, got);
      return undefined;
    }
    if (got.time) this.precision.see(got.time.precision);
    return got.event;
  }

  private docs(docs: ReturnType<KspanReader['push']>): RawEvent[] {
    const out: RawEvent[] = [];
    for (const d of docs) {
      if ('error' in d) {
        this.ctx.error(d.line, d.error);
        continue;
      }
      if (d.style === 'event' || isEventObject(d.value)) {
        if (!isEventObject(d.value)) {
          this.ctx.error(d.line, notAnEvent(d.value));
          continue;
        }
        const ev = this.mapped(eventRawEvent(d.value, d.line, d.time), d.line);
        if (ev) out.push(ev);
        continue;
      }
      const snapshot = this.snapshot(d.value, d.line, d.style, d.time);
      if (snapshot) out.push(snapshot);
    }
    return out;
  }

  /** A kspan object snapshot: ADDED the first time an object is seen, MODIFIED after. */
  private snapshot(value: unknown, line: number, style: string | undefined, time: ParsedTime | undefined): RawEvent | undefined {
    if (!isApiObject(value)) {
      this.ctx.error(line, 'a kspan document that is neither an Event nor an API object with metadata');
      return undefined;
    }
    const obj = value as ApiObject;
    const id = obj.metadata?.uid ?? `${obj.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
    const op = style !== 'update' || !this.seen.has(id) ? 'ADDED' : 'MODIFIED';
    this.seen.add(id);
    if (time) this.precision.see(time.precision);
    const ev = objectEvent(op, obj, line, { ...(time ? { at: time.at } : {}), attrs: { kspanStyle: style ?? '' } });
    if (!ev) this.ctx.error(line, 'a kspan object without kind or metadata.name');
    return ev;
  }
}
