/**
 * `npm run bench -- [--size small|medium|large|limits] [--time-limit SECONDS] [--seed N]
 *                   [--case ID] [--import-mb N | --no-import | --only-import]
 *                   [--render-events N] [--render-seconds S | --no-render | --only-render]
 *                   [--no-size | --only-size] [--write]`
 *
 * Runs each benchmark case (bench/scenarios.ts) in a child process of its own, so one case's heap
 * does not inflate the next one's figures, a case over its time limit can be stopped (runScenario
 * is synchronous and cannot be interrupted from inside), and running out of memory fails one row
 * instead of the whole run. Prints a Markdown table; --write puts it into BENCHMARKS.md.
 * Then the import benchmark (bench/import): a generated audit log (100 MiB unless --import-mb)
 * through the replay importer against a plain JSON.parse of each line; --no-import skips it,
 * --only-import runs only it (so `--write` replaces only the import table: with --case, the
 * scenario table would be rewritten with that one row).
 * Then the render benchmark (bench/render): a generated trace of a million events and a 1,000-node
 * cluster trace loaded in headless Chromium from the built app, frame times and long tasks while
 * playing, zooming and panning; --no-render skips it, --only-render runs only it.
 * First of all the bundle-size figures (bench/size.ts: initial JS gzip against the 200 KB budget,
 * the single file); --no-size skips them, --only-size runs only them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure, type Measurement } from './measure.ts';
import { END_MARK, machineLine, START_MARK, table, writeBetweenMarkers, type Row } from './report.ts';
import { CASES, casesUpTo, SIZES, type BenchCase, type Size } from './scenarios.ts';
import { IMPORT_END_MARK, IMPORT_START_MARK, runImportBench } from './import/run-import.ts';
import { RENDER_END_MARK, RENDER_START_MARK, runRenderBench } from './render/run-render.ts';
import { measureSize, SIZE_END_MARK, SIZE_START_MARK, sizeReport } from './size.ts';

const RESULT_PREFIX = 'bench-result:';
/** The old-space limit of each child: most of this 24 GiB machine, for the limits case. */
const CHILD_HEAP_MB = 16_384;

interface Options {
  size: Size;
  timeLimitS: number;
  seed: number | undefined;
  only: string | undefined;
  write: boolean;
  child: string | undefined;
  /** Size of the generated audit log of the import benchmark, MiB; 0 skips it. */
  importMb: number;
  /** Only the import benchmark: no scenario cases, and --write leaves their table alone. */
  onlyImport: boolean;
  /** Events in the render benchmark's big trace; 0 skips the render benchmark. */
  renderEvents: number;
  /** Seconds each measured render phase lasts. */
  renderSeconds: number;
  /** Only the render benchmark. */
  onlyRender: boolean;
  /** Bundle sizes (bench/size.ts): skip them, or run only them. */
  noSize: boolean;
  onlySize: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { size: 'small', timeLimitS: 600, seed: undefined, only: undefined, write: false, child: undefined, importMb: 100, onlyImport: false, renderEvents: 1_000_000, renderSeconds: 5, onlyRender: false, noSize: false, onlySize: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--size': {
        const v = value();
        if (!(SIZES as readonly string[]).includes(v)) usage(`--size must be one of ${SIZES.join(', ')}`);
        opts.size = v as Size;
        break;
      }
      case '--time-limit':
        opts.timeLimitS = Number(value());
        if (!(opts.timeLimitS > 0)) usage('--time-limit is a number of seconds');
        break;
      case '--seed':
        opts.seed = Number(value());
        if (!Number.isInteger(opts.seed)) usage('--seed is an integer');
        break;
      case '--case':
        opts.only = value();
        break;
      case '--child':
        opts.child = value();
        break;
      case '--write':
        opts.write = true;
        break;
      case '--import-mb':
        opts.importMb = Number(value());
        if (!(opts.importMb > 0)) usage('--import-mb is a positive number of MiB');
        break;
      case '--no-import':
        opts.importMb = 0;
        break;
      case '--only-import':
        opts.onlyImport = true;
        break;
      case '--render-events':
        opts.renderEvents = Number(value());
        if (!(opts.renderEvents > 0)) usage('--render-events is a positive number of events');
        break;
      case '--render-seconds':
        opts.renderSeconds = Number(value());
        if (!(opts.renderSeconds > 0)) usage('--render-seconds is a positive number of seconds');
        break;
      case '--no-render':
        opts.renderEvents = 0;
        break;
      case '--no-size':
        opts.noSize = true;
        break;
      case '--only-size':
        opts.onlySize = true;
        break;
      case '--only-render':
        opts.onlyRender = true;
        break;
      default:
        usage(`unknown argument ${String(arg)}`);
    }
  }
  return opts;
}

function usage(problem: string): never {
  console.error(`bench: ${problem}
usage: npm run bench -- [--size ${SIZES.join('|')}] [--time-limit SECONDS] [--seed N] [--case ID] [--import-mb N | --no-import | --only-import] [--render-events N] [--render-seconds S | --no-render | --only-render] [--no-size | --only-size] [--write]
cases: ${CASES.map((c) => `${c.id} (${c.size})`).join(', ')}`);
  process.exit(2);
}

function findCase(id: string): BenchCase {
  const c = CASES.find((x) => x.id === id);
  if (!c) usage(`no case ${id}`);
  return c;
}

/** The child running now, stopped with the parent (a synchronous run never sees its parent go). */
let running: ChildProcess | undefined;

function stopChildOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (running?.pid !== undefined && running.exitCode === null) process.kill(running.pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** Runs one case in a child process; a case over the time limit is stopped by its PID. */
function runChild(c: BenchCase, opts: Options): Promise<Row> {
  const script = fileURLToPath(import.meta.url);
  const args = [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', script, '--child', c.id];
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }, opts.timeLimitS * 1000);
  const failure = (reason: string): Row => ({ ok: false, f: { id: c.id, nodes: c.nodes, pods: c.pods, title: c.title, reason } });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (timedOut) return resolve(failure(`over the ${opts.timeLimitS} s limit`));
      if (code === 0 && line) return resolve({ ok: true, m: JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement });
      const why = /heap out of memory/i.test(stderr)
        ? 'out of memory'
        : (stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${code ?? signal}`);
      process.stderr.write(stderr);
      resolve(failure(`failed: ${why.slice(0, 120)}`));
    });
  });
}

/** The scenario cases, each in a child process; their table, written into BENCHMARKS.md with --write. */
async function runScenarios(opts: Options): Promise<void> {
  const cases = opts.only ? [findCase(opts.only)] : casesUpTo(opts.size);
  const rows: Row[] = [];
  for (const c of cases) {
    console.error(`bench: ${c.id} — ${c.title} (limit ${opts.timeLimitS} s)…`);
    const row = await runChild(c, opts);
    rows.push(row);
    console.error(row.ok ? `bench: ${c.id}: ${(row.m.wallMs / 1000).toFixed(2)} s, ${row.m.events} events` : `bench: ${c.id}: ${row.f.reason}`);
  }
  const text = `${table(rows)}\n\nMeasured ${machineLine()}; seed ${opts.seed ?? 'from each scenario'}; \`npm run bench -- --size ${opts.size}\`.`;
  console.log(text);
  if (opts.write) {
    const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
    writeBetweenMarkers(file, text);
    console.error(`bench: wrote the table into ${file} between ${START_MARK} and ${END_MARK}`);
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.child) {
    const m = await measure(findCase(opts.child), opts.seed);
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(m)}\n`);
    return;
  }
  stopChildOnSignals();
  if (opts.onlyImport && opts.importMb === 0) usage('--only-import and --no-import leave nothing to run');
  if (opts.onlyRender && opts.renderEvents === 0) usage('--only-render and --no-render leave nothing to run');
  if (opts.onlyImport && opts.onlyRender) usage('--only-import and --only-render: pick one');
  if (opts.onlySize && opts.noSize) usage('--only-size and --no-size leave nothing to run');
  if (!opts.noSize && !opts.onlyImport && !opts.onlyRender) {
    const sizeText = `${sizeReport(measureSize())}\n\nMeasured ${machineLine()}; gzip level 9; \`npm run bench -- --only-size\`.`;
    console.log(`\n${sizeText}`);
    if (opts.write) {
      const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
      writeBetweenMarkers(file, sizeText, SIZE_START_MARK, SIZE_END_MARK);
      console.error(`bench: wrote the bundle sizes into ${file}`);
    }
    if (opts.onlySize) return;
  }
  if (!opts.onlyImport && !opts.onlyRender) await runScenarios(opts);
  if (opts.importMb > 0 && !opts.onlyRender) {
    const importTable = `${await runImportBench(opts.importMb)}\n\nMeasured ${machineLine()}; \`npm run bench -- --import-mb ${opts.importMb}\`.`;
    console.log(`\n${importTable}`);
    if (opts.write) {
      const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
      writeBetweenMarkers(file, importTable, IMPORT_START_MARK, IMPORT_END_MARK);
      console.error(`bench: wrote the import table into ${file}`);
    }
  }
  if (opts.renderEvents > 0 && !opts.onlyImport) {
    const renderText = `${await runRenderBench({ events: opts.renderEvents, seconds: opts.renderSeconds })}\n\nMeasured ${machineLine()}; headless Chromium ${chromiumVersion()}; \`npm run bench -- --only-render --render-events ${opts.renderEvents} --render-seconds ${opts.renderSeconds}\`.`;
    console.log(`\n${renderText}`);
    if (opts.write) {
      const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
      writeBetweenMarkers(file, renderText, RENDER_START_MARK, RENDER_END_MARK);
      console.error(`bench: wrote the render table into ${file}`);
    }
  }
}

/** `Chromium 1xx.…` of the browser the render benchmark ran in. */
function chromiumVersion(): string {
  const r = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  return (r.stdout || '').trim().replace(/^Chromium\s*/, '') || 'unknown';
}

await main();
