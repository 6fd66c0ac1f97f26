import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { importFiles } from '../index.ts';
import type { ImportInput } from '../types.ts';
import { KANATOMY_IMPORTER } from './kanatomy.ts';

const header: TraceHeader = {
  format: 'kube-anatomy-trace',
  version: 1,
  scenario: 'x.scenario.yaml',
  seed: 4,
  sources: ['sim'],
  timeOrigin: '2026-01-01T09:00:00Z',
  cluster: { nodes: [{ name: 'node-1', runtime: 'containerd+crun' }] },
  generator: 'kube-anatomy 0.1.0',
};
const events: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'command', actor: 'user', op: 'kubectl apply -f -', src: 'sim', attrs: { phase: 'start' } },
  { seq: 2, t: 1200, dur: 850, kind: 'message', actor: 'kubectl', to: 'kube-apiserver', op: 'POST /api/v1/namespaces/default/pods', cause: 1, src: 'sim', attrs: { id: 1 } },
  { seq: 3, t: 1200, kind: 'span', actor: 'crun/node-1', op: 'clone', cause: 2, src: 'strace', inferred: true },
];

function textInput(name: string, text: string): ImportInput {
  return { name, async *open() { yield new TextEncoder().encode(text); } };
}

describe('kube-anatomy trace importer', () => {
  it('detects its own header, and a cut header by its start', () => {
    const text = encodeTrace(header, events);
    expect(KANATOMY_IMPORTER.detect(text, 'a.jsonl', new Uint8Array())).toBe(1);
    expect(KANATOMY_IMPORTER.detect('{"format":"kube-anatomy-trace","version":1,"sources":["sim"],"tim', 'a.jsonl', new Uint8Array())).toBe(0.9);
    expect(KANATOMY_IMPORTER.detect('{"kind":"Event"}', 'a.json', new Uint8Array())).toBe(0);
  });

  it('round-trips a trace: same events, same src, causes remapped, header scenario/seed/cluster kept', async () => {
    const r = await importFiles([textInput('t.kanatomy.jsonl', encodeTrace(header, events))]);
    expect(r.errors).toEqual([]);
    expect(r.events).toEqual(events);
    expect(r.header).toEqual({ ...header, sources: ['sim', 'strace'], timeOrigin: '2026-01-01T09:00:00.000000Z' });
    expect(r.sources[0]).toMatchObject({ format: 'kanatomy', precision: 'us', events: 3 });
  });

  it('merges two own traces: causes stay within their file', async () => {
    const later = { ...header, timeOrigin: '2026-01-01T09:00:00.000600Z' };
    const r = await importFiles([textInput('a.kanatomy.jsonl', encodeTrace(header, events)), textInput('b.kanatomy.jsonl', encodeTrace(later, events))]);
    expect(r.events.map((e) => [e.seq, e.t, e.cause])).toEqual([
      [1, 0, undefined],
      [2, 600, undefined],
      [3, 1200, 1],
      [4, 1200, 3],
      [5, 1800, 2],
      [6, 1800, 5],
    ]);
  });

  it('reports bad event lines and a bad header with their line', async () => {
    const text = [JSON.stringify(header), '{oops', JSON.stringify({ ...events[0], seq: 2, kind: 'weird' }), JSON.stringify({ ...events[0], seq: 3 })].join('\n');
    const r = await importFiles([textInput('t.kanatomy.jsonl', text), textInput('h.kanatomy.jsonl', '{"format":"kube-anatomy-trace","version":9}\n{}')]);
    expect(r.events.map((e) => e.seq)).toEqual([1]);
    expect(r.errors.map((e) => [e.file, e.line])).toEqual([
      ['t.kanatomy.jsonl', 2],
      ['t.kanatomy.jsonl', 3],
      ['h.kanatomy.jsonl', 1],
    ]);
    expect(r.errors[2]?.reason).toContain('unsupported trace version 9');
  });
});
