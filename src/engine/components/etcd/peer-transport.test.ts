import { describe, expect, it } from 'vitest';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { PeerTransport } from './peer-transport.ts';

// rafthttp in miniature (etcdserver/api/rafthttp peer.go, peer_status.go activeSince, transport.go ActivePeers).
class Member implements Actor {
  readonly host = 'control-plane';
  constructor(readonly id: string) {}
  receive(_msg: Delivery): void {
    // Peer messages do not come through the network.
  }
}

function setup(): { sim: Simulation; t: PeerTransport } {
  const sim = new Simulation({ seed: 1, timeOrigin: '2026-01-01T09:00:00Z' });
  const t = new PeerTransport(sim);
  for (const id of ['etcd/etcd-0', 'etcd/etcd-1', 'etcd/etcd-2']) {
    sim.network.register(new Member(id));
    t.register(id);
    t.started(id);
  }
  return { sim, t };
}

describe('PeerTransport', () => {
  it('records a message event with the network\'s latency and delivers it then', () => {
    const { sim, t } = setup();
    const got: number[] = [];
    const seq = t.send('etcd/etcd-0', 'etcd/etcd-1', 'MsgApp', { attrs: { term: 2 } }, (s) => got.push(s));
    expect(sim.recorder.events.at(-1)).toMatchObject({ kind: 'message', actor: 'etcd/etcd-0', to: 'etcd/etcd-1', op: 'MsgApp', dur: 250, attrs: { term: 2 } });
    sim.runUntil(249);
    expect(got).toEqual([]);
    sim.runUntil(250);
    expect(got).toEqual([seq]);
  });

  it('lets heartbeats be background work, so that the cluster can be settled', () => {
    const { sim, t } = setup();
    t.send('etcd/etcd-0', 'etcd/etcd-1', 'MsgHeartbeat', { attrs: {}, background: true }, () => undefined);
    expect(sim.queue.settled).toBe(true);
    t.send('etcd/etcd-0', 'etcd/etcd-1', 'MsgApp', { attrs: {} }, () => undefined);
    expect(sim.queue.settled).toBe(false);
  });

  it('drops what goes to or comes from a stopped member, and what was in flight when it stopped', () => {
    const { sim, t } = setup();
    const got: string[] = [];
    t.send('etcd/etcd-0', 'etcd/etcd-1', 'MsgApp', { attrs: {} }, () => got.push('in flight'));
    t.stopped('etcd/etcd-1');
    expect(t.send('etcd/etcd-0', 'etcd/etcd-1', 'MsgApp', { attrs: {} }, () => got.push('to stopped'))).toBeUndefined();
    expect(t.send('etcd/etcd-1', 'etcd/etcd-0', 'MsgAppResp', { attrs: {} }, () => got.push('from stopped'))).toBeUndefined();
    sim.runUntil(1_000);
    expect(got).toEqual([]);
  });

  it('counts a peer active from the later of the two starts, and not while it is down', () => {
    const { sim, t } = setup();
    expect(t.activePeers('etcd/etcd-0')).toBe(2);
    t.stopped('etcd/etcd-2');
    expect(t.activePeers('etcd/etcd-0')).toBe(1);
    expect(t.activeSince('etcd/etcd-0', 'etcd/etcd-2')).toBeUndefined();
    sim.runUntil(5_000_000);
    t.started('etcd/etcd-2');
    expect(t.activeSince('etcd/etcd-0', 'etcd/etcd-2')).toBe(5_000_000);
    expect(t.activeSince('etcd/etcd-0', 'etcd/etcd-1')).toBe(0);
  });
});
