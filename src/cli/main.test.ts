import { describe, expect, it } from 'vitest';
import type { Engine } from './commands/run.ts';
import { main } from './main.ts';
import { memoryIO } from './test-io.ts';

const noEngine = (): Promise<Engine> => Promise.reject(new Error('the engine must not be loaded for this command'));

describe('kube-anatomy main', () => {
  it('prints help on stdout with --help and exits 0', async () => {
    const io = memoryIO();
    expect(await main(['--help'], io, noEngine)).toBe(0);
    expect(io.stdout).toMatch(/^Usage: kube-anatomy <command> \[options\]/);
    expect(io.stdout).toContain('run <script>');
    expect(io.stdout).toContain('replay <files...>');
    expect(io.stdout).toContain('record');
    expect(io.stdout).toContain('serve');
  });

  it('prints the usage on stderr and exits 2 without a command', async () => {
    const io = memoryIO();
    expect(await main([], io, noEngine)).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/^Usage: kube-anatomy/);
  });

  it('prints the version', async () => {
    const io = memoryIO();
    expect(await main(['--version'], io, noEngine)).toBe(0);
    expect(io.stdout).toBe('kube-anatomy 9.9.9-test\n');
  });

  it('runs replay and record (their help here) without loading the engine or the replay backend', async () => {
    const noReplay = () => Promise.reject(new Error('the replay backend must not be loaded for --help'));
    for (const cmd of ['replay', 'record']) {
      const io = memoryIO();
      const deps = { loadReplay: noReplay, recordDeps: async () => ({ stop: new AbortController().signal }) };
      expect(await main([cmd, '--help'], io, noEngine, cmd === 'replay' ? { ...deps, loadReplay: async () => ({ importFiles: noReplay, knownFormats: () => [] }) } : deps)).toBe(0);
      expect(io.stdout).toMatch(new RegExp(`^Usage: kube-anatomy ${cmd} `));
    }
  });

  it('refuses unknown commands and options with the usage, exit 2', async () => {
    const io = memoryIO();
    expect(await main(['frobnicate'], io, noEngine)).toBe(2);
    expect(io.stderr).toMatch(/^kube-anatomy: unknown command "frobnicate"\n\nUsage: kube-anatomy/);
    const io2 = memoryIO();
    expect(await main(['--frob'], io2, noEngine)).toBe(2);
    expect(io2.stderr).toMatch(/^kube-anatomy: unknown option --frob\n/);
  });
});
