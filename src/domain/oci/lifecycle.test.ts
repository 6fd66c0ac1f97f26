import { describe, expect, it } from 'vitest';
import { checkOciOperation, ociStatusAfter, reportedStatus, RUNC_ERRORS, type OciOperation, type OciStatus } from './lifecycle.ts';

// Rules of runc 1.1.5: start.go, delete.go, create.go, exec.go, libcontainer/error.go,
// container_linux.go (see runc-lifecycle.ts); tests/real/fixtures/runc/lifecycle.json is the real run.
const ID = 'web-0';
const refuse = (status: OciStatus | undefined, op: OciOperation, opts: { force?: boolean; all?: boolean } = {}) => {
  const r = checkOciOperation(status, op, ID, opts);
  expect(r.ok).toBe(false);
  return r.ok ? { error: '', exitCode: 0 } : { error: r.error, exitCode: r.exitCode };
};
const accept = (status: OciStatus | undefined, op: OciOperation, opts: { force?: boolean; all?: boolean } = {}) => expect(checkOciOperation(status, op, ID, opts)).toEqual({ ok: true });

describe('runc create', () => {
  it('needs a free id, and says "runc create failed" otherwise', () => {
    accept(undefined, 'create');
    for (const s of ['creating', 'created', 'running', 'stopped', 'paused'] as const) expect(refuse(s, 'create').error).toBe('runc create failed: container with given ID already exists');
  });
});

describe('a container runc does not know (never created, or still being created)', () => {
  it('refuses every other operation with runc 1.1 texts; exec exits 255', () => {
    for (const status of [undefined, 'creating'] as const) {
      for (const op of ['start', 'kill', 'delete', 'pause', 'resume', 'state'] as const) expect(refuse(status, op)).toEqual({ error: 'container does not exist', exitCode: 1 });
      expect(refuse(status, 'exec')).toEqual({ error: 'exec failed: container does not exist', exitCode: 255 });
    }
  });
  it('is deleted with --force without error', () => {
    accept(undefined, 'delete', { force: true });
    accept('creating', 'delete', { force: true });
  });
});

describe('runc start', () => {
  it('works only from created', () => {
    accept('created', 'start');
    expect(refuse('stopped', 'start').error).toBe('cannot start a container that has stopped');
    expect(refuse('running', 'start').error).toBe('cannot start an already running container');
    expect(refuse('paused', 'start').error).toBe('cannot start a container in the paused state');
  });
});

describe('runc kill', () => {
  it('signals created, running and paused containers', () => {
    for (const s of ['created', 'running', 'paused'] as const) accept(s, 'kill');
  });
  it('refuses a stopped container, except with --all while its cgroup is there', () => {
    expect(refuse('stopped', 'kill').error).toBe('container not running');
    accept('stopped', 'kill', { all: true });
  });
});

describe('runc delete', () => {
  it('deletes stopped containers and kills created ones first', () => {
    accept('stopped', 'delete');
    accept('created', 'delete');
  });
  it('refuses running and paused containers without --force', () => {
    expect(refuse('running', 'delete').error).toBe('cannot delete container web-0 that is not stopped: running');
    expect(refuse('paused', 'delete').error).toBe('cannot delete container web-0 that is not stopped: paused');
    accept('running', 'delete', { force: true });
    accept('paused', 'delete', { force: true });
  });
});

describe('runc pause, resume, exec', () => {
  it('pauses running or created containers only', () => {
    accept('running', 'pause');
    accept('created', 'pause');
    expect(refuse('stopped', 'pause').error).toBe(RUNC_ERRORS.notRunning);
    expect(refuse('paused', 'pause').error).toBe(RUNC_ERRORS.notRunning);
  });
  it('resumes paused containers only', () => {
    accept('paused', 'resume');
    for (const s of ['created', 'running', 'stopped'] as const) expect(refuse(s, 'resume').error).toBe('container not paused');
  });
  it('execs in created and running containers; paused and stopped exit 255', () => {
    accept('created', 'exec');
    accept('running', 'exec');
    expect(refuse('paused', 'exec')).toEqual({ error: 'exec failed: cannot exec in a paused container (use --ignore-paused to override)', exitCode: 255 });
    expect(refuse('stopped', 'exec')).toEqual({ error: 'exec failed: cannot exec in a stopped container', exitCode: 255 });
  });
});

describe('status after an operation', () => {
  it('walks created → running → paused → running → gone, as the real capture did', () => {
    let s: OciStatus | undefined = ociStatusAfter(undefined, 'create');
    expect(s).toBe('created');
    s = ociStatusAfter(s, 'start');
    expect(s).toBe('running');
    s = ociStatusAfter(s, 'pause');
    expect(s).toBe('paused');
    s = ociStatusAfter(s, 'resume');
    expect(s).toBe('running');
    expect(ociStatusAfter(s, 'delete')).toBeUndefined();
  });
  it('reports a container being created as not existing', () => {
    expect(reportedStatus('creating')).toBeUndefined();
    expect(ociStatusAfter('creating', 'state')).toBeUndefined();
  });
  it('keeps crun reporting a paused or resumed created container as created (its exec.fifo is still there)', () => {
    expect(ociStatusAfter('created', 'pause', 'crun')).toBe('created');
    expect(ociStatusAfter('created', 'resume', 'crun')).toBe('created');
    expect(ociStatusAfter('created', 'pause', 'runc')).toBe('paused');
  });
});
