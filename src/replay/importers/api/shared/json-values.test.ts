import { describe, expect, it } from 'vitest';
import { JsonValueSplitter, type JsonValueResult } from './json-values.ts';

function split(text: string): JsonValueResult[] {
  const s = new JsonValueSplitter();
  const out = text.split('\n').flatMap((l, i) => s.push(l, i + 1));
  return [...out, ...s.end()];
}

describe('JsonValueSplitter', () => {
  it('yields JSON Lines, pretty-printed values back to back and values sharing a line, with their first lines', () => {
    const pretty = JSON.stringify({ a: '} { ] "', b: [1, { c: 2 }] }, null, 4);
    const got = split(['{"x":1}', pretty, '{"y":2} {"z":3}', '', pretty].join('\n'));
    expect(got.map((r) => ('error' in r ? r.error : `${r.line} ${JSON.stringify(r.value)}`))).toEqual([
      '1 {"x":1}',
      '2 {"a":"} { ] \\"","b":[1,{"c":2}]}',
      `${pretty.split('\n').length + 2} {"y":2}`,
      `${pretty.split('\n').length + 2} {"z":3}`,
      `${pretty.split('\n').length + 4} {"a":"} { ] \\"","b":[1,{"c":2}]}`,
    ]);
  });

  it('gives the lines of the items of a top-level array and of a List', () => {
    const list = JSON.stringify({ kind: 'List', items: [{ a: 1 }, { b: 2 }] }, null, 2);
    const [r] = split(list);
    expect(r && 'itemLines' in r ? r.itemLines : []).toEqual([4, 7]);
  });

  it('reports a broken line, a value left open and garbage, and goes on', () => {
    expect(split('{"a":\n{"b":1}\n{\n"c": 2')).toEqual([
      { error: 'not valid JSON: the line ends inside a value', line: 1 },
      { value: { b: 1 }, line: 2, itemLines: [] },
      { error: 'the file ends inside a JSON value that starts here', line: 3 },
    ]);
    expect(split('hello\n{"ok":true}')).toEqual([{ error: 'unexpected "h" between JSON values', line: 1 }, { value: { ok: true }, line: 2, itemLines: [] }]);
    expect(split('{\n  "a": 1,\n}')).toEqual([{ error: expect.stringMatching(/^not valid JSON: /) as unknown as string, line: 1 }]);
  });
});
