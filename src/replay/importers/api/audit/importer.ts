import type { FormatParser, ImportContext, Importer, RawEvent } from '../../../types.ts';
import { JsonValueSplitter, type JsonValueResult } from '../shared/json-values.ts';
import type { ApiObject } from '../shared/objects.ts';
import { parseK8sTime, PrecisionTracker, type ParsedTime } from '../shared/time.ts';
import { unwrapAudit } from './envelope.ts';
import { AuditInterner } from './intern.ts';
import { requestEvents, type RequestContext } from './request-events.ts';
import { AUDIT_LEVELS, AUDIT_STAGES, type AuditEventJson } from './types.ts';

/**
 * kube-apiserver audit logs: audit.k8s.io/v1 and v1beta1 Events, one per line as
 * `--audit-log-path` writes them, or in the envelopes of AKS, EKS and GKE (envelope.ts), or a
 * JSON array / EventList. The stages of one request (one auditID) are merged: the request is
 * emitted at its ResponseComplete (or Panic), a watch already at its ResponseStarted (the
 * `200 OK` that opens the stream, as the simulator sends it), a request whose later stages
 * never come at the end of the file (attrs.unanswered). Level None never reaches a log.
 */
export const auditImporter: Importer = {
  name: 'audit',
  label: 'kube-apiserver audit log (audit.k8s.io/v1)',
  detect(sample: string, fileName: string): number {
    if (/"apiVersion"\s*:\s*"audit\.k8s\.io\/v1(beta1)?"/.test(sample) && /"auditID"/.test(sample)) return 0.95;
    if (/\\"apiVersion\\":\\"audit\.k8s\.io\/v1/.test(sample)) return 0.9; // AKS / EKS: the Event as a string
    if (sample.includes('"type.googleapis.com/google.cloud.audit.AuditLog"') && sample.includes('"io.k8s.')) return 0.9;
    if (/audit/i.test(fileName) && sample.includes('"auditID"')) return 0.6;
    return 0;
  },
  create(ctx: ImportContext): FormatParser {
    return new AuditParser(ctx);
  },
};

class AuditParser implements FormatParser, RequestContext {
  private readonly splitter = new JsonValueSplitter();
  /** Requests seen at RequestReceived, waiting for their response. */
  private readonly pending = new Map<string, { ev: AuditEventJson; line: number }>();
  /** Long-running requests already emitted at ResponseStarted. */
  private readonly started = new Set<string>();
  private readonly bodies = new Map<string, ApiObject>();
  private readonly precision = new PrecisionTracker();
  readonly intern = new AuditInterner();
  private ids = 0;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number): RawEvent[] {
    return this.values(this.splitter.push(text, lineNo));
  }

  end(): RawEvent[] {
    const out = this.values(this.splitter.end());
    // Requests the log never answered: the request alone.
    for (const { ev, line } of this.pending.values()) out.push(...requestEvents(ev, line, this, false));
    this.pending.clear();
    return out;
  }

  facts() {
    return { precision: this.precision.value };
  }

  nextId(): number {
    return ++this.ids;
  }

  lastBody(key: string): ApiObject | undefined {
    return this.bodies.get(key);
  }

  remember(key: string, obj: ApiObject | undefined): void {
    if (obj) this.bodies.set(key, obj);
    else this.bodies.delete(key);
  }

  time(text: string | undefined) {
    const t = this.parseTime(text);
    if (t) this.precision.see(t.precision);
    return t;
  }

  /**
   * parseK8sTime of the last few stamps: a request's stages repeat its requestReceivedTimestamp,
   * and each Event's stamps are read once to check the Event and again to place it. Results are
   * never changed by their users, so the same object may be handed out again.
   */
  private readonly recentTimes = new Map<string, ParsedTime | undefined>();
  private readonly parseTimeFn = (text: unknown): ParsedTime | undefined => this.parseTime(text);
  private parseTime(text: unknown): ParsedTime | undefined {
    if (typeof text !== 'string') return undefined;
    if (this.recentTimes.has(text)) return this.recentTimes.get(text);
    const t = parseK8sTime(text);
    if (this.recentTimes.size >= 64) this.recentTimes.clear();
    this.recentTimes.set(text, t);
    return t;
  }

  private values(results: JsonValueResult[]): RawEvent[] {
    const out: RawEvent[] = [];
    for (const r of results) {
      if ('error' in r) {
        this.ctx.error(r.line, r.error);
        continue;
      }
      const events = unwrapAudit(r.value);
      if (typeof events === 'string') {
        this.ctx.error(r.line, events);
        continue;
      }
      events.forEach((ev, i) => {
        const line = r.itemLines[i] ?? r.line;
        if (typeof ev === 'string') {
          this.ctx.error(line, ev);
          return;
        }
        const bad = checkEvent(ev, this.parseTimeFn);
        if (bad) this.ctx.error(line, bad);
        else out.push(...this.stage(ev, line));
      });
    }
    return out;
  }

  private stage(ev: AuditEventJson, line: number): RawEvent[] {
    const id = ev.auditID as string;
    switch (ev.stage) {
      case 'RequestReceived':
        this.pending.set(id, { ev, line: this.pending.get(id)?.line ?? line });
        return [];
      case 'ResponseStarted': {
        const first = this.pending.get(id);
        this.pending.delete(id);
        this.started.add(id);
        return requestEvents(ev, first?.line ?? line, this, true);
      }
      default: {
        // ResponseComplete or Panic: the request is done.
        const first = this.pending.get(id);
        this.pending.delete(id);
        if (this.started.delete(id)) return [];
        return requestEvents(ev, first?.line ?? line, this, false);
      }
    }
  }
}

function checkEvent(ev: AuditEventJson, parseTime: (text: unknown) => ParsedTime | undefined): string | undefined {
  if (!(AUDIT_STAGES as readonly string[]).includes(ev.stage ?? '')) return `not an audit.k8s.io Event: unknown stage ${JSON.stringify(ev.stage)}`;
  if (ev.level !== undefined && !(AUDIT_LEVELS as readonly string[]).includes(ev.level)) return `not an audit.k8s.io Event: unknown level ${JSON.stringify(ev.level)}`;
  if (typeof ev.requestURI !== 'string') return 'not an audit.k8s.io Event: missing "requestURI"';
  if (typeof ev.verb !== 'string') return 'not an audit.k8s.io Event: missing "verb"';
  if (parseTime(ev.requestReceivedTimestamp) === undefined && parseTime(ev.timestamp) === undefined) {
    return ev.requestReceivedTimestamp === undefined ? 'not an audit.k8s.io Event: missing "requestReceivedTimestamp"' : `bad requestReceivedTimestamp ${JSON.stringify(ev.requestReceivedTimestamp)} (want RFC 3339)`;
  }
  return undefined;
}
