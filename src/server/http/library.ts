import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleManifestError, parseBundleManifest } from '../../replay/bundle/index.ts';
import { bundleInputs } from './bundle-members.ts';

/**
 * The trace library: what `GET /api/traces` lists under the served folder.
 * - `trace`: a kube-anatomy trace (`*.kanatomy.jsonl`); `sources` from its header line;
 * - `bundle`: a folder with a `manifest.json` (`kube-anatomy record --out DIR`); `sources` are
 *   the formats of its files; its files are not listed again one by one;
 * - `bundle-archive`: a `.tar.gz` / `.tgz` (`record --out FILE.tar.gz`); `sources` when the
 *   archive's manifest could be read (the archive is read once, bodies skipped).
 * Hidden entries and node_modules are skipped; the walk stops at a depth and a count so a huge
 * folder cannot stall the answer.
 */
export interface LibraryEntry {
  /** Path below the library folder, with `/`. */
  name: string;
  kind: 'trace' | 'bundle' | 'bundle-archive';
  /** Bytes: the file, or the sum of a bundle folder's files. */
  size: number;
  /** RFC 3339. */
  mtime: string;
  sources: string[];
  /** Where to get it: the file itself (`/traces/…`); for bundles also the merged trace. */
  url: string;
  mergedUrl?: string;
  /** A bundle's files, from its manifest. */
  files?: { path: string; format: string; size?: number }[];
  /** Why the entry could not be read fully (a bad header or manifest); it is listed anyway. */
  problem?: string;
}

const MAX_DEPTH = 8;
const MAX_ENTRIES = 10_000;

export async function listLibrary(root: string): Promise<LibraryEntry[]> {
  const out: LibraryEntry[] = [];
  await walk(root, '', 0, out);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function walk(dir: string, rel: string, depth: number, out: LibraryEntry[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to list there
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= MAX_ENTRIES) return;
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const abs = join(dir, entry.name);
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      const bundle = await readBundleFolder(abs, name);
      if (bundle) out.push(bundle);
      else if (depth < MAX_DEPTH) await walk(abs, name, depth + 1, out);
    } else if (entry.isFile()) {
      if (entry.name.endsWith('.kanatomy.jsonl')) out.push(await readTraceFile(abs, name));
      else if (entry.name.endsWith('.tar.gz') || entry.name.endsWith('.tgz')) out.push(await readArchive(abs, name));
    }
  }
}

function urlOf(name: string): string {
  return '/traces/' + name.split('/').map(encodeURIComponent).join('/');
}

async function readTraceFile(abs: string, name: string): Promise<LibraryEntry> {
  const s = await stat(abs);
  const entry: LibraryEntry = { name, kind: 'trace', size: s.size, mtime: s.mtime.toISOString(), sources: [], url: urlOf(name) };
  const first = await firstLine(abs);
  try {
    const header = JSON.parse(first) as { format?: unknown; sources?: unknown };
    if (header.format !== 'kube-anatomy-trace') entry.problem = 'line 1 is not a kube-anatomy trace header';
    else if (Array.isArray(header.sources)) entry.sources = header.sources.filter((x): x is string => typeof x === 'string');
  } catch {
    entry.problem = s.size === 0 ? 'empty file' : 'line 1 is not JSON';
  }
  return entry;
}

/** The first line of a file, reading at most 64 KiB (a header is small). */
async function firstLine(abs: string): Promise<string> {
  const fh = await open(abs, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } finally {
    await fh.close();
  }
}

/** A bundle folder's entry, or undefined when the folder has no manifest.json. */
async function readBundleFolder(abs: string, name: string): Promise<LibraryEntry | undefined> {
  let text: string;
  let s;
  try {
    s = await stat(join(abs, 'manifest.json'));
    text = await readFile(join(abs, 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  const entry: LibraryEntry = { name, kind: 'bundle', size: 0, mtime: s.mtime.toISOString(), sources: [], url: urlOf(name), mergedUrl: `/api${urlOf(name)}/merged` };
  let files;
  try {
    files = parseBundleManifest(text, 'manifest.json').files;
  } catch (e) {
    entry.problem = e instanceof BundleManifestError ? e.message : String(e);
    return entry;
  }
  entry.files = [];
  let newest = s.mtimeMs;
  for (const f of files) {
    try {
      const fs = await stat(join(abs, ...f.path.split('/').filter((x) => x !== '..')));
      entry.size += fs.size;
      newest = Math.max(newest, fs.mtimeMs);
      entry.files.push({ path: f.path, format: f.format, size: fs.size });
    } catch {
      entry.files.push({ path: f.path, format: f.format });
      entry.problem = `manifest.json names ${f.path}, which is missing`;
    }
  }
  entry.mtime = new Date(newest).toISOString();
  entry.sources = [...new Set(files.map((f) => f.format))];
  return entry;
}

async function readArchive(abs: string, name: string): Promise<LibraryEntry> {
  const s = await stat(abs);
  const entry: LibraryEntry = {
    name,
    kind: 'bundle-archive',
    size: s.size,
    mtime: s.mtime.toISOString(),
    sources: [],
    url: urlOf(name),
    mergedUrl: `/api${urlOf(name)}/merged`,
  };
  try {
    const { manifest, problems } = await bundleInputs(abs, name);
    if (problems[0]) entry.problem = `${problems[0].file}: ${problems[0].reason}`;
    if (!manifest) entry.problem ??= 'no manifest.json in the archive';
    else {
      entry.files = manifest.files.map((f) => ({ path: f.path, format: f.format }));
      entry.sources = [...new Set(manifest.files.map((f) => f.format))];
    }
  } catch (e) {
    entry.problem = e instanceof Error ? e.message : String(e);
  }
  return entry;
}
