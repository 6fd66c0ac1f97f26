import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importFiles } from '../../src/replay/index.ts';

/**
 * One side of the import benchmark, in a process of its own so that each side's peak memory is
 * its own: `baseline` reads the file line by line and `JSON.parse`s each line (the least any
 * importer must do), `import` runs the browser's import code (`importFiles`, the same code the
 * Web Worker runs) over a Node stream of the file.
 */
export interface ImportMeasurement {
  side: 'baseline' | 'import';
  bytes: number;
  lines: number;
  events: number;
  errors: number;
  wallMs: number;
  /** User + system CPU time of the process (all its threads, the GC's included), ms. */
  cpuMs: number;
  peakHeapUsed: number;
  maxRss: number;
}

async function baseline(file: string, sample: () => void): Promise<{ lines: number; events: number; errors: number }> {
  let lines = 0;
  let parsed = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    lines++;
    if (line === '') continue;
    JSON.parse(line);
    parsed++;
    if (lines % 1_000 === 0) sample();
  }
  return { lines, events: parsed, errors: 0 };
}

const SAMPLE_BYTES = 1024 * 1024;

async function viaImport(file: string, sample: () => void): Promise<{ lines: number; events: number; errors: number }> {
  let lines = 0;
  let sampledAt = -Infinity;
  const size = statSync(file).size;
  const result = await importFiles(
    [{ name: file.split('/').pop() as string, size, open: () => createReadStream(file) as AsyncIterable<Uint8Array> }],
    {
      onProgress: (p) => {
        lines = p.lines;
        // About as often as the baseline samples (every 1,000 lines ≈ 1.3 MiB): memoryUsage()
        // reads /proc, and sampling at every progress report would weigh on this side only.
        if (p.bytesRead - sampledAt >= SAMPLE_BYTES || p.phase !== 'reading') {
          sampledAt = p.bytesRead;
          sample();
        }
      },
    },
  );
  sample();
  return { lines, events: result.events.length, errors: result.errors.length };
}

export async function measureImport(side: 'baseline' | 'import', file: string): Promise<ImportMeasurement> {
  let peakHeapUsed = process.memoryUsage().heapUsed;
  const sample = (): void => {
    const used = process.memoryUsage().heapUsed;
    if (used > peakHeapUsed) peakHeapUsed = used;
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = side === 'baseline' ? await baseline(file, sample) : await viaImport(file, sample);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  sample();
  return { side, bytes: statSync(file).size, ...r, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapUsed, maxRss: process.resourceUsage().maxRSS * 1024 };
}
