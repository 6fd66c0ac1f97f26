import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportMeasurement } from './child.ts';
import { writeAuditLog } from './generate-file.ts';

const MB = 1024 * 1024;
const PREFIX = 'import-result:';
export const IMPORT_START_MARK = '<!-- bench:import:start -->';
export const IMPORT_END_MARK = '<!-- bench:import:end -->';

function runSide(side: 'baseline' | 'import', file: string): Promise<ImportMeasurement> {
  const script = fileURLToPath(new URL('./child-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', script, side, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(PREFIX.length)) as ImportMeasurement);
      else reject(new Error(`import bench (${side}) failed: ${stderr.trim().split('\n').pop() ?? `exit ${code}`}`));
    });
  });
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The import benchmark (issue 5, item 9): a generated audit log of `mb` MiB imported by
 * `importFiles` (the code the browser's Web Worker runs), against a plain line-by-line
 * `JSON.parse` of the same file in the same run, each in a fresh process. Returns a Markdown table.
 */
export async function runImportBench(mb: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ka-import-bench-'));
  try {
    const file = join(dir, 'kube-apiserver-audit.log');
    console.error(`bench: generating a ${mb} MiB audit log…`);
    const { bytes, lines } = await writeAuditLog(file, mb * MB);
    console.error('bench: import — baseline (JSON.parse per line)…');
    const base = await runSide('baseline', file);
    console.error(`bench: import — baseline ${fmt(base.wallMs / 1000, 2)} s; importFiles…`);
    const imp = await runSide('import', file);
    console.error(`bench: import — importFiles ${fmt(imp.wallMs / 1000, 2)} s, ${imp.events} events`);
    const ratio = imp.wallMs / base.wallMs;
    // CPU time too: on a shared machine the wall clock says as much about the neighbours.
    const cpuRatio = imp.cpuMs / base.cpuMs;
    return [
      '| file | lines | JSON.parse per line | importFiles | ratio (aim ≤ 1.5) | CPU, JSON.parse | CPU, importFiles | CPU ratio | trace events | peak RSS, JSON.parse | peak RSS, importFiles | importFiles RSS / file (aim ≤ 2) | peak heap, importFiles |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
      `| audit log, ${fmt(bytes / MB)} MiB | ${fmt(lines)} | ${fmt(base.wallMs / 1000, 2)} s | ${fmt(imp.wallMs / 1000, 2)} s | ${fmt(ratio, 2)} | ${fmt(base.cpuMs / 1000, 2)} s | ${fmt(imp.cpuMs / 1000, 2)} s | ${fmt(cpuRatio, 2)} | ${fmt(imp.events)} | ${fmt(base.maxRss / MB)} MB | ${fmt(imp.maxRss / MB)} MB | ${fmt(imp.maxRss / bytes, 2)} | ${fmt(imp.peakHeapUsed / MB)} MB |`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
