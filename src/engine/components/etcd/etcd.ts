import type { Micros } from '../../../base/time.ts';
import { EtcdError } from '../../../domain/etcd/errors.ts';
import { minLeaseTTL } from '../../../domain/etcd/errors.ts';
import { clusterId, memberId, RequestIdGenerator } from '../../../domain/etcd/ids.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { etcdMemberMachine } from './etcd.machine.ts';
import { Lessor } from './lessor.ts';
import { checkTxnRequest, MvccStore, type DeleteRangeRequest, type KeyValue, type MvccEvent, type PutRequest, type RangeRequest, type TxnRequest } from './mvcc.ts';
import { WatchHub, type WatchCreateRequest } from './watch-hub.ts';

export type { WatchCreateRequest } from './watch-hub.ts';

/** Durations of etcd work (µs): a write waits for the WAL fsync, a read does not. */
export const ETCD_TIMING = { writeApply: 1_200, readApply: 80 };

/** The flags of `etcd` that decide what it reports (names as on its command line). */
export interface EtcdConfig {
  /** --name */
  name: string;
  /** --initial-advertise-peer-urls */
  initialAdvertisePeerURLs: string[];
  /** --advertise-client-urls */
  advertiseClientURLs: string[];
  /** --initial-cluster-token */
  initialClusterToken: string;
  /** --heartbeat-interval, ms */
  heartbeatIntervalMs: number;
  /** --election-timeout, ms */
  electionTimeoutMs: number;
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
 * etcd/etcd-0: one member that is its own leader. It serves the KV, Lease, Watch and
 * Maintenance RPCs, as kube-apiserver and etcdctl call them, over the simulated network. Every
 * write is one raft entry and, when it changes something, one revision: a `Txn` span with a
 * `Put` or `DeleteRange` span per key (carrying the revisions), then the response, then a
 * `WatchResponse` to each watcher of the keys.
 */
export class Etcd implements Actor {
  readonly store: MvccStore;
  readonly lessor: Lessor;
  readonly config: EtcdConfig;
  readonly memberId: bigint;
  readonly clusterId: bigint;
  private readonly member: MachineInstance<typeof etcdMemberMachine>;
  private readonly watches: WatchHub;
  private readonly ids: RequestIdGenerator;
  private busyUntil = 0;
  private raftIndex = BOOTSTRAP_RAFT_ENTRIES;
  private readonly raftTerm = BOOTSTRAP_RAFT_TERM;
  private leaseCheck: ReturnType<Simulation['after']> | undefined;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
    config?: Partial<EtcdConfig>,
  ) {
    this.config = { ...defaultEtcdConfig(host), ...config };
    this.memberId = memberId(this.config.initialAdvertisePeerURLs, this.config.initialClusterToken);
    this.clusterId = clusterId([this.memberId]);
    this.lessor = new Lessor(minLeaseTTL(this.config.heartbeatIntervalMs, this.config.electionTimeoutMs));
    this.store = new MvccStore(this.lessor);
    this.ids = new RequestIdGenerator(this.memberId, Date.parse(sim.timeOrigin) + sim.now / 1000);
    this.watches = new WatchHub(sim, id, this.store, () => this.header());
    this.member = sim.startMachine(etcdMemberMachine, { actor: id, machine: 'etcd-member' });
    this.member.send({ type: 'ELECTED' });
  }

  header(): ResponseHeader {
    return { clusterId: this.clusterId.toString(), memberId: this.memberId.toString(), revision: this.store.currentRevision, raftTerm: this.raftTerm };
  }

  receive(msg: Delivery): void {
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
        this.enqueue(msg);
        return;
      default:
        this.sim.network.send(this.id, msg.from, `${msg.op}Response`, { replyTo: msg.id, cause: msg.seq, payload: { error: `unknown method ${msg.op}`, code: 'Unimplemented' } });
    }
  }

  /** Preloads objects at t = 0 (a cluster that already exists), in one revision each. */
  bootstrapPut(key: string, value: unknown): KeyValue {
    const { response } = this.store.put({ key, value });
    this.raftIndex++;
    this.ids.next();
    const kv = this.store.get(key) as KeyValue;
    this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Put', dur: 0, attrs: { ...kvSummary(kv), revision: response.header.revision, bootstrap: true } });
    return kv;
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
    const write = isWrite(msg);
    const dur = write ? ETCD_TIMING.writeApply : ETCD_TIMING.readApply;
    this.busyUntil = this.sim.now + dur;
    this.member.send({ type: 'APPLY' }, msg.seq);
    try {
      // The gRPC layer refuses a malformed request before it is proposed (v3rpc/key.go).
      precheck(msg);
    } catch (err) {
      if (!(err instanceof EtcdError)) throw err;
      this.reply(msg, { error: err.message, code: err.code }, [], this.span(msg.op, msg, dur, { error: err.message }), dur);
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
      const out = this.handle(msg, dur);
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
      this.member.send({ type: 'APPLIED' });
      const attrs: Record<string, unknown> = 'error' in reply ? { error: reply.error } : { header: { revision } };
      if ('succeeded' in reply) attrs.succeeded = reply.succeeded;
      this.sim.network.send(this.id, msg.from, `${msg.op}Response`, { replyTo: msg.id, cause: lastSeq, payload: reply, attrs });
      if (events.length > 0) this.watches.notify(events, revision, lastSeq);
    });
  }

  private handle(msg: Delivery, dur: Micros): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    const p = msg.payload as Record<string, unknown>;
    switch (msg.op) {
      case 'Txn': {
        const req = p as unknown as TxnRequest;
        const { response, events } = this.store.txn(req);
        const txnSeq = this.sim.recorder.record({
          kind: 'span',
          actor: this.id,
          op: 'Txn',
          dur,
          cause: msg.seq,
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
        const seq = this.span('Range', msg, dur, { key: p.key, ...(p.rangeEnd ? { rangeEnd: p.rangeEnd } : {}), count: res.count, revision: res.header.revision });
        return { reply: { ...res, header: this.header() }, events: [], lastSeq: seq };
      }
      case 'Put': {
        const { response, events } = this.store.put(p as unknown as PutRequest);
        const seq = this.recordChanges(events, response.header.revision, msg.seq, dur);
        return { reply: { ...response, header: this.header() }, events, lastSeq: seq };
      }
      case 'DeleteRange': {
        const { response, events } = this.store.deleteRange(p as unknown as DeleteRangeRequest);
        const seq = events.length > 0 ? this.recordChanges(events, response.header.revision, msg.seq, dur) : this.span('DeleteRange', msg, dur, { key: p.key, deleted: 0, revision: response.header.revision });
        return { reply: { ...response, header: this.header() }, events, lastSeq: seq };
      }
      case 'Compact': {
        const rev = Number(p.revision);
        this.store.compact(rev);
        const seq = this.span('Compact', msg, dur, { revision: rev });
        return { reply: { header: this.header() }, events: [], lastSeq: seq };
      }
      case 'LeaseGrant':
        return this.leaseGrant(msg, Number(p.ttl), dur);
      case 'LeaseRevoke':
        return this.leaseRevoke(msg, String(p.id), dur);
      case 'LeaseKeepAlive': {
        const lease = this.lessor.renew(String(p.id), this.sim.now);
        const seq = this.span('LeaseKeepAlive', msg, dur, { id: lease.id, ttl: lease.ttl });
        return { reply: { header: this.header(), id: lease.id, ttl: lease.ttl }, events: [], lastSeq: seq };
      }
      case 'LeaseTimeToLive': {
        const id = String(p.id);
        const lease = this.lessor.lookup(id);
        // A lease that is not there is reported with TTL -1, not as an error (v3_server.go).
        const reply = lease
          ? { header: this.header(), id, ttl: this.lessor.remaining(id, this.sim.now), grantedTTL: lease.ttl, keys: p.keys ? [...lease.keys].sort() : [] }
          : { header: this.header(), id, ttl: -1, grantedTTL: 0, keys: [] };
        const seq = this.span('LeaseTimeToLive', msg, dur, { id, ttl: reply.ttl });
        return { reply, events: [], lastSeq: seq };
      }
      case 'Status': {
        const seq = this.span('Status', msg, dur, { raftIndex: this.raftIndex });
        return { reply: this.status(), events: [], lastSeq: seq };
      }
    }
    throw new Error(`etcd: no handler for ${msg.op}`);
  }

  /** Maintenance.Status, as `etcdctl endpoint status` shows it. */
  status(): Record<string, unknown> {
    const header = this.header();
    const { size, inUse } = this.dbSize();
    return { header, version: ETCD_VERSION, dbSize: size, leader: header.memberId, raftIndex: this.raftIndex, raftTerm: this.raftTerm, raftAppliedIndex: this.raftIndex, dbSizeInUse: inUse };
  }

  /**
   * An estimate of the bbolt file size: it starts at 20 kB and grows by pages as revisions pile
   * up. The real figure depends on bbolt's page allocation and freelist and is not modelled.
   */
  private dbSize(): { size: number; inUse: number } {
    const pages = Math.floor((this.store.currentRevision - 1) / 64);
    return { size: BBOLT_INITIAL_SIZE + pages * 4096, inUse: BBOLT_INITIAL_IN_USE + pages * 4096 };
  }

  private leaseGrant(msg: Delivery, ttl: number, dur: Micros): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    // The lease ID is drawn before the proposal's own request ID (v3_server.go LeaseGrant).
    const id = this.ids.nextLeaseId().toString(16);
    const lease = this.lessor.grant(id, ttl, this.sim.now);
    this.scheduleLeaseCheck();
    const seq = this.span('LeaseGrant', msg, dur, { id, ttl: lease.ttl });
    return { reply: { header: this.header(), id, ttl: lease.ttl, error: '' }, events: [], lastSeq: seq };
  }

  private leaseRevoke(msg: Delivery | undefined, id: string, dur: Micros): { reply: EtcdReply; events: MvccEvent[]; lastSeq: number } {
    const keys = this.lessor.revoke(id);
    // All attached keys go in one transaction, sorted by key: one revision for all of them.
    const { revision, events } = this.store.deleteKeys(keys);
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'LeaseRevoke', dur, ...(msg ? { cause: msg.seq } : {}), attrs: { id, keys: keys.length, revision, ...(msg ? {} : { expired: true }) } });
    const lastSeq = events.length > 0 ? this.recordChanges(events, revision, seq, dur) : seq;
    return { reply: { header: this.header() }, events, lastSeq };
  }

  /** Only the leader revokes expired leases, checking twice a second. */
  private scheduleLeaseCheck(): void {
    if (this.leaseCheck || this.lessor.count === 0) return;
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

  private span(op: string, msg: Delivery, dur: Micros, attrs: Record<string, unknown>): number {
    return this.sim.recorder.record({ kind: 'span', actor: this.id, op, dur, cause: msg.seq, attrs });
  }

  /** One span per changed key, under the span of the request. */
  private recordChanges(events: MvccEvent[], revision: number, cause: number, dur: Micros): number {
    let last = cause;
    for (const ev of events) {
      last = this.sim.recorder.record({
        kind: 'span',
        actor: this.id,
        op: ev.type === 'PUT' ? 'Put' : 'DeleteRange',
        dur: Math.max(0, dur - 100),
        cause,
        attrs: { ...kvSummary(ev.kv), revision, ...(ev.type === 'DELETE' ? { deleted: 1 } : {}) },
      });
    }
    return last;
  }
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

