import type { ImportError, Importer, RawEvent, SourceFacts } from '../../types.ts';

/**
 * Feeds a whole text to one importer line by line, the way the registry does, and collects what
 * it gives: for the tests and for callers that hold a small file in memory. The registry
 * (src/replay, H1) streams large files instead.
 */
export function runImporter(importer: Importer, text: string, opts: { file?: string; node?: string; day?: number } = {}): { events: RawEvent[]; errors: ImportError[]; facts: SourceFacts | undefined } {
  const file = opts.file ?? 'input';
  const errors: ImportError[] = [];
  const parser = importer.create({ file, node: opts.node ?? 'node-1', ...(opts.day !== undefined ? { day: opts.day } : {}), error: (line, reason) => errors.push({ file, line, reason }) });
  const events: RawEvent[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => events.push(...(parser.line?.(l.endsWith('\r') ? l.slice(0, -1) : l, i + 1) ?? [])));
  events.push(...parser.end());
  return { events, errors, facts: parser.facts?.() };
}
