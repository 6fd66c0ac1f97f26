// A read-only OCI distribution registry (the pull half of the distribution spec: GET/HEAD on
// /v2/, manifests by tag or digest, blobs by digest) serving one OCI image layout. It runs
// inside containerd's private network namespace (nsenter -n), on loopback, so that the CRI's
// PullImage pulls for real without leaving the machine: containerd's hosts.toml for docker.io
// names it as the mirror. Started by containerd-host.ts and stopped by its pid.
//
//   node registry-server.mjs <layout dir> <repository> <port>
//
// Prints "listening <port>" once it accepts connections, then one line per request:
// "<METHOD> <path> <status>".
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [layout, repository, portText] = process.argv.slice(2);
if (!layout || !repository || !portText) {
  process.stderr.write('usage: registry-server.mjs <layout dir> <repository> <port>\n');
  process.exit(2);
}
const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));

function blobPath(digest) {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  return m ? join(layout, 'blobs', 'sha256', m[1]) : undefined;
}

function manifestFor(reference) {
  return index.manifests.find((d) => d.digest === reference || d.annotations?.['org.opencontainers.image.ref.name'] === reference);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://registry');
  const send = (status, headers, body) => {
    res.writeHead(status, { 'Docker-Distribution-API-Version': 'registry/2.0', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
    process.stdout.write(`${req.method} ${url.pathname} ${status}\n`);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, {}, '');
  if (url.pathname === '/v2/' || url.pathname === '/v2') return send(200, { 'Content-Type': 'application/json' }, '{}');
  const prefix = `/v2/${repository}/`;
  if (!url.pathname.startsWith(prefix)) return send(404, { 'Content-Type': 'application/json' }, JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
  const rest = url.pathname.slice(prefix.length);
  const [kind, reference] = rest.split('/');
  if (kind === 'manifests' && reference) {
    const desc = manifestFor(reference);
    const path = desc && blobPath(desc.digest);
    if (!desc || !path || !existsSync(path)) return send(404, { 'Content-Type': 'application/json' }, JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
    const body = readFileSync(path);
    return send(200, { 'Content-Type': desc.mediaType, 'Docker-Content-Digest': desc.digest, 'Content-Length': String(body.length) }, body);
  }
  if (kind === 'blobs' && reference) {
    const path = blobPath(reference);
    if (!path || !existsSync(path)) return send(404, { 'Content-Type': 'application/json' }, JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
    const body = readFileSync(path);
    return send(200, { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': reference, 'Content-Length': String(body.length) }, body);
  }
  return send(404, {}, '');
});

server.listen(Number(portText), '127.0.0.1', () => process.stdout.write(`listening ${portText}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
