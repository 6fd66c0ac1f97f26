import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../server/server.ts';
import { main } from '../main.ts';
import { memoryIO } from '../test-io.ts';
import { isLoopback, parseListen, serveCommand } from './serve.ts';

/** `kube-anatomy serve`: options, exit codes, a real server started and stopped by a (simulated) Ctrl-C. */
const dir = mkdtempSync(join(tmpdir(), 'kanatomy-serve-cmd-'));
writeFileSync(join(dir, 'a.kanatomy.jsonl'), '{"format":"kube-anatomy-trace","version":1,"sources":["sim"],"timeOrigin":"2026-01-01T00:00:00Z"}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kube-anatomy serve', () => {
  it('serves DIR on the address given until Ctrl-C, then exits 0', async () => {
    const io = memoryIO();
    let stop: (s: string) => void = () => {};
    let listening: ReplayServer | undefined;
    const code = serveCommand([dir, '--listen', '127.0.0.1:0'], io, {
      stopSignal: () => new Promise((r) => (stop = r)),
      onListening: async (server) => {
        listening = server;
        const res = await fetch(`${server.url}/api/traces`);
        expect(((await res.json()) as { traces: { name: string }[] }).traces.map((t) => t.name)).toEqual(['a.kanatomy.jsonl']);
        stop('SIGINT');
      },
    });
    expect(await code).toBe(0);
    expect(io.stdout).toContain(`kube-anatomy serve: serving ${dir} at ${listening?.url}`);
    expect(io.stdout).toMatch(/live: {4}ws:\/\/127\.0\.0\.1:\d+\/live\/<name>\/record \(recorders\)/);
    expect(io.stderr).toBe('kube-anatomy serve: SIGINT: stopping\n');
  });

  it('exits 1 when the port is in use, or DIR is missing or not a folder', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const io = memoryIO();
      expect(await serveCommand([dir, '--listen', `127.0.0.1:${port}`], io, { stopSignal: () => Promise.resolve('SIGINT') })).toBe(1);
      expect(io.stderr).toBe(`kube-anatomy serve: listen tcp 127.0.0.1:${port}: address already in use\n`);
    } finally {
      blocker.close();
    }
    const missing = memoryIO();
    expect(await serveCommand([join(dir, 'nope')], missing)).toBe(1);
    expect(missing.stderr).toBe(`kube-anatomy serve: ${join(dir, 'nope')}: no such folder\n`);
    const file = memoryIO();
    expect(await serveCommand([join(dir, 'a.kanatomy.jsonl')], file)).toBe(1);
    expect(file.stderr).toContain('not a folder');
  });

  it('exits 2 on wrong usage, with the reason and the usage', async () => {
    for (const [args, reason] of [
      [['--listen', 'nowhere'], '--listen: expected HOST:PORT, got "nowhere"'],
      [['--listen', '127.0.0.1:70000'], '--listen: port 70000 is out of range (0-65535)'],
      [['--ring-events', '0'], '--ring-events must be a positive integer, got 0'],
      [['--allow-origin', 'http://x/path'], '--allow-origin: http://x/path is not an origin (scheme://host[:port], no path)'],
      [['--bogus'], 'unknown option --bogus'],
      [['a', 'b'], 'serve takes one folder, got 2'],
    ] as const) {
      const io = memoryIO();
      expect(await serveCommand(args, io)).toBe(2);
      expect(io.stderr).toMatch(new RegExp(`^kube-anatomy serve: ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\nUsage: kube-anatomy serve`));
    }
  });

  it('warns when it listens beyond loopback', async () => {
    const io = memoryIO();
    expect(await serveCommand([dir, '--listen', '0.0.0.0:0'], io, { stopSignal: () => Promise.resolve('SIGTERM') })).toBe(0);
    expect(io.stderr).toMatch(/^kube-anatomy serve: warning: listening on 0\.0\.0\.0, not loopback/);
  });

  it('is routed by main, with --help', async () => {
    const io = memoryIO();
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/^Usage: kube-anatomy serve \[DIR\]/);
  });

  it('reads listen addresses and tells loopback ones', () => {
    expect(parseListen('127.0.0.1:8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListen('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopback)).toBe(false);
  });
});
