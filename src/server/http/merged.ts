import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImportCancelledError, UnknownFormatError } from '../../replay/types.ts';
import { encodeEvent, encodeHeader } from '../../trace/jsonl.ts';
import type { ReplayPort } from '../replay-port.ts';
import { bundleInputs } from './bundle-members.ts';
import { sendError } from './respond.ts';

/**
 * `GET /api/traces/<bundle>/merged`: imports every file of a bundle (folder or `.tar.gz`) with
 * the replay core's `importFiles`, as `kube-anatomy replay` does, and streams the merged trace
 * as JSON Lines. Bad lines are skipped by the import; their count is in `X-Import-Errors` (the
 * details are what `kube-anatomy replay` prints). The import stops when the client goes away.
 */
export async function sendMerged(req: IncomingMessage, res: ServerResponse, abs: string, name: string, port: ReplayPort, generator: string): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let bundle;
  try {
    bundle = await bundleInputs(abs, name);
  } catch (e) {
    sendError(res, 422, `${name}: cannot read the bundle: ${(e as Error).message}`);
    return;
  }
  if (bundle.inputs.length === 0) {
    const why = bundle.problems.map((p) => `${p.file}: ${p.reason}`).join('; ');
    sendError(res, 422, `${name}: the bundle has no files to import${why ? ` (${why})` : ''}`);
    return;
  }
  let result;
  try {
    result = await port.importFiles(bundle.inputs, { signal: abort.signal, generator });
  } catch (e) {
    if (e instanceof ImportCancelledError || abort.signal.aborted) return;
    if (e instanceof UnknownFormatError) sendError(res, 422, e.message);
    else sendError(res, 500, `${name}: the import failed: ${(e as Error).message}`);
    return;
  }
  const base = name.split('/').pop() ?? name;
  res.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `inline; filename="${base.replace(/(\.tar\.gz|\.tgz)$/, '').replace(/["\\]/g, '_')}.kanatomy.jsonl"`,
    'X-Import-Errors': String(result.errors.length + bundle.problems.length),
    'X-Import-Events': String(result.events.length),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // Written in chunks of lines, waiting for the socket to drain: the response may be far larger
  // than a socket buffer, and a slow client must not make the server hold it all twice.
  let chunk = encodeHeader(result.header) + '\n';
  for (const ev of result.events) {
    chunk += encodeEvent(ev) + '\n';
    if (chunk.length >= 64 * 1024) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      chunk = '';
      if (abort.signal.aborted) return;
    }
  }
  res.end(chunk);
}
