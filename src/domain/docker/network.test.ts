import { describe, expect, it } from 'vitest';
import { DOCKER0, hostVethName, macFromIP, nextBridgeIP } from './network.ts';

// moby libnetwork drivers/bridge and ipam: docker0 172.17.0.1/16, addresses from .2 on.
describe('the default bridge', () => {
  it('hands out 172.17.0.2, .3, … skipping taken ones', () => {
    const taken = new Set<string>([DOCKER0.gateway]);
    expect(nextBridgeIP(taken)).toBe('172.17.0.2');
    taken.add('172.17.0.2');
    expect(nextBridgeIP(taken)).toBe('172.17.0.3');
  });
  it('names the host veth and the MAC as libnetwork does', () => {
    expect(hostVethName('1a2b3c4d5e')).toBe('veth1a2b3c4');
    expect(macFromIP('172.17.0.2')).toBe('02:42:ac:11:00:02');
  });
});
