/**
 * The syntax check Go's encoding/json runs before it decodes (scanner.go checkValid), with its
 * messages: `invalid character '}' looking for beginning of object key string`, `unexpected end
 * of JSON input`… kube-apiserver's JSON serializer shows them when a JSON config file is broken
 * (`couldn't get version/kind; json parse error: …`). The states and their wording follow
 * encoding/json/scanner.go; JSON.parse accepts and rejects the same texts but words it otherwise.
 */

/** A syntax error: Go's message and the index in the text (UTF-16 units) of the offending character. */
export interface GoJsonSyntaxError {
  message: string;
  index: number;
}

type Step = (c: number) => 'ok' | 'error';

const OBJECT_KEY = 0;
const OBJECT_VALUE = 1;
const ARRAY_VALUE = 2;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** scanner.go quoteChar: the byte as a Go character literal, `'\''`, `'"'`, `'\n'`, `'x'`. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

/** The inside of strconv.Quote(string(rune(c))) for a byte value (Go turns a byte into the rune of the same number). */
function goQuoteRune(c: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c] !== undefined) return named[c] as string;
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  // unicode.IsPrint: of Latin-1, the C1 controls, NBSP and the soft hyphen are not printable.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(c);
}

/** Runs scanner.go's state machine over the UTF-8 bytes of `text`; undefined when the JSON is valid. */
export function goJsonSyntaxError(text: string): GoJsonSyntaxError | undefined {
  const bytes = new TextEncoder().encode(text);
  const stack: number[] = [];
  let failure: { message: string; at: number } | undefined;
  let at = 0;
  let endTop = false;
  let step: Step;

  const fail = (c: number, context: string): 'error' => {
    failure = { message: `invalid character ${quoteChar(c)} ${context}`, at };
    return 'error';
  };
  const go = (next: Step): 'ok' => {
    step = next;
    return 'ok';
  };
  const literal =
    (rest: string, name: string): Step =>
    (c) => {
      const want = rest.charCodeAt(0);
      if (c !== want) return fail(c, `in literal ${name} (expecting '${rest[0]}')`);
      return go(rest.length === 1 ? endValue : literal(rest.slice(1), name));
    };

  const beginValue: Step = (c) => {
    if (isSpace(c)) return 'ok';
    if (c === 0x7b) {
      stack.push(OBJECT_KEY);
      return go(beginStringOrEmpty);
    }
    if (c === 0x5b) {
      stack.push(ARRAY_VALUE);
      return go(beginValueOrEmpty);
    }
    if (c === 0x22) return go(inString);
    if (c === 0x2d) return go(neg);
    if (c === 0x30) return go(zero);
    if (c >= 0x31 && c <= 0x39) return go(one);
    if (c === 0x74) return go(literal('rue', 'true'));
    if (c === 0x66) return go(literal('alse', 'false'));
    if (c === 0x6e) return go(literal('ull', 'null'));
    return fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return 'ok';
    if (c === 0x5d) return endValue(c);
    return beginValue(c);
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return 'ok';
    if (c === 0x7d) {
      stack[stack.length - 1] = OBJECT_VALUE;
      return endValue(c);
    }
    return beginString(c);
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return 'ok';
    if (c === 0x22) return go(inString);
    return fail(c, 'looking for beginning of object key string');
  };
  const pop = (): 'ok' => {
    stack.pop();
    if (stack.length === 0) {
      endTop = true;
      return go(endOfTop);
    }
    return go(endValue);
  };
  const endValue: Step = (c) => {
    if (stack.length === 0) {
      endTop = true;
      step = endOfTop;
      return endOfTop(c);
    }
    if (isSpace(c)) return go(endValue);
    const top = stack[stack.length - 1];
    if (top === OBJECT_KEY) {
      if (c === 0x3a) {
        stack[stack.length - 1] = OBJECT_VALUE;
        return go(beginValue);
      }
      return fail(c, 'after object key');
    }
    if (top === OBJECT_VALUE) {
      if (c === 0x2c) {
        stack[stack.length - 1] = OBJECT_KEY;
        return go(beginString);
      }
      if (c === 0x7d) return pop();
      return fail(c, 'after object key:value pair');
    }
    if (c === 0x2c) return go(beginValue);
    if (c === 0x5d) return pop();
    return fail(c, 'after array element');
  };
  const endOfTop: Step = (c) => (isSpace(c) ? 'ok' : fail(c, 'after top-level value'));
  const inString: Step = (c) => {
    if (c === 0x22) return go(endValue);
    if (c === 0x5c) return go(inStringEsc);
    if (c < 0x20) return fail(c, 'in string literal');
    return 'ok';
  };
  const inStringEsc: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return go(inString);
    if (c === 0x75) return go(hexDigits(4));
    return fail(c, 'in string escape code');
  };
  const hexDigits =
    (left: number): Step =>
    (c) => {
      if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
      return go(left === 1 ? inString : hexDigits(left - 1));
    };
  const neg: Step = (c) => {
    if (c === 0x30) return go(zero);
    if (c >= 0x31 && c <= 0x39) return go(one);
    return fail(c, 'in numeric literal');
  };
  const one: Step = (c) => (isDigit(c) ? 'ok' : zero(c));
  const zero: Step = (c) => {
    if (c === 0x2e) return go(dot);
    if (c === 0x65 || c === 0x45) return go(exponent);
    return endValue(c);
  };
  const dot: Step = (c) => (isDigit(c) ? go(dotDigits) : fail(c, 'after decimal point in numeric literal'));
  const dotDigits: Step = (c) => {
    if (isDigit(c)) return 'ok';
    if (c === 0x65 || c === 0x45) return go(exponent);
    return endValue(c);
  };
  const exponent: Step = (c) => (c === 0x2b || c === 0x2d ? go(exponentSign) : exponentSign(c));
  const exponentSign: Step = (c) => (isDigit(c) ? go(exponentDigits) : fail(c, 'in exponent of numeric literal'));
  const exponentDigits: Step = (c) => (isDigit(c) ? 'ok' : endValue(c));

  step = beginValue;
  for (at = 0; at < bytes.length; at++) {
    if (step(bytes[at] as number) === 'error') break;
  }
  if (!failure && !endTop) {
    // scanner.eof: a space ends a number at the very end; anything else still open is cut short.
    step(0x20);
    if (!failure && !endTop) failure = { message: 'unexpected end of JSON input', at: bytes.length };
  }
  if (!failure) return undefined;
  return { message: failure.message, index: new TextDecoder().decode(bytes.slice(0, failure.at)).length };
}
