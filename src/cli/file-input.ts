import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createGunzip } from 'node:zlib';
import { inputsFromBundle, MANIFEST_FILE, tarMembers, type BundleMember } from '../replay/bundle/index.ts';
import type { ImportInput } from '../replay/types.ts';
import { describeFsError } from './io.ts';


/** Paths given on the command line turned into import inputs, and what could not be read. */
export interface CollectedInputs {
  inputs: ImportInput[];
  /** `kube-anatomy replay: cannot read x: no such file`, a bad manifest, a broken archive. */
  problems: { file: string; reason: string }[];
  /** Files of bundles their manifest does not list: skipped, said once each, not errors. */
  notListed: string[];
}

/**
 * Files, folders (read recursively; a folder with a manifest.json is a bundle) and bundles
 * (`.tar.gz`, `.tgz`, `.tar`) as `ImportInput`s that stream their bytes from disk. Hidden files
 * (`.DS_Store`, editors' swap files) are left out of folders.
 */
export async function collectInputs(paths: readonly string[]): Promise<CollectedInputs> {
  const out: CollectedInputs = { inputs: [], problems: [], notListed: [] };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      out.problems.push({ file: path, reason: `cannot read: ${describeFsError(e)}` });
      continue;
    }
    if (stat.isDirectory()) await addFolder(path, path, out);
    else await addFile(path, path, stat.size, out);
  }
  return out;
}

function isArchive(name: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(name);
}

async function addFile(path: string, name: string, size: number, out: CollectedInputs): Promise<void> {
  if (!isArchive(name)) {
    out.inputs.push(fileInput(path, name, size));
    return;
  }
  const gz = !/\.tar$/i.test(name);
  const open = (): AsyncIterable<Uint8Array> => (gz ? createReadStream(path).pipe(createGunzip()) : createReadStream(path));
  let members: BundleMember[];
  try {
    members = await tarMembers(open);
  } catch (e) {
    out.problems.push({ file: name, reason: `cannot read the bundle: ${gzipReason(e)}` });
    return;
  }
  addBundle(await inputsFromBundle(name, members), out);
}

async function addFolder(dir: string, name: string, out: CollectedInputs): Promise<void> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  } catch (e) {
    out.problems.push({ file: name, reason: `cannot read: ${describeFsError(e)}` });
    return;
  }
  if (entries.some((e) => e.isFile() && e.name === MANIFEST_FILE)) {
    const members = walk(dir).map((file): BundleMember => {
      const rel = relative(dir, file).split('\\').join('/');
      return { path: rel, size: statSync(file).size, open: () => createReadStream(file) };
    });
    addBundle(await inputsFromBundle(name, members), out);
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    const childName = `${name.replace(/\/+$/, '')}/${e.name}`;
    if (e.isDirectory()) await addFolder(path, childName, out);
    else if (e.isFile()) await addFile(path, childName, statSync(path).size, out);
  }
}

function addBundle(bundle: Awaited<ReturnType<typeof inputsFromBundle>>, out: CollectedInputs): void {
  out.inputs.push(...bundle.inputs);
  out.problems.push(...bundle.problems);
  out.notListed.push(...bundle.notListed);
}

function fileInput(path: string, name: string, size: number): ImportInput {
  return { name, size, open: () => createReadStream(path, { highWaterMark: 64 * 1024 }) };
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...walk(p));
    else if (e.isFile()) files.push(p);
  }
  return files;
}

/** zlib's errors as gzip says them ("not in gzip format"), others as they are. */
function gzipReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'Z_DATA_ERROR') return `not in gzip format (${(e as Error).message})`;
  if (code === 'Z_BUF_ERROR') return 'unexpected end of file (the archive is truncated)';
  return e instanceof Error ? e.message : String(e);
}
