import { describe, expect, it } from 'vitest';
import type { Importer } from './types.ts';
import { LiveImport } from './live-import.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0) * 1000;

/** `<µs|-> <op> [key=K] [cause=K]`; a file is this format when its first line is `#live`. */
const LIVE: Importer = {
  name: 'live-fake',
  label: 'live fake (test)',
  detect: (s) => (s.startsWith('#live') ? 1 : 0),
  create: (ctx) => ({
    line(text, no) {
      if (text.startsWith('#') || text === '') return [];
      if (text === 'boom') throw new Error('cannot read this');
      const [t, op, ...rest] = text.split(' ');
      const keys = rest.filter((r) => r.startsWith('key=')).map((r) => r.slice(4));
      const causes = rest.filter((r) => r.startsWith('cause=')).map((r) => ({ key: r.slice(6), rule: 'test', confidence: 'observed' as const }));
      return [{ ...(t === '-' ? {} : { at: T0 + Number(t) }), kind: 'span', actor: `runc/${ctx.node}`, op: op ?? '', line: no, keys, causes }];
    },
    end: () => [{ at: T0, kind: 'log', actor: `runc/${ctx.node}`, op: 'end', line: 0 }],
  }),
};

describe('LiveImport', () => {
  it('continues seq, never lets t go down, resolves causes against what was emitted', () => {
    const live = new LiveImport({ startedAt: '2026-05-01T10:00:00Z', node: 'n1', generator: 'test', importers: [LIVE] });
    const a = live.push('a.txt', ['#live', '100 clone key=c1', '300 unshare']);
    const b = live.push('b.txt', ['#live', '200 late cause=c1', '- untimed', 'boom', '400 next']);
    expect([...a, ...b].map((e) => [e.seq, e.t, e.op, e.cause, e.attrs])).toEqual([
      [1, 100, 'clone', undefined, undefined],
      [2, 300, 'unshare', undefined, undefined],
      [3, 300, 'late', 1, { tClamped: true }],
      [4, 300, 'untimed', undefined, { timeInferred: true }],
      [5, 400, 'next', undefined, undefined],
    ]);
    expect(live.errors()).toEqual([{ file: 'b.txt', line: 4, reason: 'cannot read this' }]);
    expect(live.header()).toEqual({
      format: 'kube-anatomy-trace',
      version: 1,
      sources: ['live-fake'],
      timeOrigin: '2026-05-01T10:00:00.000000Z',
      cluster: { nodes: [{ name: 'n1', runtime: '+runc' }] },
      generator: 'test',
    });
    expect(live.end().map((e) => [e.seq, e.t, e.op, e.attrs])).toEqual([
      [6, 400, 'end', { tClamped: true }],
      [7, 400, 'end', { tClamped: true }],
    ]);
  });

  it('waits for enough lines to tell a format, then reports an unknown one once', () => {
    const live = new LiveImport({ importers: [LIVE] });
    expect(live.push('x.log', ['hello'])).toEqual([]);
    expect(live.errors()).toEqual([]);
    live.push('x.log', Array.from({ length: 250 }, () => 'more'));
    expect(live.errors()).toEqual([{ file: 'x.log', line: 0, reason: 'unknown trace format; known formats: live fake (test)' }]);
    expect(live.push('x.log', ['#live', '1 op'])).toEqual([]);
    expect(live.errors()).toHaveLength(1);
  });

  it('takes a forced format and the first event as the origin without startedAt', () => {
    const live = new LiveImport({ importers: [LIVE] });
    const evs = live.push('f.txt', ['50 first', '20 earlier'], 'live-fake');
    expect(evs.map((e) => [e.t, e.attrs])).toEqual([
      [0, undefined],
      [0, { tClamped: true }],
    ]);
    expect(live.header().timeOrigin).toBe('2026-05-01T10:00:00.000050Z');
  });
});
