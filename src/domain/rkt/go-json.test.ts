import { describe, expect, it } from 'vitest';
import { goJsonIndent, goJsonMarshal, goMap } from './go-json.ts';

describe("encoding/json as rkt prints it (cat_manifest.go MarshalIndent with a tab)", () => {
  it('keeps struct field order, leaves out omitted fields, writes nil as null', () => {
    expect(goJsonMarshal({ b: 1, a: 'x', c: undefined, d: null, e: [] })).toBe('{"b":1,"a":"x","d":null,"e":[]}');
  });

  it('indents with tabs and ": "', () => {
    expect(goJsonIndent({ apps: [{ name: 'etcd' }] })).toBe('{\n\t"apps": [\n\t\t{\n\t\t\t"name": "etcd"\n\t\t}\n\t]\n}');
  });

  it('escapes HTML characters like Go, and writes int64 nanoseconds exactly', () => {
    expect(goJsonMarshal({ s: '<a&b>', t: 1767258002716000000n })).toBe('{"s":"\\u003ca\\u0026b\\u003e","t":1767258002716000000}');
  });

  it('sorts map keys', () => {
    expect(Object.keys(goMap({ z: '1', a: '2' }) ?? {})).toEqual(['a', 'z']);
  });
});
