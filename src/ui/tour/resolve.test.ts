import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { parseTour } from './parse.ts';
import { attrAt, resolveTour } from './resolve.ts';

const FILE = 'examples/tours/mini.tour.yaml';
const ev = (seq: number, t: number, e: Partial<TraceEvent>): TraceEvent => ({ seq, t, kind: 'span', actor: 'x', op: 'x', src: 'sim', ...e }) as TraceEvent;
const EVENTS: TraceEvent[] = [
  ev(1, 0, { kind: 'object', actor: 'kube-apiserver', op: 'ADDED', ref: { apiVersion: 'v1', kind: 'Node', name: 'node-b' } }),
  ev(2, 0, { kind: 'object', actor: 'kube-apiserver', op: 'ADDED', ref: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } }),
  ev(3, 10, { kind: 'command', actor: 'user', op: 'kubectl apply -f -', attrs: { phase: 'start' } }),
  ev(4, 20, { actor: 'scheduler', op: 'Filter', ref: { apiVersion: 'v1', kind: 'Pod', name: 'web-1' }, dur: 5 }),
  ev(5, 30, { actor: 'scheduler', op: 'Bind', ref: { apiVersion: 'v1', kind: 'Pod', name: 'web-1' }, attrs: { node: 'node-b' } }),
  ev(6, 40, { kind: 'message', actor: 'kubelet/node-b', to: 'containerd/node-b', op: 'RunPodSandbox', dur: 120, attrs: { request: { config: { metadata: { name: 'web-1' } } } } }),
  ev(7, 50, { actor: 'scheduler', op: 'Bind', ref: { apiVersion: 'v1', kind: 'Pod', name: 'web-2' }, attrs: { node: 'node-a' } }),
];
const events = { length: EVENTS.length, at: (i: number) => EVENTS[i]! };

const tour = (steps: string) =>
  parseTour(`tour: mini\nscenario: s\ntitle: {en: M, ja: M}\nsummary: {en: M, ja: M}\nsteps:\n${steps}`, FILE);
const step = (id: string, at: string, extra = '') => `  - id: ${id}\n    title: {en: T, ja: T}\n    text: {en: T, ja: T}\n    at: ${at}\n${extra}`;

describe('resolveTour', () => {
  it('binds each step to the first match after the previous step, playhead at t + dur', () => {
    const r = resolveTour(
      tour(step('a', '{kind: command, attrs: {phase: start}}') + step('b', '{actor: kubelet/, attrs: {request.config.metadata.name: web-1}}') + step('c', '{op: Bind}')),
      events,
    );
    expect(r.steps.map((s) => [s.step.id, s.seq, s.t])).toEqual([
      ['a', 3, 10],
      ['b', 6, 160],
      ['c', 7, 50],
    ]);
  });

  it('counts nth matches after the previous step', () => {
    const r = resolveTour(tour(step('a', '{op: Bind, nth: 2}')), events);
    expect(r.steps[0]?.seq).toBe(7);
  });

  it('computes a node question from the trace: nodes sorted, answer from a later event', () => {
    const q = `    question:\n      prompt: {en: Q, ja: Q}\n      choices: nodes\n      answer: {attr: node, at: {op: Bind}}\n      explain: {en: E, ja: E}\n`;
    const r = resolveTour(tour(step('f', '{op: Filter}', q)), events);
    expect(r.steps[0]?.question).toEqual({
      choices: [
        { id: 'node-a', label: { en: 'node-a', ja: 'node-a' } },
        { id: 'node-b', label: { en: 'node-b', ja: 'node-b' } },
      ],
      correct: 'node-b',
    });
  });

  it('names tour file, step id and line when a step matches nothing', () => {
    expect(() => resolveTour(tour(step('a', '{op: Bind}') + step('late', '{op: Filter}')), events)).toThrow(
      /^examples\/tours\/mini\.tour\.yaml:13:9: step "late": at matches no event after seq 5 \(step before\) of scenario s$/,
    );
  });

  it('rejects an answer the trace does not give', () => {
    const q = `    question:\n      prompt: {en: Q, ja: Q}\n      choices: nodes\n      answer: {attr: nodeName}\n      explain: {en: E, ja: E}\n`;
    expect(() => resolveTour(tour(step('b', '{op: Bind}', q)), events)).toThrow(/step "b": question\.answer\.attr "nodeName" is not a value in event seq 5/);
  });

  it('reads dotted attribute paths', () => {
    expect(attrAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(attrAt({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
