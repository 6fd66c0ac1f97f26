import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { Projection } from '../projection.ts';

/**
 * A member's raft role, as etcd's raft package names its states (raft/raft.go StateType:
 * StateFollower, StateCandidate, StateLeader, StatePreCandidate), or `stopped` for a member
 * whose process is not running.
 */
export type RaftRole = 'follower' | 'candidate' | 'pre-candidate' | 'leader' | 'stopped' | 'unknown';

/** One etcd member as the trace last described it. Never mutated once made. */
export interface EtcdMemberEntry {
  /** `etcd/etcd-0` */
  readonly actor: string;
  /** The `etcd-member` machine's state path, e.g. `leader.applying`; empty before the first one. */
  readonly state: string;
  readonly role: RaftRole;
  /** The raft term, when the trace tells it (state `attrs.term`, or raft's own log lines). */
  readonly term?: number;
  /** The member it follows (or itself, as leader): an actor when known, else raft's hex member id. */
  readonly leader?: string;
  /** When the member entered its current role. */
  readonly since: Micros;
}

/** etcd members by actor, and raft's hex member ids by the actor that logs under them. */
export interface EtcdMembersState {
  members: Map<string, EtcdMemberEntry>;
  ids: Map<string, string>;
}

/** The machine name etcd members record their states under. */
export const ETCD_MEMBER_MACHINE = 'etcd-member';

// raft's log lines, word for word (raft/raft.go becomeFollower/becomeCandidate/
// becomePreCandidate/becomeLeader; raft/node.go, "raft.node: %x elected leader %x at term %d",
// "lost leader", "changed leader from %x to %x").
const BECAME = /^([0-9a-f]+) became (follower|candidate|pre-candidate|leader) at term (\d+)$/;
const ELECTED = /^raft\.node: ([0-9a-f]+) elected leader ([0-9a-f]+) at term (\d+)$/;
const CHANGED = /^raft\.node: ([0-9a-f]+) changed leader from [0-9a-f]+ to ([0-9a-f]+) at term (\d+)$/;
const LOST = /^raft\.node: ([0-9a-f]+) lost leader [0-9a-f]+ at term (\d+)$/;

/**
 * Folds what etcd members say about their raft: the role from the `state` events of their
 * `etcd-member` machines, and the term and leader from those events' attrs or from the lines
 * raft logs when they change (`log` events), which a real etcd's log carries too.
 */
export const etcdMembersProjection: Projection<EtcdMembersState> = {
  init: () => ({ members: new Map(), ids: new Map() }),
  apply(s, e) {
    if (e.kind === 'state' && e.attrs?.machine === ETCD_MEMBER_MACHINE) applyState(s, e);
    else if (e.kind === 'log' && isEtcdActor(e.actor) && typeof e.attrs?.message === 'string') applyLog(s, e, e.attrs.message);
    return s;
  },
  snapshot: (s) => ({ members: new Map(s.members), ids: new Map(s.ids) }),
};

function applyState(s: EtcdMembersState, e: TraceEvent): void {
  const attrs = e.attrs ?? {};
  const prev = s.members.get(e.actor);
  const role: RaftRole = attrs.final === true ? 'stopped' : roleOf(e.op);
  const term = typeof attrs.term === 'number' ? attrs.term : prev?.term;
  const leaderAttr = typeof attrs.leader === 'string' && attrs.leader !== '' ? attrs.leader : undefined;
  const leader = leaderAttr ?? (role === 'leader' ? e.actor : prev?.role === role ? prev.leader : undefined);
  put(s, e.actor, { state: e.op, role, term, leader, since: prev && prev.role === role ? prev.since : e.t });
}

function applyLog(s: EtcdMembersState, e: TraceEvent, line: string): void {
  const prev = s.members.get(e.actor);
  const became = BECAME.exec(line);
  if (became) {
    s.ids.set(became[1] ?? '', e.actor);
    const role = became[2] as RaftRole;
    const term = Number(became[3]);
    // The role itself comes from the state machine when there is one; the log gives the term.
    put(s, e.actor, {
      state: prev?.state ?? '',
      role: prev && prev.state !== '' ? prev.role : role,
      term,
      leader: role === 'leader' ? e.actor : undefined,
      since: prev && prev.term === term ? prev.since : e.t,
    });
    return;
  }
  const elected = ELECTED.exec(line) ?? CHANGED.exec(line);
  if (elected) {
    s.ids.set(elected[1] ?? '', e.actor);
    const hex = elected[2] ?? '';
    put(s, e.actor, { state: prev?.state ?? '', role: prev?.role ?? 'unknown', term: Number(elected[3]), leader: s.ids.get(hex) ?? hex, since: prev?.since ?? e.t });
    return;
  }
  const lost = LOST.exec(line);
  if (lost) {
    s.ids.set(lost[1] ?? '', e.actor);
    put(s, e.actor, { state: prev?.state ?? '', role: prev?.role ?? 'unknown', term: Number(lost[2]), leader: undefined, since: prev?.since ?? e.t });
  }
}

function put(s: EtcdMembersState, actor: string, m: { state: string; role: RaftRole; term: number | undefined; leader: string | undefined; since: Micros }): void {
  s.members.set(actor, {
    actor,
    state: m.state,
    role: m.role,
    ...(m.term !== undefined ? { term: m.term } : {}),
    ...(m.leader !== undefined ? { leader: m.leader } : {}),
    since: m.since,
  });
}

/** `leader.idle` → leader; `preCandidate` → pre-candidate. */
export function roleOf(state: string): RaftRole {
  const top = (state.split('.')[0] ?? '').toLowerCase().replace(/[-_]/g, '');
  switch (top) {
    case 'leader':
      return 'leader';
    case 'follower':
      return 'follower';
    case 'candidate':
      return 'candidate';
    case 'precandidate':
      return 'pre-candidate';
    case 'stopped':
      return 'stopped';
    default:
      return 'unknown';
  }
}

function isEtcdActor(actor: string): boolean {
  return actor === 'etcd' || actor.startsWith('etcd/');
}
