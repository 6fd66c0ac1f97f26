import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/parse.ts';
import { runScenario } from '../../src/engine/scenario/runner.ts';
import { importFiles, type ImportInput } from '../../src/replay/index.ts';
import { Timeline } from '../../src/timeline/index.ts';
import { encodeTrace } from '../../src/trace/jsonl.ts';

/**
 * The replay core on a real own-format trace: the hello-deployment example run by the engine,
 * written as `*.kanatomy.jsonl`, streamed back through `importFiles` in small chunks (lines and
 * characters cut across chunks). src/replay may not import the engine, so this lives here.
 */
const EXAMPLE = 'hello-deployment.scenario.yaml';
const text = readFileSync(new URL(`../../examples/${EXAMPLE}`, import.meta.url), 'utf8');
const run = runScenario(parseScenario(text, EXAMPLE), { seed: 1 });
const traceText = encodeTrace(run.header, run.events);

function streamed(name: string, body: string, chunk: number): ImportInput {
  const bytes = new TextEncoder().encode(body);
  return {
    name,
    size: bytes.byteLength,
    async *open() {
      for (let i = 0; i < bytes.byteLength; i += chunk) yield bytes.slice(i, i + chunk);
    },
  };
}

describe('importing a simulated trace (examples/hello-deployment.scenario.yaml)', () => {
  it('gives back the same events and header, and the timeline accepts them in order', async () => {
    const r = await importFiles([streamed('hello.kanatomy.jsonl', traceText, 4099)]);
    expect(r.errors).toEqual([]);
    expect(r.events.length).toBe(run.events.length);
    expect(r.events).toEqual(run.events);
    expect(r.header).toMatchObject({ scenario: EXAMPLE, seed: 1, sources: run.header.sources, cluster: run.header.cluster });
    expect(Date.parse(r.header.timeOrigin)).toBe(Date.parse(run.header.timeOrigin));
    const timeline = new Timeline(r.header);
    timeline.append(r.events);
    expect(timeline.length).toBe(run.events.length);
  });

  it('is deterministic: the same input gives byte-identical output, whatever the chunking', async () => {
    const a = await importFiles([streamed('hello.kanatomy.jsonl', traceText, 65536)]);
    const b = await importFiles([streamed('hello.kanatomy.jsonl', traceText, 333)]);
    expect(encodeTrace(b.header, b.events)).toBe(encodeTrace(a.header, a.events));
  });
});
