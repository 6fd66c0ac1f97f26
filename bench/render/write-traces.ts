/**
 * `node --import tsx bench/render/write-traces.ts <dir> [events] [seed]`: writes the render
 * benchmark's two traces into <dir> (big.kanatomy.jsonl, nodes-1000.kanatomy.jsonl) and prints
 * one `render-traces:` JSON line with their sizes. Run in a child with a large heap: a million
 * events are held in memory to be sorted and numbered.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { encodeEvent, encodeHeader } from '../../src/trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../../src/trace/schema.ts';
import { bigTrace, clusterTrace } from './generate-trace.ts';

async function write(file: string, trace: { header: TraceHeader; events: TraceEvent[] }): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const put = async (line: string) => {
    bytes += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await put(encodeHeader(trace.header));
  for (const e of trace.events) await put(encodeEvent(e));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

const [dir, eventsArg, seedArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: write-traces.ts <dir> [events] [seed]');
  process.exit(2);
}
const seed = Number(seedArg ?? 1);
const big = bigTrace({ events: Number(eventsArg ?? 1_000_000), nodes: 200, seed });
const bigBytes = await write(join(dir, 'big.kanatomy.jsonl'), big);
const bigEvents = big.events.length;
const cluster = clusterTrace({ nodes: 1_000, podsPerNode: 3, seed });
const clusterBytes = await write(join(dir, 'nodes-1000.kanatomy.jsonl'), cluster);
process.stdout.write(`render-traces:${JSON.stringify({ big: { events: bigEvents, bytes: bigBytes, nodes: 200 }, cluster: { events: cluster.events.length, bytes: clusterBytes, nodes: 1_000, pods: 3_000 } })}\n`);
