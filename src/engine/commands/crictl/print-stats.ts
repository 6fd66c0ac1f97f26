import { goTabwriter } from '../go-tabwriter.ts';
import { humanSizeWithPrecision } from './go-units.ts';
import { truncatedId } from './print.ts';

/**
 * `crictl stats` and `crictl statsp` (cri-tools v1.34 container_stats.go displayStats,
 * pod_stats.go displayPodStats): two samples `--seconds` apart, CPU % from the usage counter's
 * growth over the timestamps' distance, MEM the working set, then the table after display.go
 * ClearScreen's "\033[2J\033[H".
 */

type Json = Record<string, unknown>;

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

const val = (v: unknown): bigint => BigInt(String((v as { value?: string } | undefined)?.value ?? '0'));
const ts = (v: unknown): bigint => BigInt(String((v as { timestamp?: string } | undefined)?.timestamp ?? '0'));

/** units.HumanSize: 4 significant digits, base 1000. */
function humanSize(n: bigint): string {
  return humanSizeWithPrecision(Number(n), 4);
}

function tableOf(rows: string[][]): string {
  return goTabwriter(rows.map((r) => `${r.join('\t')}\n`).join(''), { minwidth: 20, padding: 3 });
}

/** cpuPerc = Δusage / Δtimestamp × 100, "%.2f"; an error when the timestamps did not move. */
function cpuPercent(cpu: bigint, oldCpu: bigint, t: bigint, oldT: bigint): string | { error: string } {
  if (cpu === 0n) return '0.00';
  const duration = t - oldT;
  if (duration === 0n) return { error: 'cpu stat is not updated during sample' };
  return ((Number(cpu - oldCpu) / Number(duration)) * 100).toFixed(2);
}

/** Sorted by id (containerStatsByID / podStatsByID). */
function byId(stats: Json[]): Json[] {
  const id = (s: Json): string => String((s.attributes as Json | undefined)?.id ?? '');
  return [...stats].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

export function containerStatsTable(before: Json[], after: Json[], opts: { all: boolean }): string | { error: string } {
  const old = new Map(before.map((s) => [String((s.attributes as Json).id), s]));
  const rows: string[][] = [['CONTAINER', 'NAME', 'CPU %', 'MEM', 'DISK', 'INODES']];
  for (const s of byId(after)) {
    const attrs = s.attributes as Json;
    const cpu = val((s.cpu as Json | undefined)?.usageCoreNanoSeconds);
    const mem = val((s.memory as Json | undefined)?.workingSetBytes);
    const layer = (s.writableLayer ?? {}) as Json;
    if (!opts.all && cpu === 0n && mem === 0n) continue; // Skip non-running container
    const o = old.get(String(attrs.id));
    if (!o) continue; // Skip new container
    const perc = cpuPercent(cpu, val((o.cpu as Json | undefined)?.usageCoreNanoSeconds), ts(s.cpu), ts(o.cpu));
    if (typeof perc !== 'string') return perc;
    rows.push([truncatedId(String(attrs.id)), String((attrs.metadata as Json | undefined)?.name ?? ''), perc, humanSize(mem), humanSize(val(layer.usedBytes)), String(val(layer.inodesUsed))]);
  }
  return CLEAR_SCREEN + tableOf(rows);
}

export function podStatsTable(before: Json[], after: Json[]): string | { error: string } {
  const old = new Map(before.map((s) => [String((s.attributes as Json).id), s]));
  const rows: string[][] = [['POD', 'POD ID', 'CPU %', 'MEM']];
  for (const s of byId(after)) {
    const attrs = s.attributes as Json;
    const linux = (s.linux ?? {}) as Json;
    const cpu = val((linux.cpu as Json | undefined)?.usageCoreNanoSeconds);
    const mem = val((linux.memory as Json | undefined)?.workingSetBytes);
    if (cpu === 0n && mem === 0n) continue; // Skip without data
    const o = old.get(String(attrs.id));
    if (!o) continue; // Skip new pod
    const oldLinux = (o.linux ?? {}) as Json;
    const perc = cpuPercent(cpu, val((oldLinux.cpu as Json | undefined)?.usageCoreNanoSeconds), ts(linux.cpu), ts(oldLinux.cpu));
    if (typeof perc !== 'string') return perc;
    rows.push([String((attrs.metadata as Json | undefined)?.name ?? ''), truncatedId(String(attrs.id)), perc, humanSize(mem)]);
  }
  return CLEAR_SCREEN + tableOf(rows);
}

/** version.go: fmt.Println("Version: ", …) — Println puts a space between its operands. */
export function versionText(r: Json): string {
  return `Version:  ${String(r.version ?? '')}\nRuntimeName:  ${String(r.runtimeName ?? '')}\nRuntimeVersion:  ${String(r.runtimeVersion ?? '')}\nRuntimeApiVersion:  ${String(r.runtimeApiVersion ?? '')}\n`;
}

/**
 * info.go: RuntimeHandlers and Features go through encoding/json, not protojson, so they carry
 * the Go structs' json tags (snake_case) and omitempty drops "" names and false features.
 */
export function goJsonOfProto(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goJsonOfProto);
  if (v === null || typeof v !== 'object') return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (x === '' || x === false || x === 0 || x === undefined || x === null) continue;
    out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = goJsonOfProto(x);
  }
  return out;
}

/** units.RAMInBytes: a size with an optional binary unit (k, m, g, t, p; "b", "ib" suffixes allowed). */
export function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(s);
  if (!m) return undefined;
  const mult: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
  return Math.trunc(Number(m[1]) * (m[2] ? (mult[m[2].toLowerCase()] as number) : 1));
}
