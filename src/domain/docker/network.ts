/**
 * Docker's default bridge network (moby libnetwork drivers/bridge, daemon/daemon_unix.go
 * initBridgeDriver): the `docker0` bridge with 172.17.0.1/16, and for each container a veth pair
 * (`veth<7 hex>` on the host, `eth0` in the container's netns) and the next free address from
 * 172.17.0.2 on (libnetwork ipam, sequential from the start of the pool, the gateway taken).
 */
export const DOCKER0 = { name: 'docker0', subnet: '172.17.0.0/16', gateway: '172.17.0.1' } as const;

/** The next free address of docker0's pool. */
export function nextBridgeIP(taken: ReadonlySet<string>): string {
  for (let n = 2; n < 65_535; n++) {
    const ip = `172.17.${Math.floor(n / 256)}.${n % 256}`;
    if (n % 256 === 0 || n % 256 === 255) continue;
    if (!taken.has(ip)) return ip;
  }
  throw new Error('docker0: no free address in 172.17.0.0/16');
}

/** The container's MAC: 02:42 followed by its IPv4 address (libnetwork netutils.GenerateMACFromIP, Docker < 26 and still the pattern people know). */
export function macFromIP(ip: string): string {
  return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}

/** The host end of the veth: "veth" + 7 hex (libnetwork netutils.GenerateIfaceName with prefix "veth"). */
export function hostVethName(hex: string): string {
  return `veth${hex.slice(0, 7)}`;
}

/** The steps of connecting a container to docker0 (libnetwork bridge driver CreateEndpoint/Join), for the trace. */
export function bridgeJoinSteps(opts: { veth: string; netnsPath: string; ip: string }): { op: string; dur: number; attrs: Record<string, unknown> }[] {
  return [
    { op: 'create veth pair', dur: 900, attrs: { host: opts.veth, peer: 'eth0', syscall: 'RTM_NEWLINK' } },
    { op: 'attach to bridge', dur: 200, attrs: { bridge: DOCKER0.name, iface: opts.veth } },
    { op: 'move into netns', dur: 300, attrs: { iface: 'eth0', netns: opts.netnsPath } },
    { op: 'configure interface', dur: 400, attrs: { iface: 'eth0', address: `${opts.ip}/16`, mac: macFromIP(opts.ip), gateway: DOCKER0.gateway } },
  ];
}
