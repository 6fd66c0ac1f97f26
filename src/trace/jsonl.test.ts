import { describe, expect, it } from 'vitest';
import { decodeTrace, encodeEvent, encodeTrace, TraceFormatError } from './jsonl.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from './schema.ts';

const header: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, sources: ['sim'], timeOrigin: '2026-01-01T09:00:00Z' };
const ev: TraceEvent = { seq: 1, t: 0, kind: 'message', actor: 'kubectl', to: 'kube-apiserver', op: 'POST /api/v1/namespaces/default/pods', dur: 700, src: 'sim', attrs: { id: 1 } };

describe('trace JSONL', () => {
  it('writes keys in a fixed order whatever order the object has', () => {
    const shuffled = { attrs: ev.attrs, src: ev.src, op: ev.op, to: ev.to, actor: ev.actor, kind: ev.kind, dur: ev.dur, t: ev.t, seq: ev.seq } as TraceEvent;
    expect(encodeEvent(shuffled)).toBe(encodeEvent(ev));
    expect(encodeEvent(ev).startsWith('{"seq":1,"t":0,"dur":700,"kind":"message"')).toBe(true);
  });

  it('round-trips a trace', () => {
    const text = encodeTrace(header, [ev, { ...ev, seq: 2, t: 5, cause: 1 }]);
    const back = decodeTrace(text);
    expect(back.header).toEqual(header);
    expect(back.events).toHaveLength(2);
    expect(back.errors).toEqual([]);
  });

  it('keeps good lines and reports bad ones with line and reason', () => {
    const text = [JSON.stringify(header), encodeEvent(ev), '{not json', JSON.stringify({ ...ev, seq: 3, kind: 'bogus' }), JSON.stringify({ ...ev, seq: 4, cause: 9 }), encodeEvent({ ...ev, seq: 5 })].join('\n');
    const back = decodeTrace(text);
    expect(back.events.map((e) => e.seq)).toEqual([1, 5]);
    expect(back.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(back.errors[1]?.reason).toContain('"kind" must be one of');
    expect(back.errors[2]?.reason).toContain('not earlier than seq 4');
  });

  it('refuses a file that is not a kube-anatomy trace, naming line 1', () => {
    expect(() => decodeTrace('{"format":"other"}\n')).toThrow(TraceFormatError);
    expect(() => decodeTrace('{"format":"other"}\n')).toThrow(/^line 1: not a kube-anatomy trace/);
    expect(() => decodeTrace('')).toThrow(/empty trace/);
  });
});
