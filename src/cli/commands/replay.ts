import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { ImportInput, ImportOptions, ImportResult } from '../../replay/types.ts';
import { UnknownFormatError } from '../../replay/types.ts';
import { encodeEvent, encodeHeader } from '../../trace/jsonl.ts';
import { formatMicros, parseDurationMicros } from '../duration.ts';
import { collectInputs } from '../file-input.ts';
import { type CliIO, describeFsError } from '../io.ts';
import { readOptions } from '../options.ts';
import { REPLAY_USAGE } from '../usage.ts';

/** The parts of the replay backend `replay` uses (src/replay/index.ts); tests pass fakes. */
export interface ReplayBackend {
  importFiles(inputs: ImportInput[], options?: ImportOptions): Promise<ImportResult>;
  knownFormats(): { name: string; label: string }[];
}

/** Where the merged trace goes; the default streams it to FILE.tmp and renames it. */
export type TraceWriter = (path: string, result: ImportResult) => Promise<void>;

/**
 * `kube-anatomy replay <files|dirs|bundle.tar.gz…> --out FILE [--node NAME] [--format FILE=FMT]
 * [--clock-offset FILE=±DURATION] [--strict]`: imports real recordings into one trace v1 file.
 * Exit 0 when the trace was written (bad lines reported and skipped), 1 when nothing could be
 * read, no file had a known format, `--strict` met a bad line, or the trace cannot be written;
 * 2 for wrong usage.
 */
export async function replayCommand(argv: readonly string[], io: CliIO, backend: ReplayBackend, write: TraceWriter = writeTraceAtomic): Promise<number> {
  const parsed = readOptions(argv, [
    { name: 'out', short: 'o', takesValue: true },
    { name: 'node', takesValue: true },
    { name: 'format', takesValue: true, repeatable: true },
    { name: 'clock-offset', takesValue: true, repeatable: true },
    { name: 'strict', takesValue: false },
    { name: 'help', short: 'h', takesValue: false },
  ]);
  if ('error' in parsed) return usageError(io, parsed.error);
  if (parsed.values.has('help')) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) return usageError(io, 'missing <files>: name the recordings to import (files, folders or bundles)');
  const out = parsed.values.get('out') as string | undefined;
  if (out === undefined) return usageError(io, 'missing --out FILE (where to write the merged trace)');
  const node = parsed.values.get('node') as string | undefined;

  const known = backend.knownFormats();
  const formats = new Map<string, string>();
  for (const pair of parsed.lists.get('format') ?? []) {
    const split = splitPair(pair);
    if (split === undefined) return usageError(io, `--format needs FILE=FORMAT, got "${pair}"`);
    if (!known.some((k) => k.name === split[1])) return usageError(io, `--format ${pair}: unknown format "${split[1]}"; known formats: ${known.map((k) => k.name).join(', ')}`);
    formats.set(split[0], split[1]);
  }
  const offsets = new Map<string, number>();
  for (const pair of parsed.lists.get('clock-offset') ?? []) {
    const split = splitPair(pair);
    if (split === undefined) return usageError(io, `--clock-offset needs FILE=±DURATION (e.g. node.txt=-1.5s), got "${pair}"`);
    const us = parseDurationMicros(split[1]);
    if (typeof us !== 'number') return usageError(io, `--clock-offset ${pair}: ${us.error}`);
    offsets.set(split[0], us);
  }

  const collected = await collectInputs(parsed.positionals);
  for (const p of collected.problems) io.err(`kube-anatomy replay: ${p.file}: ${p.reason}\n`);
  for (const f of collected.notListed) io.err(`kube-anatomy replay: ${f}: not in the manifest: skipped\n`);
  const inputs = collected.inputs;
  // A command-line choice wins over the bundle manifest's.
  for (const [key, format] of formats) {
    const matched = inputs.filter((i) => matches(i.name, key));
    if (matched.length === 0) return usageError(io, `--format ${key}=${format}: no input file is named ${key}`);
    for (const i of matched) i.format = format;
  }
  for (const [key, us] of offsets) {
    const matched = inputs.filter((i) => matches(i.name, key));
    if (matched.length === 0) return usageError(io, `--clock-offset ${key}=…: no input file is named ${key}`);
    for (const i of matched) i.clockOffset = us;
  }
  if (node !== undefined) for (const i of inputs) i.node ??= node;
  if (inputs.length === 0) {
    io.err('kube-anatomy replay: no input could be read\n');
    return 1;
  }

  let result: ImportResult;
  try {
    const options: ImportOptions = { generator: `kube-anatomy ${io.version}` };
    if (node !== undefined) options.node = node;
    result = await backend.importFiles(inputs, options);
  } catch (e) {
    if (e instanceof UnknownFormatError) {
      io.err(`kube-anatomy replay: ${e.message}\n`);
      return 1;
    }
    throw e;
  }

  // `file:line: reason`, as compilers and grep print, so editors jump to the line.
  for (const e of result.errors) io.err(e.line > 0 ? `${e.file}:${e.line}: ${e.reason}\n` : `${e.file}: ${e.reason}\n`);
  for (const s of result.sources) {
    const clock = s.clock === 'none' ? 'no clock offset' : `clock offset ${formatMicros(s.clockOffset)} (${s.clock})`;
    const nodeText = s.node !== undefined ? `, node ${s.node}` : '';
    const precision = s.precision === 'none' ? 'no timestamps' : `timestamps in ${PRECISION[s.precision]}`;
    io.err(`${s.file}: ${s.format}, ${plural(s.events, 'event')}, ${plural(s.errors, 'error')}, ${precision}, ${clock}${nodeText}\n`);
  }
  if (result.sources.length === 0) {
    io.err(`kube-anatomy replay: no input had a known format; known formats: ${known.map((k) => k.name).join(', ')}\n`);
    return 1;
  }
  if (parsed.values.has('strict') && result.errors.length > 0) {
    io.err(`kube-anatomy replay: --strict: ${plural(result.errors.length, 'line')} could not be read; ${out} was not written\n`);
    return 1;
  }
  try {
    await write(out, result);
  } catch (e) {
    io.err(`kube-anatomy replay: cannot write the trace to ${out}: ${describeFsError(e)}\n`);
    return 1;
  }
  io.err(`kube-anatomy replay: wrote ${plural(result.events.length, 'event')} from ${plural(result.sources.length, 'source')} to ${out}\n`);
  return 0;
}

const PRECISION = { s: 's', ms: 'ms', us: 'µs', ns: 'ns' } as const;

/** `FILE=VALUE`, split at the last "=" so that file names may contain one. */
function splitPair(pair: string): [string, string] | undefined {
  const eq = pair.lastIndexOf('=');
  if (eq <= 0 || eq === pair.length - 1) return undefined;
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/** An input is named by its path as given, or by its last segments (`pods.jsonl`, `out/pods.jsonl`). */
function matches(name: string, key: string): boolean {
  return name === key || name.endsWith(`/${key.replace(/^\.\//, '')}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function usageError(io: CliIO, problem: string): number {
  io.err(`kube-anatomy replay: ${problem}\n\n${REPLAY_USAGE}`);
  return 2;
}

/**
 * Streams the trace line by line to `<path>.tmp` and renames it: no string of the whole trace
 * (a replayed audit log can be larger than the largest string), no half-written file.
 */
export async function writeTraceAtomic(path: string, result: ImportResult): Promise<void> {
  const tmp = `${path}.tmp`;
  const stream = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    const put = async (line: string): Promise<void> => {
      if (!stream.write(`${line}\n`)) await Promise.race([once(stream, 'drain'), failed]);
    };
    await Promise.race([once(stream, 'open'), failed]);
    await put(encodeHeader(result.header));
    for (const ev of result.events) await put(encodeEvent(ev));
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  } catch (e) {
    stream.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, path);
}
