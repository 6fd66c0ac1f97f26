import { describe, expect, it } from 'vitest';
import { ociCliOutcome, ociLogLine, ociLogTime } from './cli-outcome.ts';

// runc 1.1.5 utils.go fatal (logrus JSON to --log, the message to stderr) and crun 1.8.1
// src/libcrun/error.c; the real lines are in tests/real/fixtures/{runc,crun}/lifecycle.json.
const ctx = { id: 'web-0', root: '/run/containerd/runc/k8s.io', state: { bundle: '/b', pid: 7, created: 'c' }, handles: [], logTime: 'T' };

describe('log.json lines', () => {
  it('uses each runtime key order', () => {
    expect(ociLogLine('runc', 'container not running', 'T')).toBe('{"level":"error","msg":"container not running","time":"T"}');
    expect(ociLogLine('crun', 'kill container: No such process', 'T')).toBe('{"msg":"kill container: No such process","level":"error","time":"T"}');
  });
  it('stamps runc lines to the second and crun lines to the microsecond', () => {
    const t = Date.UTC(2026, 11, 1, 22, 35, 42) * 1000 + 123_456;
    expect(ociLogTime('runc', t)).toBe('2026-12-01T22:35:42Z');
    expect(ociLogTime('crun', t)).toBe('2026-12-01T22:35:42.123456Z');
  });
});

describe('ociCliOutcome', () => {
  it('prints a refusal on stderr and in log.json and leaves the status', () => {
    expect(ociCliOutcome('runc', 'running', { op: 'start' }, ctx)).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'cannot start an already running container\n',
      log: ['{"level":"error","msg":"cannot start an already running container","time":"T"}'],
      statusAfter: 'running',
    });
  });
  it('prints the state JSON for state', () => {
    const r = ociCliOutcome('crun', 'created', { op: 'state' }, ctx);
    expect(r.stdout).toContain('"status": "created"');
    expect(r.stdout.endsWith('}\n\n')).toBe(true);
  });
  it('reports the status a signal leaves', () => {
    expect(ociCliOutcome('runc', 'created', { op: 'kill', signal: 15 }, ctx).statusAfter).toBe('stopped');
    expect(ociCliOutcome('crun', 'created', { op: 'kill', signal: 15 }, ctx).statusAfter).toBe('created');
    expect(ociCliOutcome('crun', 'paused', { op: 'kill', signal: 9, all: true }, ctx).statusAfter).toBe('stopped');
  });
  it('deletes with --force what does not exist, silently', () => {
    expect(ociCliOutcome('crun', undefined, { op: 'delete', force: true }, ctx)).toEqual({ exitCode: 0, stdout: '', stderr: '', log: [], statusAfter: undefined });
  });
});
