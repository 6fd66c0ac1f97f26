import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { etcdMembersProjection, roleOf } from './etcd-members.ts';

let seq = 0;
const state = (actor: string, op: string, attrs: Record<string, unknown> = {}): TraceEvent => ({ seq: ++seq, t: seq * 100, kind: 'state', actor, op, src: 'sim', attrs: { machine: 'etcd-member', ...attrs } });
const log = (actor: string, message: string): TraceEvent => ({ seq: ++seq, t: seq * 100, kind: 'log', actor, op: 'log', src: 'sim', attrs: { message, logger: 'raft' } });
const members = (events: TraceEvent[]) => [...fold(etcdMembersProjection, events).members.values()].map((m) => [m.actor, m.role, m.term, m.leader]);

// Member ids as raft logs them (hex), one per actor.
const ID = { 'etcd/etcd-0': 'b71f75320dc06a6c', 'etcd/etcd-1': 'ddd67b312462fd7b', 'etcd/etcd-2': '9e737febb6b99eee' } as const;

describe('etcdMembersProjection (raft/raft.go StateType, raft/node.go)', () => {
  it('names raft roles from the machine state path', () => {
    expect(roleOf('leader.applying')).toBe('leader');
    expect(roleOf('follower')).toBe('follower');
    expect(roleOf('candidate')).toBe('candidate');
    expect(roleOf('preCandidate')).toBe('pre-candidate');
    expect(roleOf('stopped')).toBe('stopped');
    expect(roleOf('booting')).toBe('unknown');
  });

  it('shows a single member that elects itself as the leader of its own cluster', () => {
    const s = fold(etcdMembersProjection, [state('etcd/etcd-0', 'follower'), state('etcd/etcd-0', 'leader.idle', { from: 'follower' }), state('etcd/etcd-0', 'leader.applying')]);
    expect(s.members.get('etcd/etcd-0')).toMatchObject({ state: 'leader.applying', role: 'leader', leader: 'etcd/etcd-0' });
    expect(s.members.get('etcd/etcd-0')?.term).toBeUndefined();
  });

  it('takes term and leader from raft log lines: three members elect etcd-1 in term 2', () => {
    const events: TraceEvent[] = [];
    for (const a of ['etcd/etcd-0', 'etcd/etcd-1', 'etcd/etcd-2'] as const) events.push(state(a, 'follower'), log(a, `${ID[a]} became follower at term 1`));
    events.push(
      log('etcd/etcd-1', `${ID['etcd/etcd-1']} is starting a new election at term 1`),
      log('etcd/etcd-1', `${ID['etcd/etcd-1']} became candidate at term 2`),
      state('etcd/etcd-1', 'candidate', { from: 'follower' }),
      log('etcd/etcd-0', `${ID['etcd/etcd-0']} became follower at term 2`),
      log('etcd/etcd-1', `${ID['etcd/etcd-1']} became leader at term 2`),
      log('etcd/etcd-1', `raft.node: ${ID['etcd/etcd-1']} elected leader ${ID['etcd/etcd-1']} at term 2`),
      state('etcd/etcd-1', 'leader.idle', { from: 'candidate' }),
      log('etcd/etcd-0', `raft.node: ${ID['etcd/etcd-0']} elected leader ${ID['etcd/etcd-1']} at term 2`),
      log('etcd/etcd-2', `${ID['etcd/etcd-2']} became follower at term 2`),
      log('etcd/etcd-2', `raft.node: ${ID['etcd/etcd-2']} elected leader ${ID['etcd/etcd-1']} at term 2`),
    );
    expect(members(events)).toEqual([
      ['etcd/etcd-0', 'follower', 2, 'etcd/etcd-1'],
      ['etcd/etcd-1', 'leader', 2, 'etcd/etcd-1'],
      ['etcd/etcd-2', 'follower', 2, 'etcd/etcd-1'],
    ]);

    // The leader is stopped; the others lose it, etcd-0 wins term 3.
    events.push(
      state('etcd/etcd-1', 'stopped', { from: 'leader.idle' }),
      log('etcd/etcd-0', `raft.node: ${ID['etcd/etcd-0']} lost leader ${ID['etcd/etcd-1']} at term 3`),
      log('etcd/etcd-0', `${ID['etcd/etcd-0']} became candidate at term 3`),
      state('etcd/etcd-0', 'candidate', { from: 'follower' }),
      log('etcd/etcd-2', `raft.node: ${ID['etcd/etcd-2']} lost leader ${ID['etcd/etcd-1']} at term 3`),
    );
    expect(members(events)).toEqual([
      ['etcd/etcd-0', 'candidate', 3, undefined],
      ['etcd/etcd-1', 'stopped', 2, undefined],
      ['etcd/etcd-2', 'follower', 3, undefined],
    ]);
  });

  it('prefers term and leader recorded on the state events, and keeps them while the role stays', () => {
    const s = fold(etcdMembersProjection, [
      state('etcd/etcd-2', 'follower', { term: 4, leader: 'etcd/etcd-0' }),
      state('etcd/etcd-2', 'follower.applying'),
      { seq: ++seq, t: 0, kind: 'state', actor: 'etcd/etcd-2', op: 'serving', src: 'sim', attrs: { machine: 'grpc' } },
    ]);
    expect(s.members.get('etcd/etcd-2')).toMatchObject({ role: 'follower', term: 4, leader: 'etcd/etcd-0' });
    expect(s.members.size).toBe(1);
  });
});
