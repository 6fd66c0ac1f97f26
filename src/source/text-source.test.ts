import { describe, expect, it } from 'vitest';
import { TraceFormatError, encodeTrace } from '../trace/jsonl.ts';
import { helloEvents, helloHeader } from '../timeline/fixtures/hello-deployment.ts';
import { createTraceTextSource, decodeTraceText } from './text-source.ts';
import { SourceDisposedError } from './types.ts';

describe('createTraceTextSource', () => {
  it('reads a .kanatomy.jsonl text back into the header and events', async () => {
    const source = createTraceTextSource(encodeTrace(helloHeader, helloEvents));
    expect(source.kind).toBe('replay');
    const loaded = await source.load();
    expect(loaded.header).toEqual(helloHeader);
    expect(loaded.events).toEqual(helloEvents);
    expect(loaded.errors).toEqual([]);
    expect(loaded.outputs).toBeUndefined();
  });

  it('keeps the good lines of a damaged trace and says which lines were bad', async () => {
    const lines = encodeTrace(helloHeader, helloEvents.slice(0, 4)).trimEnd().split('\n');
    lines.splice(2, 0, '{"seq": 2, "t": "soon"');
    lines.push('{"seq":4,"t":1850,"kind":"span","actor":"x","op":"y","src":"sim"}');
    const loaded = await createTraceTextSource(lines.join('\n')).load();
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(loaded.errors).toEqual([
      { line: 3, reason: expect.stringMatching(/^not JSON/) },
      { line: 7, reason: 'duplicate seq 4 (first on line 6)' },
    ]);
  });

  it('rejects with TraceFormatError when the header is not a kube-anatomy trace', async () => {
    await expect(createTraceTextSource('{"format":"perfetto"}\n').load()).rejects.toBeInstanceOf(TraceFormatError);
    await expect(createTraceTextSource('').load()).rejects.toThrow(/empty trace/);
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const text = '\ufeff' + encodeTrace(helloHeader, helloEvents.slice(0, 2)).replace(/\n/g, '\r\n');
    expect(decodeTraceText(text).events).toHaveLength(2);
  });

  it('rejects once disposed', async () => {
    const source = createTraceTextSource(encodeTrace(helloHeader, []));
    source.dispose();
    await expect(source.load()).rejects.toBeInstanceOf(SourceDisposedError);
  });
});
