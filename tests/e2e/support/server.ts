import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A web server the end-to-end tests started (and must stop). */
export interface StartedServer {
  url: string;
  /** `preview` serves dist/ as built; `dev` serves the sources through Vite. */
  mode: 'preview' | 'dev';
  pid: number;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port (then lets it go for the server to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `vite preview` of dist/ (what CI builds just before) or, when there is no build or
 * E2E_SERVER=dev, the Vite dev server, on a free loopback port, and waits until it answers.
 * The server runs in its own process group so that `stop()` ends it and nothing else.
 */
export async function startServer(root: string, timeoutMs = 60_000): Promise<StartedServer> {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`${vite} not found: run \`npm ci\` first`);
  const wanted = process.env.E2E_SERVER;
  const hasBuild = existsSync(join(root, 'dist', 'index.html'));
  if (wanted === 'preview' && !hasBuild) throw new Error('E2E_SERVER=preview but dist/index.html is missing: run `npm run build` first');
  const mode: StartedServer['mode'] = wanted === 'dev' || (wanted !== 'preview' && !hasBuild) ? 'dev' : 'preview';
  const port = await freePort();
  const args = [vite, ...(mode === 'preview' ? ['preview'] : []), '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start vite ${mode}`);
  const url = `http://127.0.0.1:${port}/`;
  const server: StartedServer = { url, mode, pid, stop: () => stopProcessGroup(child) };
  try {
    await waitForHttp(url, child, timeoutMs);
  } catch (err) {
    await server.stop();
    throw new Error(`vite ${mode} did not come up on ${url}: ${(err as Error).message}\n${output}`);
  }
  return server;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the server's process group, SIGKILL if it is still there after 5 s. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // Already gone.
  }
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone in between.
    }
    await exited;
  }
}
