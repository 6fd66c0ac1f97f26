import { spawnSync } from 'node:child_process';
import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Preconditions of the real-software tests. They never skip: a missing tool is a failure that
 * names the Debian package to install (CI installs them in .ci/run).
 */

/** The tests create namespaces, mounts and cgroups: they need root, as CI has. */
export function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('tests/real must run as root (CI does): runc needs to create namespaces, mounts and cgroups');
  }
}

/** Finds `command` on PATH (plus the sbin folders, where runc lives) or fails naming its package. */
export function requireCommand(command: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not here.
    }
  }
  throw new Error(`${command} not found: install it with \`apt-get install -y ${debianPackage}\` (.ci/run does)`);
}

/**
 * Whether an ELF executable is statically linked: it has no PT_INTERP program header (no dynamic
 * loader). A container rootfs with only busybox needs the static build (Debian's busybox-static).
 */
export function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46) return false; // "\x7fELF"
    if (head[4] !== 2) throw new Error(`${path}: only 64-bit ELF is handled`);
    const phoff = Number(head.readBigUInt64LE(0x20));
    const phentsize = head.readUInt16LE(0x36);
    const phnum = head.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      if (table.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (bounded), with no standard input. */
export function run(command: string, args: readonly string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 60_000,
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`${command} ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
