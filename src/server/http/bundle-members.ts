import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { type BundleInputs, type BundleMember, inputsFromBundle, tarMembers } from '../../replay/bundle/index.ts';

/**
 * A bundle's files as `BundleMember`s for the replay's bundle reader (src/replay/bundle): a
 * folder's files, or the members of a `.tar.gz`. Bytes are streamed from disk on each `open()`.
 */

export function isArchiveName(name: string): boolean {
  return name.endsWith('.tar.gz') || name.endsWith('.tgz');
}

export async function folderMembers(abs: string): Promise<BundleMember[]> {
  const members: BundleMember[] = [];
  async function walk(dir: string, rel: string, depth: number): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < 4) await walk(full, path, depth + 1);
      else if (entry.isFile()) members.push({ path, size: (await stat(full)).size, open: () => createReadStream(full) });
    }
  }
  await walk(abs, '', 0);
  return members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function archiveMembers(abs: string): Promise<BundleMember[]> {
  return tarMembers(() => createReadStream(abs).pipe(createGunzip()));
}

/** The import inputs of a bundle folder or archive at `abs`, named `<name>/<path>`. */
export async function bundleInputs(abs: string, name: string): Promise<BundleInputs> {
  return inputsFromBundle(name, isArchiveName(abs) ? await archiveMembers(abs) : await folderMembers(abs));
}
