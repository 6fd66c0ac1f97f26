import { describe, expect, it } from 'vitest';
import { JsonValueSplitter, type JsonValueItem } from './json-values.ts';

function split(text: string, options?: { maxValueChars: number }): JsonValueItem[] {
  const s = new JsonValueSplitter(options);
  const out: JsonValueItem[] = [];
  text.split('\n').forEach((line, i) => out.push(...s.push(line, i + 1)));
  out.push(...s.end());
  return out;
}

describe('JsonValueSplitter', () => {
  it('yields concatenated pretty-printed objects with their first line (crictl events -o json)', () => {
    const a = JSON.stringify({ containerId: 'c1', containerEventType: 'CONTAINER_CREATED_EVENT', note: 'a } brace and a \\" quote {' }, null, 2);
    const b = JSON.stringify({ containerId: 'c2', list: [1, [2, { x: '[' }]] }, null, 2);
    const text = `${a}\n${b}`;
    const items = split(text);
    expect(items).toEqual([
      { line: 1, value: JSON.parse(a) },
      { line: a.split('\n').length + 1, value: JSON.parse(b) },
    ]);
  });

  it('reads JSON Lines, several values on one line, and one document over many lines', () => {
    expect(split('{"a":1}\n{"b":2}{"c":3}\n\n[1,\n2]')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 2 } },
      { line: 2, value: { c: 3 } },
      { line: 4, value: [1, 2] },
    ]);
  });

  it('names the line of a bad value, of stray text and of an unclosed value, and goes on', () => {
    const items = split('{"a": tru}\nhello\n{"ok":true}\n{"open": [1,');
    expect(items).toEqual([
      { line: 1, error: expect.stringMatching(/^not JSON: /) as unknown as string },
      { line: 2, error: 'unexpected "hello" outside a JSON object or array' },
      { line: 3, value: { ok: true } },
      { line: 4, error: 'the JSON value starting here is not closed at the end of the file' },
    ]);
  });

  it('skips a value over the size limit and reads the next', () => {
    const big = `{\n"x": "${'z'.repeat(200)}"\n}`;
    expect(split(`${big}\n{"n":1}`, { maxValueChars: 100 })).toEqual([
      { line: 1, error: 'JSON value longer than 100 characters: skipped' },
      { line: 4, value: { n: 1 } },
    ]);
  });
});
