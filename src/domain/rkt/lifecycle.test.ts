import { describe, expect, it } from 'vitest';
import { checkAppCommand, checkRm, checkStop, immutableAppState, isAfterRun, mutableAppState, nextState, podPath, resolvable } from './lifecycle.ts';

const U = '1f752f5c-6046-4458-8105-832227a07cfa';

describe('pod states (Documentation/devel/pod-lifecycle.md, pkg/pod/pods.go)', () => {
  it('moves embryo → preparing → running → exited → exited garbage → deleted', () => {
    let s = 'embryo' as Parameters<typeof nextState>[0];
    for (const ev of ['TO_PREPARING', 'TO_RUN', 'EXITED', 'TO_EXITED_GARBAGE', 'DELETE_START', 'DELETED'] as const) {
      const n = nextState(s, ev);
      if (typeof n !== 'string') throw new Error(n.error);
      s = n;
    }
    expect(s).toBe('deleted');
  });

  it('refuses illegal moves (pods.go "bug: …")', () => {
    expect(nextState('running', 'TO_GARBAGE')).toMatchObject({ error: expect.stringMatching(/^bug: /) });
    expect(nextState('prepared', 'TO_RUN')).toBe('running');
  });

  it('keeps pods in the directories pods.go names', () => {
    expect(podPath('/var/lib/rkt', 'preparing', U)).toBe(`/var/lib/rkt/pods/prepare/${U}`);
    expect(podPath('/var/lib/rkt', 'exited', U)).toBe(`/var/lib/rkt/pods/run/${U}`);
    expect(podPath('/var/lib/rktlet/data', 'exited garbage', U)).toBe(`/var/lib/rktlet/data/pods/exited-garbage/${U}`);
  });

  it('resolves and lists neither embryos nor garbage (uuid.go matchUUID)', () => {
    expect(resolvable('embryo')).toBe(false);
    expect(resolvable('garbage')).toBe(false);
    expect(resolvable('exited garbage')).toBe(true);
    expect(isAfterRun('exited')).toBe(true);
    expect(isAfterRun('running')).toBe(false);
  });
});

describe("what commands refuse, in rkt's words", () => {
  it('rkt stop (rkt/stop.go)', () => {
    expect(checkStop('exited', U)).toEqual({ ok: true, stdout: `pod "${U}" is already stopped` });
    expect(checkStop('prepared', U)).toEqual({ ok: false, stderr: `pod "${U}" is not running` });
    expect(checkStop('running', U)).toEqual({ ok: true });
  });

  it('rkt rm (rkt/rm.go removePod)', () => {
    expect(checkRm('running', U)).toEqual({ ok: false, stderr: `pod "${U}" is currently running` });
    expect(checkRm('preparing', U)).toEqual({ ok: false, stderr: `pod "${U}" is currently being prepared` });
    expect(checkRm('prepared', U)).toEqual({ ok: true, stderr: `moving expired prepared pod "${U}" to garbage` });
    expect(checkRm('exited', U)).toEqual({ ok: true });
  });

  it('rkt app add/start/stop/rm (rkt/app_*.go): the pod must run and its supervisor be ready', () => {
    expect(checkAppCommand('add', 'exited', true, U)).toEqual({ ok: false, stderr: `pod "${U}" isn't currently running` });
    expect(checkAppCommand('rm', 'exited', true, U)).toEqual({ ok: false, stderr: `pod "${U}" is not running` });
    expect(checkAppCommand('stop', 'exited', true, U)).toEqual({ ok: true, stdout: `pod "${U}" is already stopped` });
    expect(checkAppCommand('start', 'running', false, U)).toEqual({ ok: false, stderr: `supervisor for pod "${U}" is not yet ready` });
    expect(checkAppCommand('rm', 'running', false, U)).toEqual({ ok: false, stderr: `supervisor for pod "${U}" is not ready yet` });
    expect(checkAppCommand('add', 'running', true, U)).toEqual({ ok: true });
  });
});

describe('app states (lib/app.go)', () => {
  it('in a mutable pod, from the created/started/status files', () => {
    expect(mutableAppState({ created: false, started: false, status: false }, 'running')).toBe('unknown');
    expect(mutableAppState({ created: true, started: false, status: false }, 'running')).toBe('created');
    expect(mutableAppState({ created: true, started: true, status: false }, 'running')).toBe('running');
    expect(mutableAppState({ created: true, started: true, status: true }, 'running')).toBe('exited');
    expect(mutableAppState({ created: true, started: true, status: false }, 'exited')).toBe('exited');
  });

  it('in an immutable pod, from the pod', () => {
    expect(immutableAppState('running', false)).toBe('running');
    expect(immutableAppState('running', true)).toBe('exited');
    expect(immutableAppState('prepared', false)).toBe('created');
    expect(immutableAppState('exited garbage', false)).toBe('exited');
  });
});
