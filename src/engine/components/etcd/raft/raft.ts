import { committedIndex, isUpToDate, quorum } from '../../../../domain/etcd/raft-rules.ts';
import type { RaftLog } from './log.ts';
import { Progress } from './progress.ts';
import { ReadOnly } from './read-only.ts';
import { message, NONE, type RaftEntry, type RaftMessage, type ReadState, type StateType } from './types.ts';

/** raft.Config as etcdserver/raft.go fills it for etcd 3.4. */
export interface RaftConfig {
  /** This member's ID (hex). */
  id: string;
  /** Every voter, this member included. */
  voters: readonly string[];
  /** ElectionTick: --election-timeout / --heartbeat-interval. */
  electionTick: number;
  /** HeartbeatTick: 1 in etcd (one tick is one heartbeat interval). */
  heartbeatTick: number;
  /** etcd always runs raft with CheckQuorum; PreVote is off by default in 3.4 and not modelled. */
  checkQuorum: boolean;
  /** A uniform integer in [0, n), from the seeded RNG. */
  randInt(n: number): number;
  /** Entries per MsgApp: stands for MaxSizePerMsg (1 MiB in etcd). */
  maxEntriesPerMsg?: number;
}

/** What survives a restart: the HardState (term, vote, commit) and the log, from the WAL. */
export interface RaftStorage<D> {
  term: number;
  vote: string;
  log: RaftLog<D>;
}

/**
 * etcd 3.4's raft state machine (raft/raft.go), driven by `tick()` and `step()`. It does no
 * I/O: what it wants sent is collected in `msgs`, answered reads in `readStates`, and what
 * raft would log at INFO level in `logs` (the same words), for the member to record. The roles,
 * message handling, the election rules (randomized timeout in [electionTick, 2·electionTick),
 * votes only for an up-to-date log, the leader lease that ignores disruptive votes under
 * CheckQuorum), log replication with probing and backtracking, commit on a quorum of the
 * leader's term, CheckQuorum step-down and ReadIndex (ReadOnlySafe) follow raft.go, log.go,
 * tracker/progress.go and read_only.go.
 */
export class Raft<D = unknown> {
  readonly id: string;
  term: number;
  vote: string;
  lead = NONE;
  state: StateType = 'StateFollower';
  readonly log: RaftLog<D>;
  readonly prs = new Map<string, Progress>();
  msgs: RaftMessage<D>[] = [];
  readStates: ReadState[] = [];
  logs: string[] = [];
  private votes = new Map<string, boolean>();
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;
  private readOnly = new ReadOnly();
  private readonly voters: string[];
  private readonly maxEntries: number;

  constructor(
    private readonly cfg: RaftConfig,
    storage: RaftStorage<D>,
  ) {
    this.id = cfg.id;
    this.voters = [...cfg.voters].sort(compareIds);
    this.maxEntries = cfg.maxEntriesPerMsg ?? 256;
    this.log = storage.log;
    this.term = storage.term;
    this.vote = storage.vote;
    for (const v of this.voters) this.prs.set(v, new Progress());
    // newRaft: every member starts as a follower of its stored term, with no leader.
    this.becomeFollower(this.term, NONE);
  }

  get electionTimeout(): number {
    return this.cfg.electionTick;
  }

  // ------------------------------------------------------------------ roles

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.cfg.electionTick + this.cfg.randInt(this.cfg.electionTick);
    this.votes = new Map();
    for (const [id, pr] of this.prs) {
      pr.match = id === this.id ? this.log.lastIndex() : 0;
      pr.next = this.log.lastIndex() + 1;
      pr.state = 'StateProbe';
      pr.probeSent = false;
      pr.recentActive = false;
      pr.freeInflightsTo(Number.MAX_SAFE_INTEGER);
    }
    this.readOnly = new ReadOnly();
  }

  becomeFollower(term: number, lead: string): void {
    this.reset(term);
    this.lead = lead;
    this.state = 'StateFollower';
    this.info(`became follower at term ${this.term}`);
  }

  private becomeCandidate(): void {
    this.reset(this.term + 1);
    this.vote = this.id;
    this.state = 'StateCandidate';
    this.info(`became candidate at term ${this.term}`);
  }

  private becomeLeader(): void {
    this.reset(this.term);
    this.lead = this.id;
    this.state = 'StateLeader';
    (this.prs.get(this.id) as Progress).becomeReplicate();
    // The new leader's empty entry: committing it commits everything before it (raft §5.4.2).
    this.appendEntry([{ index: 0, term: 0, type: 'EntryNormal', data: undefined }]);
    this.info(`became leader at term ${this.term}`);
  }

  private campaign(): void {
    this.becomeCandidate();
    if (this.poll(this.id, 'MsgVoteResp', true) === 'won') {
      this.becomeLeader();
      return;
    }
    for (const id of this.voters) {
      if (id === this.id) continue;
      this.info(`[logterm: ${this.log.lastTerm()}, index: ${this.log.lastIndex()}] sent MsgVote request to ${id} at term ${this.term}`);
      this.send(message({ type: 'MsgVote', to: id, term: this.term, index: this.log.lastIndex(), logTerm: this.log.lastTerm() }));
    }
  }

  private poll(id: string, type: string, granted: boolean): 'won' | 'lost' | 'pending' {
    this.info(granted ? `received ${type} from ${id} at term ${this.term}` : `received ${type} rejection from ${id} at term ${this.term}`);
    if (!this.votes.has(id)) this.votes.set(id, granted);
    return this.tally();
  }

  private tally(): 'won' | 'lost' | 'pending' {
    let yes = 0;
    let no = 0;
    for (const v of this.votes.values()) {
      if (v) yes++;
      else no++;
    }
    const q = quorum(this.voters.length);
    if (yes >= q) return 'won';
    if (yes + (this.voters.length - yes - no) < q) return 'lost';
    return 'pending';
  }

  // ------------------------------------------------------------------ ticks

  /** One tick of the logical clock (one heartbeat interval). */
  tick(): void {
    if (this.state === 'StateLeader') this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.step(message({ type: 'MsgHup', from: this.id }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) this.step(message({ type: 'MsgCheckQuorum', from: this.id }));
    }
    if (this.state !== 'StateLeader') return;
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.step(message({ type: 'MsgBeat', from: this.id }));
    }
  }

  // ------------------------------------------------------------------ Step

  step(m: RaftMessage<D>): void {
    if (m.term > this.term) {
      if (m.type === 'MsgVote') {
        const inLease = this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTick;
        if (inLease) {
          // A member that heard from a leader within the election timeout keeps its term and vote.
          this.info(`[logterm: ${this.log.lastTerm()}, index: ${this.log.lastIndex()}, vote: ${this.vote || '0'}] ignored MsgVote from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${this.term}: lease is not expired (remaining ticks: ${this.cfg.electionTick - this.electionElapsed})`);
          return;
        }
      }
      this.info(`[term: ${this.term}] received a ${m.type} message with higher term from ${m.from} [term: ${m.term}]`);
      if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat') this.becomeFollower(m.term, m.from);
      else this.becomeFollower(m.term, NONE);
    } else if (m.term > 0 && m.term < this.term) {
      if (this.cfg.checkQuorum && (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')) {
        // Tell a leader that was cut off that there is a newer term, so that it steps down.
        this.send(message({ type: 'MsgAppResp', to: m.from }));
      } else {
        this.info(`[term: ${this.term}] ignored a ${m.type} message with lower term from ${m.from} [term: ${m.term}]`);
      }
      return;
    }

    switch (m.type) {
      case 'MsgHup':
        if (this.state === 'StateLeader') return;
        if (this.pendingConfChanges() > 0) {
          this.info(`cannot campaign at term ${this.term} since there are still pending configuration changes to apply`);
          return;
        }
        this.info(`is starting a new election at term ${this.term}`);
        this.campaign();
        return;
      case 'MsgVote': {
        const canVote = this.vote === m.from || (this.vote === NONE && this.lead === NONE);
        if (canVote && isUpToDate(this.log.lastIndex(), this.log.lastTerm(), m.index, m.logTerm)) {
          this.info(`[logterm: ${this.log.lastTerm()}, index: ${this.log.lastIndex()}, vote: ${this.vote || '0'}] cast MsgVote for ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${this.term}`);
          this.send(message({ type: 'MsgVoteResp', to: m.from, term: m.term }));
          this.electionElapsed = 0;
          this.vote = m.from;
        } else {
          this.info(`[logterm: ${this.log.lastTerm()}, index: ${this.log.lastIndex()}, vote: ${this.vote || '0'}] rejected MsgVote from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${this.term}`);
          this.send(message({ type: 'MsgVoteResp', to: m.from, term: this.term, reject: true }));
        }
        return;
      }
    }
    if (this.state === 'StateLeader') this.stepLeader(m);
    else if (this.state === 'StateCandidate') this.stepCandidate(m);
    else this.stepFollower(m);
  }

  private stepLeader(m: RaftMessage<D>): void {
    switch (m.type) {
      case 'MsgBeat':
        this.bcastHeartbeat();
        return;
      case 'MsgCheckQuorum': {
        (this.prs.get(this.id) as Progress).recentActive = true;
        let active = 0;
        for (const pr of this.prs.values()) if (pr.recentActive) active++;
        if (active < quorum(this.voters.length)) {
          this.info('stepped down to follower since quorum is not active');
          this.becomeFollower(this.term, NONE);
        }
        for (const [id, pr] of this.prs) if (id !== this.id) pr.recentActive = false;
        return;
      }
      case 'MsgProp':
        this.appendEntry(m.entries);
        this.bcastAppend();
        return;
      case 'MsgReadIndex':
        if (this.voters.length === 1) {
          this.readStates.push({ index: this.log.committed, context: m.entries[0]?.data as string });
          return;
        }
        // A leader that has not committed an entry of its term yet does not know the commit index.
        if (this.log.term(this.log.committed) !== this.term) return;
        this.readOnly.addRequest(this.log.committed, m);
        this.readOnly.recvAck(this.id, m.entries[0]?.data as string);
        this.bcastHeartbeatWithCtx(m.entries[0]?.data as string);
        return;
    }
    const pr = this.prs.get(m.from);
    if (!pr) return;
    switch (m.type) {
      case 'MsgAppResp':
        pr.recentActive = true;
        if (m.reject) {
          if (pr.maybeDecrTo(m.index, m.rejectHint)) {
            if (pr.state === 'StateReplicate') pr.becomeProbe();
            this.sendAppend(m.from);
          }
          return;
        }
        {
          const oldPaused = pr.isPaused();
          if (!pr.maybeUpdate(m.index)) return;
          if (pr.state === 'StateProbe') pr.becomeReplicate();
          else pr.freeInflightsTo(m.index);
          if (this.maybeCommit()) this.bcastAppend();
          else if (oldPaused) this.sendAppend(m.from);
          while (this.maybeSendAppend(m.from, false)) {
            // Send what else there is, as far as the window allows.
          }
        }
        return;
      case 'MsgHeartbeatResp': {
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state === 'StateReplicate' && pr.inflightFull) pr.freeFirstInflight();
        if (pr.match < this.log.lastIndex()) this.sendAppend(m.from);
        if (m.context === undefined) return;
        if (this.readOnly.recvAck(m.from, m.context).size < quorum(this.voters.length)) return;
        for (const rs of this.readOnly.advance(m.context)) {
          const ctx = rs.req.entries[0]?.data as string;
          if (rs.req.from === NONE || rs.req.from === this.id) this.readStates.push({ index: rs.index, context: ctx });
          else this.send(message<D>({ type: 'MsgReadIndexResp', to: rs.req.from, index: rs.index, entries: rs.req.entries as RaftEntry<D>[] }));
        }
        return;
      }
      case 'MsgUnreachable':
        if (pr.state === 'StateReplicate') pr.becomeProbe();
        return;
    }
  }

  private stepCandidate(m: RaftMessage<D>): void {
    switch (m.type) {
      case 'MsgProp':
        this.info(`no leader at term ${this.term}; dropping proposal`);
        return;
      case 'MsgApp':
        this.becomeFollower(m.term, m.from);
        this.handleAppendEntries(m);
        return;
      case 'MsgHeartbeat':
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case 'MsgVoteResp': {
        const res = this.poll(m.from, m.type, !m.reject);
        let yes = 0;
        for (const v of this.votes.values()) if (v) yes++;
        this.info(`has received ${yes} MsgVoteResp votes and ${this.votes.size - yes} vote rejections`);
        if (res === 'won') {
          this.becomeLeader();
          this.bcastAppend();
        } else if (res === 'lost') {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
    }
  }

  private stepFollower(m: RaftMessage<D>): void {
    switch (m.type) {
      case 'MsgProp':
        if (this.lead === NONE) {
          this.info(`no leader at term ${this.term}; dropping proposal`);
          return;
        }
        this.send({ ...m, to: this.lead });
        return;
      case 'MsgApp':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return;
      case 'MsgHeartbeat':
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case 'MsgReadIndex':
        if (this.lead === NONE) {
          this.info(`no leader at term ${this.term}; dropping index reading msg`);
          return;
        }
        this.send({ ...m, to: this.lead });
        return;
      case 'MsgReadIndexResp':
        if (m.entries.length !== 1) return;
        this.readStates.push({ index: m.index, context: m.entries[0]?.data as string });
        return;
    }
  }

  // ------------------------------------------------------------------ replication

  private handleAppendEntries(m: RaftMessage<D>): void {
    if (m.index < this.log.committed) {
      this.send(message({ type: 'MsgAppResp', to: m.from, index: this.log.committed }));
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) this.send(message({ type: 'MsgAppResp', to: m.from, index: lastNew }));
    else this.send(message({ type: 'MsgAppResp', to: m.from, index: m.index, reject: true, rejectHint: this.log.lastIndex() }));
  }

  private handleHeartbeat(m: RaftMessage<D>): void {
    this.log.commitTo(m.commit);
    this.send(message({ type: 'MsgHeartbeatResp', to: m.from, ...(m.context !== undefined ? { context: m.context } : {}) }));
  }

  private appendEntry(es: readonly RaftEntry<D>[]): void {
    let li = this.log.lastIndex();
    const ents = es.map((e) => ({ ...e, term: this.term, index: ++li }));
    const last = this.log.append(ents);
    (this.prs.get(this.id) as Progress).maybeUpdate(last);
    this.maybeCommit();
  }

  private maybeCommit(): boolean {
    const matches = this.voters.map((id) => (this.prs.get(id) as Progress).match);
    return this.log.maybeCommit(committedIndex(matches), this.term);
  }

  private sendAppend(to: string): void {
    this.maybeSendAppend(to, true);
  }

  private maybeSendAppend(to: string, sendIfEmpty: boolean): boolean {
    const pr = this.prs.get(to) as Progress;
    if (pr.isPaused()) return false;
    const ents = this.log.entriesFrom(pr.next, this.maxEntries);
    if (ents.length === 0 && !sendIfEmpty) return false;
    const m = message<D>({ type: 'MsgApp', to, index: pr.next - 1, logTerm: this.log.term(pr.next - 1) ?? 0, entries: ents, commit: this.log.committed });
    const last = ents[ents.length - 1];
    if (last) {
      if (pr.state === 'StateReplicate') {
        pr.optimisticUpdate(last.index);
        pr.addInflight(last.index);
      } else {
        pr.probeSent = true;
      }
    }
    this.send(m);
    return true;
  }

  private bcastAppend(): void {
    for (const id of this.voters) if (id !== this.id) this.sendAppend(id);
  }

  private bcastHeartbeat(): void {
    this.bcastHeartbeatWithCtx(this.readOnly.lastPendingRequestCtx());
  }

  private bcastHeartbeatWithCtx(ctx: string | undefined): void {
    for (const id of this.voters) {
      if (id === this.id) continue;
      const pr = this.prs.get(id) as Progress;
      // A follower must not be told to commit entries it may not have yet.
      const commit = Math.min(pr.match, this.log.committed);
      this.send(message({ type: 'MsgHeartbeat', to: id, commit, ...(ctx !== undefined ? { context: ctx } : {}) }));
    }
  }

  private send(m: RaftMessage<D>): void {
    const out = { ...m, from: this.id };
    // Proposals and ReadIndex requests are forwarded as local messages, without a term.
    if (m.type !== 'MsgVote' && m.type !== 'MsgVoteResp' && m.type !== 'MsgProp' && m.type !== 'MsgReadIndex') out.term = this.term;
    this.msgs.push(out);
  }

  /** Configuration changes committed but not applied yet: a member may not campaign meanwhile. */
  private pendingConfChanges(): number {
    if (this.log.committed <= this.log.applied) return 0;
    return this.log.slice(this.log.applied + 1, this.log.committed + 1).filter((e) => e.type === 'EntryConfChange').length;
  }

  private info(text: string): void {
    this.logs.push(`${this.id} ${text}`);
  }
}

/** raft's voter IDs sort as uint64s. */
function compareIds(a: string, b: string): number {
  const x = BigInt(`0x${a || '0'}`);
  const y = BigInt(`0x${b || '0'}`);
  return x < y ? -1 : x > y ? 1 : 0;
}
