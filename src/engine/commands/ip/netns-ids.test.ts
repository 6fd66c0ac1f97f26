import { describe, expect, it } from 'vitest';
import { PeerNsids } from './netns-ids.ts';
import { runIp } from './ip.ts';

const a = '/var/run/netns/cni-a';
const b = '/var/run/netns/cni-b';
const c = '/var/run/netns/cni-c';

describe('peer netns ids (linux net/core/net_namespace.c peernet2id_alloc; iproute2 ip/ipnetns.c netns_list)', () => {
  it('gives each new namespace the lowest free id from 0, in the order they were made', () => {
    const ids = new PeerNsids();
    expect(ids.entries([a, b])).toEqual([{ name: 'cni-b', nsid: 1 }, { name: 'cni-a', nsid: 0 }]);
  });

  it('frees the id of a namespace that is gone; the next new one takes it again, the others keep theirs', () => {
    const ids = new PeerNsids();
    ids.sync([a, b]);
    ids.sync([b]);
    ids.sync([b, c]);
    expect(ids.entries([b, c])).toEqual([{ name: 'cni-c', nsid: 0 }, { name: 'cni-b', nsid: 1 }]);
  });

  it('feeds `ip netns list` its `name (id: N)` lines, newest first', () => {
    const ids = new PeerNsids();
    expect(runIp(['netns', 'list'], ids.entries([a, b])).stdout).toBe('cni-b (id: 1)\ncni-a (id: 0)\n');
  });
});
