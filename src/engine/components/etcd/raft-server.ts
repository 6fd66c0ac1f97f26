import type { Micros } from '../../../base/time.ts';
import type { Rng } from '../../../base/rng.ts';
import { ETCD_ERROR_CODES, ETCD_ERRORS } from '../../../domain/etcd/errors.ts';
import { electionTicks, proposalTimeoutError, requestTimeoutMicros } from '../../../domain/etcd/raft-rules.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { PeerTransport } from './peer-transport.ts';
import { RaftLog } from './raft/log.ts';
import { Raft } from './raft/raft.ts';
import { message, NONE, type RaftEntry, type RaftMessage, type ReadState, type StateType } from './raft/types.ts';
import type { RaftApp } from './raft-app.ts';

/**
 * Durations of a member of a multi-member cluster (µs): an fsync of the WAL before a follower
 * answers what it appended (or a voter its vote), and applying one entry to the store.
 */
export const RAFT_TIMING = { walFsync: 1_000, applyEntry: 200, read: 80 };

/** etcdserver.adjustTicks polls for peer connections every 50 ms for up to rafthttp.ConnReadTimeout. */
const ADJUST_TICKS_POLL: Micros = 50_000;
const ADJUST_TICKS_WAIT: Micros = 5_000_000;
/** etcd 3.4.23's linearizableReadLoop sends the ReadIndex request again every 500 ms. */
const READ_INDEX_RETRY: Micros = 500_000;
/** The lessor asks again to revoke a lease whose revoke did not go through after 3 s (lessor.go expiredLeaseRetryInterval). */
const LEASE_REVOKE_RETRY: Micros = 3_000_000;
/** The primary lessor looks for expired leases twice a second (lessor.go revokeExpiredLeases). */
const LEASE_CHECK_INTERVAL: Micros = 500_000;
/** Members are started within 50 ms of each other (systemd on three hosts, or a Procfile). */
const START_SKEW: Micros = 50_000;

/** What one raft entry carries (the InternalRaftRequest or v2 request etcd 3.4 marshals into it). */
export type EntryData =
  | { kind: 'request'; id: string; proposer: string; op: string; payload: Record<string, unknown> }
  | { kind: 'publish'; id: string; proposer: string; member: string; name: string; clientURLs: string[] }
  | { kind: 'clusterVersion'; id: string; proposer: string; version: string }
  | { kind: 'bootstrap'; key: string };

/** A proposal this member waits on (etcdserver's wait.Wait, keyed by the request ID). */
interface Proposal {
  data: Exclude<EntryData, { kind: 'bootstrap' }>;
  msg?: Delivery;
  start: Micros;
  /** Handed to raft; false while it waits for a leader (raft's node blocks Propose then). */
  accepted: boolean;
  timer?: ScheduledItem;
}

interface PendingRead {
  msg: Delivery;
  /** The client's own deadline, when it comes before the request timeout. */
  deadline?: ScheduledItem;
}

interface ReadRound {
  ctx: string;
  reads: PendingRead[];
  index?: number;
  cause: number;
  retry?: ScheduledItem;
  timeout?: ScheduledItem;
}

interface LeaseWait {
  msg: Delivery;
  timer: ScheduledItem;
}

/** A member of the cluster as its peers see it. */
export interface PeerInfo {
  actor: string;
  hex: string;
}

export interface RaftServerOptions {
  self: PeerInfo;
  members: readonly PeerInfo[];
  heartbeatMs: number;
  electionMs: number;
  rng: Rng;
  transport: PeerTransport;
  /** Another member's server, for the peer HTTP calls (lease forwarding, /version). */
  peer(actor: string): RaftServer | undefined;
}

/**
 * etcdserver for one member of a multi-member cluster (etcd 3.4 etcdserver/server.go, raft.go,
 * v3_server.go): the tick loop, the Ready loop (a follower's messages wait for the WAL fsync, the
 * leader sends at once), applying committed entries one by one, proposals and their waits with
 * the request timeout and parseProposeCtxErr, forwarding through raft (a follower's proposal is a
 * MsgProp to the leader), linearizable reads through ReadIndex, the leader's duties (lease expiry,
 * the initial cluster version) and the member's own publish at start.
 */
export class RaftServer {
  raft!: Raft<EntryData>;
  /** What survives a restart: the WAL's log and HardState, and how far the store has applied. */
  private readonly log = new RaftLog<EntryData>();
  private hard = { term: 1, vote: NONE };
  appliedIndex = 0;
  appliedTerm = 0;
  private running = false;
  private epoch = 0;
  private ticker: ScheduledItem | undefined;
  private readonly waits = new Map<string, Proposal>();
  private blocked: Proposal[] = [];
  private pendingReads: PendingRead[] = [];
  private round: ReadRound | undefined;
  private pendingLeases: LeaseWait[] = [];
  private applyQueue: { entry: RaftEntry<EntryData>; cause: number | undefined }[] = [];
  private applying = false;
  private prevLead = NONE;
  private prevState: StateType = 'StateFollower';
  private prevTerm = 0;
  private lastAppends = 0;
  private sendFloor = 0;
  private leadElectedAt: Micros | undefined;
  private clusterVersion: string | undefined;
  private versionCheck = false;
  private leaseTimer: ScheduledItem | undefined;
  private readonly revoking = new Map<string, Micros>();
  private readonly reqTimeout: Micros;
  private readonly tickInterval: Micros;
  private readonly electionTick: number;
  private readonly hexToActor = new Map<string, string>();
  /** Client URLs of the members whose publish this member has applied (the membership store). */
  private readonly published = new Map<string, string[]>();

  /** The peer connections this member uses (the faults cut them). */
  get transport(): PeerTransport {
    return this.opts.transport;
  }

  /** The member ID in hex, as raft's and rafthttp's log lines name it. */
  get hexId(): string {
    return this.opts.self.hex;
  }

  constructor(
    private readonly sim: Simulation,
    private readonly app: RaftApp,
    private readonly opts: RaftServerOptions,
  ) {
    this.reqTimeout = requestTimeoutMicros(opts.heartbeatMs, opts.electionMs);
    this.tickInterval = opts.heartbeatMs * 1_000;
    this.electionTick = electionTicks(opts.heartbeatMs, opts.electionMs);
    for (const m of opts.members) this.hexToActor.set(m.hex, m.actor);
    // raft.StartNode with the initial cluster: one ConfChangeAddNode per member, in term 1,
    // committed at once and applied by etcdserver before anything else.
    opts.members.forEach((_, i) => this.log.append([{ index: i + 1, term: 1, type: 'EntryConfChange', data: undefined }]));
    this.log.commitTo(opts.members.length);
    this.log.appliedTo(opts.members.length);
    this.appliedIndex = opts.members.length;
    this.appliedTerm = 1;
    opts.transport.register(app.id);
  }

  get isRunning(): boolean {
    return this.running;
  }

  get isLeader(): boolean {
    return this.running && this.raft.state === 'StateLeader';
  }

  /** The leader this member knows, as an actor id. */
  get leaderActor(): string | undefined {
    return this.running && this.raft.lead !== NONE ? this.hexToActor.get(this.raft.lead) : undefined;
  }

  /** The committed index as etcdserver reports it (what it has handed to apply). */
  get committedIndex(): number {
    return this.running ? this.raft.log.committed : this.log.committed;
  }

  // ------------------------------------------------------------------ process

  /** The member's process starts: raft from the WAL, the tick loop, peer connections, publish. */
  start(skewed = true): void {
    this.running = true;
    this.epoch++;
    this.opts.transport.started(this.app.id);
    this.log.applied = this.appliedIndex;
    this.raft = new Raft<EntryData>(
      { id: this.opts.self.hex, voters: this.opts.members.map((m) => m.hex), electionTick: this.electionTick, heartbeatTick: 1, checkQuorum: true, randInt: (n) => this.opts.rng.int(n) },
      { term: this.hard.term, vote: this.hard.vote, log: this.log },
    );
    this.prevLead = NONE;
    this.prevState = 'StateFollower';
    this.prevTerm = this.raft.term;
    this.lastAppends = this.log.appends;
    this.sendFloor = this.sim.now;
    this.flush(undefined);
    const skew = skewed ? this.opts.rng.int(START_SKEW) : 0;
    this.scheduleTick(skew + this.tickInterval);
    this.adjustTicks(skew);
    // publish: the member's attributes go through raft once it knows a leader (server.go publish).
    this.proposeInternal({ kind: 'publish', id: this.app.nextRequestId().toString(), proposer: this.app.id, member: this.opts.self.hex, name: this.app.config.name, clientURLs: this.app.config.advertiseClientURLs });
  }

  /** The member's process stops: what was in memory is gone, the WAL and the store stay. */
  stop(): void {
    if (!this.running) return;
    this.hard = { term: this.raft.term, vote: this.raft.vote };
    this.running = false;
    this.epoch++;
    this.opts.transport.stopped(this.app.id);
    const reads = [...this.pendingReads, ...(this.round?.reads ?? [])];
    for (const t of [this.ticker, this.leaseTimer, this.round?.retry, this.round?.timeout, ...[...this.waits.values()].map((w) => w.timer), ...this.pendingLeases.map((l) => l.timer), ...reads.map((r) => r.deadline)]) {
      if (t) this.sim.cancel(t);
    }
    this.ticker = undefined;
    this.leaseTimer = undefined;
    this.waits.clear();
    this.blocked = [];
    this.pendingReads = [];
    this.round = undefined;
    this.pendingLeases = [];
    this.applyQueue = [];
    this.applying = false;
    this.revoking.clear();
    this.versionCheck = false;
  }

  /** An entry of a cluster that exists at t = 0 (objects of the scenario), on every member. */
  bootstrapEntry(key: string): void {
    const index = this.log.lastIndex() + 1;
    this.log.append([{ index, term: this.log.lastTerm(), type: 'EntryNormal', data: { kind: 'bootstrap', key } }]);
    this.log.commitTo(index);
    this.log.appliedTo(index);
    this.appliedIndex = index;
    this.appliedTerm = this.log.lastTerm();
  }

  // ------------------------------------------------------------------ ticks

  private scheduleTick(delay: Micros): void {
    this.ticker = this.sim.after(
      delay,
      () => {
        this.raft.tick();
        this.flush(undefined);
        this.scheduleTick(this.tickInterval);
      },
      { background: true, label: 'etcd raft tick' },
    );
  }

  /**
   * server.go adjustTicks: once the peer connections are up, fast-forward the election clock
   * to two ticks before the election timeout, so that a new cluster elects its first leader
   * soon. A member that finds no more than one peer within 5 s does not advance.
   */
  private adjustTicks(skew: Micros): void {
    const epoch = this.epoch;
    const poll = (elapsed: Micros): void => {
      this.sim.after(
        ADJUST_TICKS_POLL,
        () => {
          if (epoch !== this.epoch) return;
          const peers = this.opts.transport.activePeers(this.app.id);
          if (peers > 1) {
            const ticks = this.electionTick - 2;
            this.logLine(`${this.opts.self.hex} initialized peer connection; fast-forwarding ${ticks} ticks (election ticks ${this.electionTick}) with ${peers} active peer(s)`, undefined, 'etcdserver');
            for (let i = 0; i < ticks; i++) this.raft.tick();
            this.flush(undefined);
            return;
          }
          if (elapsed + ADJUST_TICKS_POLL < ADJUST_TICKS_WAIT) poll(elapsed + ADJUST_TICKS_POLL);
        },
        { background: true, label: 'etcd adjustTicks' },
      );
    };
    this.sim.after(skew, () => epoch === this.epoch && poll(0), { background: true, label: 'etcd adjustTicks' });
  }

  // ------------------------------------------------------------------ the Ready loop

  /** Raft messages from a peer. */
  receiveRaft(m: RaftMessage<EntryData>, seq: number): void {
    if (!this.running) return;
    this.raft.step(m);
    this.flush(seq);
  }

  /**
   * Handles what raft produced (raft.Ready): log lines, role and leader changes, messages (a
   * follower sends only after the WAL has its new entries, term or vote: one fsync), committed
   * entries for the apply loop, and ReadIndex answers.
   */
  private flush(cause: number | undefined): void {
    const r = this.raft;
    for (const line of r.logs) this.logLine(line, cause, 'raft');
    r.logs = [];
    let c = cause;
    if (r.state !== this.prevState || (r.state === 'StateCandidate' && r.term !== this.prevTerm)) c = this.roleChanged(r.state, cause) ?? c;
    this.prevTerm = r.term;
    let unblock = false;
    if (r.lead !== this.prevLead) unblock = this.leadChanged(r.lead, c);
    const msgs = r.msgs;
    r.msgs = [];
    const mustSync = r.term !== this.hard.term || r.vote !== this.hard.vote || this.log.appends !== this.lastAppends;
    this.hard = { term: r.term, vote: r.vote };
    this.lastAppends = this.log.appends;
    if (msgs.length > 0) {
      if (r.state === 'StateLeader') this.sendAll(msgs, c);
      else {
        const at = Math.max(this.sim.now + (mustSync ? RAFT_TIMING.walFsync : 0), this.sendFloor);
        this.sendFloor = at;
        if (at === this.sim.now) this.sendAll(msgs, c);
        else {
          const epoch = this.epoch;
          this.sim.after(at - this.sim.now, () => epoch === this.epoch && this.sendAll(msgs, c), { label: 'etcd raft Ready' });
        }
      }
    }
    const ents = r.log.nextEnts();
    const last = ents[ents.length - 1];
    if (last) {
      r.log.appliedTo(last.index);
      for (const entry of ents) this.applyQueue.push({ entry, cause: c });
      this.pumpApply();
    }
    const states = r.readStates;
    r.readStates = [];
    for (const rs of states) this.onReadState(rs, c ?? 0);
    if (unblock) {
      const blocked = this.blocked;
      this.blocked = [];
      for (const p of blocked) this.submit(p, c);
    }
  }

  private sendAll(msgs: RaftMessage<EntryData>[], cause: number | undefined): void {
    for (const m of msgs) {
      const to = this.hexToActor.get(m.to);
      if (!to) continue;
      // A heartbeat that carries no ReadIndex request keeps the cluster alive but is no work.
      const background = (m.type === 'MsgHeartbeat' || m.type === 'MsgHeartbeatResp') && m.context === undefined;
      const sent = this.opts.transport.send(this.app.id, to, m.type, { attrs: raftAttrs(m), ...(cause !== undefined ? { cause } : {}), background }, (seq) => this.opts.peer(to)?.receiveRaft(m, seq));
      // rafthttp reports a peer it cannot reach, and the leader goes back to probing it.
      if (sent === undefined && m.type === 'MsgApp' && this.running) this.raft.step(message({ type: 'MsgUnreachable', from: m.to }));
    }
  }

  private roleChanged(state: StateType, cause: number | undefined): number | undefined {
    this.prevState = state;
    const event = state === 'StateCandidate' ? 'CAMPAIGN' : state === 'StateLeader' ? 'ELECTED' : 'STEP_DOWN';
    const moved = this.app.member.send({ type: event }, cause);
    if (state !== 'StateLeader') this.demote();
    return moved ? this.app.member.stateSeq : undefined;
  }

  /** node.go's "elected leader" / "lost leader" / "changed leader", and what etcdserver does then. */
  private leadChanged(lead: string, cause: number | undefined): boolean {
    const prev = this.prevLead;
    this.prevLead = lead;
    const term = this.raft.term;
    const self = this.opts.self.hex;
    if (lead === NONE) this.logLine(`raft.node: ${self} lost leader ${prev} at term ${term}`, cause, 'raft');
    else if (prev === NONE) this.logLine(`raft.node: ${self} elected leader ${lead} at term ${term}`, cause, 'raft');
    else this.logLine(`raft.node: ${self} changed leader from ${prev} to ${lead} at term ${term}`, cause, 'raft');
    if (lead === NONE) return false;
    if (lead === self) this.leadElectedAt = this.sim.now;
    // A new leader fails the ReadIndex round in progress (etcdserver.ErrLeaderChanged).
    if (this.round) this.failRound('leaderChanged');
    const waiting = this.pendingLeases;
    this.pendingLeases = [];
    for (const l of waiting) {
      this.sim.cancel(l.timer);
      this.lease(l.msg);
    }
    return this.blocked.length > 0;
  }

  // ------------------------------------------------------------------ apply

  private pumpApply(): void {
    if (this.applying) return;
    const next = this.applyQueue.shift();
    if (!next) return;
    this.applying = true;
    const epoch = this.epoch;
    const dur = RAFT_TIMING.applyEntry;
    const leader = this.raft.state === 'StateLeader';
    if (leader) this.app.member.send({ type: 'APPLY' }, next.cause);
    this.applyEntry(next.entry, next.cause, dur);
    this.sim.after(dur, () => {
      if (epoch !== this.epoch) return;
      this.applying = false;
      if (leader) this.app.member.send({ type: 'APPLIED' });
      this.tryServeReads();
      this.pumpApply();
    }, { label: 'etcd apply' });
  }

  private applyEntry(e: RaftEntry<EntryData>, cause: number | undefined, dur: Micros): void {
    this.appliedIndex = e.index;
    this.appliedTerm = e.term;
    const d = e.data;
    const attrs: Record<string, unknown> = { index: e.index, term: e.term };
    if (e.type === 'EntryConfChange') {
      this.span('applyConfChange', cause, dur, attrs);
      return;
    }
    if (d === undefined) {
      this.span('applyEntryNormal', cause, dur, { ...attrs, entry: 'empty' });
      // A leader that applies its empty entry takes over the leases and checks the cluster version.
      if (this.raft.state === 'StateLeader') {
        this.app.lessor.promote(this.sim.now, this.opts.electionMs * 1_000);
        this.scheduleLeaseCheck();
        if (this.clusterVersion === undefined) this.checkVersions();
      }
      return;
    }
    if (d.kind === 'bootstrap') return;
    if (d.kind === 'publish') {
      const seq = this.span('applyEntryNormal', cause, dur, { ...attrs, request: `PUT /0/members/${d.member}/attributes` });
      this.published.set(d.member, d.clientURLs);
      this.settleInternal(d.id);
      if (d.proposer === this.app.id) this.logLine(`published {Name:${d.name} ClientURLs:[${d.clientURLs.join(' ')}]} to cluster ${this.app.clusterHex}`, seq, 'etcdserver');
      return;
    }
    if (d.kind === 'clusterVersion') {
      const seq = this.span('applyEntryNormal', cause, dur, { ...attrs, request: 'PUT /0/version' });
      this.settleInternal(d.id);
      if (this.clusterVersion === undefined) this.logLine(`set the initial cluster version to ${d.version.split('.').slice(0, 2).join('.')}`, seq, 'etcdserver/membership');
      this.clusterVersion = d.version;
      return;
    }
    const seq = this.span('applyEntryNormal', cause, dur, { ...attrs, request: d.op });
    const wait = this.waits.get(d.id);
    const out = this.app.applyRequest(d.op, d.payload, seq, dur, d.proposer === this.app.id);
    if (d.op === 'LeaseRevoke' && d.payload.expired) this.revoking.delete(String(d.payload.id));
    if (d.op === 'LeaseGrant') this.scheduleLeaseCheck();
    if (!wait) return;
    this.waits.delete(d.id);
    if (wait.timer) this.sim.cancel(wait.timer);
    if (wait.msg) this.app.respond(wait.msg, out.reply, out.lastSeq, dur);
  }

  private span(op: string, cause: number | undefined, dur: Micros, attrs: Record<string, unknown>): number {
    return this.sim.recorder.record({ kind: 'span', actor: this.app.id, op, dur, ...(cause !== undefined ? { cause } : {}), attrs });
  }

  private logLine(message: string, cause: number | undefined, logger: string): number {
    return this.sim.recorder.record({ kind: 'log', actor: this.app.id, op: 'log', ...(cause !== undefined ? { cause } : {}), attrs: { message, logger } });
  }

  // ------------------------------------------------------------------ proposals

  /** A client's write (v3_server.go processInternalRaftRequestOnce): a request ID, a wait, a deadline. */
  propose(msg: Delivery): void {
    const p = msg.payload as Record<string, unknown>;
    // LeaseGrant draws the lease ID before the proposal's own ID (v3_server.go LeaseGrant).
    const payload = msg.op === 'LeaseGrant' ? { ...p, id: this.app.nextLeaseId().toString(16) } : p;
    const prop: Proposal = { data: { kind: 'request', id: this.app.nextRequestId().toString(), proposer: this.app.id, op: msg.op, payload }, msg, start: this.sim.now, accepted: false };
    prop.timer = this.sim.after(this.deadline(msg), () => this.timedOut(prop), { label: 'etcd request timeout' });
    this.waits.set(prop.data.id, prop);
    this.submitOrBlock(prop, msg.seq);
  }

  /** A proposal of the server itself (publish, cluster version, an expired lease's revoke). */
  private proposeInternal(data: Proposal['data']): void {
    const prop: Proposal = { data, start: this.sim.now, accepted: false };
    // publish retries until it goes through (server.go publish); the retry is not client work.
    if (data.kind !== 'request') prop.timer = this.sim.after(this.reqTimeout, () => this.retryInternal(prop), { background: true, label: 'etcd publish retry' });
    this.waits.set(data.id, prop);
    this.submitOrBlock(prop, undefined);
  }

  private submitOrBlock(prop: Proposal, cause: number | undefined): void {
    // raft's node takes proposals only while it knows a leader; until then Propose blocks.
    if (this.raft.lead === NONE) this.blocked.push(prop);
    else this.submit(prop, cause);
  }

  private submit(prop: Proposal, cause: number | undefined): void {
    if (!this.waits.has(prop.data.id)) return;
    prop.accepted = true;
    this.raft.step(message({ type: 'MsgProp', entries: [{ index: 0, term: 0, type: 'EntryNormal', data: prop.data }] }));
    this.flush(cause);
  }

  private timedOut(prop: Proposal): void {
    if (!this.waits.delete(prop.data.id)) return;
    this.blocked = this.blocked.filter((p) => p !== prop);
    // A proposal raft never took ends with the bare context error; one it took with
    // parseProposeCtxErr's verdict.
    const key = prop.accepted ? this.timeoutVerdict(prop.start) : 'proposalDeadline';
    const seq = this.span(prop.msg?.op ?? 'Propose', prop.msg?.seq, 0, { error: ETCD_ERRORS[key], timeout: this.reqTimeout });
    if (prop.msg) this.app.respond(prop.msg, { error: ETCD_ERRORS[key], code: ETCD_ERROR_CODES[key] }, seq, 0);
  }

  /**
   * How long the server works on a request: the request timeout, or the client's deadline when
   * that comes first (the gRPC context carries it into processInternalRaftRequestOnce).
   */
  private deadline(msg: Delivery): Micros {
    const client = Number((msg.payload as { grpcTimeout?: number } | undefined)?.grpcTimeout);
    return Number.isFinite(client) && client > 0 ? Math.min(this.reqTimeout, client) : this.reqTimeout;
  }

  private timeoutVerdict(start: Micros): keyof typeof ETCD_ERRORS {
    return proposalTimeoutError({
      start,
      leadElectedAt: this.leadElectedAt,
      electionTimeout: this.opts.electionMs * 1_000,
      lead: this.raft.lead === NONE ? undefined : this.raft.lead,
      self: this.opts.self.hex,
      members: this.opts.members.map((m) => m.hex),
      activeSince: (hex) => this.opts.transport.activeSince(this.app.id, this.hexToActor.get(hex) as string),
    });
  }

  private retryInternal(prop: Proposal): void {
    if (!this.waits.delete(prop.data.id)) return;
    this.blocked = this.blocked.filter((p) => p !== prop);
    this.proposeInternal({ ...prop.data, id: this.app.nextRequestId().toString() });
  }

  private settleInternal(id: string): void {
    const w = this.waits.get(id);
    if (!w) return;
    this.waits.delete(id);
    if (w.timer) this.sim.cancel(w.timer);
  }

  // ------------------------------------------------------------------ linearizable reads

  /** A read (Range, a Txn of reads): served locally once a ReadIndex round says it may be. */
  read(msg: Delivery): void {
    const read: PendingRead = { msg };
    const deadline = this.deadline(msg);
    // A client that gives up before the read loop does leaves (linearizableReadNotify's ctx.Done()).
    if (deadline < this.reqTimeout) read.deadline = this.sim.after(deadline, () => this.abandon(read), { label: 'etcd read deadline' });
    this.pendingReads.push(read);
    if (!this.round) this.startRound(msg.seq);
  }

  private abandon(read: PendingRead): void {
    this.pendingReads = this.pendingReads.filter((r) => r !== read);
    if (this.round) this.round.reads = this.round.reads.filter((r) => r !== read);
  }

  /**
   * One turn of linearizableReadLoop: every read waiting now shares one ReadIndex request,
   * whose context is a fresh request ID.
   */
  private startRound(cause: number): void {
    const round: ReadRound = { ctx: this.app.nextRequestId().toString(), reads: this.pendingReads, cause };
    this.pendingReads = [];
    this.round = round;
    round.timeout = this.sim.after(this.reqTimeout, () => this.round === round && this.failRound('requestTimedOut'), { label: 'etcd read index timeout' });
    this.sendReadIndex(round);
  }

  private sendReadIndex(round: ReadRound): void {
    this.raft.step(message({ type: 'MsgReadIndex', entries: [{ index: 0, term: 0, type: 'EntryNormal', data: round.ctx as unknown as EntryData }] }));
    this.flush(round.cause);
    if (this.round !== round || round.index !== undefined) return;
    round.retry = this.sim.after(READ_INDEX_RETRY, () => {
      if (this.round === round && round.index === undefined) this.sendReadIndex(round);
    }, { background: true, label: 'etcd read index retry' });
  }

  private onReadState(rs: ReadState, cause: number): void {
    const round = this.round;
    if (!round || rs.context !== round.ctx) return;
    round.index = rs.index;
    round.cause = cause;
    this.tryServeReads();
  }

  private tryServeReads(): void {
    const round = this.round;
    if (!round || round.index === undefined || this.appliedIndex < round.index) return;
    this.endRound(round);
    for (const { msg } of round.reads) {
      const out = this.app.serveRead(msg, round.cause, RAFT_TIMING.read);
      this.app.respond(msg, out.reply, out.lastSeq, RAFT_TIMING.read);
    }
    if (this.pendingReads.length > 0) this.startRound(round.cause);
  }

  private failRound(key: 'requestTimedOut' | 'leaderChanged'): void {
    const round = this.round as ReadRound;
    this.endRound(round);
    for (const { msg } of round.reads) {
      const seq = this.span(msg.op, msg.seq, 0, { error: ETCD_ERRORS[key] });
      this.app.respond(msg, { error: ETCD_ERRORS[key], code: ETCD_ERROR_CODES[key] }, seq, 0);
    }
    if (this.pendingReads.length > 0) this.startRound(round.cause);
  }

  private endRound(round: ReadRound): void {
    if (round.retry) this.sim.cancel(round.retry);
    if (round.timeout) this.sim.cancel(round.timeout);
    for (const r of round.reads) if (r.deadline) this.sim.cancel(r.deadline);
    this.round = undefined;
  }

  // ------------------------------------------------------------------ leases

  /**
   * LeaseKeepAlive and LeaseTimeToLive: the primary lessor (the leader) answers; a follower
   * forwards over peer HTTP (leasehttp: POST /leases, POST /leases/internal); a member without
   * a leader waits for one until the request timeout, then fails with "no leader"
   * (v3_server.go LeaseRenew, LeaseTimeToLive, waitLeader).
   */
  lease(msg: Delivery): void {
    if (this.isLeader) {
      const out = this.app.applyRequest(msg.op, msg.payload as Record<string, unknown>, msg.seq, RAFT_TIMING.read, true);
      this.app.respond(msg, out.reply, out.lastSeq, RAFT_TIMING.read);
      return;
    }
    const leader = this.leaderActor;
    if (leader === undefined) {
      const timer = this.sim.after(this.deadline(msg), () => {
        this.pendingLeases = this.pendingLeases.filter((l) => l.msg !== msg);
        const seq = this.span(msg.op, msg.seq, 0, { error: ETCD_ERRORS.noLeader });
        this.app.respond(msg, { error: ETCD_ERRORS.noLeader, code: ETCD_ERROR_CODES.noLeader }, seq, 0);
      }, { label: 'etcd waitLeader' });
      this.pendingLeases.push({ msg, timer });
      return;
    }
    const path = msg.op === 'LeaseKeepAlive' ? 'POST /leases' : 'POST /leases/internal';
    const p = msg.payload as Record<string, unknown>;
    this.opts.transport.send(this.app.id, leader, path, { attrs: { id: p.id }, cause: msg.seq }, (seq) => this.opts.peer(leader)?.leaseForwarded(this.app.id, msg, seq));
  }

  /** The leader's leasehttp handler; the answer goes back to the member that asked. */
  leaseForwarded(from: string, msg: Delivery, seq: number): void {
    if (!this.running) return;
    const out = this.isLeader
      ? this.app.applyRequest(msg.op, msg.payload as Record<string, unknown>, seq, RAFT_TIMING.read, true)
      : { reply: { error: 'lease: not primary', code: 'Unavailable' }, lastSeq: seq };
    const status = 'error' in out.reply ? '500 Internal Server Error' : '200 OK';
    this.sim.after(RAFT_TIMING.read, () => {
      this.opts.transport.send(this.app.id, from, status, { attrs: {}, cause: out.lastSeq }, (s) => this.opts.peer(from)?.leaseAnswered(msg, out.reply, s));
    });
  }

  private leaseAnswered(msg: Delivery, reply: Record<string, unknown>, seq: number): void {
    if (!this.running) return;
    if ('error' in reply) {
      this.lease(msg);
      return;
    }
    // The answer carries the leader's header; the client gets this member's.
    this.app.respond(msg, { ...reply, header: this.app.header() }, seq, 0);
  }

  /** The primary lessor's expiry loop: expired leases are revoked through raft. */
  private scheduleLeaseCheck(): void {
    if (this.leaseTimer || !this.isLeader || this.app.lessor.count === 0) return;
    const epoch = this.epoch;
    const next = (Math.floor(this.sim.now / LEASE_CHECK_INTERVAL) + 1) * LEASE_CHECK_INTERVAL;
    this.leaseTimer = this.sim.after(next - this.sim.now, () => {
      this.leaseTimer = undefined;
      if (epoch !== this.epoch || !this.isLeader) return;
      for (const lease of this.app.lessor.expired(this.sim.now)) {
        const retryAt = this.revoking.get(lease.id);
        if (retryAt !== undefined && retryAt > this.sim.now) continue;
        this.revoking.set(lease.id, this.sim.now + LEASE_REVOKE_RETRY);
        this.proposeInternal({ kind: 'request', id: this.app.nextRequestId().toString(), proposer: this.app.id, op: 'LeaseRevoke', payload: { id: lease.id, expired: true } });
      }
      this.scheduleLeaseCheck();
    }, { background: true, label: 'etcd lease expiry check' });
  }

  /** A member that is no longer the leader stops expiring leases (lessor.go Demote). */
  private demote(): void {
    if (this.leaseTimer) this.sim.cancel(this.leaseTimer);
    this.leaseTimer = undefined;
    this.revoking.clear();
  }

  // ------------------------------------------------------------------ cluster version

  /**
   * monitorVersions on the leader, woken by its empty entry: it asks every peer for its version
   * (peer HTTP GET /version) and sets the initial cluster version through raft; a peer that
   * cannot be reached leaves it at the minimum, 3.0.
   */
  private checkVersions(): void {
    if (this.versionCheck) return;
    this.versionCheck = true;
    const epoch = this.epoch;
    const peers = this.opts.members.filter((m) => m.actor !== this.app.id);
    let answers = 0;
    let unreachable = 0;
    const done = (): void => {
      if (epoch !== this.epoch || answers + unreachable < peers.length || !this.isLeader) return;
      const version = unreachable > 0 ? '3.0.0' : `${this.app.version.split('.').slice(0, 2).join('.')}.0`;
      this.proposeInternal({ kind: 'clusterVersion', id: this.app.nextRequestId().toString(), proposer: this.app.id, version });
    };
    for (const p of peers) {
      const asked = this.opts.transport.send(this.app.id, p.actor, 'GET /version', { attrs: {} }, (seq) => {
        const answered = this.opts.transport.send(p.actor, this.app.id, '200 OK', { attrs: { etcdserver: this.app.version, etcdcluster: 'not_decided' }, cause: seq }, () => {
          answers++;
          done();
        });
        if (answered === undefined) unreachable++;
      });
      if (asked === undefined) unreachable++;
    }
    done();
  }

  // ------------------------------------------------------------------ status

  /** The client URLs member `hex` published, as this member's membership has them (none before its publish is applied). */
  publishedClientURLs(hex: string): readonly string[] | undefined {
    return this.published.get(hex);
  }

  /** Maintenance.Status as this member answers it (maintenance.go Status). */
  status(): { leader: string; raftIndex: number; raftTerm: number; raftAppliedIndex: number; errors: string[] } {
    const lead = this.running ? this.raft.lead : NONE;
    return {
      leader: lead === NONE ? '0' : BigInt(`0x${lead}`).toString(),
      raftIndex: this.committedIndex,
      raftTerm: this.appliedTerm,
      raftAppliedIndex: this.appliedIndex,
      errors: lead === NONE ? [ETCD_ERRORS.noLeader] : [],
    };
  }
}

/** raftpb.Message's fields in the trace, as raft's own debug output names them. */
function raftAttrs(m: RaftMessage<EntryData>): Record<string, unknown> {
  const a: Record<string, unknown> = { term: m.term };
  switch (m.type) {
    case 'MsgVote':
      return { ...a, logTerm: m.logTerm, index: m.index };
    case 'MsgVoteResp':
      return { ...a, reject: m.reject };
    case 'MsgApp':
      return { ...a, logTerm: m.logTerm, index: m.index, commit: m.commit, entries: m.entries.length, ...(m.entries.length > 0 ? { lastIndex: (m.entries[m.entries.length - 1] as RaftEntry<EntryData>).index } : {}) };
    case 'MsgAppResp':
      return { ...a, index: m.index, reject: m.reject, ...(m.reject ? { rejectHint: m.rejectHint } : {}) };
    case 'MsgHeartbeat':
      return { ...a, commit: m.commit, ...(m.context !== undefined ? { context: m.context } : {}) };
    case 'MsgHeartbeatResp':
      return m.context !== undefined ? { ...a, context: m.context } : a;
    case 'MsgProp':
      return { entries: m.entries.length };
    case 'MsgReadIndex':
      return { context: m.entries[0]?.data };
    case 'MsgReadIndexResp':
      return { ...a, index: m.index, context: m.entries[0]?.data };
    default:
      return a;
  }
}
