/**
 * The Go formatting rkt's output goes through, reproduced byte for byte:
 * - text/tabwriter as rkt configures it (rkt/rkt.go getTabOutWithWriter: minwidth 0, tabwidth 8,
 *   padding 1, padchar '\t', flags 0): columns are padded with TAB characters, each cell widened
 *   to the next multiple of 8 (tabwriter.go writePadding), so `rkt list` output holds tabs;
 * - go-humanize's Time and IBytes as vendored by rkt 1.x (no space before the unit: "58MiB",
 *   as the talk's `rkt image list` shows);
 * - Go's `%q` for strings and time.Time's layouts used by `rkt status` and `rkt app status`.
 */
import { unixSecondsToIso } from '../../base/time.ts';

const TAB_WIDTH = 8;
const PADDING = 1;

/**
 * Formats tab-separated lines like Go's tabwriter with padchar '\t' (text/tabwriter/tabwriter.go
 * format/writeLines): a column is a run of consecutive lines that have a cell in it; the last
 * cell of a line belongs to no column and is written as is.
 */
export function goTabwriter(text: string): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = lines.map(() => '');
  const widthOf = (s: string): number => [...s].length;
  const format = (line0: number, line1: number, widths: number[]): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      const line = lines[i] as string[];
      if (column >= line.length - 1) continue;
      writeLines(start, i, widths);
      let width = 0;
      let j = i;
      for (; j < line1; j++) {
        const l = lines[j] as string[];
        if (column >= l.length - 1) break;
        width = Math.max(width, widthOf(l[column] ?? '') + PADDING);
      }
      format(i, j, [...widths, width]);
      start = j;
      i = j - 1;
    }
    writeLines(start, line1, widths);
  };
  const written = new Set<number>();
  const writeLines = (from: number, to: number, widths: number[]): void => {
    for (let i = from; i < to; i++) {
      if (written.has(i)) continue;
      written.add(i);
      const cells = lines[i] as string[];
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        const w = widths[j];
        if (w !== undefined && j < cells.length - 1) {
          // writePadding with tabs: round the cell up to a tab stop, then that many tabs.
          const cellw = Math.ceil(w / TAB_WIDTH) * TAB_WIDTH;
          const n = cellw - widthOf(cell);
          s += '\t'.repeat(Math.ceil(n / TAB_WIDTH));
        }
      });
      out[i] = s;
    }
  };
  format(0, lines.length, []);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

/** go-humanize's magnitudes (times.go, the version rkt vendored): bounds in seconds. */
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 12 * MONTH;
const MAGNITUDES: readonly { d: number; format: string; divby: number }[] = [
  { d: 1, format: 'now', divby: 1 },
  { d: 2, format: '1 second %s', divby: 1 },
  { d: MINUTE, format: '%d seconds %s', divby: 1 },
  { d: 2 * MINUTE, format: '1 minute %s', divby: 1 },
  { d: HOUR, format: '%d minutes %s', divby: MINUTE },
  { d: 2 * HOUR, format: '1 hour %s', divby: 1 },
  { d: DAY, format: '%d hours %s', divby: HOUR },
  { d: 2 * DAY, format: '1 day %s', divby: 1 },
  { d: WEEK, format: '%d days %s', divby: DAY },
  { d: 2 * WEEK, format: '1 week %s', divby: 1 },
  { d: MONTH, format: '%d weeks %s', divby: WEEK },
  { d: 2 * MONTH, format: '1 month %s', divby: 1 },
  { d: YEAR, format: '%d months %s', divby: MONTH },
  { d: 18 * MONTH, format: '1 year %s', divby: 1 },
  { d: 2 * YEAR, format: '2 years %s', divby: 1 },
  { d: 40 * YEAR, format: '%d years %s', divby: YEAR },
  { d: Number.MAX_SAFE_INTEGER, format: 'a long while %s', divby: 1 },
];

/**
 * humanize.Time(then) with now given: RelTime compares Unix seconds (times.go), so a pod
 * created 1.9 s ago is "1 second ago".
 */
export function humanizeTime(thenUnixMicros: number, nowUnixMicros: number): string {
  const a = Math.floor(thenUnixMicros / 1_000_000);
  const b = Math.floor(nowUnixMicros / 1_000_000);
  const after = a > b;
  const diff = after ? a - b : b - a;
  const lbl = after ? 'from now' : 'ago';
  const mag = MAGNITUDES.find((m) => m.d > diff) as (typeof MAGNITUDES)[number];
  return mag.format.replace('%d', String(Math.floor(diff / mag.divby))).replace('%s', lbl);
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** humanize.IBytes (bytes.go humanateBytes, base 1024, one decimal below 10, no space). */
export function humanizeIBytes(n: number): string {
  if (n < 10) return `${n}B`;
  const e = Math.floor(Math.log(n) / Math.log(1024));
  const val = Math.floor((n / 1024 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : val.toFixed(0)}${IEC[e]}`;
}

/** Go's `%q` for a string: a double-quoted Go literal (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The fraction of a Go layout `.999…` (trailing zeros and a bare dot dropped). */
function fraction(nanos: number, digits: number): string {
  const s = String(nanos).padStart(9, '0').slice(0, digits).replace(/0+$/, '');
  return s ? `.${s}` : '';
}

/**
 * A UTC instant in Go's layout "2006-01-02 15:04:05.999 -0700 MST" (rkt image_list.go
 * defaultTimeLayout, used by `rkt status`, `--full` lists). Hosts are modelled in UTC.
 */
export function goTimeLayout(unixNanos: bigint, fractionDigits = 3): string {
  const iso = unixSecondsToIso(Number(unixNanos / 1_000_000_000n));
  const nanos = Number(unixNanos % 1_000_000_000n);
  return `${iso.replace('T', ' ')}${fraction(nanos, fractionDigits)} +0000 UTC`;
}

/** time.Time's String(): "2006-01-02 15:04:05.999999999 -0700 MST" (rkt app status `created_at=%v`). */
export function goTimeString(unixNanos: bigint): string {
  return goTimeLayout(unixNanos, 9);
}
