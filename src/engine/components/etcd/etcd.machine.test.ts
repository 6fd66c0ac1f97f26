import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { stateValueToPath } from '../../runtime/machine-host.ts';
import { etcdMemberMachine, type EtcdMemberEvent } from './etcd.machine.ts';

// The roles of etcd 3.4's raft (raft/raft.go becomeFollower/becomeCandidate/becomeLeader),
// through the machine's pure transition().
type Snap = SnapshotFrom<typeof etcdMemberMachine>;

function walk(events: EtcdMemberEvent['type'][]): string[] {
  let [snap] = initialTransition(etcdMemberMachine) as [Snap, unknown];
  const path = [stateValueToPath(snap.value)];
  for (const type of events) {
    [snap] = transition(etcdMemberMachine, snap, { type } as EtcdMemberEvent) as [Snap, unknown];
    path.push(stateValueToPath(snap.value));
  }
  return path;
}

describe('etcd-member machine', () => {
  it('starts as a follower; a single member elects itself', () => {
    expect(walk(['ELECTED', 'APPLY', 'APPLIED'])).toEqual(['follower', 'leader.idle', 'leader.applying', 'leader.idle']);
  });

  it('campaigns, stays a candidate through further terms, wins, and steps down', () => {
    expect(walk(['CAMPAIGN', 'CAMPAIGN', 'ELECTED', 'STEP_DOWN'])).toEqual(['follower', 'candidate', 'candidate', 'leader.idle', 'follower']);
  });

  it('goes back to follower when a candidate loses or sees a higher term', () => {
    expect(walk(['CAMPAIGN', 'STEP_DOWN'])).toEqual(['follower', 'candidate', 'follower']);
  });

  it('is stopped from any role and starts again as a follower', () => {
    expect(walk(['CAMPAIGN', 'ELECTED', 'STOP', 'ELECTED', 'START'])).toEqual(['follower', 'candidate', 'leader.idle', 'stopped', 'stopped', 'follower']);
  });

  it('has no pre-candidate: PreVote is off in etcd 3.4', () => {
    expect(Object.keys(etcdMemberMachine.config.states ?? {})).toEqual(['follower', 'candidate', 'leader', 'stopped']);
  });
});
