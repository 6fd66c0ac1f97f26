import type { ImportInput } from '../types.ts';
import { type BundleManifest, BundleManifestError, MANIFEST_FILE, parseBundleManifest } from './manifest.ts';

/** One file of a bundle (a folder's file, a tar member): its path inside the bundle and its bytes. */
export interface BundleMember {
  path: string;
  size?: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface BundleInputs {
  inputs: ImportInput[];
  manifest?: BundleManifest;
  /** What was wrong with the bundle as a whole (`file` is the bundle's name, or one of its files). */
  problems: { file: string; reason: string }[];
  /**
   * Files of a bundle whose manifest was read that it neither lists nor names as `extras`
   * (`<bundle>/<path>`): not imported, and not errors — a file a user dropped in, a note.
   */
  notListed: string[];
}

/**
 * The import inputs of one bundle: its files named `<bundle>/<path>`, with the format, node and
 * clock offset its manifest gives. The manifest is the shallowest `manifest.json` (a bundle
 * packed as `tar czf b.tgz out` has it at `out/manifest.json`); paths are relative to its
 * folder. With a manifest, the inputs are the files it lists, with their formats; its `extras`
 * (the runc wrapper script) are left out silently and any other file is left out and named in
 * `notListed`. Without a manifest, or with one that cannot be read (reported), every file is an
 * input whose format is detected. Files the manifest lists but the bundle lacks are reported.
 */
export async function inputsFromBundle(bundleName: string, members: readonly BundleMember[]): Promise<BundleInputs> {
  const problems: BundleInputs['problems'] = [];
  const manifestMember = members
    .filter((m) => m.path === MANIFEST_FILE || m.path.endsWith(`/${MANIFEST_FILE}`))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0];
  const root = manifestMember === undefined ? '' : manifestMember.path.slice(0, -MANIFEST_FILE.length);
  let manifest: BundleManifest | undefined;
  if (manifestMember !== undefined) {
    const where = `${bundleName}/${manifestMember.path}`;
    try {
      manifest = parseBundleManifest(await readText(manifestMember.open()), where);
    } catch (e) {
      problems.push({ file: where, reason: e instanceof BundleManifestError ? e.reason : `cannot read: ${(e as Error).message}` });
    }
  }

  const byPath = new Map(members.map((m) => [m.path, m]));
  const inputs: ImportInput[] = [];
  const listed = new Set<string>();
  for (const f of manifest?.files ?? []) {
    const member = byPath.get(root + f.path);
    listed.add(root + f.path);
    if (member === undefined) {
      problems.push({ file: `${bundleName}/${root}${f.path}`, reason: `listed in ${MANIFEST_FILE} but not in the bundle` });
      continue;
    }
    const input: ImportInput = { name: `${bundleName}/${member.path}`, open: () => member.open(), format: f.format };
    if (member.size !== undefined) input.size = member.size;
    const node = f.node ?? manifest?.node;
    if (node !== undefined) input.node = node;
    if (f.clockOffsetMicros !== undefined) input.clockOffset = f.clockOffsetMicros;
    inputs.push(input);
  }
  const rest = members.filter((m) => m !== manifestMember && !listed.has(m.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (manifest !== undefined) {
    // Only what the recorder listed is a recording; files outside the manifest's folder (a
    // tarball's other top-level entries) are not part of the bundle either.
    const extras = new Set((manifest.extras ?? []).map((x) => root + x.path));
    const notListed = rest.filter((m) => !extras.has(m.path)).map((m) => `${bundleName}/${m.path}`);
    return { inputs, manifest, problems, notListed };
  }
  for (const member of rest) {
    const input: ImportInput = { name: `${bundleName}/${member.path}`, open: () => member.open() };
    if (member.size !== undefined) input.size = member.size;
    inputs.push(input);
  }
  return { inputs, problems, notListed: [] };
}

/** A small file's bytes as UTF-8 text (the manifest; never a trace file). */
async function readText(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > 16 * 1024 * 1024) throw new Error('larger than 16 MiB');
  }
  return text + decoder.decode();
}
