import { describe, expect, it } from 'vitest';
import { checkOciOperation, ociStateJson, ociStatusAfter, RUNC_ERRORS, type OciOperation, type OciStatus } from './lifecycle.ts';

const ID = 'web-0';
const refuse = (status: OciStatus | undefined, op: OciOperation, force = false) => {
  const r = checkOciOperation(status, op, ID, { force });
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
};
const accept = (status: OciStatus | undefined, op: OciOperation, force = false) => expect(checkOciOperation(status, op, ID, { force })).toEqual({ ok: true });

describe('create', () => {
  it('needs a free id', () => {
    accept(undefined, 'create');
    for (const s of ['creating', 'created', 'running', 'stopped', 'paused'] as const) expect(refuse(s, 'create')).toBe('container with given ID already exists');
  });
});

describe('a container that does not exist', () => {
  it('refuses every other operation with runc 1.1 text', () => {
    for (const op of ['start', 'kill', 'delete', 'pause', 'resume', 'state'] as const) expect(refuse(undefined, op)).toBe('container does not exist');
  });
  it('is deleted with --force without error', () => {
    accept(undefined, 'delete', true);
  });
});

describe('start', () => {
  it('works only from created', () => {
    accept('created', 'start');
    expect(refuse('stopped', 'start')).toBe('cannot start a container that has stopped');
    expect(refuse('running', 'start')).toBe('cannot start an already running container');
    expect(refuse('paused', 'start')).toBe('cannot start a container in the paused state');
    expect(refuse('creating', 'start')).toBe('cannot start a container in the creating state');
  });
});

describe('kill', () => {
  it('signals created, running and paused containers', () => {
    accept('created', 'kill');
    accept('running', 'kill');
    accept('paused', 'kill');
  });
  it('refuses stopped and creating containers', () => {
    expect(refuse('stopped', 'kill')).toBe('container not running');
    expect(refuse('creating', 'kill')).toBe('container not running');
  });
});

describe('delete', () => {
  it('deletes stopped containers and kills created ones first', () => {
    accept('stopped', 'delete');
    accept('created', 'delete');
  });
  it('refuses running and paused containers without --force', () => {
    expect(refuse('running', 'delete')).toBe('cannot delete container web-0 that is not stopped: running');
    expect(refuse('paused', 'delete')).toBe('cannot delete container web-0 that is not stopped: paused');
    expect(refuse('creating', 'delete')).toBe('cannot delete container web-0 that is not stopped: creating');
  });
  it('force-deletes them', () => {
    accept('running', 'delete', true);
    accept('paused', 'delete', true);
  });
});

describe('pause and resume', () => {
  it('pauses running or created containers only', () => {
    accept('running', 'pause');
    accept('created', 'pause');
    expect(refuse('stopped', 'pause')).toBe(RUNC_ERRORS.notRunning);
    expect(refuse('paused', 'pause')).toBe(RUNC_ERRORS.notRunning);
  });
  it('resumes paused containers only', () => {
    accept('paused', 'resume');
    for (const s of ['created', 'running', 'stopped', 'creating'] as const) expect(refuse(s, 'resume')).toBe('container not paused');
  });
});

describe('state', () => {
  it('answers for every existing status', () => {
    for (const s of ['creating', 'created', 'running', 'stopped', 'paused'] as const) accept(s, 'state');
  });
});

describe('transitions', () => {
  it('walks created → running → paused → running → stopped → gone, as the real capture did', () => {
    let s: OciStatus | undefined = ociStatusAfter(undefined, 'create');
    expect(s).toBe('created');
    s = ociStatusAfter(s, 'start');
    expect(s).toBe('running');
    s = ociStatusAfter(s, 'pause');
    expect(s).toBe('paused');
    s = ociStatusAfter(s, 'resume');
    expect(s).toBe('running');
    expect(ociStatusAfter(s, 'kill')).toBe('running');
    s = ociStatusAfter(s, 'kill', true);
    expect(s).toBe('stopped');
    expect(ociStatusAfter(s, 'delete')).toBeUndefined();
  });
  it('prints runc state with the pid only while init lives', () => {
    const base = { id: ID, bundle: '/b', created: '2026-11-22T00:00:00Z' };
    expect(ociStateJson({ ...base, status: 'running', pid: 4242 })).toMatchObject({ status: 'running', pid: 4242, rootfs: '/b/rootfs' });
    expect(ociStateJson({ ...base, status: 'stopped', pid: 4242 })['pid']).toBe(0);
  });
});
