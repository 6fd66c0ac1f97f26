import type { Micros } from '../../../base/time.ts';
import { EtcdError } from '../../../domain/etcd/errors.ts';
import { minLeaseTTL } from '../../../domain/etcd/errors.ts';
import { clusterId, hexId, memberId, RequestIdGenerator } from '../../../domain/etcd/ids.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { EtcdFlags } from '../../scenario/types.ts';
import { etcdMemberMachine } from './etcd.machine.ts';
import { Lessor } from './lessor.ts';
import type { ApplyOutcome, RaftApp } from './raft-app.ts';
import { RaftServer, type RaftServerOptions } from './raft-server.ts';
import { selfElectionLog } from './self-election.ts';
import { checkTxnRequest, MvccStore, type DeleteRangeRequest, type KeyValue, type MvccEvent, type PutRequest, type RangeRequest, type TxnRequest } from './mvcc.ts';
import { WatchHub, type WatchCreateRequest } from './watch-hub.ts';

export type { WatchCreateRequest } from './watch-hub.ts';

/** Durations of etcd work (µs): a write waits for the WAL fsync, a read does not. */
export const ETCD_TIMING = { writeApply: 1_200, readApply: 80 };

/**
 * The flags of `etcd` that decide what a member reports (--name, --initial-advertise-peer-urls,
 * --advertise-client-urls, --initial-cluster-token, --heartbeat-interval, --election-timeout):
 * the scenario's cluster.etcd, without the member count.
 */
export type EtcdConfig = Omit<EtcdFlags, 'members'>;

/** How a member of a multi-member cluster is wired to the others (see etcd-cluster.ts). */
export interface MemberWiring extends Omit<RaftServerOptions, 'heartbeatMs' | 'electionMs'> {
  clusterId: bigint;
}

/**
 * The version the simulated etcd reports. The command surface and its texts are etcd 3.4's,
 * checked against Debian's etcd 3.4.23 by tests/real/etcd-differential.test.ts; the MVCC,
 * watch and lease rules it models did not change in 3.5 and 3.6.
 */
export const ETCD_VERSION = '3.4.23';

export function defaultEtcdConfig(host: string): EtcdConfig {
  // kubeadm names the member after the control-plane host and advertises its address.
  return {
    name: host,
    initialAdvertisePeerURLs: [`https://${host}:2380`],
    advertiseClientURLs: [`https://${host}:2379`],
    initialClusterToken: 'etcd-cluster',
    heartbeatIntervalMs: 100,
    electionTimeoutMs: 1000,
  };
}

/** One member of Cluster.MemberList (etcdserverpb.Member); the ID as a decimal string. */
export interface MemberInfo {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** The response header every etcd reply carries; the 64-bit IDs as decimal strings. */
export interface ResponseHeader {
  clusterId: string;
  memberId: string;
  revision: number;
  raftTerm: number;
}

export type EtcdReply = { error: string; code: string } | Record<string, unknown>;

/**
 * Raft entries written while a single-member cluster starts (etcd 3.4): the ConfChange adding
 * the member, the new leader's empty entry, the published member attributes and the cluster
 * version. The first client write is raft index 5, in term 2, as a real etcd reports.
 */
const BOOTSTRAP_RAFT_ENTRIES = 4;
const BOOTSTRAP_RAFT_TERM = 2;
/** The leader looks for expired leases every 500 ms (lessor.go revokeExpiredLeases). */
const LEASE_CHECK_INTERVAL: Micros = 500_000;
/** bbolt's file after `etcd` creates it: 5 pages of 4 KiB, of which 4 in use. */
const BBOLT_INITIAL_SIZE = 20_480;
const BBOLT_INITIAL_IN_USE = 16_384;

/**
 * One etcd member, etcd/etcd-<i>. It serves the KV, Lease, Watch and Maintenance RPCs, as
 * kube-apiserver and etcdctl call them, over the simulated network. Every write is one raft
 * entry and, when it changes something, one revision: a `Txn` span with a `Put` or
 * `DeleteRange` span per key (carrying the revisions), then the response, then a
 * `WatchResponse` to each watcher of the keys.
 *
 * Alone (the default), the member is its own leader and applies each request as it comes: the
 * fast path, with no raft messages at all. In a cluster of several members (`wiring`), a
 * RaftServer runs etcdserver and raft: writes are proposed and applied after a quorum has them,
 * reads go through ReadIndex, and the member may be stopped and started again.
 */
export class Etcd implements Actor, RaftApp {
  readonly store: MvccStore;
  readonly lessor: Lessor;
  readonly config: EtcdConfig;
  readonly memberId: bigint;
  readonly clusterId: bigint;
  readonly member: MachineInstance<typeof etcdMemberMachine>;
  readonly version = ETCD_VERSION;
  /** etcdserver and raft, for a member of a multi-member cluster. */
  readonly server: RaftServer | undefined;
  private readonly watches: WatchHub;
  private ids: RequestIdGenerator;
  private busyUntil = 0;
  private raftIndex = BOOTSTRAP_RAFT_ENTRIES;
  private raftTerm = BOOTSTRAP_RAFT_TERM;
  private leaseCheck: ReturnType<Simulation['after']> | undefined;
  private running = true;
  /** While set, applying a request records no spans (a member that did not propose the entry). */
  private quiet = false;
  /** The other members, for bootstrap objects (set by etcd-cluster.ts). */
  peers: Etcd[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
    config?: Partial<EtcdConfig>,
    wiring?: MemberWiring,
  ) {
    this.config = { ...defaultEtcdConfig(host), ...config };
    this.memberId = memberId(this.config.initialAdvertisePeerURLs, this.config.initialClusterToken);
    this.clusterId = wiring ? wiring.clusterId : clusterId([this.memberId]);
    this.lessor = new Lessor(minLeaseTTL(this.config.heartbeatIntervalMs, this.config.electionTimeoutMs));
    this.store = new MvccStore(this.lessor);
    this.ids = new RequestIdGenerator(this.memberId, Date.parse(sim.timeOrigin) + sim.now / 1000);
    this.watches = new WatchHub(sim, id, this.store, () => this.header());
    this.member = sim.startMachine(etcdMemberMachine, { actor: id, machine: 'etcd-member' });
    if (wiring) this.server = new RaftServer(sim, this, { ...wiring, heartbeatMs: this.config.heartbeatIntervalMs, electionMs: this.config.electionTimeoutMs });
    else this.electSelf(BOOTSTRAP_RAFT_TERM - 1);
  }

  header(): ResponseHeader {
    // raft_term is the term of the last entry the member applied (etcdserver's s.r.term).
    const raftTerm = this.server ? this.server.appliedTerm : this.raftTerm;
    return { clusterId: this.clusterId.toString(), memberId: this.memberId.toString(), revision: this.store.currentRevision, raftTerm };
  }

  get clusterHex(): string {
    return hexId(this.clusterId);
  }

  get isRunning(): boolean {
    return this.running;
  }

  nextRequestId(): bigint {
    return this.ids.next();
  }

  nextLeaseId(): bigint {
    return this.ids.nextLeaseId();
  }

  // ---------------------------------------------------------------- the process

  /**
   * The member's process is killed: clients' connections and watches break, what was in memory
   * is lost; the WAL and the store stay on disk. No leadership transfer (that would be a
   * graceful stop, SIGTERM, which etcd 3.4 handles with TransferLeadership first).
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.server?.stop();
    this.watches.clear();
    if (this.leaseCheck) this.sim.cancel(this.leaseCheck);
    this.leaseCheck = undefined;
    this.busyUntil = 0;
    this.member.send({ type: 'STOP' });
  }

  /**
   * The member's process starts again from its data directory. A new request ID generator
   * (it is seeded with the start time). Alone, the member elects itself in the next term and
   * writes its empty entry and its published attributes (two raft entries), as a restarted
   * single-member etcd does.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.ids = new RequestIdGenerator(this.memberId, Date.parse(this.sim.timeOrigin) + this.sim.now / 1000);
    this.member.send({ type: 'START' });
    if (this.server) {
      this.server.start(false);
      return;
    }
    this.raftIndex += 2;
    this.electSelf(this.raftTerm);
    this.scheduleLeaseCheck();
  }

  /**
   * A lone member campaigns and wins the term after `fromTerm` at once. It records raft's log
   * lines around its ELECTED step, as the raft path records them for a member of a cluster
   * (raft lines, then the role's state event, then node.go's "elected leader" under it): they
   * carry the term and the leader to the trace (self-election.ts).
   */
  private electSelf(fromTerm: number): void {
    const log = selfElectionLog(hexId(this.memberId), fromTerm);
    for (const line of log.campaign) this.raftLog(line, undefined);
    this.raftTerm = log.term;
    this.member.send({ type: 'ELECTED' });
    this.raftLog(log.elected, this.member.stateSeq);
  }

  private raftLog(message: string, cause: number | undefined): void {
    this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', ...(cause ? { cause } : {}), attrs: { message, logger: 'raft' } });
  }

  receive(msg: Delivery): void {
    // A stopped member has no socket: what is sent to it is lost, and its clients time out.
    if (!this.running) return;
    switch (msg.op) {
      case 'Watch':
        this.watches.create(msg as Delivery<WatchCreateRequest>);
        return;
      case 'WatchCancel':
        this.watches.cancel(msg as Delivery<{ watchId: number }>);
        return;
      case 'Txn':
      case 'Range':
      case 'Put':
      case 'DeleteRange':
      case 'Compact':
      case 'LeaseGrant':
      case 'LeaseRevoke':
      case 'LeaseTimeToLive':
      case 'LeaseKeepAlive':
      case 'Status':
      case 'MemberList':
        if (this.server) this.serve(msg, this.server);
        else this.enqueue(msg);
        return;
      default:
        this.sim.network.send(this.id, msg.from, `${msg.op}Response`, { replyTo: msg.id, cause: msg.seq, payload: { error: `unknown method ${msg.op}`, code: 'Unimplemented' } });
    }
  }

  /** Preloads objects at t = 0 (a cluster that already exists), in one revision each, on every member. */
  bootstrapPut(key: string, value: unknown): KeyValue {
    for (const peer of this.peers) {
      peer.store.put({ key, value });
      peer.server?.bootstrapEntry(key);
    }
    this.server?.bootstrapEntry(key);
    const { response } = this.store.put({ key, value });
    this.raftIndex++;
    this.ids.next();
    const kv = this.store.get(key) as KeyValue;
    this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Put', dur: 0, attrs: { ...kvSummary(kv), revision: response.header.revision, bootstrap: true } });
    return kv;
  }

  // ---------------------------------------------------------------- a member of a cluster

  /**
   * etcdserver's handling of a client request in a multi-member cluster (v3_server.go): a
   * malformed request is refused at once; Status is answered locally; writes are proposed;
   * reads wait for ReadIndex; lease keep-alives and time-to-live go to the primary lessor.
   */
  private serve(msg: Delivery, server: RaftServer): void {
    try {
      precheck(msg);
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      const dur = ETCD_TIMING.readApply;
      this.respond(msg, { error: err.message, code: err.code }, this.span(msg.op, msg.seq, dur, { error: err.message }), dur);
      return;
    }
    if (msg.op === 'Status' || msg.op === 'MemberList') {
      // Both are answered from this member's own state, without raft (maintenance.go Status;
      // in 3.4 MemberList has no linearizable option yet, v3rpc/member.go).
      const dur = ETCD_TIMING.readApply;
      const out = this.execute(msg.op, {}, msg.seq, dur);
      this.respond(msg, out.reply, out.lastSeq, dur);
    } else if (msg.op === 'LeaseKeepAlive' || msg.op === 'LeaseTimeToLive') server.lease(msg);
    else if (isWrite(msg)) server.propose(msg);
    else server.read(msg);
  }

  /** RaftApp: a committed entry's request, applied to this member's store. */
  applyRequest(op: string, payload: Record<string, unknown>, cause: number, dur: Micros, detail: boolean): ApplyOutcome {
    this.quiet = !detail;
    try {
      const out = this.execute(op, payload, cause, dur);
      const lastSeq = detail ? out.lastSeq : cause;
      if (out.events.length > 0) this.watches.notify(out.events, this.store.currentRevision, lastSeq);
      return { reply: out.reply, lastSeq };
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      const lastSeq = detail ? this.rec({ kind: 'span', actor: this.id, op, dur, cause, attrs: { error: err.message } }) : cause;
      return { reply: { error: err.message, code: err.code }, lastSeq };
    } finally {
      this.quiet = false;
    }
  }

  /** RaftApp: a read served from this member's store. */
  serveRead(msg: Delivery, cause: number, dur: Micros): ApplyOutcome {
    try {
      const out = this.execute(msg.op, msg.payload as Record<string, unknown>, cause, dur);
      return { reply: out.reply, lastSeq: out.lastSeq };
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      return { reply: { error: err.message, code: err.code }, lastSeq: this.span(msg.op, cause, dur, { error: err.message }) };
    }
  }

  /** RaftApp: the response to a client, sent when the work is done. */
  respond(msg: Delivery, reply: EtcdReply, lastSeq: number, dur: Micros): void {
    const revision = this.store.currentRevision;
    const send = (): void => {
      if (!this.running) return;
      const attrs: Record<string, unknown> = 'error' in reply ? { error: reply.error } : { header: { revision } };
      if ('succeeded' in reply) attrs.succeeded = reply.succeeded;
      this.sim.network.send(this.id, msg.from, `${msg.op}Response`, { replyTo: msg.id, cause: lastSeq, payload: reply, attrs });
    };
    if (dur > 0) this.sim.after(dur, send);
    else send();
  }

  // ---------------------------------------------------------------- request handling

  /**
   * The raft leader applies entries one after another: a request that arrives while another is
   * being applied waits for it.
   */
  private enqueue(msg: Delivery): void {
    const delay = Math.max(this.sim.now, this.busyUntil) - this.sim.now;
    if (delay > 0) this.sim.after(delay, () => this.apply(msg));
    else this.apply(msg);
  }

  private apply(msg: Delivery): void {
    if (!this.running) return;
    const write = isWrite(msg);
    const dur = write ? ETCD_TIMING.writeApply : ETCD_TIMING.readApply;
    this.busyUntil = this.sim.now + dur;
    this.member.send({ type: 'APPLY' }, msg.seq);
    try {
      // The gRPC layer refuses a malformed request before it is proposed (v3rpc/key.go).
      precheck(msg);
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      this.reply(msg, { error: err.message, code: err.code }, [], this.span(msg.op, msg.seq, dur, { error: err.message }), dur);
      return;
    }
    if (write) {
      // Every proposal is a raft entry with a request ID, applied or refused in apply.
      this.raftIndex++;
      this.ids.next();
    }
    let reply: EtcdReply;
    let events: MvccEvent[] = [];
    let lastSeq = msg.seq;
    try {
      const out = this.execute(msg.op, msg.payload as Record<string, unknown>, msg.seq, dur);
      reply = out.reply;
      events = out.events;
      lastSeq = out.lastSeq;
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      reply = { error: err.message, code: err.code };
      lastSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: msg.op, dur, cause: msg.seq, attrs: { error: err.message } });
    }
    this.reply(msg, reply, events, lastSeq, dur);
  }

  private reply(msg: Delivery, reply: EtcdReply, events: MvccEvent[], lastSeq: number, dur: Micros): void {
    // The revision this request left the store at: by the time the reply goes out, the next
    // request may already have been applied.
    const revision = this.store.currentRevision;
    this.sim.after(dur, () => {
      if (!this.running) return;
      this.member.send({ type: 'APPLIED' });
      const attrs: Record<string, unknown> = 'error' in reply ? { error: reply.error } : { header: { revision } };
      if ('succeeded' in reply) attrs.succeeded = reply.succeeded;
      this.sim.network.send(this.id, msg.from, `${msg.op}Response`, { replyTo: msg.id, cause: lastSeq, payload: reply, attrs });
      if (events.length > 0) this.watches.notify(events, revision, lastSeq);
    });
  }

  /** Runs one request on the store, recording its spans (under `cause`) unless `quiet`. */
  private execute(op: string, p: Record<string, unknown>, cause: number, dur: Micros): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    switch (op) {
      case 'Txn': {
        const req = p as unknown as TxnRequest;
        const { response, events } = this.store.txn(req);
        const txnSeq = this.rec({
          kind: 'span',
          actor: this.id,
          op: 'Txn',
          dur,
          cause,
          attrs: {
            compare: req.compare.map((c) => ({ key: c.key, target: c.target, result: c.result, value: c.value })),
            succeeded: response.succeeded,
            revision: response.header.revision,
          },
        });
        const lastSeq = this.recordChanges(events, response.header.revision, txnSeq, dur);
        return { reply: { ...response, header: this.header() }, events, lastSeq };
      }
      case 'Range': {
        const res = this.store.rangeRequest(p as unknown as RangeRequest);
        const seq = this.span('Range', cause, dur, { key: p.key, ...(p.rangeEnd ? { rangeEnd: p.rangeEnd } : {}), count: res.count, revision: res.header.revision });
        return { reply: { ...res, header: this.header() }, events: [], lastSeq: seq };
      }
      case 'Put': {
        const { response, events } = this.store.put(p as unknown as PutRequest);
        const seq = this.recordChanges(events, response.header.revision, cause, dur);
        return { reply: { ...response, header: this.header() }, events, lastSeq: seq };
      }
      case 'DeleteRange': {
        const { response, events } = this.store.deleteRange(p as unknown as DeleteRangeRequest);
        const seq = events.length > 0 ? this.recordChanges(events, response.header.revision, cause, dur) : this.span('DeleteRange', cause, dur, { key: p.key, deleted: 0, revision: response.header.revision });
        return { reply: { ...response, header: this.header() }, events, lastSeq: seq };
      }
      case 'Compact': {
        const rev = Number(p.revision);
        this.store.compact(rev);
        const seq = this.span('Compact', cause, dur, { revision: rev });
        return { reply: { header: this.header() }, events: [], lastSeq: seq };
      }
      case 'LeaseGrant':
        return this.leaseGrant(cause, Number(p.ttl), typeof p.id === 'string' ? p.id : undefined, dur);
      case 'LeaseRevoke':
        return this.leaseRevoke(p.expired === true ? undefined : cause, String(p.id), dur, p.expired === true ? cause : undefined);
      case 'LeaseKeepAlive': {
        const lease = this.lessor.renew(String(p.id), this.sim.now);
        const seq = this.span('LeaseKeepAlive', cause, dur, { id: lease.id, ttl: lease.ttl });
        return { reply: { header: this.header(), id: lease.id, ttl: lease.ttl }, events: [], lastSeq: seq };
      }
      case 'LeaseTimeToLive': {
        const id = String(p.id);
        const lease = this.lessor.lookup(id);
        // A lease that is not there is reported with TTL -1, not as an error (v3_server.go).
        const reply = lease
          ? { header: this.header(), id, ttl: this.lessor.remaining(id, this.sim.now), grantedTTL: lease.ttl, keys: p.keys ? [...lease.keys].sort() : [] }
          : { header: this.header(), id, ttl: -1, grantedTTL: 0, keys: [] };
        const seq = this.span('LeaseTimeToLive', cause, dur, { id, ttl: reply.ttl });
        return { reply, events: [], lastSeq: seq };
      }
      case 'Status': {
        const status = this.status();
        const seq = this.span('Status', cause, dur, { raftIndex: status.raftIndex });
        return { reply: status, events: [], lastSeq: seq };
      }
      case 'MemberList': {
        const list = this.memberList();
        const seq = this.span('MemberList', cause, dur, { members: list.members.length });
        return { reply: list, events: [], lastSeq: seq };
      }
    }
    throw new Error(`etcd: no handler for ${op}`);
  }

  /**
   * Maintenance.Status, as `etcdctl endpoint status` shows it. In a cluster: the leader this
   * member knows (0 and the error "no leader" when it knows none), the committed and applied
   * indexes, and the term of the last applied entry (maintenance.go Status).
   */
  status(): Record<string, unknown> & { raftIndex: number } {
    const header = this.header();
    const { size, inUse } = this.dbSize();
    if (this.server) {
      const s = this.server.status();
      return { header, version: ETCD_VERSION, dbSize: size, leader: s.leader, raftIndex: s.raftIndex, raftTerm: s.raftTerm, raftAppliedIndex: s.raftAppliedIndex, ...(s.errors.length > 0 ? { errors: s.errors } : {}), dbSizeInUse: inUse };
    }
    return { header, version: ETCD_VERSION, dbSize: size, leader: header.memberId, raftIndex: this.raftIndex, raftTerm: this.raftTerm, raftAppliedIndex: this.raftIndex, dbSizeInUse: inUse };
  }

  /**
   * Cluster.MemberList as this member answers it (v3rpc/member.go): the members of its copy of
   * the membership, sorted by ID (membership/cluster.go Members). Each has the name and peer
   * URLs of --initial-cluster; client URLs only once its `publish` has been applied here (a
   * member that never started has none, and etcdctl still calls it "started", as it has a
   * name). The header has no revision: the cluster server does not set one.
   */
  memberList(): { header: ResponseHeader; members: MemberInfo[] } {
    const members = [this as Etcd, ...this.peers]
      .map((m): MemberInfo => ({
        id: m.memberId.toString(),
        name: m.config.name,
        peerURLs: [...m.config.initialAdvertisePeerURLs],
        // Alone, the member's publish is one of the bootstrap entries: it is always applied.
        clientURLs: this.server ? [...(this.server.publishedClientURLs(hexId(m.memberId)) ?? [])] : [...m.config.advertiseClientURLs],
        isLearner: false,
      }))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
    return { header: { ...this.header(), revision: 0 }, members };
  }

  /**
   * An estimate of the bbolt file size: it starts at 20 kB and grows by pages as revisions pile
   * up. The real figure depends on bbolt's page allocation and freelist and is not modelled.
   */
  private dbSize(): { size: number; inUse: number } {
    const pages = Math.floor((this.store.currentRevision - 1) / 64);
    return { size: BBOLT_INITIAL_SIZE + pages * 4096, inUse: BBOLT_INITIAL_IN_USE + pages * 4096 };
  }

  /**
   * A lease grant. The ID comes with the entry in a cluster (the proposer drew it); alone, the
   * member draws it here.
   */
  private leaseGrant(cause: number, ttl: number, given: string | undefined, dur: Micros): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    const id = given ?? this.ids.nextLeaseId().toString(16);
    const lease = this.lessor.grant(id, ttl, this.sim.now);
    if (!this.server) this.scheduleLeaseCheck();
    const seq = this.span('LeaseGrant', cause, dur, { id, ttl: lease.ttl });
    return { reply: { header: this.header(), id, ttl: lease.ttl, error: '' }, events: [], lastSeq: seq };
  }

  /** A revoke asked for by a client (`cause`), or of an expired lease (`expiredCause`, the entry). */
  private leaseRevoke(cause: number | undefined, id: string, dur: Micros, expiredCause?: number): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    const keys = this.lessor.revoke(id);
    // All attached keys go in one transaction, sorted by key: one revision for all of them.
    const { revision, events } = this.store.deleteKeys(keys);
    const by = cause ?? expiredCause;
    const seq = this.rec({ kind: 'span', actor: this.id, op: 'LeaseRevoke', dur, ...(by !== undefined ? { cause: by } : {}), attrs: { id, keys: keys.length, revision, ...(cause !== undefined ? {} : { expired: true }) } });
    const lastSeq = events.length > 0 ? this.recordChanges(events, revision, seq, dur) : seq;
    return { reply: { header: this.header() }, events, lastSeq };
  }

  /** Only the leader revokes expired leases, checking twice a second. */
  private scheduleLeaseCheck(): void {
    if (this.server || this.leaseCheck || this.lessor.count === 0 || !this.running) return;
    const next = (Math.floor(this.sim.now / LEASE_CHECK_INTERVAL) + 1) * LEASE_CHECK_INTERVAL;
    this.leaseCheck = this.sim.after(next - this.sim.now, () => {
      this.leaseCheck = undefined;
      for (const lease of this.lessor.expired(this.sim.now)) {
        this.raftIndex++;
        this.ids.next();
        const { events, lastSeq } = this.leaseRevoke(undefined, lease.id, ETCD_TIMING.writeApply);
        if (events.length > 0) this.watches.notify(events, this.store.currentRevision, lastSeq);
      }
      this.scheduleLeaseCheck();
    }, { background: true, label: 'etcd lease expiry check' });
  }

  private span(op: string, cause: number, dur: Micros, attrs: Record<string, unknown>): number {
    return this.rec({ kind: 'span', actor: this.id, op, dur, cause, attrs });
  }

  /** Records a span, unless this member applies quietly; then the cause stands in for it. */
  private rec(draft: Parameters<Simulation['recorder']['record']>[0]): number {
    if (this.quiet) return draft.cause ?? 0;
    return this.sim.recorder.record(draft);
  }

  /** One span per changed key, under the span of the request. */
  private recordChanges(events: MvccEvent[], revision: number, cause: number, dur: Micros): number {
    let last = cause;
    for (const ev of events) {
      last = this.rec({
        kind: 'span',
        actor: this.id,
        op: ev.type === 'PUT' ? 'Put' : 'DeleteRange',
        dur: Math.max(0, dur - 100),
        cause,
        attrs: { ...kvSummary(ev.kv), revision, ...(ev.type === 'DELETE' ? { deleted: 1 } : { ...valueAttr(ev.kv.value) }) },
      });
    }
    return last;
  }
}

/** Values up to this many characters are recorded in the Put span; longer ones only by size. */
const TRACED_VALUE_MAX = 1024;

/**
 * The value of a Put, for the trace: what etcdctl wrote (a string), which appears nowhere else.
 * kube-apiserver's values are API objects, already in full in the `object` events: not repeated.
 */
function valueAttr(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string') return {};
  return value.length <= TRACED_VALUE_MAX ? { value } : { valueSize: value.length };
}

/** What a response carries in the trace: keys and revisions, not the values. */
export function kvSummary(kv: KeyValue): Record<string, unknown> {
  return { key: kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version, ...(kv.lease !== '0' ? { lease: kv.lease } : {}) };
}

/** Validation of v3rpc/key.go (checkPutRequest, checkRangeRequest, checkTxnRequest…). */
function precheck(msg: Delivery): void {
  const p = msg.payload as Record<string, unknown>;
  if ((msg.op === 'Put' || msg.op === 'Range' || msg.op === 'DeleteRange') && p.key === '') throw new EtcdError('emptyKey');
  if (msg.op === 'Txn') checkTxnRequest(p as unknown as TxnRequest);
}

/**
 * Requests that go through raft. Reads (Range, a Txn of ranges only, LeaseTimeToLive, Status)
 * are served by the leader after a ReadIndex round, without a log entry; keep-alives renew the
 * lease on the leader only.
 */
function isWrite(msg: Delivery): boolean {
  switch (msg.op) {
    case 'Put':
    case 'DeleteRange':
    case 'Compact':
    case 'LeaseGrant':
    case 'LeaseRevoke':
      return true;
    case 'Txn': {
      const req = msg.payload as TxnRequest;
      return [...req.success, ...req.failure].some((op) => !('requestRange' in op));
    }
    default:
      return false;
  }
}

