import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { objectKey } from '../../timeline/index.ts';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { etcdPartitioned, faultChoices, targetOf } from './choices.ts';

/** Which faults the menu offers for which selection, on the hello-deployment fixture at its end. */
const timeline = helloTimeline();
const world = timeline.stateAt(timeline.endTime);
const bySeq = (seq: number) => timeline.bySeq(seq);
const pods = [...world.objects.values()].filter((o) => o.ref.kind === 'Pod');

describe('faultChoices', () => {
  it('offers nothing without a selection', () => {
    expect(targetOf(null, world, bySeq)).toBeNull();
    expect(faultChoices(null, world)).toEqual([]);
  });

  it('a running Pod: delete it, kill or OOM each running container, fail its image pull', () => {
    const pod = pods[0];
    expect(pod).toBeDefined();
    const target = targetOf({ type: 'object', key: objectKey(pod!.ref) }, world, bySeq);
    expect(target).toEqual({ kind: 'pod', namespace: 'default', name: pod!.ref.name });
    const choices = faultChoices(target, world);
    const spec = pod!.object as { spec: { nodeName: string; containers: { name: string; image: string }[] } };
    const c = spec.spec.containers[0]!;
    expect(choices.map((x) => x.id)).toEqual(['pod-delete', `container-kill/${c.name}`, `memory-exhaust/${c.name}`, `image-pull-fail/${c.image}`]);
    expect(choices[0]?.action).toEqual({ type: 'command', line: `kubectl delete pod ${pod!.ref.name}` });
    expect(choices[1]?.action).toEqual({ type: 'fault', fault: { type: 'container-kill', node: spec.spec.nodeName, pod: pod!.ref.name, container: c.name } });
  });

  it('a Node (or an event of its kubelet): stop the kubelet, power it off', () => {
    const kubeletEvent = timeline.eventsIn(0, timeline.endTime).find((e) => e.actor.startsWith('kubelet/') && !e.ref);
    expect(kubeletEvent).toBeDefined();
    const name = kubeletEvent!.actor.slice('kubelet/'.length);
    const target = targetOf({ type: 'event', seq: kubeletEvent!.seq }, world, bySeq);
    expect(target).toEqual({ kind: 'node', name });
    expect(faultChoices(target, world).map((x) => x.action)).toEqual([
      { type: 'fault', fault: { type: 'kubelet-stop', node: name } },
      { type: 'fault', fault: { type: 'node-down', node: name } },
    ]);
  });

  it('a lone etcd member: no etcd faults (a partition needs several members)', () => {
    const etcdEvent = timeline.eventsIn(0, timeline.endTime).find((e) => e.actor === 'etcd/etcd-0' && !e.ref);
    const target = targetOf({ type: 'event', seq: etcdEvent!.seq }, world, bySeq);
    expect(target).toEqual({ kind: 'etcd', member: 'etcd-0' });
    expect(faultChoices(target, world)).toEqual([]);
  });
});

describe('etcd members of a cluster of three', () => {
  const member = (n: number, state: string) => [`etcd/etcd-${n}`, { actor: `etcd/etcd-${n}`, state, role: state.startsWith('leader') ? 'leader' : 'follower', since: 0 }] as const;
  const three = { ...world, etcd: { ...world.etcd, members: new Map([member(0, 'leader.applying'), member(1, 'follower'), member(2, 'stopped')]) } } as typeof world;
  const log = (seq: number, actor: string, message: string): TraceEvent => ({ seq, t: seq * 1000, kind: 'log', actor, op: 'log', src: 'sim', attrs: { logger: 'rafthttp', message } });

  it('stop a running member, start a stopped one, cut one off', () => {
    expect(faultChoices({ kind: 'etcd', member: 'etcd-0' }, three).map((c) => c.id)).toEqual(['etcd-member-stop', 'etcd-partition']);
    expect(faultChoices({ kind: 'etcd', member: 'etcd-2' }, three).map((c) => c.action)).toEqual([
      { type: 'fault', fault: { type: 'etcd-member-start', member: 'etcd-2' } },
      { type: 'fault', fault: { type: 'etcd-partition', isolate: 'etcd-2' } },
    ]);
  });

  it('offers heal only while a partition is on', () => {
    expect(faultChoices({ kind: 'etcd', member: 'etcd-1' }, three, { partitioned: true }).map((c) => c.id)).toEqual(['etcd-member-stop', 'etcd-partition', 'etcd-heal']);
    const cut = [log(1, 'etcd/etcd-0', 'peer 8e9e05c52164694d became inactive (message send to peer failed)'), log(2, 'etcd/etcd-1', 'peer 91bc3c398fb3c146 became inactive (message send to peer failed)')];
    expect(etcdPartitioned([])).toBe(false);
    expect(etcdPartitioned(cut)).toBe(true);
    expect(etcdPartitioned([...cut, log(3, 'etcd/etcd-0', 'peer 8e9e05c52164694d became active')])).toBe(false);
    expect(etcdPartitioned([...cut, log(3, 'etcd/etcd-0', 'peer 8e9e05c52164694d became active'), log(4, 'etcd/etcd-2', 'peer 8e9e05c52164694d became inactive (message send to peer failed)')])).toBe(true);
    // Not etcd's rafthttp: ignored.
    expect(etcdPartitioned([{ ...log(1, 'kubelet/node-1', 'peer x became inactive'), attrs: { logger: 'kubelet', message: 'peer x became inactive' } }])).toBe(false);
  });
});
