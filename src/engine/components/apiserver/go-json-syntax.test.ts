import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, quoteChar } from './go-json-syntax.ts';

const messageOf = (text: string): string | undefined => goJsonSyntaxError(text)?.message;

describe('goJsonSyntaxError (encoding/json/scanner.go checkValid)', () => {
  it('accepts valid JSON', () => {
    for (const ok of ['{}', '[]', '{"a": [1, -2.5e+3, 0, true, false, null, "x\\u00e9\\n"]}', ' {"a":{"b":[]}} \n', '0', '"s"']) expect(goJsonSyntaxError(ok), ok).toBeUndefined();
  });

  it('names the state it was in, as scanner.go words it', () => {
    expect(messageOf('{"X": "foo", "Y"}')).toBe("invalid character '}' after object key");
    expect(messageOf('{"X":12x}')).toBe("invalid character 'x' after object key:value pair");
    expect(messageOf('[1, 2, 3+]')).toBe("invalid character '+' after array element");
    expect(messageOf('{"a": 1,}')).toBe("invalid character '}' looking for beginning of object key string");
    expect(messageOf('[1,]')).toBe("invalid character ']' looking for beginning of value");
    expect(messageOf('{"F3": -}')).toBe("invalid character '}' in numeric literal");
    expect(messageOf('{"a": 1.x}')).toBe("invalid character 'x' after decimal point in numeric literal");
    expect(messageOf('{"a": 1e}')).toBe("invalid character '}' in exponent of numeric literal");
    expect(messageOf('{"a": trux}')).toBe("invalid character 'x' in literal true (expecting 'e')");
    expect(messageOf('{"a": nil}')).toBe("invalid character 'i' in literal null (expecting 'u')");
    expect(messageOf('{"a": "\\q"}')).toBe("invalid character 'q' in string escape code");
    expect(messageOf('{"a": "\\u12g4"}')).toBe("invalid character 'g' in \\u hexadecimal character escape");
    expect(messageOf('{"a": "x\ty"}')).toBe("invalid character '\\t' in string literal");
    expect(messageOf('{"a": 1} x')).toBe("invalid character 'x' after top-level value");
  });

  it('ends with "unexpected end of JSON input", or with the space eof adds after a number', () => {
    expect(messageOf('{"a": [1, 2')).toBe('unexpected end of JSON input');
    expect(messageOf('{"a": "b')).toBe('unexpected end of JSON input');
    expect(messageOf('1.')).toBe("invalid character ' ' after decimal point in numeric literal");
  });

  it('gives the index of the offending character in the text', () => {
    expect(goJsonSyntaxError('{"a": 1,}')).toEqual({ message: "invalid character '}' looking for beginning of object key string", index: 8 });
    // After a two-byte character, the index counts characters, not bytes.
    expect(goJsonSyntaxError('{"é": x}')?.index).toBe(6);
    expect(goJsonSyntaxError('{"a": 1')?.index).toBe(7);
  });
});

describe('quoteChar (scanner.go)', () => {
  it("quotes a byte as Go does: '\\'', '\"', escapes, and a lead byte as its Latin-1 rune", () => {
    expect(quoteChar(0x27)).toBe("'\\''");
    expect(quoteChar(0x22)).toBe(`'"'`);
    expect(quoteChar(0x0a)).toBe("'\\n'");
    expect(quoteChar(0x01)).toBe("'\\x01'");
    expect(quoteChar(0x5c)).toBe("'\\\\'");
    expect(messageOf('é')).toBe("invalid character 'Ã' looking for beginning of value");
    expect(quoteChar(0x85)).toBe("'\\u0085'");
  });
});
