import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import { validateEvent } from '../../trace/validate.ts';
import type { RawEvent } from '../types.ts';
import { mergeSources } from './index.ts';
import type { MergeSource } from './types.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0) * 1000; // 2026-05-01T10:00:00Z in µs

function source(file: string, format: string, events: RawEvent[], extra: Partial<MergeSource> = {}): MergeSource {
  return { file, format, label: format, events, errors: 0, facts: {}, ...extra };
}
const ev = (line: number, at: number | undefined, op: string, more: Partial<RawEvent> = {}): RawEvent => ({
  ...(at !== undefined ? { at } : {}),
  kind: 'span',
  actor: 'x',
  op,
  line,
  ...more,
});

describe('mergeSources', () => {
  it('orders by time, then etcd revision, then file and line; seq from 1; t from the earliest event', () => {
    const a = source('a.log', 'audit', [ev(1, T0 + 20, 'a1', { revision: 7 }), ev(2, T0 + 10, 'a2'), ev(3, T0 + 20, 'a3')]);
    const b = source('b.log', 'etcd-watch', [ev(1, T0 + 20, 'b1', { revision: 5 }), ev(2, T0 + 20, 'b2')]);
    const r = mergeSources([a, b]);
    expect(r.events.map((e) => [e.seq, e.t, e.op, e.src])).toEqual([
      [1, 0, 'a2', 'audit'],
      [2, 10, 'b1', 'etcd-watch'],
      [3, 10, 'a1', 'audit'],
      [4, 10, 'a3', 'audit'],
      [5, 10, 'b2', 'etcd-watch'],
    ]);
    expect(r.header).toMatchObject({ format: 'kube-anatomy-trace', version: 1, sources: ['audit', 'etcd-watch'], timeOrigin: '2026-05-01T10:00:00.000010Z', generator: 'kube-anatomy 0.1.0' });
  });

  it('resolves causes by key (first earlier holder), marks inferred links, links files', () => {
    const api = source('audit.log', 'audit', [ev(1, T0, 'create', { keys: ['audit:1', 'rv:u/5'] }), ev(2, T0 + 5, 'create2', { keys: ['rv:u/5'] })]);
    const watch = source('watch.jsonl', 'watch', [
      ev(1, T0 + 100, 'ADDED', { causes: [{ key: 'rv:u/5', rule: 'uid+resourceVersion', confidence: 'observed' }] }),
      ev(2, T0 + 200, 'sync', { causes: [{ key: 'nothing', rule: 'r', confidence: 'observed' }, { key: 'audit:1', rule: 'pod chain', confidence: 'inferred' }] }),
    ]);
    const r = mergeSources([api, watch]);
    const added = r.events.find((e) => e.op === 'ADDED');
    const sync = r.events.find((e) => e.op === 'sync');
    expect(added?.cause).toBe(1);
    expect(added?.attrs).toBeUndefined();
    expect(sync).toMatchObject({ cause: 1, attrs: { causeRule: 'pod chain', causeInferred: true } });
  });

  it('renumbers message ids when several files number their messages, pairing each response with its own request', () => {
    const msg = (line: number, at: number, op: string, attrs: Record<string, unknown>): RawEvent => ({ at, kind: 'message', actor: 'a', to: 'b', op, line, attrs });
    const audit = source('audit.log', 'audit', [msg(1, T0, 'POST /api/v1/namespaces/default/pods', { id: 1 }), msg(2, T0 + 30, '201 Created', { id: 2, replyTo: 1 })]);
    const spans = source('spans.json', 'otlp', [msg(1, T0 + 10, 'RunPodSandbox', { id: 1 }), msg(2, T0 + 20, 'RunPodSandboxResponse', { id: 2, replyTo: 1 })]);
    const r = mergeSources([audit, spans]);
    const byOp = new Map(r.events.map((e) => [e.op, e.attrs]));
    const ids = r.events.map((e) => e.attrs?.['id']);
    expect(new Set(ids).size).toBe(4);
    expect(byOp.get('201 Created')?.['replyTo']).toBe(byOp.get('POST /api/v1/namespaces/default/pods')?.['id']);
    expect(byOp.get('RunPodSandboxResponse')?.['replyTo']).toBe(byOp.get('RunPodSandbox')?.['id']);
    // The importers' attrs objects are not changed.
    expect(audit.events[1]?.attrs).toEqual({ id: 2, replyTo: 1 });
    // One file with ids: kept as they are.
    const alone = mergeSources([source('audit.log', 'audit', [msg(1, T0, 'GET /x', { id: 7 })])]);
    expect(alone.events[0]?.attrs).toEqual({ id: 7 });
  });

  it('applies a given clock offset and estimates one from observed links, reporting both', () => {
    // The span file's clock is 300 µs behind: its child span (effect) seems to start before the audit event.
    const audit = source('audit.log', 'audit', [ev(1, T0 + 1000, 'req', { keys: ['audit:9'] })], { facts: { precision: 'us' } });
    const spans = source('spans.json', 'otlp', [ev(1, T0 + 700, 'child', { causes: [{ key: 'audit:9', rule: 'audit-id', confidence: 'observed' }] })], { facts: { precision: 's' } });
    const given = source('events.json', 'k8s-events', [ev(1, T0 + 50, 'Scheduled')], { clockOffset: 2000 });
    const r = mergeSources([audit, spans, given]);
    expect(r.sources.map((s) => [s.file, s.clock, s.clockOffset, s.precision])).toEqual([
      ['audit.log', 'none', 0, 'us'],
      ['spans.json', 'estimated', 300, 's'],
      ['events.json', 'given', 2000, 'us'],
    ]);
    expect(r.events.map((e) => [e.op, e.t, e.cause])).toEqual([
      ['req', 0, undefined],
      ['child', 0, 1],
      ['Scheduled', 1050, undefined],
    ]);
  });

  it('moves an effect up to its cause when alignment cannot fix it (tClamped), never a cause after its effect', () => {
    // Same file, so no clock can be estimated: the observed parent comes later.
    const f = source('spans.json', 'otlp', [ev(1, T0, 'child', { causes: [{ key: 'span:p', rule: 'parent', confidence: 'observed' }] }), ev(2, T0 + 50, 'parent', { keys: ['span:p'] })]);
    const r = mergeSources([f]);
    expect(r.events.map((e) => [e.seq, e.op, e.t, e.cause, e.attrs])).toEqual([
      [1, 'parent', 0, undefined, undefined],
      [2, 'child', 0, 1, { tClamped: true }],
    ]);
  });

  it('places events without time after their cause and after the previous event of their file', () => {
    const audit = source('audit.log', 'audit', [ev(1, T0, 'create', { keys: ['rv:u/1'] }), ev(2, T0 + 100, 'update', { keys: ['rv:u/2'] }), ev(3, T0 + 500, 'later')]);
    const watch = source('watch.jsonl', 'watch', [
      ev(1, undefined, 'ADDED-before', {}),
      ev(2, undefined, 'ADDED', { causes: [{ key: 'rv:u/1', rule: 'rv', confidence: 'observed' }] }),
      ev(3, undefined, 'MODIFIED', { causes: [{ key: 'rv:u/2', rule: 'rv', confidence: 'observed' }] }),
      ev(4, undefined, 'next'),
    ]);
    const r = mergeSources([audit, watch]);
    expect(r.events.map((e) => [e.op, e.t, e.cause, e.attrs?.['timeInferred']])).toEqual([
      ['ADDED-before', 0, undefined, true],
      ['create', 0, undefined, undefined],
      ['ADDED', 0, 2, true],
      ['update', 100, undefined, undefined],
      ['MODIFIED', 100, 4, true],
      ['next', 100, undefined, true],
      ['later', 500, undefined, undefined],
    ]);
    expect(r.sources[1]).toMatchObject({ precision: 'none', clock: 'none' });
  });

  it('keeps both observations of one etcd revision and links them (sameAs)', () => {
    const audit = source('audit.log', 'audit', [ev(1, T0 + 10, 'create', { keys: ['etcd:/registry/pods/default/web@12'] })]);
    const etcd = source('watch.json', 'etcd-watch', [ev(1, T0 + 5, 'Put', { revision: 12, keys: ['etcd:/registry/pods/default/web@12'] })]);
    const r = mergeSources([audit, etcd]);
    expect(r.events.map((e) => [e.seq, e.op, e.cause, e.attrs])).toEqual([
      [1, 'Put', undefined, undefined],
      [2, 'create', 1, { sameAs: 1 }],
    ]);
  });

  it('builds the nodes from facts and actors, with the runtime from the actors', () => {
    const node = source('ctr.txt', 'ctr-events', [
      { at: T0, kind: 'message', actor: 'kubelet/n1', to: 'containerd/n1', op: 'RunPodSandbox', line: 1 },
      { at: T0 + 1, kind: 'span', actor: 'runc/n1', op: 'clone', line: 2 },
      { at: T0 + 2, kind: 'span', actor: 'crun/n2', op: 'clone', line: 3 },
    ], { facts: { nodes: [{ name: 'n0', runtime: 'cri-o+crun' }], node: 'n1' } });
    expect(mergeSources([node]).header.cluster?.nodes).toEqual([
      { name: 'n0', runtime: 'cri-o+crun' },
      { name: 'n1', runtime: 'containerd+runc' },
      { name: 'n2', runtime: '+crun' },
    ]);
  });

  it('gives byte-identical output for the same inputs', () => {
    const make = () => [
      source('a', 'audit', [ev(1, T0 + 3, 'x', { keys: ['k'] }), ev(2, undefined, 'y', { causes: [{ key: 'k', rule: 'r', confidence: 'inferred' }] })]),
      source('b', 'otlp', [ev(1, T0 + 1, 'z', { causes: [{ key: 'k', rule: 'r', confidence: 'observed' }] })]),
    ];
    const one = mergeSources(make());
    const two = mergeSources(make());
    expect(encodeTrace(one.header, one.events)).toBe(encodeTrace(two.header, two.events));
  });

  it('gives the same result when it may release the raw events, and empties the sources then', () => {
    const make = () => [
      source('a', 'audit', [ev(1, T0 + 3, 'x', { keys: ['k', 'etcd:/p@2'] }), ev(2, undefined, 'y', { causes: [{ key: 'k', rule: 'r', confidence: 'inferred' }] })]),
      source('b', 'etcd-watch', [ev(1, T0 + 1, 'z', { keys: ['etcd:/p@2'], causes: [{ key: 'k', rule: 'r', confidence: 'observed' }] }), ev(2, T0 + 2, 'w')]),
    ];
    const kept = mergeSources(make());
    const given = make();
    const released = mergeSources(given, { release: true });
    expect(encodeTrace(released.header, released.events)).toBe(encodeTrace(kept.header, kept.events));
    expect(released.sources).toEqual(kept.sources);
    expect(released.sources.map((s) => s.events)).toEqual([2, 2]);
    expect(given.map((s) => s.events.length)).toEqual([0, 0]);
  });
});

describe('mergeSources invariants (property)', () => {
  const keyArb = fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5');
  const rawArb = fc.record({
    at: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    revision: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    keys: fc.array(keyArb, { maxLength: 2 }),
    causes: fc.array(fc.record({ key: keyArb, rule: fc.constant('r'), confidence: fc.constantFrom('observed' as const, 'inferred' as const) }), { maxLength: 2 }),
  });
  const filesArb = fc.array(
    fc.record({ events: fc.array(rawArb, { maxLength: 12 }), clockOffset: fc.option(fc.integer({ min: -300, max: 300 }), { nil: undefined }), precision: fc.constantFrom('s' as const, 'ms' as const, 'us' as const, 'ns' as const) }),
    { minLength: 1, maxLength: 4 },
  );

  it('seq runs from 1, t never decreases and is never negative, causes are earlier, every event is kept and well formed', () => {
    fc.assert(
      fc.property(filesArb, (files) => {
        const sources = files.map((f, i) =>
          source(
            `f${i}`,
            'fake',
            f.events.map((e, line) => ({ ...(e.at !== undefined ? { at: T0 + e.at } : {}), ...(e.revision !== undefined ? { revision: e.revision } : {}), kind: 'span' as const, actor: 'a', op: `f${i}:${line}`, line: line + 1, keys: e.keys, causes: e.causes })),
            { facts: { precision: f.precision }, ...(f.clockOffset !== undefined ? { clockOffset: f.clockOffset } : {}) },
          ),
        );
        const r = mergeSources(sources);
        expect(r.events).toHaveLength(files.reduce((n, f) => n + f.events.length, 0));
        expect(new Set(r.events.map((e) => e.op)).size).toBe(r.events.length);
        r.events.forEach((e, i) => {
          expect(e.seq).toBe(i + 1);
          expect(validateEvent(e)).toBeUndefined();
          expect(e.t).toBeGreaterThanOrEqual(0);
          if (i > 0) expect(e.t).toBeGreaterThanOrEqual(r.events[i - 1]!.t);
          if (e.cause !== undefined) {
            expect(e.cause).toBeLessThan(e.seq);
            expect(r.events[e.cause - 1]!.t).toBeLessThanOrEqual(e.t);
          }
        });
        // Deterministic.
        const again = mergeSources(sources);
        expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(r.header, r.events));
      }),
      { numRuns: 300 },
    );
  });
});
