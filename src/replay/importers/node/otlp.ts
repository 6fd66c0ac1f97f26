import type { ImportContext, Importer, RawEvent, SourceFacts } from '../../types.ts';
import { JsonDocumentParser } from './json-documents.ts';
import { hexId, spanEvents } from './spans.ts';
import { isRecord, nanosToMicros } from './text.ts';

/**
 * OTLP/JSON `ExportTraceServiceRequest`s (`{resourceSpans: [{resource, scopeSpans: [{scope,
 * spans}]}]}`; `instrumentationLibrarySpans` of older exporters too), one per line as the
 * collector's file exporter writes them, or one pretty-printed document. Times are uint64 ns as
 * strings or numbers; ids hex (base64 accepted). The mapping is spans.ts.
 */

/** An OTLP AnyValue → a plain value (intValue is int64: a string in JSON, kept a number when safe). */
export function anyValue(v: unknown): unknown {
  if (!isRecord(v)) return undefined;
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('intValue' in v) {
    const n = Number(v['intValue']);
    return Number.isSafeInteger(n) ? n : String(v['intValue']);
  }
  if ('doubleValue' in v) return Number(v['doubleValue']);
  if ('bytesValue' in v) return v['bytesValue'];
  if ('arrayValue' in v) return (isRecord(v['arrayValue']) && Array.isArray(v['arrayValue']['values']) ? v['arrayValue']['values'] : []).map(anyValue);
  if ('kvlistValue' in v) return attributes(isRecord(v['kvlistValue']) ? v['kvlistValue']['values'] : []);
  return undefined;
}

export function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isRecord(kv) && typeof kv['key'] === 'string') out[kv['key']] = anyValue(kv['value']);
  return out;
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

class OtlpParser extends JsonDocumentParser {
  private ids = 0;
  private readonly nextId = (): number => ++this.ids;

  constructor(ctx: ImportContext) {
    super(ctx, 'not JSON between requests');
  }

  facts(): SourceFacts {
    return { precision: 'ns' };
  }

  /** One ExportTraceServiceRequest. */
  protected document(request: Record<string, unknown>, line: number): RawEvent[] {
    const resourceSpans = request['resourceSpans'];
    if (!Array.isArray(resourceSpans)) {
      this.ctx.error(line, 'not an OTLP ExportTraceServiceRequest (no "resourceSpans" array)');
      return [];
    }
    const out: RawEvent[] = [];
    for (const rs of resourceSpans) {
      if (!isRecord(rs)) continue;
      const res = attributes(isRecord(rs['resource']) ? rs['resource']['attributes'] : []);
      const service = typeof res['service.name'] === 'string' ? res['service.name'] : undefined;
      const host = typeof res['host.name'] === 'string' ? res['host.name'] : undefined;
      const scopes = Array.isArray(rs['scopeSpans']) ? rs['scopeSpans'] : Array.isArray(rs['instrumentationLibrarySpans']) ? rs['instrumentationLibrarySpans'] : [];
      for (const ss of scopes) {
        if (!isRecord(ss) || !Array.isArray(ss['spans'])) continue;
        const scope = isRecord(ss['scope']) ? ss['scope']['name'] : isRecord(ss['instrumentationLibrary']) ? ss['instrumentationLibrary']['name'] : undefined;
        for (const s of ss['spans']) {
          if (!isRecord(s)) continue;
          const traceId = hexId(s['traceId'], 16);
          const spanId = hexId(s['spanId'], 8);
          if (!traceId || !spanId || typeof s['name'] !== 'string') {
            this.ctx.error(line, `a span without a hex traceId, spanId or name (${JSON.stringify(s['name'] ?? null)})`);
            continue;
          }
          const parent = hexId(s['parentSpanId'], 8);
          const start = nanosToMicros(s['startTimeUnixNano']);
          const end = nanosToMicros(s['endTimeUnixNano']);
          const events = Array.isArray(s['events']) ? s['events'].filter(isRecord).map((e) => ({ name: e['name'], at: nanosToMicros(e['timeUnixNano']), attributes: attributes(e['attributes']) })) : [];
          const status = isRecord(s['status']) ? s['status'] : undefined;
          out.push(
            ...spanEvents(
              {
                traceId,
                spanId,
                parents: parent ? [{ spanId: parent, rule: 'otel parent span' }] : [],
                name: s['name'],
                ...(start !== undefined ? { start } : {}),
                ...(end !== undefined ? { end } : {}),
                ...(service !== undefined ? { service } : {}),
                ...(host !== undefined ? { host } : {}),
                attrs: attributes(s['attributes']),
                extra: { spanKind: KINDS[Number(s['kind'] ?? 0)] ?? String(s['kind']), ...(typeof scope === 'string' ? { scope } : {}), ...(status && Object.keys(status).length ? { status } : {}), ...(events.length ? { events } : {}) },
              },
              this.ctx,
              line,
              this.nextId,
            ),
          );
        }
      }
    }
    return out;
  }
}

export const otlpImporter: Importer = {
  name: 'otlp',
  label: 'OpenTelemetry OTLP/JSON spans',
  detect(sample) {
    return /"resourceSpans"\s*:/.test(sample) ? 0.95 : 0;
  },
  create: (ctx) => new OtlpParser(ctx),
};
