import type { ServerResponse } from 'node:http';

/** Answers with a JSON body; errors are always `{ "error": "…" }` with their status. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value) + '\n';
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendError(res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // A stream already under way cannot change its status: cut it so the client sees it is short.
    res.destroy(new Error(error));
    return;
  }
  sendJson(res, status, { error }, headers);
}
