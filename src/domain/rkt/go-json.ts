/**
 * Go's encoding/json as rkt uses it: `json.Marshal` (one line) and `json.MarshalIndent(v, "",
 * "\t")` (`rkt cat-manifest`, `--format=json-pretty`). Objects keep the order of their keys,
 * which callers give in Go struct field order (int64 nanoseconds as bigint); `undefined` fields are left out (omitempty) and
 * `null` is written as null (a nil slice or pointer). Strings are escaped as encoding/json does,
 * HTML characters included (`<` → `\u003c`).
 */

export type GoJson = null | boolean | number | bigint | string | GoJson[] | { [key: string]: GoJson | undefined };

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029 || c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function encode(v: GoJson, indent: string | undefined, depth: number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return quote(v);
  const nl = indent === undefined ? '' : `\n${indent.repeat(depth + 1)}`;
  const end = indent === undefined ? '' : `\n${indent.repeat(depth)}`;
  const colon = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl + encode(x, indent, depth + 1)).join(',')}${end}]`;
  }
  const entries = Object.entries(v).filter((e): e is [string, GoJson] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{${entries.map(([k, x]) => `${nl}${quote(k)}${colon}${encode(x, indent, depth + 1)}`).join(',')}${end}}`;
}

/** json.Marshal. */
export function goJsonMarshal(v: GoJson): string {
  return encode(v, undefined, 0);
}

/** json.MarshalIndent(v, "", "\t"). */
export function goJsonIndent(v: GoJson): string {
  return encode(v, '\t', 0);
}

/** A Go map: encoding/json writes its keys sorted. */
export function goMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as string;
  return out;
}
