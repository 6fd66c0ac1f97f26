import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIO } from '../io.ts';
import { readOptions, type OptionSpec } from '../options.ts';
import { DEFAULT_ALLOWED_ORIGINS } from '../../server/http/cors.ts';
import type { ReplayPort } from '../../server/replay-port.ts';
import { DEFAULT_LIMITS, type ReplayServer, type ReplayServerOptions, startReplayServer } from '../../server/server.ts';

/**
 * `kube-anatomy serve [DIR] [--listen HOST:PORT] [--allow-origin ORIGINS] [--ring-events N]`:
 * the replay server (src/server). Runs until Ctrl-C (SIGINT) or SIGTERM, then ends the live
 * traces (their files completed) and exits 0. Exit 1 when DIR is not a folder or the address
 * cannot be listened on (in use, not allowed); 2 for wrong usage.
 */
export const SERVE_USAGE = `Usage: kube-anatomy serve [DIR] [--listen HOST:PORT] [--allow-origin ORIGINS] [--ring-events N]

Serves the trace library in DIR (default: the current folder) over HTTP, and live traces over
WebSocket. Stop it with Ctrl-C.

  GET /api/traces                   the library: *.kanatomy.jsonl, bundle folders (manifest.json), .tar.gz bundles
  GET /traces/<path>                one file (Range requests supported)
  GET /api/traces/<bundle>/merged   a bundle imported into one trace (JSON Lines)
  GET /api/live                     the live traces
  ws  /live/<name>/record           a recorder streams here (kube-anatomy record --live ws://HOST:PORT/live/<name>/record)
  ws  /live/<name>/follow           the app follows a live trace; it is also written to DIR/live/<name>.kanatomy.jsonl

Options:
  --listen HOST:PORT    Address to listen on (default 127.0.0.1:8787; only loopback unless given)
  --allow-origin ORIGINS
                        Comma-separated origins whose pages may use the server, or * (default:
                        ${DEFAULT_ALLOWED_ORIGINS.join(', ')})
  --ring-events N       Recent events per live trace kept for new followers (default ${DEFAULT_LIMITS.ringEvents})
  -h, --help            Show this help
`;

const SPECS: OptionSpec[] = [
  { name: 'listen', takesValue: true },
  { name: 'allow-origin', takesValue: true },
  { name: 'ring-events', takesValue: true },
  { name: 'help', short: 'h', takesValue: false },
];

export interface ServeDeps {
  start?: (options: ReplayServerOptions) => Promise<ReplayServer>;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stopSignal?: () => Promise<string>;
  replay?: ReplayPort;
  /** Called once the server listens (tests learn the port). */
  onListening?: (server: ReplayServer) => void;
}

export async function serveCommand(argv: readonly string[], io: CliIO, deps: ServeDeps = {}): Promise<number> {
  const parsed = readOptions(argv, SPECS);
  if ('error' in parsed) return usage(io, parsed.error);
  if (parsed.values.has('help')) {
    io.out(SERVE_USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) return usage(io, `serve takes one folder, got ${parsed.positionals.length}`);
  const listenGiven = parsed.values.get('listen');
  const listen = parseListen(typeof listenGiven === 'string' ? listenGiven : '127.0.0.1:8787');
  if (typeof listen === 'string') return usage(io, listen);
  const ringText = parsed.values.get('ring-events');
  const ringEvents = typeof ringText === 'string' ? Number(ringText) : DEFAULT_LIMITS.ringEvents;
  if (!Number.isInteger(ringEvents) || ringEvents < 1) return usage(io, `--ring-events must be a positive integer, got ${String(ringText)}`);
  const originText = parsed.values.get('allow-origin');
  const allowOrigins = typeof originText === 'string' ? originText.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_ALLOWED_ORIGINS;
  for (const o of allowOrigins) if (o !== '*' && !/^https?:\/\/[^/]+$/.test(o)) return usage(io, `--allow-origin: ${o} is not an origin (scheme://host[:port], no path)`);

  const dir = resolve(parsed.positionals[0] ?? '.');
  try {
    if (!(await stat(dir)).isDirectory()) {
      io.err(`kube-anatomy serve: ${dir}: not a folder\n`);
      return 1;
    }
  } catch {
    io.err(`kube-anatomy serve: ${dir}: no such folder\n`);
    return 1;
  }
  if (!isLoopback(listen.host))
    io.err(`kube-anatomy serve: warning: listening on ${listen.host}, not loopback: anyone who can reach this address can read the traces in ${dir} and feed live traces\n`);

  const start = deps.start ?? startReplayServer;
  const replay = deps.replay ?? (await import('../../server/default-port.ts')).REPLAY_CORE;
  let server: ReplayServer;
  try {
    server = await start({ dir, host: listen.host, port: listen.port, allowOrigins, replay, generator: `kube-anatomy ${io.version}`, ringEvents });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const where = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
    if (code === 'EADDRINUSE') io.err(`kube-anatomy serve: listen tcp ${where}: address already in use\n`);
    else if (code === 'EACCES') io.err(`kube-anatomy serve: listen tcp ${where}: permission denied\n`);
    else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') io.err(`kube-anatomy serve: listen tcp ${where}: cannot assign requested address\n`);
    else io.err(`kube-anatomy serve: listen tcp ${where}: ${(e as Error).message}\n`);
    return 1;
  }
  const ws = server.url.replace(/^http/, 'ws');
  io.out(`kube-anatomy serve: serving ${dir} at ${server.url}\n  library: ${server.url}/api/traces\n  live:    ${ws}/live/<name>/record (recorders), ${ws}/live/<name>/follow (the app)\n`);
  deps.onListening?.(server);
  const signal = await (deps.stopSignal ?? waitForSignal)();
  io.err(`kube-anatomy serve: ${signal}: stopping\n`);
  try {
    await server.close();
  } catch (e) {
    io.err(`kube-anatomy serve: could not complete the live traces: ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}

function usage(io: CliIO, problem: string): number {
  io.err(`kube-anatomy serve: ${problem}\n\n${SERVE_USAGE}`);
  return 2;
}

/** `HOST:PORT`, `[IPv6]:PORT`, or a bare `PORT` (on 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } | string {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  if (!m) return `--listen: expected HOST:PORT, got ${JSON.stringify(text)}`;
  const host = m[1] || m[2] || '127.0.0.1';
  const port = Number(m[3]);
  if (port > 65535) return `--listen: port ${port} is out of range (0-65535)`;
  return { host, port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1';
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
