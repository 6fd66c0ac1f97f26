import { describe, expect, it } from 'vitest';
import { crunExecNotFound } from './crun-lifecycle.ts';
import { checkOciOperation, type OciOperation, type OciStatus } from './lifecycle.ts';

// Rules of crun 1.8.1: src/libcrun/status.c and src/libcrun/container.c (see crun-lifecycle.ts);
// tests/real/fixtures/crun/lifecycle.json is the real run.
const ID = 'web-0';
const ROOT = '/run/containerd/runc/k8s.io';
const check = (status: OciStatus | undefined, op: OciOperation, opts: { force?: boolean; all?: boolean } = {}) => checkOciOperation(status, op, ID, { flavour: 'crun', root: ROOT, ...opts });
const error = (status: OciStatus | undefined, op: OciOperation, opts: { force?: boolean; all?: boolean } = {}) => {
  const r = check(status, op, opts);
  return r.ok ? 'accepted' : `${r.exitCode}: ${r.error}`;
};

describe('crun: the state directory and the status file', () => {
  it('refuses a second create while the directory exists, even during create', () => {
    expect(error(undefined, 'create')).toBe('accepted');
    for (const s of ['creating', 'created', 'running', 'paused', 'stopped'] as const) expect(error(s, 'create')).toBe('1: container `web-0` already exists');
  });
  it('names the missing status file for a container that does not exist or is still being created', () => {
    for (const s of [undefined, 'creating'] as const) {
      for (const op of ['start', 'kill', 'pause', 'resume', 'exec', 'state'] as const) expect(error(s, op)).toBe(`1: error opening file \`${ROOT}/web-0/status\`: No such file or directory`);
    }
  });
  it('deletes the directory of a container being created, and fails only when there is none', () => {
    expect(error('creating', 'delete')).toBe('accepted');
    expect(error(undefined, 'delete')).toBe(`1: cannot open directory '${ROOT}/web-0': No such file or directory`);
    expect(error(undefined, 'delete', { force: true })).toBe('accepted');
  });
});

describe('crun: start', () => {
  it('starts a created container; a running or paused one has no exec.fifo left', () => {
    expect(error('created', 'start')).toBe('accepted');
    expect(error('running', 'start')).toBe(`1: cannot open \`${ROOT}/web-0/exec.fifo\`: No such file or directory`);
    expect(error('paused', 'start')).toBe(`1: cannot open \`${ROOT}/web-0/exec.fifo\`: No such file or directory`);
    expect(error('stopped', 'start')).toBe('1: container `web-0` is not running');
  });
});

describe('crun: kill, pause, resume, exec, delete', () => {
  it('kills a stopped (reaped) container only with --all', () => {
    expect(error('stopped', 'kill')).toBe('1: open pidfd: No such process');
    expect(error('stopped', 'kill', { all: true })).toBe('accepted');
  });
  it('does not refuse pausing a paused container or resuming a running one', () => {
    for (const s of ['created', 'running', 'paused'] as const) {
      expect(error(s, 'pause')).toBe('accepted');
      expect(error(s, 'resume')).toBe('accepted');
    }
    expect(error('stopped', 'pause')).toBe('1: the container `web-0` is not running: No such process');
    expect(error('stopped', 'resume')).toBe('1: the container `web-0` is not running: No such process');
  });
  it('execs into created and running containers', () => {
    expect(error('created', 'exec')).toBe('accepted');
    expect(error('paused', 'exec')).toBe('1: the container `web-0` is paused');
    expect(error('stopped', 'exec')).toBe('1: the container `web-0` is not running');
  });
  it('deletes created and stopped containers, others only with --force', () => {
    expect(error('created', 'delete')).toBe('accepted');
    expect(error('running', 'delete')).toBe('1: the container `web-0` is not in `created` or `stopped` state');
    expect(error('paused', 'delete', { force: true })).toBe('accepted');
  });
  it('uses /run/crun when no --root is given', () => {
    expect(checkOciOperation(undefined, 'state', ID, { flavour: 'crun' })).toEqual({ ok: false, exitCode: 1, error: 'error opening file `/run/crun/web-0/status`: No such file or directory' });
  });
});

describe('crun: a program not on PATH', () => {
  it('fails create with crun\'s words for the lookup runc words as exec: "…"', () => {
    expect(crunExecNotFound('exec: "nope": executable file not found in $PATH')).toBe('executable file `nope` not found in $PATH: No such file or directory');
    expect(crunExecNotFound('something else')).toBe('something else');
  });
});
