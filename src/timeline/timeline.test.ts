import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/schema.ts';
import { generateLargeTrace } from './fixtures/generate-large.ts';
import { helloEvents, helloHeader } from './fixtures/hello-deployment.ts';
import { fold } from './projection.ts';
import { toArray } from './projections/kube-log.ts';
import { worldProjection } from './projections/world.ts';
import { isOpenAt, messageProgress } from './queries.ts';
import { Timeline } from './timeline.ts';
import type { WorldState } from './world-state.ts';

function hello(): Timeline {
  const tl = new Timeline(helloHeader);
  tl.append(helloEvents);
  return tl;
}

/** The world at t computed the slow, obvious way: fold every event with e.t <= t from scratch. */
function naiveWorld(events: readonly TraceEvent[], t: number) {
  const upTo = events.filter((e) => e.t <= t);
  const p = fold(worldProjection, upTo);
  return {
    eventIndex: upTo.length,
    objects: [...p.objects.entries()],
    actorStates: [...p.actorStates.entries()],
    etcdKeys: [...p.etcdKeys.entries()],
    kubeEvents: toArray(p.log.kubeEvents),
    commands: toArray(p.log.commands),
    inFlight: upTo.filter((e) => e.kind === 'message' && isOpenAt(e, t)).map((event) => ({ event, progress: messageProgress(event, t) })),
    activeSpans: upTo.filter((e) => e.kind === 'span' && isOpenAt(e, t)),
  };
}

function comparable(w: WorldState) {
  return {
    eventIndex: w.eventIndex,
    objects: [...w.objects.entries()],
    actorStates: [...w.actorStates.entries()],
    etcdKeys: [...w.etcdKeys.entries()],
    kubeEvents: w.kubeEvents,
    commands: w.commands,
    inFlight: w.inFlight,
    activeSpans: w.activeSpans,
  };
}

describe('Timeline on the hello-deployment fixture', () => {
  it('knows its extent and its events', () => {
    const tl = hello();
    expect(tl.length).toBe(42);
    expect(tl.startTime).toBe(0);
    expect(tl.endTime).toBe(12_200);
    expect(tl.maxDuration).toBe(1_000);
    expect(tl.at(0).seq).toBe(1);
    expect(tl.bySeq(29)?.op).toBe('RunPodSandbox');
    expect(tl.bySeq(999)).toBeUndefined();
    expect(tl.header.scenario).toBe('hello-deployment.scenario.yaml');
  });

  it('shows the objects that exist at t', () => {
    const tl = hello();
    expect([...tl.stateAt(2_599).objects.keys()]).toEqual([]);
    expect([...tl.stateAt(2_600).objects.keys()]).toEqual(['apps/v1/Deployment/default/web']);
    const at9200 = tl.stateAt(9_200);
    expect([...at9200.objects.keys()]).toEqual(['apps/v1/Deployment/default/web', 'apps/v1/ReplicaSet/default/web-7d4b9c', 'v1/Pod/default/web-7d4b9c-x2k4q']);
    const pod = at9200.objects.get('v1/Pod/default/web-7d4b9c-x2k4q');
    expect(pod?.resourceVersion).toBe('105');
    expect(pod?.lastSeq).toBe(35);
    expect((pod?.object.status as { phase: string }).phase).toBe('Running');
    expect(tl.stateAt(11_000).objects.has('v1/Pod/default/debug')).toBe(true);
    expect(tl.stateAt(12_200).objects.has('v1/Pod/default/debug')).toBe(false);
  });

  it('shows messages in flight with their progress, and running spans', () => {
    const tl = hello();
    const w = tl.stateAt(1_400);
    expect(w.inFlight.map((m) => [m.event.seq, m.progress])).toEqual([[2, 0.5]]);
    expect(tl.stateAt(2_250).inFlight).toEqual([]);
    expect(tl.stateAt(2_250).activeSpans.map((s) => s.op)).toEqual(['storage', 'Put']);
    expect(tl.stateAt(2_900).inFlight.map((m) => [m.event.op, m.progress])).toEqual([
      ['201 Created', 0.125],
      ['WATCH ADDED', 0.2],
    ]);
    expect(tl.stateAt(2_900).activeSpans).toEqual([]);
  });

  it('folds machine states, the etcd keyspace, Events and commands', () => {
    const tl = hello();
    const end = tl.stateAt(tl.endTime);
    expect(end.actorStates.get('kubelet/node-1|pod-worker|default/web-7d4b9c-x2k4q')).toEqual({
      actor: 'kubelet/node-1',
      machine: 'pod-worker',
      instance: 'default/web-7d4b9c-x2k4q',
      state: 'running',
      since: 9_000,
    });
    expect(end.actorStates.get('kube-controller-manager/deployment-controller|controller|')?.state).toBe('idle');
    expect(tl.stateAt(3_500).actorStates.get('kube-controller-manager/deployment-controller|controller|')?.state).toBe('syncing');
    expect(end.etcdKeys.get('/registry/pods/default/web-7d4b9c-x2k4q')).toEqual({ key: '/registry/pods/default/web-7d4b9c-x2k4q', createRevision: 103, modRevision: 104, version: 2 });
    expect([...end.etcdKeys.keys()]).not.toContain('/registry/pods/default/debug');
    expect(tl.stateAt(11_000).etcdKeys.has('/registry/pods/default/debug')).toBe(true);
    expect(end.kubeEvents.map((e) => e.attrs?.reason)).toEqual(['ScalingReplicaSet', 'Scheduled', 'Started']);
    expect(tl.stateAt(5_000).kubeEvents).toHaveLength(1);
    expect(tl.stateAt(5_000).commands.map((c) => c.attrs?.phase)).toEqual(['start', 'exit']);
    expect(end.commands).toHaveLength(4);
  });

  it('returns the same world object for the same t, and a new one after an append', () => {
    const tl = new Timeline(helloHeader);
    tl.append(helloEvents.slice(0, 20));
    const a = tl.stateAt(3_000);
    expect(tl.stateAt(3_000)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    tl.append(helloEvents.slice(20));
    const b = tl.stateAt(3_000);
    expect(b).not.toBe(a);
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('keeps handed-out worlds unchanged by later queries and appends', () => {
    const tl = new Timeline(helloHeader, { checkpoints: { minInterval: 4, sizeFactor: 0 } });
    tl.append(helloEvents.slice(0, 30));
    const early = tl.stateAt(5_200);
    const before = comparable(early);
    tl.stateAt(7_000);
    tl.append(helloEvents.slice(30));
    tl.stateAt(12_200);
    tl.stateAt(6_000);
    expect(comparable(early)).toEqual(before);
  });

  it('steps between event times and lists events in a window', () => {
    const tl = hello();
    expect(tl.nextEventTime(1_800)).toBe(1_850);
    expect(tl.nextEventTime(-1)).toBe(0);
    expect(tl.nextEventTime(12_200)).toBeUndefined();
    expect(tl.prevEventTime(1_850)).toBe(1_800);
    expect(tl.prevEventTime(1_851)).toBe(1_850);
    expect(tl.prevEventTime(0)).toBeUndefined();
    expect(tl.eventsIn(1_800, 1_850).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(tl.eventsIn(1_801, 1_849)).toEqual([]);
    expect(tl.eventsIn(5, 1)).toEqual([]);
    expect(tl.indexAfter(1_800)).toBe(4);
  });

  it('follows cause links back to the root, root first', () => {
    const tl = hello();
    expect(tl.causalChain(36).map((e) => e.seq)).toEqual([20, 21, 24, 25, 26, 28, 29, 33, 34, 36]);
    expect(tl.causalChain(15).map((e) => e.seq)).toEqual([1, 15]);
    expect(tl.causalChain(1).map((e) => e.seq)).toEqual([1]);
    expect(tl.causalChain(12345)).toEqual([]);
  });

  it('lists actors in the stable lane order', () => {
    expect(hello().actors()).toEqual([
      'user',
      'kubectl',
      'kube-apiserver',
      'etcd/etcd-0',
      'kube-controller-manager/deployment-controller',
      'scheduler',
      'kubelet/node-1',
      'containerd/node-1',
      'runc/node-1',
    ]);
  });

  it('keeps each object history', () => {
    const tl = hello();
    expect(tl.objectHistory('v1/Pod/default/web-7d4b9c-x2k4q').map((e) => e.op)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED']);
    expect(tl.objectHistory('v1/Pod/default/nope')).toEqual([]);
  });

  it('notifies subscribers after each append until they unsubscribe', () => {
    const tl = new Timeline(helloHeader);
    const lengths: number[] = [];
    const off = tl.subscribe(() => lengths.push(tl.length));
    tl.append(helloEvents.slice(0, 10));
    tl.append([]);
    tl.append(helloEvents.slice(10, 12));
    off();
    tl.append(helloEvents.slice(12));
    expect(lengths).toEqual([10, 12]);
  });

  it('rejects an out-of-order append but keeps what came before it and still notifies', () => {
    const tl = new Timeline(helloHeader);
    let calls = 0;
    tl.subscribe(() => calls++);
    tl.append(helloEvents.slice(0, 10));
    expect(() => tl.append([helloEvents[10] as TraceEvent, helloEvents[2] as TraceEvent])).toThrow(RangeError);
    expect(tl.length).toBe(11);
    expect(calls).toBe(2);
  });

  it('answers on an empty timeline', () => {
    const tl = new Timeline(helloHeader);
    expect(tl.startTime).toBe(0);
    expect(tl.endTime).toBe(0);
    expect(tl.stateAt(100).objects.size).toBe(0);
    expect(tl.stateAt(100).eventIndex).toBe(0);
    expect(tl.actors()).toEqual([]);
    expect(tl.nextEventTime(0)).toBeUndefined();
  });
});

describe('Timeline.stateAt equals a fold from scratch', () => {
  it('on a 20,000-event synthetic trace, seeking in random order with small checkpoint intervals', () => {
    const { header, events } = generateLargeTrace({ events: 20_000, nodes: 4, pods: 300, seed: 3 });
    const tl = new Timeline(header, { checkpoints: { minInterval: 500, sizeFactor: 0 } });
    // Streamed in uneven batches, as a worker would deliver it.
    for (let i = 0; i < events.length; ) {
      const n = 1 + ((i * 7919) % 3_000);
      tl.append(events.slice(i, i + n));
      i += n;
    }
    expect(tl.checkpointCount).toBeGreaterThan(30);
    const end = tl.endTime;
    const ts = [0, end, end / 2, end / 3, 1, end - 1, (end * 2) / 3, end / 2 + 17, end / 2 - 5_000, end + 10];
    for (const t of ts.map(Math.floor)) expect(comparable(tl.stateAt(t))).toEqual(naiveWorld(events, t));
  });

  it('for any trace and any sequence of seeks (property)', () => {
    const actors = ['kubectl', 'kube-apiserver', 'etcd/etcd-0', 'scheduler', 'kubelet/node-1'];
    const kinds = ['message', 'state', 'object', 'span', 'event', 'command', 'log'] as const;
    const rawEvent = fc.record({
      dt: fc.integer({ min: 0, max: 20 }),
      dur: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      kind: fc.constantFrom(...kinds),
      actor: fc.constantFrom(...actors),
      name: fc.constantFrom('a', 'b', 'c'),
      op: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED', 'Put', 'DeleteRange', 'running', 'waiting'),
    });
    fc.assert(
      fc.property(fc.array(rawEvent, { maxLength: 80 }), fc.array(fc.integer({ min: -5, max: 1_800 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (raws, seeks, interval) => {
        let t = 0;
        const events: TraceEvent[] = raws.map((r, i) => {
          t += r.dt;
          const e: TraceEvent = { seq: i + 1, t, kind: r.kind, actor: r.kind === 'span' && r.op.startsWith('Put') ? 'etcd/etcd-0' : r.actor, op: r.op, src: 'sim' };
          if (r.dur !== undefined) e.dur = r.dur;
          if (r.kind === 'object') e.ref = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: r.name };
          if (r.kind === 'object' && r.op !== 'DELETED') e.attrs = { resourceVersion: String(i + 1), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: r.name, resourceVersion: String(i + 1) } } };
          if (r.kind === 'span') e.attrs = { key: `/registry/pods/default/${r.name}`, revision: i + 1 };
          if (r.kind === 'state') e.attrs = { machine: 'm', instance: r.name };
          return e;
        });
        const tl = new Timeline(helloHeader, { checkpoints: { minInterval: interval, sizeFactor: 0 } });
        tl.append(events);
        for (const s of seeks) expect(comparable(tl.stateAt(s))).toEqual(naiveWorld(events, s));
      }),
      { numRuns: 200 },
    );
  });
});
