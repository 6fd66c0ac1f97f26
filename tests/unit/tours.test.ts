import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/parse.ts';
import { runScenario } from '../../src/engine/scenario/runner.ts';
import { GLOSSARY, glossaryEntry, glossaryProblems } from '../../src/ui/tour/glossary/index.ts';
import { glossaryLinks } from '../../src/ui/tour/narration.ts';
import { parseTour } from '../../src/ui/tour/parse.ts';
import { resolveTour } from '../../src/ui/tour/resolve.ts';
import type { Tour } from '../../src/ui/tour/types.ts';

/**
 * Every tour in examples/tours parses, names an existing scenario, and binds every step to an
 * event of that scenario's trace (run here by the engine, as the app runs it); every glossary
 * link in any tour resolves, and glossary ids are unique.
 */
const TOURS = new URL('../../examples/tours/', import.meta.url);
const EXAMPLES = new URL('../../examples/', import.meta.url);
const files = readdirSync(TOURS).filter((f) => f.endsWith('.tour.yaml')).sort();
const traces = new Map<string, ReturnType<typeof runScenario>>();
function traceOf(scenario: string) {
  let r = traces.get(scenario);
  if (!r) {
    const path = `examples/${scenario}.scenario.yaml`;
    r = runScenario(parseScenario(readFileSync(new URL(`${scenario}.scenario.yaml`, EXAMPLES), 'utf8'), path));
    traces.set(scenario, r);
  }
  return r;
}
const eventsOf = (scenario: string) => {
  const ev = traceOf(scenario).events;
  return { length: ev.length, at: (i: number) => ev[i]! };
};

function textsOf(tour: Tour): string[] {
  const out = [tour.summary.en, tour.summary.ja];
  for (const s of tour.steps) {
    out.push(s.text.en, s.text.ja);
    if (s.question) out.push(s.question.prompt.en, s.question.prompt.ja, s.question.explain.en, s.question.explain.ja);
  }
  return out;
}

describe('examples/tours', () => {
  it('holds the first two tours', () => {
    expect(files).toContain('how-a-pod-comes-to-be.tour.yaml');
    expect(files).toContain('pod-replicaset-deployment.tour.yaml');
  });

  for (const file of files) {
    describe(file, () => {
      const tour = parseTour(readFileSync(new URL(file, TOURS), 'utf8'), `examples/tours/${file}`);

      it('has 8–15 steps with English and Japanese text', () => {
        expect(tour.steps.length).toBeGreaterThanOrEqual(8);
        expect(tour.steps.length).toBeLessThanOrEqual(15);
        for (const s of tour.steps) {
          // Japanese narration is written in Japanese, not left in English.
          expect(s.text.ja, s.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
          expect(s.title.ja, s.id).not.toBe('');
        }
      });

      it('binds every step to an event of its scenario, in order, with the playhead at t + dur', () => {
        const events = traceOf(tour.scenario).events;
        const resolved = resolveTour(tour, eventsOf(tour.scenario));
        expect(resolved.steps).toHaveLength(tour.steps.length);
        let lastSeq = -1;
        for (const s of resolved.steps) {
          expect(s.seq, s.step.id).toBeGreaterThan(lastSeq);
          lastSeq = s.seq;
          const e = events.find((x) => x.seq === s.seq)!;
          expect(s.t).toBe(e.t + (e.dur ?? 0));
        }
      });

      it('computes every question answer from the trace, among its choices', () => {
        const resolved = resolveTour(tour, eventsOf(tour.scenario));
        for (const s of resolved.steps.filter((x) => x.step.question)) {
          expect(s.question?.choices.map((c) => c.id)).toContain(s.question?.correct);
        }
      });

      it('links only to glossary entries that exist', () => {
        const missing = textsOf(tour)
          .flatMap(glossaryLinks)
          .filter((id) => !glossaryEntry(id));
        expect(missing).toEqual([]);
      });
    });
  }

  it('the glossary has unique ids, sound see-also links and both languages', () => {
    expect(glossaryProblems()).toEqual([]);
    for (const e of GLOSSARY) {
      expect(e.term.en, e.id).not.toBe('');
      expect(e.text.ja, e.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('the scheduling question of how-a-pod-comes-to-be asks about the node the trace binds', () => {
    const tour = parseTour(readFileSync(new URL('how-a-pod-comes-to-be.tour.yaml', TOURS), 'utf8'), 'examples/tours/how-a-pod-comes-to-be.tour.yaml');
    const resolved = resolveTour(tour, eventsOf(tour.scenario));
    const q = resolved.steps.find((s) => s.step.id === 'filter')!;
    const events = traceOf(tour.scenario).events;
    const bind = events.find((e) => e.seq > q.seq && e.kind === 'span' && e.op === 'Bind')!;
    expect(q.question?.correct).toBe((bind.attrs as { node: string }).node);
    expect(q.question?.choices.map((c) => c.id)).toEqual(['node-1', 'node-2']);
  });
  it('pod-replicaset-deployment: Recreate scales the old ReplicaSet to 0 before the new one exists, and creates it once no old Pod runs', () => {
    const tour = parseTour(readFileSync(new URL('pod-replicaset-deployment.tour.yaml', TOURS), 'utf8'), 'examples/tours/pod-replicaset-deployment.tour.yaml');
    const resolved = resolveTour(tour, eventsOf(tour.scenario));
    const events = traceOf(tour.scenario).events;
    const at = (id: string) => resolved.steps.find((s) => s.step.id === id)!;
    const setImage = at('recreate-set-image');
    // The predicted first move: the first ScalingReplicaSet of web-recreate after set image is the scale-down to 0.
    const firstScale = events.find((e) => e.seq > setImage.seq && e.kind === 'event' && e.op === 'ScalingReplicaSet' && e.ref?.name === 'web-recreate')!;
    expect((firstScale.attrs as { message: string }).message).toMatch(/^Scaled down replica set web-recreate-\w+ from 3 to 0$/);
    expect(setImage.question?.correct).toBe('scale-old-to-0');
    expect(at('recreate-scale-down').seq).toBe(firstScale.seq);
    // The new ReplicaSet is ADDED after every old Pod reached a terminal phase.
    const newRS = events.find((e) => e.seq === at('recreate-new-rs').seq)!;
    const oldPods = new Set(events.filter((e) => e.seq < firstScale.seq && e.kind === 'object' && e.ref?.kind === 'Pod' && e.ref.name.startsWith('web-recreate-')).map((e) => e.ref!.name));
    expect(oldPods.size).toBe(3);
    for (const name of oldPods) {
      const last = events.filter((e) => e.seq < newRS.seq && e.kind === 'object' && e.ref?.name === name).at(-1)!;
      expect((last.attrs as { object: { status: { phase: string } } }).object.status.phase, name).toBe('Succeeded');
    }
    expect(newRS.ref?.name).not.toBe(firstScale.ref?.name);
    expect(at('recreate-new-rs').question?.correct).toBe('3');
  });

  it('rkt-stage1-flavours: the fly Pod fails, the coreos and kvm Pods run, kvm makes no network namespace', () => {
    const tour = parseTour(readFileSync(new URL('rkt-stage1-flavours.tour.yaml', TOURS), 'utf8'), 'examples/tours/rkt-stage1-flavours.tour.yaml');
    const resolved = resolveTour(tour, eventsOf(tour.scenario));
    const r = traceOf(tour.scenario);
    const events = r.events;
    const at = (id: string) => resolved.steps.find((s) => s.step.id === id)!;
    // Only on-fly gets FailedCreatePodSandBox; the step says it is a retry.
    const failed = new Set(events.filter((e) => e.kind === 'event' && e.op === 'FailedCreatePodSandBox').map((e) => e.ref?.name));
    expect([...failed]).toEqual(['on-fly']);
    expect(at('stage1-image').question?.correct).toBe('on-fly');
    expect(events.some((e) => e.seq < at('fly-fails').seq && e.op === 'SandboxChanged' && e.ref?.name === 'on-fly')).toBe(true);
    const out = (cmd: string) => r.outputs.find((o) => o.command === cmd)!.stdout;
    expect(out('kubectl get pods -o wide')).toMatch(/on-fly\s+0\/1\s+ContainerCreating/);
    expect(out('ssh coreos-1 ip netns list')).toMatch(/^cni-/);
    expect(out('ssh kvm-1 ip netns list')).toBe('');
    expect(at('netns').question?.correct).toBe('nothing');
    expect(out('ssh fly-1 ip netns list')).toBe('');
  });
});
