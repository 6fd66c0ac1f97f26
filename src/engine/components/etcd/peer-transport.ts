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
 */
export class PeerTransport {
  private readonly up = new Map<string, Micros>();
  private readonly epochs = new Map<string, number>();
  private readonly members: string[] = [];

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

  /** When `from`'s stream to `to` became active; undefined while either is down. */
  activeSince(from: string, to: string): Micros | undefined {
    const a = this.up.get(from);
    const b = this.up.get(to);
    if (a === undefined || b === undefined) return undefined;
    return Math.max(a, b);
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
    if (!this.up.has(from) || !this.up.has(to)) return undefined;
    const fromActor = this.sim.network.actor(from) as Actor;
    const toActor = this.sim.network.actor(to) as Actor;
    const dur = this.sim.network.latencyBetween(fromActor, toActor);
    const seq = this.sim.recorder.record({ kind: 'message', actor: from, to, op, dur, ...(opts.cause !== undefined ? { cause: opts.cause } : {}), attrs: opts.attrs });
    const epoch = this.epochs.get(to);
    this.sim.after(
      dur,
      () => {
        if (this.epochs.get(to) === epoch && this.up.has(to)) deliver(seq);
      },
      { background: opts.background ?? false, label: `rafthttp ${op}` },
    );
    return seq;
  }
}
