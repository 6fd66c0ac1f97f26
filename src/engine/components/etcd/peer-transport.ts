import type { Micros } from '../../../base/time.ts';
import type { Actor } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';

/**
 * rafthttp in miniature: the peer connections between the members of one cluster, carrying
 * raft messages (MsgApp, MsgVote, MsgHeartbeat…) and the few peer HTTP calls etcdserver makes
 * (`GET /version`, `POST /leases`, `POST /leases/internal`).
 *
 * It does not go through the simulation's network because heartbeats must not keep the cluster
 * from being "settled": a message here is delivered in the background or not, as the sender
 * says. It records the same `message` trace event the network records (sent at t, latency as
 * dur, the network's per-link latency), without a request `id`: raft messages are not
 * request/response pairs.
 *
 * A member that is stopped neither sends nor receives: a message to it is dropped at the
 * sender (rafthttp's stream to it is broken) and one in flight when it stopped is lost. Each
 * member's stream to each peer is "active since" the later of the two start times
 * (rafthttp peerStatus.activeSince), which parseProposeCtxErr and adjustTicks read.
 *
 * A network partition (`etcd-partition`, faults.ts) cuts links between members that are both
 * up: sends across the cut fail at the sender as to a stopped member, and the peer counts as
 * inactive until the link heals (`etcd-heal`), when the stream is active again from then on.
 */
export class PeerTransport {
  private readonly up = new Map<string, Micros>();
  private readonly epochs = new Map<string, number>();
  private readonly members: string[] = [];
  /** Links the network cuts (an `etcd-partition` fault), both ways: `from>to`. */
  private readonly cut = new Set<string>();
  /** When a cut link came back (`etcd-heal`): the stream reconnects then. */
  private readonly healedAt = new Map<string, Micros>();

  constructor(private readonly sim: Simulation) {}

  register(actorId: string): void {
    this.members.push(actorId);
    this.epochs.set(actorId, 0);
  }

  /** The member's process started (or restarted) now. */
  started(actorId: string): void {
    this.up.set(actorId, this.sim.now);
    this.epochs.set(actorId, (this.epochs.get(actorId) ?? 0) + 1);
  }

  /** The member's process stopped now: its connections break. */
  stopped(actorId: string): void {
    this.up.delete(actorId);
    this.epochs.set(actorId, (this.epochs.get(actorId) ?? 0) + 1);
  }

  isUp(actorId: string): boolean {
    return this.up.has(actorId);
  }

  /** When `from`'s stream to `to` became active; undefined while either is down or the link is cut. */
  activeSince(from: string, to: string): Micros | undefined {
    const a = this.up.get(from);
    const b = this.up.get(to);
    if (a === undefined || b === undefined || this.cut.has(`${from}>${to}`)) return undefined;
    return Math.max(a, b, this.healedAt.get(`${from}>${to}`) ?? 0);
  }

  /** The registered members, in order. */
  get memberIds(): readonly string[] {
    return this.members;
  }

  /**
   * The network splits the members into groups: packets between two groups are dropped (a
   * member in no group is alone). What is in flight across the cut is lost. Returns the links
   * that were up and are now cut, each once (`[a, b]` with a before b in member order).
   */
  partition(groups: readonly (readonly string[])[]): [string, string][] {
    const groupOf = (m: string): number => {
      const i = groups.findIndex((g) => g.includes(m));
      return i < 0 ? groups.length + this.members.indexOf(m) : i;
    };
    const newly: [string, string][] = [];
    for (const [i, a] of this.members.entries()) {
      for (const b of this.members.slice(i + 1)) {
        if (groupOf(a) === groupOf(b) || this.cut.has(`${a}>${b}`)) continue;
        this.cut.add(`${a}>${b}`).add(`${b}>${a}`);
        this.bump(a, b);
        newly.push([a, b]);
      }
    }
    return newly;
  }

  /** Every cut link comes back; returns them as partition does. */
  heal(): [string, string][] {
    const healed: [string, string][] = [];
    for (const [i, a] of this.members.entries()) {
      for (const b of this.members.slice(i + 1)) {
        if (!this.cut.has(`${a}>${b}`)) continue;
        this.cut.delete(`${a}>${b}`);
        this.cut.delete(`${b}>${a}`);
        this.healedAt.set(`${a}>${b}`, this.sim.now).set(`${b}>${a}`, this.sim.now);
        healed.push([a, b]);
      }
    }
    return healed;
  }

  isCut(from: string, to: string): boolean {
    return this.cut.has(`${from}>${to}`);
  }

  /** Messages in flight on a link that breaks are lost: a per-link epoch, as the per-member one. */
  private readonly linkEpochs = new Map<string, number>();

  private bump(a: string, b: string): void {
    for (const k of [`${a}>${b}`, `${b}>${a}`]) this.linkEpochs.set(k, (this.linkEpochs.get(k) ?? 0) + 1);
  }

  /** How many peers of `actorId` are reachable (rafthttp Transport.ActivePeers). */
  activePeers(actorId: string): number {
    return this.members.filter((m) => m !== actorId && this.activeSince(actorId, m) !== undefined).length;
  }

  /**
   * Sends `op` from one member to another; `deliver` runs at arrival with the seq of the message
   * event. Returns that seq, or undefined when the message could not be sent.
   */
  send(from: string, to: string, op: string, opts: { attrs: Record<string, unknown>; cause?: number; background?: boolean }, deliver: (seq: number) => void): number | undefined {
    if (!this.up.has(from) || !this.up.has(to) || this.cut.has(`${from}>${to}`)) return undefined;
    const fromActor = this.sim.network.actor(from) as Actor;
    const toActor = this.sim.network.actor(to) as Actor;
    const dur = this.sim.network.latencyBetween(fromActor, toActor);
    const seq = this.sim.recorder.record({ kind: 'message', actor: from, to, op, dur, ...(opts.cause !== undefined ? { cause: opts.cause } : {}), attrs: opts.attrs });
    const epoch = this.epochs.get(to);
    const link = `${from}>${to}`;
    const linkEpoch = this.linkEpochs.get(link);
    this.sim.after(
      dur,
      () => {
        if (this.epochs.get(to) === epoch && this.up.has(to) && this.linkEpochs.get(link) === linkEpoch) deliver(seq);
      },
      { background: opts.background ?? false, label: `rafthttp ${op}` },
    );
    return seq;
  }
}
