/**
 * `kubectl get -o yaml`: the bytes sigs.k8s.io/yaml produces, which is go-yaml v2 marshalling
 * the object after a round trip through JSON. Ported from gopkg.in/yaml.v2 (encode.go stringv
 * and floatv, resolve.go, sorter.go keyList.Less, emitterc.go analyze_scalar,
 * select_scalar_style and the write_*_scalar functions), for JSON-shaped values only.
 *
 * What a reader sees:
 * - keys sorted in go-yaml's "natural" order (digit runs compare as numbers);
 * - block style, two-space indent, sequences not indented under their key (`- name: nginx`);
 * - `{}` and `[]` for empty maps and lists;
 * - a string is plain when it would read back as the same string; double-quoted when plain
 *   would read as something else ("true", "80", "2026-01-01T09:00:00Z", "") or when it holds
 *   characters YAML cannot show raw (tabs, emoji); single-quoted when it only clashes with YAML
 *   syntax (": ", a leading "*"); literal block (`|`) when it has line breaks;
 * - long plain and quoted strings wrap at a space once the line passes column 80, continuing
 *   two columns deeper (go-yaml's best_width; kubectl does not turn wrapping off).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BEST_WIDTH = 80;
const INDENT = 2;

/** Marshals a JSON-shaped value as kubectl prints it, ending with a newline. */
export function toGoYaml(value: unknown): string {
  const w = new Writer();
  const v = toJson(value);
  if (isCollection(v) && !isEmptyCollection(v)) {
    if (Array.isArray(v)) writeSequence(w, v, 0);
    else writeMapping(w, v, 0, false);
  } else {
    writeScalarValue(w, v, 0, false);
  }
  return w.finish();
}

/** Drops undefined members and calls toJSON, as a JSON round trip would. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function isCollection(v: Json): v is Json[] | { [key: string]: Json } {
  return typeof v === 'object' && v !== null;
}

function isEmptyCollection(v: Json): boolean {
  return Array.isArray(v) ? v.length === 0 : isCollection(v) && Object.keys(v).length === 0;
}

/** Output with the emitter's notion of the current column. */
class Writer {
  private out = '';
  column = 0;

  put(s: string): void {
    for (const ch of s) {
      this.out += ch;
      this.column = ch === '\n' ? 0 : this.column + 1;
    }
  }

  /** A new line indented to `indent` (nothing if already at the start of such a line). */
  newline(indent: number): void {
    if (this.out !== '' && !(this.column === 0 && this.out.endsWith('\n'))) this.put('\n');
    this.put(' '.repeat(indent));
  }

  finish(): string {
    return this.out.endsWith('\n') ? this.out : `${this.out}\n`;
  }
}

function writeMapping(w: Writer, map: { [key: string]: Json }, indent: number, onCurrentLine: boolean): void {
  const keys = Object.keys(map).sort(compareKeys);
  keys.forEach((key, i) => {
    if (!(i === 0 && onCurrentLine)) w.newline(indent);
    writeScalar(w, key, indent + INDENT, true);
    w.put(':');
    const value = map[key] as Json;
    if (isCollection(value) && !isEmptyCollection(value)) {
      if (Array.isArray(value)) {
        w.newline(indent); // sequences under a key are not indented
        writeSequence(w, value, indent);
      } else {
        w.newline(indent + INDENT);
        writeMapping(w, value, indent + INDENT, true);
      }
    } else {
      w.put(' ');
      writeScalarValue(w, value, indent + INDENT, false);
    }
  });
}

function writeSequence(w: Writer, seq: Json[], indent: number): void {
  seq.forEach((item, i) => {
    if (i > 0) w.newline(indent);
    w.put('- ');
    if (isCollection(item) && !isEmptyCollection(item)) {
      if (Array.isArray(item)) writeSequence(w, item, indent + INDENT);
      else writeMapping(w, item, indent + INDENT, true);
    } else {
      writeScalarValue(w, item, indent + INDENT, false);
    }
  });
}

function writeScalarValue(w: Writer, v: Json, indent: number, simpleKey: boolean): void {
  if (v === null) w.put('null');
  else if (typeof v === 'boolean') w.put(v ? 'true' : 'false');
  else if (typeof v === 'number') w.put(formatNumber(v));
  else if (typeof v === 'string') writeScalar(w, v, indent, simpleKey);
  else w.put(Array.isArray(v) ? '[]' : '{}');
}

// ---------------------------------------------------------------------------------------------
// Numbers (encode.go intv/floatv; JSON integers come back from yaml.Unmarshal as ints)

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  // strconv.FormatFloat(f, 'g', -1, 64): the shortest digits; %e form when the exponent is
  // below -4 or at least 6 (Go decides with precision 6 in shortest mode), as in "1.5e+06".
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// Key order (sorter.go keyList.Less)

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b) ? -1 : 1;
}

function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] as string;
    const bc = br[i] as string;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as string); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------------------------
// Strings

type Style = 'plain' | 'single' | 'double' | 'literal';

/** resolve.go: would this text, written plain, read back as something other than a string? */
export function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0];
  if (c === undefined) return true; // "" reads as null
  if (c === '.') return !Number.isNaN(goParseFloat(s));
  if (c === '+' || c === '-' || isDigit(c)) {
    if (looksLikeTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plain)) return true;
    if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  }
  return false;
}

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

function goParseFloat(s: string): number {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}

/** parseTimestamp: "YYYY-" first, then the layouts 2006-1-2T15:4:5.999999999Z07:00, "2006-1-2 15:4:5", 2006-1-2. */
function looksLikeTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const date = '\\d{4}-\\d{1,2}-\\d{1,2}';
  const time = '\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d{1,9})?';
  const zone = '(Z|[+-]\\d{2}:\\d{2})';
  return (
    new RegExp(`^${date}[Tt]${time}${zone}$`).test(s) ||
    new RegExp(`^${date} ${time}$`).test(s) ||
    new RegExp(`^${date}$`).test(s)
  );
}

const isBase60Float = (s: string): boolean => s.includes(':') && /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);

/** is_printable: LF, 0x20–0x7E, 0xA0–0xD7FF, 0xE000–0xFFFD except the BOM. Astral code points are not. */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const isBreakCp = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlankCh = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** emitterc.go yaml_emitter_analyze_scalar (block context only: kubectl output has no flow collections). */
function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...value];
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) as number;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || isBlankCh(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) {
      blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      blockIndicators = true;
    }
    if (!isPrintable(cp)) special = true;
    const last = i === chars.length - 1;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankCh(ch) || isBreakCp(cp);
  });
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** encode.go stringv, then emitterc.go select_scalar_style. */
export function scalarStyle(value: string, simpleKey: boolean): Style {
  let style: Style;
  if (value.includes('\n')) style = 'literal';
  else if (!resolvesToNonString(value) && !isBase60Float(value)) style = 'plain';
  else style = 'double';
  const a = analyze(value);
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (value === '' && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

function writeScalar(w: Writer, value: string, indent: number, simpleKey: boolean): void {
  const style = scalarStyle(value, simpleKey);
  const allowBreaks = !simpleKey;
  if (style === 'plain') writePlain(w, value, indent, allowBreaks);
  else if (style === 'single') writeSingleQuoted(w, value, indent, allowBreaks);
  else if (style === 'double') writeDoubleQuoted(w, value, indent, allowBreaks);
  else writeLiteral(w, value, indent);
}

function writePlain(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== ' ') w.newline(indent);
      else w.put(ch);
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
}

function writeSingleQuoted(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  w.put("'");
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') w.newline(indent);
      else w.put(ch);
      spaces = true;
    } else {
      if (ch === "'") w.put("'");
      w.put(ch);
      spaces = false;
    }
  });
  w.put("'");
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r',
  0x1b: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P',
};

function writeDoubleQuoted(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  w.put('"');
  let spaces = false;
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) as number;
    if (!isPrintable(cp) || cp === 0xfeff || isBreakCp(cp) || ch === '"' || ch === '\\') {
      const esc = DOUBLE_ESCAPES[cp];
      if (esc) w.put(esc);
      else if (cp <= 0xff) w.put(`\\x${hex(cp, 2)}`);
      else if (cp <= 0xffff) w.put(`\\u${hex(cp, 4)}`);
      else w.put(`\\U${hex(cp, 8)}`);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        w.newline(indent);
        if (chars[i + 1] === ' ') w.put('\\');
      } else {
        w.put(ch);
      }
      spaces = true;
    } else {
      w.put(ch);
      spaces = false;
    }
  });
  w.put('"');
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

function writeLiteral(w: Writer, value: string, indent: number): void {
  const chars = [...value];
  let header = '|';
  if (chars[0] === ' ' || isBreakCp((chars[0] as string).codePointAt(0) as number)) header += String(INDENT);
  const lastBreak = isBreakCp((chars[chars.length - 1] as string).codePointAt(0) as number);
  const secondLastBreak = chars.length > 1 && isBreakCp((chars[chars.length - 2] as string).codePointAt(0) as number);
  if (!lastBreak) header += '-';
  else if (chars.length === 1 || secondLastBreak) header += '+';
  w.put(header);
  w.put('\n');
  let atLineStart = true;
  for (const ch of chars) {
    if (isBreakCp(ch.codePointAt(0) as number)) {
      w.put('\n');
      atLineStart = true;
    } else {
      if (atLineStart) w.put(' '.repeat(indent));
      atLineStart = false;
      w.put(ch);
    }
  }
}
