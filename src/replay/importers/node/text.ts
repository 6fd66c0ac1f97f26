import type { EpochMicros } from '../../types.ts';

/**
 * Small readers shared by the node importers: timestamps as the tools print them, numbers too
 * large for a JavaScript number, base64. No Node APIs (the importers run in a Web Worker).
 */

const MONTH_DAYS_MS = (y: number, mo: number, d: number): number => Date.UTC(y, mo - 1, d);

/** `<fraction digits>` → µs (truncated, as the trace keeps µs), and how many digits there were. */
function fractionMicros(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

/** Precision of a fraction of a second with `digits` digits. */
export function precisionOf(digits: number): 's' | 'ms' | 'us' | 'ns' {
  return digits === 0 ? 's' : digits <= 3 ? 'ms' : digits <= 6 ? 'us' : 'ns';
}

const GO_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2})(?: ([A-Za-z0-9+-]+))?/;

/**
 * Go's `time.Time.String()` (`2021-04-01 11:50:27.322765234 +0000 UTC`, trailing zeros of the
 * fraction trimmed, so 0–9 digits), as `ctr events` prints it. Returns the µs and the length of
 * the matched text, or undefined when the text does not start with one.
 */
export function parseGoTime(text: string): { at: EpochMicros; length: number; digits: number } | undefined {
  const m = GO_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const offsetMin = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const ms = MONTH_DAYS_MS(Number(y), Number(mo), Number(d)) + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 - offsetMin * 60_000;
  return { at: ms * 1000 + fractionMicros(frac), length: m[0].length, digits: frac?.length ?? 0 };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** RFC 3339 with up to nanoseconds (`RFC3339Nano`), to epoch µs (truncated). */
export function parseRfc3339(text: string): { at: EpochMicros; digits: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const offsetMin = z ? 0 : (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const ms = MONTH_DAYS_MS(Number(y), Number(mo), Number(d)) + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 - offsetMin * 60_000;
  return { at: ms * 1000 + fractionMicros(frac), digits: frac?.length ?? 0 };
}

/**
 * A uint64 nanosecond count (a string or a number, as OTLP/JSON and protojson write them) to
 * epoch µs, truncated; undefined when it is not one. Strings are cut, not converted through a
 * double, so nanosecond values beyond 2^53 lose nothing above the µs.
 */
export function nanosToMicros(v: unknown): EpochMicros | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.trunc(v / 1000) : undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) return undefined;
  return v.length <= 3 ? 0 : Number(v.slice(0, -3));
}

/**
 * Quotes integer literals of 16 digits or more in JSON text before `JSON.parse`, which would
 * round them: etcd's cluster_id, member_id and lease ids are uint64 (real-capture-notes 4; the
 * trace keeps them as decimal strings). Only a number right after `:` `[` or `,` is touched, so
 * digits inside strings stay; a string holding `:1234567890123456,` would be changed too —
 * etcdctl's own strings are base64, which has no `:`.
 */
export function quoteLargeIntegers(json: string): string {
  return json.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** base64 → bytes (atob: there in browsers, workers and Node ≥ 16); undefined when not base64. */
export function base64Bytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !B64.test(text)) return undefined;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text, or undefined when they are not (a protobuf value, `k8s\0…`). */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    const s = UTF8.decode(bytes);
    // Control characters other than tab/newline: binary (the `k8s\0` protobuf envelope).
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x09 || (c > 0x0d && c < 0x20)) return undefined;
    }
    return s;
  } catch {
    return undefined;
  }
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.parse that says why it failed, in one line. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: `not JSON (${(e as Error).message})` };
  }
}
