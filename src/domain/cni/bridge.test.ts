import { describe, expect, it } from 'vitest';
import { cniAddSteps, cniDelSteps, hostLocalNextIP, hostLocalRange, hostVethName, masqChainName, stableMac } from './bridge.ts';
import { dig } from '../cri/test-fixtures.ts';
import { intToIp, ipToInt, parseCidr } from './ipv4.ts';

describe('ipv4 helpers', () => {
  it('parses CIDRs', () => {
    expect(parseCidr('10.244.1.77/24')).toEqual({ network: ipToInt('10.244.1.0'), prefix: 24, broadcast: ipToInt('10.244.1.255') });
    expect(intToIp(ipToInt('192.168.255.1'))).toBe('192.168.255.1');
    expect(() => ipToInt('10.0.0')).toThrow('invalid IPv4 address');
    expect(() => parseCidr('10.0.0.0/33')).toThrow('invalid CIDR address');
  });
});

describe('host-local allocation', () => {
  it('starts at .2: the range begins at .1 but .1 is the gateway', () => {
    expect(hostLocalRange('10.244.1.0/24')).toEqual({ rangeStart: '10.244.1.1', rangeEnd: '10.244.1.254', gateway: '10.244.1.1' });
    expect(hostLocalNextIP('10.244.1.0/24', new Set())).toBe('10.244.1.2');
    // The real capture's first pod on 10.88.0.0/16 got 10.88.0.2.
    expect(hostLocalNextIP('10.88.0.0/16', new Set())).toBe('10.88.0.2');
  });

  it('skips allocated addresses', () => {
    expect(hostLocalNextIP('10.244.1.0/24', new Set(['10.244.1.2', '10.244.1.3']))).toBe('10.244.1.4');
  });

  it('continues round-robin after the last reserved address and wraps past the broadcast', () => {
    expect(hostLocalNextIP('10.244.1.0/24', new Set(['10.244.1.2']), '10.244.1.7')).toBe('10.244.1.8');
    expect(hostLocalNextIP('10.244.1.0/24', new Set(), '10.244.1.254')).toBe('10.244.1.2');
    // A freed lower address is not reused before the walk comes around.
    expect(hostLocalNextIP('10.244.1.0/24', new Set(['10.244.1.3']), '10.244.1.3')).toBe('10.244.1.4');
  });

  it('never hands out network, gateway or broadcast', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 253; i++) taken.add(hostLocalNextIP('10.244.1.0/24', taken));
    expect(taken.size).toBe(253);
    expect(taken.has('10.244.1.0')).toBe(false);
    expect(taken.has('10.244.1.1')).toBe(false);
    expect(taken.has('10.244.1.255')).toBe(false);
    expect(taken.has('10.244.1.254')).toBe(true);
  });

  it('fails with the plugin error when the range is exhausted', () => {
    const all = new Set(Array.from({ length: 253 }, (_, i) => `10.244.1.${i + 2}`));
    expect(() => hostLocalNextIP('10.244.1.0/24', all)).toThrow('no IP addresses available in range set: 10.244.1.1-10.244.1.254');
    expect(() => hostLocalNextIP('10.0.0.0/30', new Set(['10.0.0.2']))).toThrow('no IP addresses available in range set: 10.0.0.1-10.0.0.2');
    expect(() => hostLocalNextIP('10.0.0.0/31', new Set())).toThrow('too small to allocate from');
  });
});

describe('cniAddSteps', () => {
  const id = 'f'.repeat(64);
  const netns = '/var/run/netns/cni-1234';
  const steps = cniAddSteps({ containerId: id, netnsPath: netns, ifName: 'eth0', podIP: '10.244.1.5', subnet: '10.244.1.0/24', bridge: 'cni0' });

  it('runs loopback, then bridge with host-local inside', () => {
    expect(steps.filter((s) => s.op === 'ADD').map((s) => s.plugin)).toEqual(['loopback', 'bridge', 'host-local']);
    expect(steps[0]!.attrs['env']).toEqual({ CNI_COMMAND: 'ADD', CNI_CONTAINERID: id, CNI_NETNS: netns, CNI_IFNAME: 'lo', CNI_PATH: '/opt/cni/bin' });
    const bridgeAdd = steps.find((s) => s.plugin === 'bridge' && s.op === 'ADD')!;
    expect(bridgeAdd.attrs['stdin']).toMatchObject({ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.1.0/24' }]] } });
  });

  it('creates the veth pair before IPAM and configures eth0 after it', () => {
    const ops = steps.map((s) => `${s.plugin}:${s.op}`);
    const veth = ops.indexOf('bridge:ip link add', ops.indexOf('bridge:ip link set up'));
    const master = ops.indexOf('bridge:ip link set master');
    const reserve = ops.indexOf('host-local:reserve');
    const addr = ops.indexOf('bridge:ip addr add');
    expect(veth).toBeGreaterThan(0);
    expect(veth).toBeLessThan(master);
    expect(master).toBeLessThan(reserve);
    expect(reserve).toBeLessThan(addr);
    expect(steps[veth]!.attrs).toEqual({ netns, dev: 'eth0', type: 'veth', peer: hostVethName(id) });
    expect(steps[reserve]!.attrs).toMatchObject({ file: '/var/lib/cni/networks/containerd-net/10.244.1.5', content: `${id}\r\neth0` });
    expect(steps.find((s) => s.op === 'ip route add')!.attrs).toEqual({ netns, dst: '0.0.0.0/0', via: '10.244.1.1', dev: 'eth0' });
  });

  it('sets up masquerading in a per-container chain', () => {
    const rules = steps.filter((s) => s.op === 'iptables').map((s) => (s.attrs['args'] as string[]).join(' '));
    const chain = masqChainName('containerd-net', id);
    expect(chain).toMatch(/^CNI-[0-9a-f]{24}$/);
    expect(rules[0]).toBe(`-t nat -N ${chain}`);
    expect(rules[3]).toMatch(new RegExp(`^-t nat -A POSTROUTING -s 10\\.244\\.1\\.5 -j ${chain} -m comment --comment name: "containerd-net" id: "${id}"$`));
  });

  it('returns a CNI result with the pod interface in the netns', () => {
    const result = steps.at(-1)!.attrs['result'];
    expect(steps.at(-1)!.op).toBe('result');
    expect((dig(result, 'interfaces') as { name: string }[]).map((i) => i.name)).toEqual(['cni0', hostVethName(id), 'eth0']);
    expect(dig(result, 'interfaces.2.sandbox')).toBe(netns);
    expect(dig(result, 'ips')).toEqual([{ interface: 2, address: '10.244.1.5/24', gateway: '10.244.1.1' }]);
    expect(hostVethName(id)).toMatch(/^veth[0-9a-f]{8}$/);
    expect(stableMac('x')).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(Number.parseInt(stableMac('x').slice(0, 2), 16) & 0x03).toBe(0x02);
  });

  it('does not recreate an existing bridge', () => {
    const again = cniAddSteps({ containerId: 'e'.repeat(64), netnsPath: netns, ifName: 'eth0', podIP: '10.244.1.6', subnet: '10.244.1.0/24', bridge: 'cni0', bridgeExists: true });
    expect(again.some((s) => s.op === 'ip link add' && s.attrs['type'] === 'bridge')).toBe(false);
    expect(again.some((s) => s.op === 'ip addr add' && s.attrs['dev'] === 'cni0')).toBe(false);
    const first = steps.reduce((a, s) => a + s.dur, 0);
    expect(first).toBeGreaterThan(again.reduce((a, s) => a + s.dur, 0));
    expect(first).toBeGreaterThan(30_000);
    expect(first).toBeLessThan(80_000);
  });
});

describe('cniDelSteps', () => {
  it('releases the IP before removing eth0 and the masquerade rules', () => {
    const id = 'f'.repeat(64);
    const steps = cniDelSteps({ containerId: id, netnsPath: '/var/run/netns/cni-1', ifName: 'eth0', bridge: 'cni0', podIP: '10.244.1.5', subnet: '10.244.1.0/24' });
    expect(steps.map((s) => `${s.plugin}:${s.op}`)).toEqual([
      'loopback:DEL',
      'loopback:ip link set lo down',
      'bridge:DEL',
      'host-local:DEL',
      'host-local:release',
      'bridge:ip link del',
      'bridge:iptables',
      'bridge:iptables',
      'bridge:iptables',
    ]);
    expect(steps[4]!.attrs['file']).toBe('/var/lib/cni/networks/containerd-net/10.244.1.5');
    expect((steps[8]!.attrs['args'] as string[]).join(' ')).toBe(`-t nat -X ${masqChainName('containerd-net', id)}`);
  });
});
