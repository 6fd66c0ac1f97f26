/**
 * `manifest.json` at the root of a recording bundle (what `kube-anatomy record` writes): which
 * file holds which format, recorded on which node, with which clock offset. Defined here, on the
 * reader's side, so the browser reads bundles too (replay may not import cli); the recorder
 * (src/cli/record/sink.ts) writes this same type.
 */

export const BUNDLE_FORMAT = 'kube-anatomy-bundle';
export const BUNDLE_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export interface BundleFile {
  path: string;
  format: string;
  description: string;
  node?: string;
  clockOffsetMicros?: number;
  lines: number;
}

export interface BundleManifest {
  format: 'kube-anatomy-bundle';
  version: 1;
  generator: string;
  startedAt: string;
  endedAt: string;
  /** The node the node-side files were recorded on. */
  node?: string;
  /** Whether secrets and tokens were redacted (the default; `--no-redact` turns it off). */
  redacted: boolean;
  files: BundleFile[];
  /** Clock facts taken at start and end (host time vs node time), when several clocks are involved. */
  clocks?: { id: string; offsetMicros: number; method: 'same-host' | 'measured' | 'estimated' }[];
  /** What could not be captured and why (no permission to read the audit log, `ctr` not found, …). */
  skipped?: { source: string; reason: string }[];
  /** Files of the bundle that are not recordings (record's runc wrapper script): not imported, not reported. */
  extras?: { path: string; description: string }[];
}

/** A manifest that cannot be used: the file and the field at fault (`files[2].format: …`). */
export class BundleManifestError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'BundleManifestError';
  }
}

type Json = Record<string, unknown>;

/** Parses and checks a manifest; throws BundleManifestError naming the first problem. */
export function parseBundleManifest(text: string, file = MANIFEST_FILE): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BundleManifestError(file, `not valid JSON: ${(e as Error).message}`);
  }
  const fail = (reason: string): never => {
    throw new BundleManifestError(file, reason);
  };
  if (!isObject(value)) return fail('must be a JSON object');
  if (value.format !== BUNDLE_FORMAT) return fail(`format: must be "${BUNDLE_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== BUNDLE_VERSION) {
    return fail(`version: ${JSON.stringify(value.version)} is not supported (this kube-anatomy reads version ${BUNDLE_VERSION})`);
  }
  const str = (o: Json, key: string, where: string, optional = false): string | undefined => {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string') return fail(`${where}${key}: must be a string${v === undefined ? ' (missing)' : `, got ${JSON.stringify(v)}`}`);
    return v;
  };
  const generator = str(value, 'generator', '') as string;
  const startedAt = checkTime(str(value, 'startedAt', '') as string, 'startedAt', fail);
  const endedAt = checkTime(str(value, 'endedAt', '') as string, 'endedAt', fail);
  const node = str(value, 'node', '', true);
  if (typeof value.redacted !== 'boolean') fail(`redacted: must be true or false, got ${JSON.stringify(value.redacted)}`);
  if (!Array.isArray(value.files)) return fail('files: must be an array');

  const seen = new Set<string>();
  const files: BundleFile[] = value.files.map((f: unknown, i: number) => {
    const where = `files[${i}].`;
    if (!isObject(f)) return fail(`files[${i}]: must be an object`);
    const path = str(f, 'path', where) as string;
    if (path === '' || path.startsWith('/') || path.split('/').includes('..')) fail(`${where}path: must be a relative path inside the bundle, got ${JSON.stringify(path)}`);
    if (seen.has(path)) fail(`${where}path: ${JSON.stringify(path)} is listed twice`);
    seen.add(path);
    const format = str(f, 'format', where) as string;
    if (format === '') fail(`${where}format: must not be empty`);
    const out: BundleFile = { path, format, description: str(f, 'description', where, true) ?? '', lines: 0 };
    const fileNode = str(f, 'node', where, true);
    if (fileNode !== undefined) out.node = fileNode;
    if (f.clockOffsetMicros !== undefined) {
      if (!Number.isSafeInteger(f.clockOffsetMicros)) fail(`${where}clockOffsetMicros: must be a whole number of microseconds, got ${JSON.stringify(f.clockOffsetMicros)}`);
      out.clockOffsetMicros = f.clockOffsetMicros as number;
    }
    if (f.lines !== undefined) {
      if (!Number.isSafeInteger(f.lines) || (f.lines as number) < 0) fail(`${where}lines: must be a count, got ${JSON.stringify(f.lines)}`);
      out.lines = f.lines as number;
    }
    return out;
  });

  const manifest: BundleManifest = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, generator, startedAt, endedAt, redacted: value.redacted as boolean, files };
  if (node !== undefined) manifest.node = node;
  if (value.clocks !== undefined) {
    if (!Array.isArray(value.clocks)) fail('clocks: must be an array');
    manifest.clocks = (value.clocks as unknown[]).map((c, i) => {
      if (!isObject(c)) return fail(`clocks[${i}]: must be an object`);
      const id = str(c, 'id', `clocks[${i}].`) as string;
      if (!Number.isSafeInteger(c.offsetMicros)) fail(`clocks[${i}].offsetMicros: must be a whole number of microseconds`);
      if (c.method !== 'same-host' && c.method !== 'measured' && c.method !== 'estimated') fail(`clocks[${i}].method: must be "same-host", "measured" or "estimated", got ${JSON.stringify(c.method)}`);
      return { id, offsetMicros: c.offsetMicros as number, method: c.method as 'same-host' | 'measured' | 'estimated' };
    });
  }
  if (value.skipped !== undefined) {
    if (!Array.isArray(value.skipped)) fail('skipped: must be an array');
    manifest.skipped = (value.skipped as unknown[]).map((s, i) => {
      if (!isObject(s)) return fail(`skipped[${i}]: must be an object`);
      return { source: str(s, 'source', `skipped[${i}].`) as string, reason: str(s, 'reason', `skipped[${i}].`) as string };
    });
  }
  if (value.extras !== undefined) {
    if (!Array.isArray(value.extras)) fail('extras: must be an array');
    manifest.extras = (value.extras as unknown[]).map((x, i) => {
      if (!isObject(x)) return fail(`extras[${i}]: must be an object`);
      const path = str(x, 'path', `extras[${i}].`) as string;
      if (seen.has(path)) fail(`extras[${i}].path: ${JSON.stringify(path)} is also in files`);
      return { path, description: str(x, 'description', `extras[${i}].`, true) ?? '' };
    });
  }
  return manifest;
}

function checkTime(v: string, key: string, fail: (r: string) => never): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) || Number.isNaN(Date.parse(v))) fail(`${key}: must be an RFC 3339 time, got ${JSON.stringify(v)}`);
  return v;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
