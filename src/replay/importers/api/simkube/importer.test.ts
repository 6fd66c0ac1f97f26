import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../testing.ts';
import { simkubeImporter } from './importer.ts';

const DIR = '/work/shared/traces/public/simkube/';
const NAMES = ['simkube-bare-pods', 'simkube-cronjob', 'simkube-dsb-scaling'];

/** A tiny msgpack encoder for the test's own trace (maps, arrays, strs, small ints). */
function encode(v: unknown): number[] {
  if (typeof v === 'number') return v < 128 ? [v] : [0xce, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  if (typeof v === 'string') {
    const s = [...new TextEncoder().encode(v)];
    return [0xd9, s.length, ...s];
  }
  if (Array.isArray(v)) return [0xdc, 0, v.length, ...v.flatMap(encode)];
  const entries = Object.entries(v as Record<string, unknown>);
  return [0xde, 0, entries.length, ...entries.flatMap(([k, x]) => [...encode(k), ...encode(x)])];
}

describe('simkube importer', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } };
  const trace = { version: 3, config: { trackedObjects: {} }, events: [{ ts: 1700000000, applied_objs: [pod], deleted_objs: [] }, { ts: 1700000005, applied_objs: [pod], deleted_objs: [] }, { ts: 1700000009, applied_objs: [], deleted_objs: [pod] }, { ts: 1700000010, applied_objs: [{ kind: 'Pod' }], deleted_objs: [] }], index: {} };

  it('turns applied and deleted objects into ADDED, MODIFIED, DELETED at second precision', () => {
    const bytes = new Uint8Array(encode(trace));
    expect(simkubeImporter.detect('', 'x.bin', bytes.subarray(0, 64))).toBeGreaterThan(0.9);
    const got = parseBytes(simkubeImporter, bytes, 't.sktrace', 7);
    expect(got.events.map((e) => `${e.op} ${e.ref?.namespace}/${e.ref?.name} ${e.at}`)).toEqual(['ADDED ns/p 1700000000000000', 'MODIFIED ns/p 1700000005000000', 'DELETED ns/p 1700000009000000']);
    expect(got.errors).toEqual([{ file: 't.sktrace', line: 0, reason: 'events[3].applied_objs[0]: not an API object with metadata' }]);
    expect(got.facts.precision).toBe('s');
  });

  it('names a file that is not a SimKube trace', () => {
    expect(parseBytes(simkubeImporter, new Uint8Array(encode({ version: 9, events: [] }))).errors[0]?.reason).toBe('not a SimKube trace: unsupported SimKube trace version 9 (want 2 or 3)');
    expect(parseBytes(simkubeImporter, new Uint8Array([0x85, 0xa7])).errors[0]?.reason).toMatch(/^not a SimKube trace: the data ends inside a value/);
  });
});

// The public samples are read where they are (/work/shared/traces/public); the tests
// against the simulator's own output (tests/unit/replay/api-importers-vs-simulator.test.ts)
// pass without them.
if (existsSync(DIR)) {
describe('simkube importer on the public .sktrace files', () => {
  for (const name of NAMES) {
    it(`${name}: one event per applied / deleted object of the msgpack2json decoding`, () => {
      const decoded = JSON.parse(readFileSync(`${DIR}${name}.decoded.json`, 'utf8')) as { events: { ts: number; applied_objs: { metadata: { name: string } }[]; deleted_objs: { metadata: { name: string } }[] }[] };
      const got = parseBytes(simkubeImporter, new Uint8Array(readFileSync(`${DIR}${name}.sktrace`)));
      expect(got.errors).toEqual([]);
      const want = decoded.events.flatMap((e) => [...e.applied_objs.map((o) => `${e.ts} ${o.metadata.name}`), ...e.deleted_objs.map((o) => `${e.ts} DELETED ${o.metadata.name}`)]);
      expect(got.events.map((e) => `${(e.at as number) / 1e6} ${e.op === 'DELETED' ? 'DELETED ' : ''}${e.ref?.name}`)).toEqual(want);
      expect(got.events[0]?.attrs?.object).toEqual(decoded.events.find((e) => e.applied_objs.length > 0)?.applied_objs[0]);
    });
  }
});
}
