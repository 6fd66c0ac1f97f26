import { describe, expect, it } from 'vitest';
import { Backoff, crashLoopBackOffParams, IMAGE_PULL_BACKOFF } from './backoff.ts';

const S = 1_000_000;

describe('flowcontrol.Backoff as the kubelet uses it (client-go util/flowcontrol/backoff.go, kubelet.go newCrashLoopBackOff, kuberuntime_manager.go doBackOff)', () => {
  it('lets the first crash restart at once, then waits 10 s, 20 s, 40 s … capped at 300 s', () => {
    const b = new Backoff(crashLoopBackOffParams());
    const key = 'web_default_uid_app';
    // Crash 1 at t=1 s: no entry, not in backoff; Next sets 10 s.
    expect(b.isInBackOffSince(key, 1 * S, 1 * S)).toBe(false);
    b.next(key, 1 * S, 1 * S);
    const delays: number[] = [];
    let t = 2 * S;
    for (let crash = 2; crash <= 9; crash++) {
      const finishedAt = t;
      expect(b.isInBackOffSince(key, finishedAt, finishedAt + 1)).toBe(true);
      delays.push(b.get(key) / S);
      // The restart comes once the window since the exit is over.
      const restartAt = finishedAt + b.get(key);
      expect(b.isInBackOffSince(key, finishedAt, restartAt)).toBe(false);
      b.next(key, finishedAt, restartAt);
      t = restartAt + 1 * S;
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('starts over only when the container ran for more than 600 s since the last restart', () => {
    const b = new Backoff(crashLoopBackOffParams());
    b.next('k', 0, 0);
    b.next('k', 5 * S, 15 * S);
    expect(b.get('k')).toBe(20 * S);
    // Ran 600 s exactly: not expired; 601 s: expired, back to 10 s.
    expect(b.isInBackOffSince('k', 615 * S, 616 * S)).toBe(true);
    b.next('k', 616 * S, 616 * S);
    expect(b.get('k')).toBe(10 * S);
  });

  it('has the 1.33+ gate values when they are turned on', () => {
    expect(crashLoopBackOffParams({ reduceDefaultCrashLoopBackOffDecay: true })).toMatchObject({ initial: 1 * S, max: 60 * S });
    expect(crashLoopBackOffParams({ kubeletCrashLoopBackOffMax: 5 * S })).toMatchObject({ initial: 5 * S, max: 5 * S });
  });

  it('backs image pulls off from the last attempt (IsInBackOffSinceUpdate), 10 s then 20 s', () => {
    const b = new Backoff(IMAGE_PULL_BACKOFF);
    b.next('uid_nginx:doesnotexist', 2 * S, 2 * S);
    expect(b.isInBackOffSinceUpdate('uid_nginx:doesnotexist', 11 * S)).toBe(true);
    expect(b.isInBackOffSinceUpdate('uid_nginx:doesnotexist', 12 * S)).toBe(false);
    b.next('uid_nginx:doesnotexist', 12 * S, 12 * S);
    expect(b.get('uid_nginx:doesnotexist')).toBe(20 * S);
  });
});
