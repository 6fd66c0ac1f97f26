import type { ImportError, Importer, RawEvent, SourceFacts } from '../../types.ts';

/** What one importer made of one file's text, for tests: the events, the bad lines, the facts. */
export interface Parsed {
  events: RawEvent[];
  errors: ImportError[];
  facts: SourceFacts;
}

/**
 * Runs an importer over a text as the import pipeline does (line by line, 1-based, without the
 * line breaks; a parser that throws on a line is that line's error). Used by the tests.
 */
export function parseText(importer: Importer, text: string, file = 'input', node = 'node-1'): Parsed {
  const errors: ImportError[] = [];
  const parser = importer.create({ file, node, error: (line, reason) => errors.push({ file, line, reason }) });
  const events: RawEvent[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    try {
      events.push(...(parser.line?.(text, i + 1) ?? []));
    } catch (e) {
      errors.push({ file, line: i + 1, reason: (e as Error).message });
    }
  });
  events.push(...parser.end());
  return { events, errors, facts: parser.facts?.() ?? {} };
}

/** The same for a binary format: the bytes in chunks of `chunk` bytes. */
export function parseBytes(importer: Importer, bytes: Uint8Array, file = 'input', chunk = 4096): Parsed {
  const errors: ImportError[] = [];
  const parser = importer.create({ file, node: 'node-1', error: (line, reason) => errors.push({ file, line, reason }) });
  for (let i = 0; i < bytes.length; i += chunk) parser.bytes?.(bytes.subarray(i, i + chunk));
  const events = parser.end();
  return { events, errors, facts: parser.facts?.() ?? {} };
}
