import { describe, expect, it } from 'vitest';
import { initProcessOf, killOutcome, signalEndsInit, signalName } from './signals.ts';

// pid_namespaces(7) and kernel/signal.c (an init gets only the signals it handles, plus SIGKILL),
// Go's os/signal documentation (runc init), runc container_linux.go Signal and
// signalAllProcesses, crun libcrun_cgroup_killall. The real matrix: tests/real/fixtures/*/lifecycle.json.
describe('who is PID 1', () => {
  it('is the runtime until start, then the user process', () => {
    expect(initProcessOf('runc', 'created')).toBe('go-runc-init');
    expect(initProcessOf('crun', 'created')).toBe('crun-child');
    expect(initProcessOf('runc', 'running')).toBe('user-process');
  });
  it('dies of SIGKILL always, of SIGTERM only where a handler exits', () => {
    expect(signalEndsInit('user-process', 9)).toBe(true);
    expect(signalEndsInit('user-process', 15)).toBe(false);
    expect(signalEndsInit('user-process', 15, [15])).toBe(true);
    expect(signalEndsInit('go-runc-init', 15)).toBe(true);
    expect(signalEndsInit('go-runc-init', 10)).toBe(false);
    expect(signalEndsInit('crun-child', 15)).toBe(false);
  });
});

describe('killOutcome', () => {
  it('stops a created runc container on SIGTERM (Go exits) but not a created crun one', () => {
    expect(killOutcome('runc', 'created', 15)).toBe('stopped');
    expect(killOutcome('crun', 'created', 15)).toBe('created');
  });
  it('leaves a running busybox sleep running on SIGTERM', () => {
    expect(killOutcome('runc', 'running', 15)).toBe('running');
    expect(killOutcome('runc', 'running', 9)).toBe('stopped');
  });
  it('thaws a paused container for SIGKILL in runc, not in crun; --all thaws in both', () => {
    expect(killOutcome('runc', 'paused', 9)).toBe('stopped');
    expect(killOutcome('crun', 'paused', 9)).toBe('paused');
    expect(killOutcome('runc', 'paused', 15)).toBe('paused');
    expect(killOutcome('crun', 'paused', 9, { all: true })).toBe('stopped');
    expect(killOutcome('runc', 'paused', 15, { all: true })).toBe('running');
  });
  it('names signals as kill(2) output does', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(64)).toBe('64');
  });
});
