/**
 * The `Range` header (RFC 9110 14.1-14.2) for one representation of `size` bytes.
 * - `undefined`: no range to apply (no header, another unit, a syntax error, or several ranges:
 *   a server may ignore Range, and the traces are read front to back, so one range is enough);
 * - `'unsatisfiable'`: a valid range none of whose bytes exist: 416 with `Content-Range: bytes *\/size`;
 * - `{start, end}`: inclusive byte offsets for a 206.
 */
export type ByteRange = { start: number; end: number };

export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // suffix range: the last N bytes
    const n = Number(last);
    if (n === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return undefined; // invalid range-spec: ignored (14.1.1)
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
