import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../../src/cli/main.ts';
import { memoryIO } from '../../../src/cli/test-io.ts';
import { parseScenario } from '../../../src/engine/scenario/parse.ts';
import { runScenario } from '../../../src/engine/scenario/runner.ts';
import { auditImporter } from '../../../src/replay/importers/api/audit/importer.ts';
import { k8sEventsImporter } from '../../../src/replay/importers/api/k8s-events/importer.ts';
import { parseText } from '../../../src/replay/importers/api/testing.ts';
import { watchImporter } from '../../../src/replay/importers/api/watch/importer.ts';
import type { RawEvent } from '../../../src/replay/types.ts';
import { decodeTrace } from '../../../src/trace/jsonl.ts';
import type { TraceEvent } from '../../../src/trace/schema.ts';

/**
 * The API importers read what the project's own simulator writes in the real formats:
 * `kube-anatomy run --audit-log` (audit.k8s.io/v1, here at RequestResponse for every request),
 * `kubectl get pods -w -o json --output-watch-events`, `kubectl get pods -w -o json` and
 * `kubectl get events -o json`. What they import is checked against the simulation's own
 * trace: the same requests by the same actors, the same objects at the same resourceVersions
 * at the end, the same Events, every cause key established by an earlier event.
 */
const EXAMPLES = ['examples/hello-deployment.scenario.yaml', 'examples/rolling-update.scenario.yaml'];
const POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n';

async function runWithAudit(example: string): Promise<{ audit: string; trace: TraceEvent[] }> {
  const text = readFileSync(new URL(`../../../${example}`, import.meta.url), 'utf8');
  const io = memoryIO({ [example]: text, 'policy.yaml': POLICY });
  const code = await main(['run', example, '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml', '--trace', 'trace.jsonl'], io);
  expect(code, io.stderr).toBe(0);
  return { audit: io.files.get('audit.log') ?? '', trace: decodeTrace(io.files.get('trace.jsonl') ?? '').events };
}

/** kind/namespace/name → resourceVersion of the objects alive at the end. */
function endState(events: { kind: string; op: string; ref?: { kind: string; namespace?: string; name: string }; attrs?: Record<string, unknown> }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== 'object' || !e.ref) continue;
    const key = `${e.ref.kind}/${e.ref.namespace ?? ''}/${e.ref.name}`;
    if (e.op === 'DELETED') m.delete(key);
    else if (typeof e.attrs?.resourceVersion === 'string') m.set(key, e.attrs.resourceVersion);
  }
  return m;
}

function count<T>(xs: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Every cause key is established by an event before it in the importer's output. */
function unresolvedCauses(events: RawEvent[], observedOnly = true): string[] {
  const keys = new Set<string>();
  const missing: string[] = [];
  for (const e of events) {
    for (const c of e.causes ?? []) if (c.key.startsWith('audit:') && !keys.has(c.key) && (!observedOnly || c.confidence === 'observed')) missing.push(`${e.op} ← ${c.key}`);
    for (const k of e.keys ?? []) keys.add(k);
  }
  return missing;
}

for (const example of EXAMPLES) {
  describe(`audit importer on kube-anatomy run ${example} --audit-log (RequestResponse)`, async () => {
    const { audit, trace } = await runWithAudit(example);
    const imported = parseText(auditImporter, audit, 'audit.log');

    it('reads every line', () => {
      expect(audit.split('\n').length).toBeGreaterThan(100);
      expect(imported.errors).toEqual([]);
      expect(imported.facts.precision).toBe('us');
      expect(auditImporter.detect(audit.slice(0, 65536), 'audit.log', new Uint8Array())).toBeGreaterThan(0.9);
    });

    it('has the requests of the simulation, by the same clients, with the same request lines', () => {
      const isRequest = (e: { kind: string; to?: string; op: string }) => e.kind === 'message' && e.to === 'kube-apiserver' && /^(GET|POST|PUT|PATCH|DELETE) \//.test(e.op);
      const sim = count(trace.filter(isRequest).map((e) => `${e.actor} ${e.op}`));
      const got = count(imported.events.filter(isRequest).map((e) => `${e.actor} ${e.op}`));
      expect(got).toEqual(sim);
    });

    it('answers each request as the simulator did: the same status line for the same audit ID', () => {
      const simResponses = new Map(trace.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver' && typeof e.attrs?.auditID === 'string').map((e) => [e.attrs?.auditID as string, `${e.to} ${e.op}`]));
      const got = imported.events.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver');
      expect(got.length).toBeGreaterThan(50);
      for (const e of got) expect(`${e.to} ${e.op}`, String(e.attrs?.auditID)).toBe(simResponses.get(e.attrs?.auditID as string));
    });

    it('ends with the same objects at the same resourceVersions', () => {
      const sim = endState(trace);
      const got = endState(imported.events);
      // The audit log starts after the cluster's bootstrap objects were stored.
      for (const [key, rv] of got) expect(rv, key).toBe(sim.get(key));
      const pods = [...sim.keys()].filter((k) => k.startsWith('Pod/'));
      expect(pods.length).toBeGreaterThan(2);
      for (const k of [...sim.keys()].filter((k) => /^(Pod|ReplicaSet|Deployment)\//.test(k))) expect(got.get(k), k).toBe(sim.get(k));
    });

    it('gives each write its revision and keys, and resolves every cause to an earlier event', () => {
      const writes = imported.events.filter((e) => e.kind === 'object' && !e.inferred);
      expect(writes.length).toBeGreaterThan(10);
      for (const w of writes) {
        expect(w.revision).toBe(Number(w.attrs?.resourceVersion));
        expect(w.keys).toContain(`rv:${w.ref?.uid}/${String(w.attrs?.resourceVersion)}`);
      }
      expect(unresolvedCauses(imported.events)).toEqual([]);
    });

    it('infers the binding of each Pod the scheduler bound, with the node the simulator chose', () => {
      const simBound = new Map(trace.filter((e) => e.kind === 'object' && e.ref?.kind === 'Pod').map((e) => [e.ref?.name, (e.attrs?.object as { spec?: { nodeName?: string } }).spec?.nodeName]));
      const bindings = imported.events.filter((e) => e.kind === 'object' && e.inferred && e.attrs?.inferredFrom === 'pods/binding');
      expect(bindings.length).toBeGreaterThan(2);
      for (const b of bindings) expect(b.attrs?.nodeName).toBe(simBound.get(b.ref?.name));
    });
  });
}

/** hello-deployment with two watches of pods started first and the Events listed at the end. */
function helloWithWatches(): { trace: TraceEvent[]; outputs: Map<string, string> } {
  const doc = parse(readFileSync(new URL('../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8')) as { steps: unknown[] };
  doc.steps.unshift({ run: 'kubectl get pods -w -o json --output-watch-events' }, { run: 'kubectl get pods -w -o json' });
  doc.steps.push({ run: 'kubectl get events -o json' });
  const result = runScenario(parseScenario(stringify(doc), 'hello-watch.scenario.yaml'));
  return { trace: result.events, outputs: new Map(result.outputs.map((o) => [o.command, o.stdout])) };
}

describe('watch and k8s-events importers on the simulator\'s kubectl output (hello-deployment)', () => {
  const { trace, outputs } = helloWithWatches();
  const simPods = new Map([...endState(trace)].filter(([k]) => k.startsWith('Pod/')));

  it('reads kubectl get pods -w -o json --output-watch-events: every pod version, ending where the simulation ends', () => {
    const text = outputs.get('kubectl get pods -w -o json --output-watch-events') ?? '';
    expect(watchImporter.detect(text, 'pods.watch.jsonl', new Uint8Array())).toBeGreaterThan(0.8);
    const got = parseText(watchImporter, text, 'pods.watch.jsonl');
    expect(got.errors).toEqual([]);
    expect(got.facts.precision).toBe('none');
    expect(endState(got.events)).toEqual(simPods);
    const simVersions = trace.filter((e) => e.kind === 'object' && e.ref?.kind === 'Pod').map((e) => `${e.op} ${e.ref?.name}@${String(e.attrs?.resourceVersion)}`);
    const versions = got.events.filter((e) => e.kind === 'object').map((e) => `${e.op} ${e.ref?.name}@${String(e.attrs?.resourceVersion)}`);
    expect(versions).toEqual(simVersions);
    for (const e of got.events) expect(e.at).toBeUndefined();
  });

  it('infers the scheduler\'s binding where a pod\'s spec.nodeName gets set', () => {
    const got = parseText(watchImporter, outputs.get('kubectl get pods -w -o json --output-watch-events') ?? '');
    const bindings = got.events.filter((e) => e.kind === 'message' && e.actor === 'scheduler');
    const simBindings = trace.filter((e) => e.kind === 'message' && e.actor === 'scheduler' && e.op.endsWith('/binding')).map((e) => e.op);
    expect(bindings.map((e) => e.op).sort()).toEqual([...simBindings].sort());
    for (const b of bindings) {
      expect(b.inferred).toBe(true);
      const effect = got.events[got.events.indexOf(b) + 1];
      expect(effect?.causes?.[0]?.key).toBe(b.keys?.[0]);
    }
  });

  it('reads kubectl get pods -w -o json (no event types), inferring ADDED and MODIFIED', () => {
    const text = outputs.get('kubectl get pods -w -o json') ?? '';
    expect(text.split('\n').length).toBeGreaterThan(100);
    const got = parseText(watchImporter, text);
    expect(got.errors).toEqual([]);
    expect(endState(got.events)).toEqual(simPods);
    const objects = got.events.filter((e) => e.kind === 'object');
    expect(objects.every((e) => e.inferred && e.attrs?.typeInferred)).toBe(true);
    expect(new Set(objects.map((e) => e.op))).toEqual(new Set(['ADDED', 'MODIFIED']));
    // The first line of each pretty-printed object.
    const lines = text.split('\n');
    for (const e of objects) expect(lines[e.line - 1]).toBe('{');
  });

  it('reads kubectl get events -o json: the Events the simulation recorded, by the same actors', () => {
    const text = outputs.get('kubectl get events -o json') ?? '';
    expect(k8sEventsImporter.detect(text, 'events.json', new Uint8Array())).toBeGreaterThan(0.9);
    const got = parseText(k8sEventsImporter, text, 'events.json');
    expect(got.errors).toEqual([]);
    expect(got.facts.precision).toBe('s');
    const key = (e: { actor: string; op: string; ref?: { name: string }; attrs?: Record<string, unknown> }) => `${e.actor} ${e.op} ${e.ref?.name} ${String(e.attrs?.message)} ×${String(e.attrs?.count)}`;
    // kubectl lists each Event object once, at its last count.
    const last = new Map<string, TraceEvent>();
    for (const e of trace.filter((e) => e.kind === 'event')) last.set(String(e.attrs?.name), e);
    expect(got.events.map(key).sort()).toEqual([...last.values()].map(key).sort());
    for (const e of got.events) {
      expect(e.at).toBeGreaterThan(Date.UTC(2025, 0, 1) * 1000);
      expect(e.causes?.at(-1)?.key).toBe(`obj:${e.ref?.uid}`);
      const lines = text.split('\n');
      expect(lines[e.line - 1]).toMatch(/^ {8}\{$/);
    }
  });
});
