import { parseBundleManifest, type BundleManifest } from '../replay/bundle/manifest.ts';
import { readTar } from '../replay/bundle/tar-reader.ts';
import type { ImportInput } from '../replay/types.ts';
import { TraceFetchError } from './import-errors.ts';
import type { ImportSpec } from './import-protocol.ts';

/**
 * Turns what the user gave (files, a folder's files, URLs) into the importer's `ImportInput`s.
 * Bytes are always streamed (`Blob.stream()`, `Response.body`), never read as one string: a
 * recording may be larger than the browser's largest string (about 512 MiB in Chromium).
 *
 * A single gzip-compressed file (`audit.log.gz`, as log rotation leaves them) is inflated on
 * the fly with `DecompressionStream`; its size is then unknown, so the progress shows counts
 * only. A bundle (`.tar.gz`, `.tgz`, `.tar`, as `kube-anatomy record` writes) is unpacked with
 * src/replay/bundle's streaming tar reader; each member is kept as a Blob (members are read
 * once, in order, and an importer may open a file twice: once to detect, once to read).
 * A bundle's or a dropped folder's `manifest.json` gives each file its format, node and clock
 * offset, and is not itself imported.
 */
export async function toImportInputs(specs: readonly ImportSpec[], fetchImpl: typeof fetch = fetch): Promise<ImportInput[]> {
  const files: { file: Blob; name: string }[] = [];
  for (const spec of specs) {
    if (spec.kind === 'url' && isBundle(spec.name ?? lastSegment(spec.url))) {
      const name = spec.name ?? lastSegment(spec.url);
      files.push(...(await unpackBundle(await fetchBlob(spec.url, fetchImpl), name)));
    } else if (spec.kind === 'file' && isBundle(spec.name)) files.push(...(await unpackBundle(spec.file, spec.name)));
    else if (spec.kind === 'file') files.push({ file: spec.file, name: spec.name });
  }
  const manifests = await readManifests(files);
  const inputs: ImportInput[] = [];
  let f = 0;
  for (const spec of specs) {
    if (spec.kind === 'url' && !isBundle(spec.name ?? lastSegment(spec.url))) inputs.push(urlInput(spec.url, spec.name, fetchImpl));
  }
  for (; f < files.length; f++) {
    const { file, name } = files[f] as { file: Blob; name: string };
    if (manifests.has(name)) continue;
    inputs.push(withManifest(fileInput(file, name), name, manifests));
  }
  return inputs;
}

/**
 * The `manifest.json` files among `files` (by name), read by src/replay/bundle's parser (the one
 * `kube-anatomy replay` uses); a broken one is imported like any file and reported there.
 */
async function readManifests(files: readonly { file: Blob; name: string }[]): Promise<Map<string, BundleManifest>> {
  const out = new Map<string, BundleManifest>();
  for (const { file, name } of files) {
    if (!/(^|\/)manifest\.json$/.test(name) || file.size > 4 << 20) continue;
    try {
      out.set(name, parseBundleManifest(await file.text(), name));
    } catch {
      // Not a bundle manifest: leave it to the importers, which report what it is not.
    }
  }
  return out;
}

function withManifest(input: ImportInput, name: string, manifests: Map<string, BundleManifest>): ImportInput {
  for (const [mName, m] of manifests) {
    const dir = mName.slice(0, mName.length - 'manifest.json'.length);
    if (!name.startsWith(dir)) continue;
    const entry = m.files.find((e) => dir + e.path === name || dir + e.path === `${name}.gz`);
    const node = entry?.node ?? m.node;
    if (node !== undefined) input.node = node;
    if (entry?.format) input.format = entry.format;
    if (typeof entry?.clockOffsetMicros === 'number') input.clockOffset = entry.clockOffsetMicros;
  }
  return input;
}

/** The regular files of a tar (optionally gzip) bundle, named `<bundle>/<member path>`. */
async function unpackBundle(bundle: Blob, name: string): Promise<{ file: Blob; name: string }[]> {
  const bytes = /\.tar$/i.test(name) ? bundle.stream() : gunzip(bundle.stream());
  const out: { file: Blob; name: string }[] = [];
  for await (const entry of readTar(iterate(bytes))) {
    if (entry.type !== 'file') continue;
    const parts: Uint8Array[] = [];
    for await (const chunk of entry.body()) parts.push(chunk.slice());
    out.push({ file: new Blob(parts as BlobPart[]), name: `${name}/${entry.path.replace(/^\.\//, '')}` });
  }
  return out;
}

async function fetchBlob(url: string, fetchImpl: typeof fetch): Promise<Blob> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (err) {
    throw new TraceFetchError(url, (err as Error).message || 'network error');
  }
  if (!res.ok) throw new TraceFetchError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  return res.blob();
}

const isBundle = (name: string) => /\.(tar\.gz|tgz|tar)$/i.test(name);
const isGzip = (name: string) => /\.gz$/i.test(name) && !isBundle(name);

function fileInput(file: Blob, name: string): ImportInput {
  if (isGzip(name)) return { name: name.replace(/\.gz$/i, ''), open: () => iterate(gunzip(file.stream())) };
  return { name, size: file.size, open: () => iterate(file.stream()) };
}

function urlInput(url: string, given: string | undefined, fetchImpl: typeof fetch): ImportInput {
  const name = given ?? lastSegment(url);
  const gz = isGzip(name);
  return {
    name: gz ? name.replace(/\.gz$/i, '') : name,
    async *open() {
      let res: Response;
      try {
        res = await fetchImpl(url);
      } catch (err) {
        throw new TraceFetchError(url, (err as Error).message || 'network error');
      }
      if (!res.ok) throw new TraceFetchError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
      if (!res.body) throw new TraceFetchError(url, 'the response has no body');
      yield* iterate(gz ? gunzip(res.body) : res.body);
    },
  };
}

/** The file name a URL names: its last path segment, without query or fragment. */
export function lastSegment(url: string): string {
  let path = url;
  try {
    path = new URL(url, 'http://x/').pathname;
  } catch {
    // Not a URL: use the text as it is.
  }
  const seg = path.split('/').filter((s) => s !== '').pop();
  return seg ? decodeURIComponent(seg) : url;
}

function gunzip(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  // The DOM typing of pipeThrough wants a BufferSource writable side; the bytes are Uint8Arrays.
  return stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}

/** A ReadableStream as an async iterable, releasing (and cancelling) it when the reader stops early. */
async function* iterate(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value.byteLength > 0) yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
