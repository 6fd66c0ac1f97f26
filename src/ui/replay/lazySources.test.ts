import { describe, expect, it } from 'vitest';
import { SourceDisposedError, type LoadedTrace, type StreamingTraceSource, type TraceSource } from '../../source/types.ts';
import { deferredSource } from './lazySources.ts';

const loaded = { header: { format: 'kube-anatomy-trace', version: 1 }, events: [], errors: [] } as unknown as LoadedTrace;

function fake(): TraceSource & { disposed: number } {
  return {
    kind: 'replay',
    disposed: 0,
    load: () => Promise.resolve(loaded),
    dispose() {
      this.disposed++;
    },
  };
}

describe('deferredSource', () => {
  it('makes the source on load and passes its trace and its dispose on', async () => {
    const inner = fake();
    let made = 0;
    const s = deferredSource(() => {
      made++;
      return Promise.resolve(inner);
    });
    expect(made).toBe(0);
    await expect(s.load()).resolves.toBe(loaded);
    s.dispose();
    expect(inner.disposed).toBe(1);
    expect('follow' in s).toBe(false);
  });

  it('disposed before its chunk came: the source made is dropped and load rejects as a cancel', async () => {
    const inner = fake();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = deferredSource(() => gate.then(() => inner));
    const p = s.load();
    s.dispose();
    release();
    await expect(p).rejects.toBeInstanceOf(SourceDisposedError);
    expect(inner.disposed).toBe(1);
  });

  it('a chunk that fails to load fails the load with its error', async () => {
    const s = deferredSource(() => Promise.reject(new Error('Failed to fetch dynamically imported module: replay-live-source.js')));
    await expect(s.load()).rejects.toThrow('Failed to fetch');
  });

  it('streams through the real source once loaded', async () => {
    const calls: string[] = [];
    const inner: StreamingTraceSource = { ...fake(), follow: () => (calls.push('follow'), () => calls.push('unfollow')) };
    const s = deferredSource(() => Promise.resolve(inner), true) as StreamingTraceSource;
    expect(() => s.follow({ batch: () => undefined, end: () => undefined })).toThrow('before load()');
    await s.load();
    const stop = s.follow({ batch: () => undefined, end: () => undefined });
    stop();
    expect(calls).toEqual(['follow', 'unfollow']);
  });
});
