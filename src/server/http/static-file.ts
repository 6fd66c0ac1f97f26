import { createReadStream, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentTypeOf } from './content-type.ts';
import { parseRange } from './range.ts';
import { sendError } from './respond.ts';

/**
 * Streams one file: GET and HEAD, a single byte range (206 + Content-Range; 416 when nothing of
 * it exists), ETag / Last-Modified with 304 for a cached copy and If-Range for resuming. The
 * file is never read whole: a trace can be larger than the server's memory.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, stats: Stats): Promise<void> {
  const size = stats.size;
  // Size and modification time, as nginx does: changes whenever the file does (a live trace grows).
  const etag = `"${size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const lastModified = new Date(Math.floor(stats.mtimeMs / 1000) * 1000).toUTCString();
  const common = {
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': lastModified,
    'Content-Type': contentTypeOf(path),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (isNotModified(req, etag, stats.mtimeMs)) {
    res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified, 'Accept-Ranges': 'bytes' });
    res.end();
    return;
  }
  const rangeHeader = ifRangeHolds(req, etag, stats.mtimeMs) ? req.headers.range : undefined;
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    sendError(res, 416, `range ${rangeHeader} is outside the file (${size} bytes)`, { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' });
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...common,
    'Content-Length': String(length),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(path, { start, end }), res);
  } catch {
    // The client went away, or the file vanished mid-read: the response is cut short, nothing to answer.
    res.destroy();
  }
}

function isNotModified(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/** `If-Range`: apply the range only if the file is still the one the client has part of. */
function ifRangeHolds(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const ifRange = req.headers['if-range'] as string | undefined;
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"')) return ifRange === etag;
  const date = Date.parse(ifRange);
  return !Number.isNaN(date) && Math.floor(mtimeMs / 1000) * 1000 === date;
}
