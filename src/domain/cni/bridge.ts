/**
 * CNI ADD and DEL for a pod network made of the loopback plugin and the bridge plugin with
 * host-local IPAM (containernetworking/plugins: plugins/main/loopback, plugins/main/bridge
 * cmdAdd/cmdDel, plugins/ipam/host-local backend/allocator; pkg/ip SetupVeth, SetupIPMasq;
 * containerd's go-cni attaches the loopback network first, then the conflist). The real
 * capture (section 3) ran exactly these plugins from /usr/lib/cni on bridge cni0 and got
 * 10.88.0.2 for the first pod — the allocator skips the gateway .1.
 *
 * Durations (µs) are estimates: each plugin is a Go binary exec'd by containerd (~4 ms to
 * start), and ipMasq shells out to iptables (~6 ms per rule), which is why the bridge ADD is
 * the slow part of RunPodSandbox's network setup.
 */
import { sha256Hex } from '../images/sha256.ts';
import { intToIp, ipToInt, parseCidr } from './ipv4.ts';

export interface CniStep {
  /** loopback | bridge | host-local */
  plugin: string;
  /** ADD / DEL (the plugin exec), the netlink or iptables action it takes, or 'result'. */
  op: string;
  attrs: Record<string, unknown>;
  /** µs */
  dur: number;
}

export const CNI_STEP_US = {
  pluginExec: 4000,
  linkAdd: 600,
  vethAdd: 900,
  linkSet: 200,
  addrAdd: 300,
  routeAdd: 250,
  sysctl: 80,
  iptables: 6000,
  ipamFile: 150,
} as const;

/** CNI spec version of the default conflist containerd documents (10-containerd-net.conflist). */
export const CNI_VERSION = '1.0.0';
export const CNI_BIN_DIR = '/opt/cni/bin';

/** host-local's default dataDir (/var/lib/cni/networks/<network name>). */
export function hostLocalDataDir(networkName: string): string {
  return `/var/lib/cni/networks/${networkName}`;
}

/**
 * The range host-local allocates from when the config gives only a subnet
 * (allocator Range.Canonicalize): first = network + 1, last = broadcast - 1, gateway = network + 1.
 */
export function hostLocalRange(subnet: string): { rangeStart: string; rangeEnd: string; gateway: string } {
  const { network, broadcast, prefix } = parseCidr(subnet);
  if (prefix > 30) throw new Error(`Network ${subnet} too small to allocate from`);
  return { rangeStart: intToIp(network + 1), rangeEnd: intToIp(broadcast - 1), gateway: intToIp(network + 1) };
}

/**
 * The next address host-local hands out: it walks the range round-robin from the address after
 * the last reserved one (last_reserved_ip.0), wrapping around, and skips reserved addresses and
 * the gateway; network and broadcast are outside the range. Throws the plugin's own error when
 * every address is taken.
 */
export function hostLocalNextIP(subnet: string, allocated: ReadonlySet<string>, lastReserved?: string): string {
  const { rangeStart, rangeEnd, gateway } = hostLocalRange(subnet);
  const first = ipToInt(rangeStart);
  const last = ipToInt(rangeEnd);
  const gw = ipToInt(gateway);
  const size = last - first + 1;
  let startAt = first;
  if (lastReserved !== undefined) {
    const lr = ipToInt(lastReserved);
    if (lr >= first && lr <= last) startAt = lr === last ? first : lr + 1;
  }
  for (let k = 0; k < size; k++) {
    const cand = first + ((startAt - first + k) % size);
    if (cand === gw) continue;
    const ip = intToIp(cand);
    if (!allocated.has(ip)) return ip;
  }
  throw new Error(`no IP addresses available in range set: ${rangeStart}-${rangeEnd}`);
}

/** The bridge plugin's host-side veth name: "veth" + 4 random bytes in hex (ip.RandomVethName), here derived from the container id. */
export function hostVethName(containerId: string, ifName = 'eth0'): string {
  return `veth${sha256Hex(`veth:${containerId}:${ifName}`).slice(0, 8)}`;
}

/** A locally administered unicast MAC derived from a seed (the kernel picks random ones). */
export function stableMac(seed: string): string {
  const h = sha256Hex(`mac:${seed}`);
  const bytes = [0, 2, 4, 6, 8, 10].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
  bytes[0] = ((bytes[0] as number) & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * The iptables chain ipMasq creates per container: "CNI-" + 24 hex characters of a hash of
 * network name + container id (utils.FormatChainName uses SHA-512; SHA-256 here, same shape).
 */
export function masqChainName(networkName: string, containerId: string): string {
  return `CNI-${sha256Hex(`${networkName}${containerId}`).slice(0, 24)}`;
}

export interface CniAddOptions {
  containerId: string;
  netnsPath: string;
  ifName: string;
  podIP: string;
  subnet: string;
  bridge: string;
  /** conflist name; default containerd-net. */
  networkName?: string;
  /** The bridge already exists with its gateway address (every pod after the first on a node). */
  bridgeExists?: boolean;
}

/** The network configuration the bridge plugin receives on stdin. */
export function bridgeNetConf(opts: { bridge: string; subnet: string; networkName?: string }): Record<string, unknown> {
  return {
    cniVersion: CNI_VERSION,
    name: opts.networkName ?? 'containerd-net',
    type: 'bridge',
    bridge: opts.bridge,
    isGateway: true,
    ipMasq: true,
    promiscMode: true,
    ipam: { type: 'host-local', ranges: [[{ subnet: opts.subnet }]], routes: [{ dst: '0.0.0.0/0' }] },
  };
}

function cniEnv(command: 'ADD' | 'DEL', containerId: string, netns: string, ifName: string): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: netns, CNI_IFNAME: ifName, CNI_PATH: CNI_BIN_DIR };
}

/**
 * CNI ADD as containerd runs it for a new pod sandbox: loopback (lo up in the pod netns), then
 * bridge: ensure cni0, create the veth pair (eth0 in the pod, veth… on the host, enslaved to the
 * bridge), host-local reserves the IP, eth0 gets the address and the default route via the
 * gateway, the bridge gets the gateway address, forwarding on, masquerading rules, result.
 */
export function cniAddSteps(opts: CniAddOptions): CniStep[] {
  const D = CNI_STEP_US;
  const name = opts.networkName ?? 'containerd-net';
  const { prefix } = parseCidr(opts.subnet);
  const { gateway } = hostLocalRange(opts.subnet);
  const veth = hostVethName(opts.containerId, opts.ifName);
  const chain = masqChainName(name, opts.containerId);
  const comment = `name: "${name}" id: "${opts.containerId}"`;
  const address = `${opts.podIP}/${prefix}`;
  const conf = bridgeNetConf({ bridge: opts.bridge, subnet: opts.subnet, networkName: name });
  const steps: CniStep[] = [];
  const add = (plugin: string, op: string, attrs: Record<string, unknown>, dur: number) => steps.push({ plugin, op, attrs, dur });

  add('loopback', 'ADD', { exec: `${CNI_BIN_DIR}/loopback`, env: cniEnv('ADD', opts.containerId, opts.netnsPath, 'lo'), stdin: { cniVersion: CNI_VERSION, name: 'cni-loopback', type: 'loopback' } }, D.pluginExec);
  add('loopback', 'ip link set lo up', { netns: opts.netnsPath, dev: 'lo' }, D.linkSet);
  add('loopback', 'result', { result: { cniVersion: CNI_VERSION, interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: opts.netnsPath }], ips: [{ interface: 0, address: '127.0.0.1/8' }, { interface: 0, address: '::1/128' }], dns: {} } }, 0);

  add('bridge', 'ADD', { exec: `${CNI_BIN_DIR}/bridge`, env: cniEnv('ADD', opts.containerId, opts.netnsPath, opts.ifName), stdin: conf }, D.pluginExec);
  if (!opts.bridgeExists) {
    add('bridge', 'ip link add', { dev: opts.bridge, type: 'bridge' }, D.linkAdd);
    add('bridge', 'ip link set up', { dev: opts.bridge, promisc: true }, D.linkSet);
  }
  add('bridge', 'ip link add', { netns: opts.netnsPath, dev: opts.ifName, type: 'veth', peer: veth }, D.vethAdd);
  add('bridge', 'ip link set netns', { dev: veth, netns: 'host' }, D.linkSet);
  add('bridge', 'ip link set up', { netns: opts.netnsPath, dev: opts.ifName }, D.linkSet);
  add('bridge', 'ip link set master', { dev: veth, master: opts.bridge }, D.linkSet);
  add('bridge', 'ip link set up', { dev: veth }, D.linkSet);

  const dataDir = hostLocalDataDir(name);
  add('host-local', 'ADD', { exec: `${CNI_BIN_DIR}/host-local`, env: cniEnv('ADD', opts.containerId, opts.netnsPath, opts.ifName), stdin: conf }, D.pluginExec);
  add('host-local', 'reserve', { file: `${dataDir}/${opts.podIP}`, content: `${opts.containerId}\r\n${opts.ifName}`, lock: `${dataDir}/lock` }, D.ipamFile);
  add('host-local', 'write', { file: `${dataDir}/last_reserved_ip.0`, value: opts.podIP }, D.ipamFile);
  add('host-local', 'result', { result: { cniVersion: CNI_VERSION, ips: [{ address, gateway }], routes: [{ dst: '0.0.0.0/0' }], dns: {} } }, 0);

  add('bridge', 'ip addr add', { netns: opts.netnsPath, dev: opts.ifName, address }, D.addrAdd);
  add('bridge', 'ip route add', { netns: opts.netnsPath, dst: '0.0.0.0/0', via: gateway, dev: opts.ifName }, D.routeAdd);
  if (!opts.bridgeExists) add('bridge', 'ip addr add', { dev: opts.bridge, address: `${gateway}/${prefix}` }, D.addrAdd);
  add('bridge', 'sysctl', { key: 'net.ipv4.ip_forward', value: '1' }, D.sysctl);
  add('bridge', 'iptables', { args: ['-t', 'nat', '-N', chain] }, D.iptables);
  add('bridge', 'iptables', { args: ['-t', 'nat', '-A', chain, '-d', opts.subnet, '-j', 'ACCEPT', '-m', 'comment', '--comment', comment] }, D.iptables);
  add('bridge', 'iptables', { args: ['-t', 'nat', '-A', chain, '!', '-d', '224.0.0.0/4', '-j', 'MASQUERADE', '-m', 'comment', '--comment', comment] }, D.iptables);
  add('bridge', 'iptables', { args: ['-t', 'nat', '-A', 'POSTROUTING', '-s', opts.podIP, '-j', chain, '-m', 'comment', '--comment', comment] }, D.iptables);
  add('bridge', 'result', {
    result: {
      cniVersion: CNI_VERSION,
      interfaces: [
        { name: opts.bridge, mac: stableMac(`bridge:${opts.bridge}`) },
        { name: veth, mac: stableMac(`host:${opts.containerId}`) },
        { name: opts.ifName, mac: stableMac(`pod:${opts.containerId}`), sandbox: opts.netnsPath },
      ],
      ips: [{ interface: 2, address, gateway }],
      routes: [{ dst: '0.0.0.0/0' }],
      dns: {},
    },
  }, 0);
  return steps;
}

export interface CniDelOptions {
  containerId: string;
  netnsPath: string;
  ifName: string;
  bridge: string;
  /** The pod's address, for the masquerade rule and the host-local file. */
  podIP: string;
  subnet: string;
  networkName?: string;
}

/**
 * CNI DEL (StopPodSandbox): loopback down, then the bridge plugin releases the address through
 * host-local first, deletes eth0 in the pod netns (its veth peer goes with it) and removes the
 * masquerading rules. The bridge itself stays. DEL must succeed even if parts are already gone.
 */
export function cniDelSteps(opts: CniDelOptions): CniStep[] {
  const D = CNI_STEP_US;
  const name = opts.networkName ?? 'containerd-net';
  const chain = masqChainName(name, opts.containerId);
  const comment = `name: "${name}" id: "${opts.containerId}"`;
  const conf = bridgeNetConf({ bridge: opts.bridge, subnet: opts.subnet, networkName: name });
  const dataDir = hostLocalDataDir(name);
  return [
    { plugin: 'loopback', op: 'DEL', attrs: { exec: `${CNI_BIN_DIR}/loopback`, env: cniEnv('DEL', opts.containerId, opts.netnsPath, 'lo') }, dur: D.pluginExec },
    { plugin: 'loopback', op: 'ip link set lo down', attrs: { netns: opts.netnsPath, dev: 'lo' }, dur: D.linkSet },
    { plugin: 'bridge', op: 'DEL', attrs: { exec: `${CNI_BIN_DIR}/bridge`, env: cniEnv('DEL', opts.containerId, opts.netnsPath, opts.ifName), stdin: conf }, dur: D.pluginExec },
    { plugin: 'host-local', op: 'DEL', attrs: { exec: `${CNI_BIN_DIR}/host-local`, env: cniEnv('DEL', opts.containerId, opts.netnsPath, opts.ifName) }, dur: D.pluginExec },
    { plugin: 'host-local', op: 'release', attrs: { file: `${dataDir}/${opts.podIP}`, owner: `${opts.containerId}\r\n${opts.ifName}` }, dur: D.ipamFile },
    { plugin: 'bridge', op: 'ip link del', attrs: { netns: opts.netnsPath, dev: opts.ifName, peer: hostVethName(opts.containerId, opts.ifName) }, dur: D.vethAdd },
    { plugin: 'bridge', op: 'iptables', attrs: { args: ['-t', 'nat', '-D', 'POSTROUTING', '-s', opts.podIP, '-j', chain, '-m', 'comment', '--comment', comment] }, dur: D.iptables },
    { plugin: 'bridge', op: 'iptables', attrs: { args: ['-t', 'nat', '-F', chain] }, dur: D.iptables },
    { plugin: 'bridge', op: 'iptables', attrs: { args: ['-t', 'nat', '-X', chain] }, dur: D.iptables },
  ];
}
