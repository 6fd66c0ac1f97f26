import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Measurement } from './measure.ts';

/** A case that did not finish: over its time limit, or the process died (out of memory…). */
export interface Failure {
  id: string;
  nodes: number;
  pods: number;
  title: string;
  reason: string;
}

export type Row = { ok: true; m: Measurement } | { ok: false; f: Failure };

const MB = 1024 * 1024;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The results as a Markdown table (printed, and written into BENCHMARKS.md with --write). */
export function table(rows: readonly Row[]): string {
  const head = [
    '| case | nodes | pods | wall | trace events | events/s | sim s / wall s | peak heap used | peak RSS | settled |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  const lines = rows.map((r) => {
    if (!r.ok) {
      const f = r.f;
      return `| ${f.id} | ${fmt(f.nodes)} | ${fmt(f.pods)} | — | — | — | — | — | — | ${f.reason} |`;
    }
    const m = r.m;
    const wallS = m.wallMs / 1000;
    const simS = m.simMicros / 1_000_000;
    return [
      '',
      m.id,
      fmt(m.nodes),
      fmt(m.pods),
      `${fmt(wallS, 2)} s`,
      fmt(m.events),
      fmt(wallS > 0 ? m.events / wallS : 0),
      fmt(wallS > 0 ? simS / wallS : 0, 1),
      `${fmt(m.peakHeapUsed / MB)} MB`,
      `${fmt(m.maxRss / MB)} MB`,
      m.settled ? 'yes' : `no (at ${fmt(simS)} s)`,
      '',
    ].join(' | ').trim();
  });
  return [...head, ...lines].join('\n');
}

/** Where and with what the table was measured. */
export function machineLine(): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`;
}

export const START_MARK = '<!-- bench:results:start -->';
export const END_MARK = '<!-- bench:results:end -->';

/** Replaces the text between the markers of `file` (BENCHMARKS.md) with `content`. */
export function writeBetweenMarkers(file: string, content: string, startMark = START_MARK, endMark = END_MARK): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(startMark);
  const end = text.indexOf(endMark);
  if (start < 0 || end < start) throw new Error(`${file}: markers ${startMark} … ${endMark} not found`);
  writeFileSync(file, `${text.slice(0, start + startMark.length)}\n${content}\n${text.slice(end)}`);
}
