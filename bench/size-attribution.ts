/**
 * Which module each byte of a built chunk came from, read from its source map (v3 mappings), grouped
 * by npm package (`react-dom`, `@scope/pkg`) or by the first two folders under src/
 * (`src/ui/tour`). Bytes without a mapping (the bundler's glue) are `(unmapped)`.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}

/** `../../node_modules/react-dom/cjs/x.js` → `react-dom`; `../../src/ui/tour/a.ts` → `src/ui/tour`. */
export function groupOf(source: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1]!;
  const src = /(?:^|\/)(src\/[^/]+(?:\/[^/]+(?=\/))?)/.exec(source);
  if (src) return src[1]!;
  return source.replace(/^(\.\.\/)+/, '');
}

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`source map: bad base64 character "${ch}" in segment "${segment}"`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

export function attributeBytes(code: string, map: SourceMapV3): Map<string, number> {
  const lines = code.split('\n');
  const sizes = new Map<string, number>();
  const add = (k: string, n: number) => n > 0 && sizes.set(k, (sizes.get(k) ?? 0) + n);
  let source = 0;
  map.mappings.split(';').forEach((line, li) => {
    const len = lines[li]?.length ?? 0;
    const segs: [number, number][] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      col += v[0] ?? 0;
      if (v.length > 1) source += v[1]!;
      segs.push([col, v.length > 1 ? source : -1]);
    }
    add('(unmapped)', segs.length ? segs[0]![0] : len);
    segs.forEach(([c, s], i) => {
      const end = i + 1 < segs.length ? segs[i + 1]![0] : len;
      const name = s >= 0 ? map.sources[s] : undefined;
      add(name === undefined ? '(unmapped)' : groupOf(name), end - c);
    });
  });
  return sizes;
}
