import type { CliIO } from './io.ts';
import type { RecordDeps } from './commands/record.ts';
import type { ReplayBackend } from './commands/replay.ts';
import { type Engine, runCommand } from './commands/run.ts';
import { USAGE } from './usage.ts';

/** What the subcommands load or get from the process; tests pass fakes. */
export interface MainDeps {
  loadReplay?: () => Promise<ReplayBackend>;
  /** `record`'s stop signal and live sink; by default the process's SIGINT/SIGTERM. */
  recordDeps?: () => Promise<RecordDeps>;
}

/**
 * The `kube-anatomy` command: picks the subcommand and returns the exit code. The engine is
 * loaded only for `run` and the replay backend only for `replay`, so `--help` works even while
 * either is being built.
 */
export async function main(argv: readonly string[], io: CliIO, loadEngine: () => Promise<Engine> = defaultEngine, deps: MainDeps = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return 2;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(`kube-anatomy ${io.version}\n`);
    return 0;
  }
  if (command === 'run') return runCommand(rest, io, await loadEngine());
  if (command === 'replay') {
    const { replayCommand } = await import('./commands/replay.ts');
    return replayCommand(rest, io, await (deps.loadReplay ?? defaultReplay)());
  }
  if (command === 'record') {
    const { recordCommand } = await import('./commands/record.ts');
    return recordCommand(rest, io, await (deps.recordDeps ?? processRecordDeps)());
  }
  if (command === 'serve') {
    const { serveCommand } = await import('./commands/serve.ts');
    return serveCommand(rest, io);
  }
  io.err(`kube-anatomy: ${command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`}\n\n${USAGE}`);
  return 2;
}

async function defaultEngine(): Promise<Engine> {
  return import('../engine/index.ts');
}

async function defaultReplay(): Promise<ReplayBackend> {
  const { importFiles, knownFormats } = await import('../replay/index.ts');
  return { importFiles: (inputs, options) => importFiles(inputs, options), knownFormats: () => knownFormats() };
}

/**
 * Ctrl-C and SIGTERM end the recording cleanly (children stopped, files flushed, manifest and
 * archive written); a second Ctrl-C while stopping quits at once, as users expect.
 */
async function processRecordDeps(): Promise<RecordDeps> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const deps: RecordDeps = { stop: controller.signal };
  const live = await loadLiveSink();
  if (live !== undefined) deps.openLive = live;
  return deps;
}

/** H5's LiveSink (src/cli/record/live-sink.ts): connected before the recording starts, so a wrong URL fails at once. */
async function loadLiveSink(): Promise<RecordDeps['openLive']> {
  const { LiveSink } = await import('./record/live-sink.ts');
  return async (url, init) => {
    const sink = new LiveSink(url, init);
    await sink.start();
    return sink;
  };
}
