import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../testing.ts';
import { watchImporter } from './importer.ts';

const SAMPLE = '/work/shared/traces/public/watch/kubectl_get_test_output-watch-events_json.expected.jsonl';

const pod = (rv: string, nodeName?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'p-1', resourceVersion: rv }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...(nodeName ? { nodeName } : {}) } });

describe('watch importer', () => {
  it('reads a raw ?watch=1 stream with receive times: objects, BOOKMARK, a 410 ERROR and its END_STREAM', () => {
    const lines = [
      { recv: '2026-01-01T09:00:00.100000001Z', ev: { type: 'ADDED', object: pod('10') } },
      { recv: '2026-01-01T09:00:00.200000001Z', ev: { type: 'MODIFIED', object: pod('11', 'node-2') } },
      { recv: '2026-01-01T09:01:00Z', ev: { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '15', annotations: { 'k8s.io/initial-events-end': 'true' } } } } },
      { recv: '2026-01-01T09:02:00Z', ev: { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 5 (9)', reason: 'Expired', code: 410 } } },
    ].map((l) => JSON.stringify(l));
    const got = parseText(watchImporter, lines.join('\n'), 'pods.watch.jsonl');
    expect(got.errors).toEqual([]);
    expect(got.facts.precision).toBe('ns');
    expect(got.events.map((e) => `${e.kind} ${e.actor} ${e.op}${e.inferred ? ' (inferred)' : ''}`)).toEqual([
      'object kube-apiserver ADDED',
      'message scheduler POST /api/v1/namespaces/default/pods/web-1/binding (inferred)',
      'object kube-apiserver MODIFIED',
      'message kube-apiserver WATCH BOOKMARK',
      'message kube-apiserver WATCH ERROR',
      'message kube-apiserver END_STREAM (inferred)',
    ]);
    expect(got.events[0]).toMatchObject({ at: Date.UTC(2026, 0, 1, 9) * 1000 + 100000, revision: 10, keys: ['rv:p-1/10', 'obj:p-1'] });
    expect(got.events[2]?.causes?.[0]).toEqual({ key: got.events[1]?.keys?.[0], rule: 'watch-pod-bound', confidence: 'inferred' });
    expect(got.events[3]?.attrs).toMatchObject({ type: 'BOOKMARK', resourceVersion: '15', initialEventsEnd: true });
    expect(got.events[4]?.attrs).toMatchObject({ type: 'ERROR', code: 410, reason: 'Expired', message: 'too old resource version: 5 (9)' });
  });

  it('reports bad lines and goes on', () => {
    const text = [JSON.stringify({ type: 'ADDED', object: pod('1') }), JSON.stringify({ type: 'UPSERT', object: pod('2') }), '{"type":"MODIFIED","object":', JSON.stringify({ recv: 'noon', ev: {} }), JSON.stringify({ type: 'DELETED', object: pod('3') })].join('\n');
    const got = parseText(watchImporter, text, 'w.jsonl');
    expect(got.events.map((e) => e.op)).toEqual(['ADDED', 'DELETED']);
    expect(got.errors.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      '2: unknown watch event type "UPSERT" (want ADDED, MODIFIED, DELETED, BOOKMARK, ERROR)',
      '3: not valid JSON: the line ends inside a value',
      '4: bad "recv" "noon" (want an RFC 3339 time)',
    ]);
  });
});

// The public samples are read where they are (/work/shared/traces/public); the tests
// against the simulator's own output (tests/unit/replay/api-importers-vs-simulator.test.ts)
// pass without them.
if (existsSync(SAMPLE)) {
describe('watch importer on kubectl\'s get_test expected output', () => {
  it('reads ADDED, MODIFIED, DELETED without times', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    expect(watchImporter.detect(text, 'x.jsonl', new Uint8Array())).toBeGreaterThan(0.8);
    const got = parseText(watchImporter, text);
    expect(got.errors).toEqual([]);
    expect(got.events.map((e) => `${e.op} ${e.ref?.name} ${e.revision}`)).toEqual(['ADDED bar 9', 'ADDED foo 10', 'MODIFIED foo 11', 'DELETED foo 12']);
    expect(got.events.every((e) => e.at === undefined)).toBe(true);
  });
});
}
