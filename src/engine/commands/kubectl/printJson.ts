/**
 * `kubectl get -o json`: encoding/json's MarshalIndent with four spaces (cli-runtime
 * printers/json.go) over unstructured objects, so map keys come out sorted byte-wise and
 * HTML-sensitive characters are escaped as Go does (`<` → \u003c, `>` → \u003e, `&` → \u0026,
 * and U+2028/U+2029). Numbers print as JavaScript prints them, which matches Go's float
 * formatting for JSON (both switch to exponents below 1e-6 and from 1e21).
 */
export function toGoJson(value: unknown): string {
  const text = JSON.stringify(sortKeys(value ?? null), null, 4);
  return `${text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`)}\n`;
}

/** A copy with every object's keys in Go's order (byte-wise; UTF-16 order is the same for the BMP). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    if (typeof (source as { toJSON?: unknown }).toJSON === 'function') return sortKeys(JSON.parse(JSON.stringify(source)));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      const v = source[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
