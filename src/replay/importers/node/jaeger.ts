import type { ImportContext, Importer, RawEvent, SourceFacts } from '../../types.ts';
import { JsonDocumentParser } from './json-documents.ts';
import { hexId, spanEvents } from './spans.ts';
import { isRecord } from './text.ts';

/**
 * Jaeger JSON: the UI's download / the query API (`{"data": [trace, …], "total", …}`) or one
 * trace (`{traceID, spans, processes}`), possibly several documents one after another. A span:
 * `traceID`, `spanID`, `operationName`, `references` [{refType CHILD_OF | FOLLOWS_FROM,
 * traceID, spanID}], `startTime` and `duration` in µs, `tags` [{key, type, value}], `logs`,
 * `processID` → `processes[id].serviceName` and its tags (`hostname`, `host.name`). Ids are
 * hex of any length (Jaeger drops leading zeros): padded to 16/32 digits like OTLP's. The
 * mapping is spans.ts.
 */

function tags(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (Array.isArray(list)) for (const t of list) if (isRecord(t) && typeof t['key'] === 'string') out[t['key']] = t['value'];
  return out;
}

class JaegerParser extends JsonDocumentParser {
  private ids = 0;
  private readonly nextId = (): number => ++this.ids;

  constructor(ctx: ImportContext) {
    super(ctx, 'not JSON between documents');
  }

  facts(): SourceFacts {
    return { precision: 'us' };
  }

  protected document(doc: Record<string, unknown>, line: number): RawEvent[] {
    const traces = Array.isArray(doc['data']) ? doc['data'] : Array.isArray(doc['spans']) ? [doc] : undefined;
    if (!traces) {
      this.ctx.error(line, 'not Jaeger JSON (no "data" array of traces, no "spans")');
      return [];
    }
    const out: RawEvent[] = [];
    for (const tr of traces) {
      if (!isRecord(tr) || !Array.isArray(tr['spans'])) continue;
      const processes = isRecord(tr['processes']) ? tr['processes'] : {};
      for (const s of tr['spans']) {
        if (!isRecord(s)) continue;
        const traceId = hexId(s['traceID'] ?? tr['traceID'], 16);
        const spanId = hexId(s['spanID'], 8);
        if (!traceId || !spanId || typeof s['operationName'] !== 'string') {
          this.ctx.error(line, `a span without a hex traceID, spanID or operationName (${JSON.stringify(s['operationName'] ?? null)})`);
          continue;
        }
        const proc = typeof s['processID'] === 'string' && isRecord(processes[s['processID']]) ? (processes[s['processID']] as Record<string, unknown>) : isRecord(s['process']) ? s['process'] : undefined;
        const ptags = tags(proc?.['tags']);
        const host = ptags['host.name'] ?? ptags['hostname'];
        const parents = (Array.isArray(s['references']) ? s['references'] : []).filter(isRecord).flatMap((r) => {
          const id = hexId(r['spanID'], 8);
          const t = hexId(r['traceID'], 16);
          return id ? [{ spanId: id, ...(t ? { traceId: t } : {}), rule: r['refType'] === 'FOLLOWS_FROM' ? 'jaeger follows-from' : 'jaeger child-of' }] : [];
        });
        const start = typeof s['startTime'] === 'number' ? s['startTime'] : undefined;
        const dur = typeof s['duration'] === 'number' ? s['duration'] : undefined;
        const logs = Array.isArray(s['logs']) ? s['logs'].filter(isRecord).map((l) => ({ at: l['timestamp'], fields: tags(l['fields']) })) : [];
        out.push(
          ...spanEvents(
            {
              traceId,
              spanId,
              parents,
              name: s['operationName'],
              ...(start !== undefined ? { start } : {}),
              ...(start !== undefined && dur !== undefined ? { end: start + dur } : {}),
              ...(typeof proc?.['serviceName'] === 'string' ? { service: proc['serviceName'] } : {}),
              ...(typeof host === 'string' ? { host } : {}),
              attrs: tags(s['tags']),
              extra: { ...(logs.length ? { events: logs } : {}) },
            },
            this.ctx,
            line,
            this.nextId,
          ),
        );
      }
    }
    return out;
  }
}

export const jaegerImporter: Importer = {
  name: 'jaeger',
  label: 'Jaeger JSON traces',
  detect(sample) {
    return /"operationName"\s*:/.test(sample) && /"spanID"\s*:/.test(sample) ? 0.9 : 0;
  },
  create: (ctx) => new JaegerParser(ctx),
};
