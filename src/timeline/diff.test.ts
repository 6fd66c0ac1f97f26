import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/schema.ts';
import { changesOf, diffObjects, formatPath, objectAt } from './diff.ts';
import { generateLargeTrace } from './fixtures/generate-large.ts';
import { helloEvents, helloHeader } from './fixtures/hello-deployment.ts';
import { Timeline } from './timeline.ts';

describe('diffObjects', () => {
  it('lists changed, added and removed leaves with readable paths', () => {
    const a = { metadata: { name: 'web', resourceVersion: '1', labels: { app: 'web' } }, spec: { nodeName: undefined }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } };
    const b = {
      metadata: { name: 'web', resourceVersion: '2', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
      spec: { nodeName: 'node-1' },
      status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] },
    };
    expect(diffObjects(a, b)).toEqual([
      { path: 'metadata.resourceVersion', segments: ['metadata', 'resourceVersion'], change: 'changed', before: '1', after: '2' },
      { path: 'metadata.labels["app.kubernetes.io/name"]', segments: ['metadata', 'labels', 'app.kubernetes.io/name'], change: 'added', after: 'web' },
      { path: 'spec.nodeName', segments: ['spec', 'nodeName'], change: 'added', after: 'node-1' },
      { path: 'status.phase', segments: ['status', 'phase'], change: 'changed', before: 'Pending', after: 'Running' },
      { path: 'status.conditions[0].status', segments: ['status', 'conditions', 0, 'status'], change: 'changed', before: 'False', after: 'True' },
      { path: 'status.conditions[1]', segments: ['status', 'conditions', 1], change: 'added', after: { type: 'Ready', status: 'True' } },
    ]);
  });

  it('reports removals, type changes and whole-object creation', () => {
    expect(diffObjects({ a: 1, b: [1, 2] }, { b: [1], c: null })).toEqual([
      { path: 'a', segments: ['a'], change: 'removed', before: 1 },
      { path: 'b[1]', segments: ['b', 1], change: 'removed', before: 2 },
      { path: 'c', segments: ['c'], change: 'added', after: null },
    ]);
    expect(diffObjects({ x: { y: 1 } }, { x: 'flat' })).toEqual([{ path: 'x', segments: ['x'], change: 'changed', before: { y: 1 }, after: 'flat' }]);
    expect(diffObjects(undefined, { a: 1 })).toEqual([{ path: '', segments: [], change: 'added', after: { a: 1 } }]);
    expect(diffObjects({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('formats paths like kubectl explain does, quoting keys that are not identifiers', () => {
    expect(formatPath(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe('spec.template.spec.containers[0].image');
    expect(formatPath(['metadata', 'annotations', 'deployment.kubernetes.io/revision'])).toBe('metadata.annotations["deployment.kubernetes.io/revision"]');
    expect(formatPath(['metadata', 'labels', 'pod-template-hash'])).toBe('metadata.labels.pod-template-hash');
  });
});

describe('objectAt', () => {
  const tl = new Timeline(helloHeader);
  tl.append(helloEvents);

  it('gives the version of one object at t', () => {
    const key = 'v1/Pod/default/web-7d4b9c-x2k4q';
    expect(objectAt(tl, key, 5_199)).toBeUndefined();
    expect(objectAt(tl, key, 5_200)?.resourceVersion).toBe('103');
    expect(objectAt(tl, key, 9_199)?.resourceVersion).toBe('104');
    expect(objectAt(tl, key, 99_999)?.resourceVersion).toBe('105');
    expect(objectAt(tl, 'v1/Pod/default/debug', 11_000)?.resourceVersion).toBe('106');
    expect(objectAt(tl, 'v1/Pod/default/debug', 12_200)).toBeUndefined();
  });

  it('agrees with stateAt on every object at every event time of a synthetic trace', () => {
    const { header, events } = generateLargeTrace({ events: 3_000, pods: 40, seed: 9 });
    // Drop some bodies, as a Metadata-level audit log would, so the fold-back path is exercised.
    const thinned = events.map((e, i): TraceEvent => (e.kind === 'object' && e.op === 'MODIFIED' && i % 3 === 0 ? { ...e, attrs: { resourceVersion: e.attrs?.resourceVersion } } : e));
    const big = new Timeline(header);
    big.append(thinned);
    for (let i = 0; i < thinned.length; i += 37) {
      const t = thinned[i]?.t as number;
      const world = big.stateAt(t);
      for (let p = 0; p < 40; p++) {
        const key = `v1/Pod/default/web-${p}`;
        expect(objectAt(big, key, t)).toEqual(world.objects.get(key));
      }
    }
  });
});

describe('changesOf', () => {
  it('diffs an object event against the version before it', () => {
    const tl = new Timeline(helloHeader);
    tl.append(helloEvents);
    const paths = changesOf(tl, 26).map((c) => c.path);
    expect(paths).toEqual(['metadata.resourceVersion', 'spec.nodeName', 'status.conditions']);
    expect(changesOf(tl, 21)).toHaveLength(1); // ADDED: the whole object is new
    expect(changesOf(tl, 21)[0]?.change).toBe('added');
    expect(changesOf(tl, 42).every((c) => c.change === 'removed')).toBe(true);
    expect(changesOf(tl, 2)).toEqual([]);
  });
});
