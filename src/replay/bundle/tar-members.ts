import type { BundleMember } from './inputs.ts';
import { readTar } from './tar-reader.ts';

/**
 * The regular files of a tar archive as bundle members. `openArchive` gives the archive's
 * uncompressed bytes from the start (the CLI: file → gunzip; the browser: File.stream() →
 * DecompressionStream). Listing reads the archive once, skipping bodies; each member's `open()`
 * reads it again up to that member, so no member is ever held in memory whole.
 */
export async function tarMembers(openArchive: () => AsyncIterable<Uint8Array>): Promise<BundleMember[]> {
  const members: BundleMember[] = [];
  for await (const entry of readTar(openArchive())) {
    if (entry.type !== 'file') continue;
    const path = entry.path.replace(/^(\.\/)+/, '');
    const index = members.length;
    members.push({ path, size: entry.size, open: () => memberBody(openArchive, index, path) });
  }
  return members;
}

async function* memberBody(openArchive: () => AsyncIterable<Uint8Array>, index: number, path: string): AsyncGenerator<Uint8Array> {
  let i = 0;
  for await (const entry of readTar(openArchive())) {
    if (entry.type !== 'file') continue;
    if (i++ !== index) continue;
    yield* entry.body();
    return;
  }
  throw new Error(`${path}: no longer in the archive`);
}
