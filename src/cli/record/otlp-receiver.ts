import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import { redactJsonLine } from './redact.ts';
import type { Capture, Recording } from './recording.ts';

/** The largest request body taken (the collector's default max request size is 20 MiB too). */
const MAX_BODY = 20 * 1024 * 1024;

/**
 * An OTLP/HTTP receiver for traces (`POST /v1/traces`, the OTLP specification's path and its
 * default port 4318) on a loopback address, for the JSON encoding: each request's
 * `ExportTraceServiceRequest` is written as one line (`resourceSpans`, as the collector's file
 * exporter writes it). Protobuf bodies are answered 415 with what to change: this receiver has
 * no protobuf decoder, and exporters can send JSON (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`).
 * Success is `200` with an empty `ExportTraceServiceResponse` (`{}`), as OTLP/HTTP says.
 */
export class OtlpReceiver implements Capture {
  readonly source: string;
  private server: Server | undefined;
  private rec: Recording | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly file = 'otlp/traces.jsonl';
  /** The address actually listened on (port 0 asks for a free one). */
  address: { host: string; port: number } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly redact: boolean,
  ) {
    this.source = `OTLP receiver http://${host}:${port}/v1/traces`;
  }

  async start(rec: Recording): Promise<void> {
    this.rec = rec;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // The bundle could not take the spans (disk full): the exporter is told, and retries.
        if (!res.headersSent) res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 14, message: `the recorder could not store the spans: ${(e as Error).message}` }));
      });
    });
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        rec.skip(this.source, e.code === 'EADDRINUSE' ? `${this.host}:${this.port} is already in use (an OpenTelemetry Collector?); pick another with --otlp-listen` : e.message);
        resolve(false);
      });
      server.listen(this.port, this.host, () => resolve(true));
    });
    if (!ok) return;
    this.server = server;
    const a = server.address();
    if (a !== null && typeof a === 'object') this.address = { host: this.host, port: a.port };
    rec.open(this.file, 'otlp', `OTLP/HTTP JSON trace exports received on http://${this.host}:${this.address?.port ?? this.port}/v1/traces, one request per line`);
    rec.log(`kube-anatomy record: receiving OTLP/HTTP JSON spans on http://${this.host}:${this.address?.port ?? this.port}/v1/traces\n`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (code: number, body: object, contentType = 'application/json'): void => {
      res.writeHead(code, { 'Content-Type': contentType });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/v1/traces') return reply(404, { code: 5, message: `${path} not found: this receiver takes traces on /v1/traces` });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return reply(405, { code: 12, message: `${req.method} not allowed: OTLP/HTTP exports are POST requests` });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      return reply(415, {
        code: 3,
        message: `unsupported content type "${type}": kube-anatomy record takes OTLP/HTTP JSON only (application/json); set OTEL_EXPORTER_OTLP_PROTOCOL=http/json (or the collector's otlphttp exporter encoding: json)`,
      });
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      return reply((e as { status?: number }).status ?? 400, { code: 3, message: (e as Error).message });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      return reply(400, { code: 3, message: `the body is not valid JSON: ${(e as Error).message}` });
    }
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { resourceSpans?: unknown }).resourceSpans)) {
      return reply(400, { code: 3, message: 'the body is not an ExportTraceServiceRequest (no resourceSpans array)' });
    }
    // One line per request, whatever the exporter's indentation.
    const line = JSON.stringify(parsed);
    const rec = this.rec;
    if (rec === undefined) return reply(503, { code: 14, message: 'the recording has stopped' });
    const written = this.writes.then(() => rec.write(this.file, [this.redact ? redactJsonLine(line) : line]));
    this.writes = written.catch(() => undefined);
    await written;
    reply(200, {});
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.writes;
    this.rec = undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw Object.assign(new Error(`unsupported Content-Encoding "${encoding}" (gzip or none)`), { status: 415 });
  const source: AsyncIterable<Buffer> = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error(`the body is larger than ${MAX_BODY} bytes`), { status: 413 });
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
