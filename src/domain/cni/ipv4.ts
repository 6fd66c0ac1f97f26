/** IPv4 arithmetic for CIDR subnets (enough for host-local ranges). */
export function ipToInt(ip: string): number {
  const parts = ip.split('.').map((p) => Number.parseInt(p, 10));
  if (parts.length !== 4 || parts.some((p) => Number.isNaN(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address: ${ip}`);
  return (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Network address, prefix length, broadcast, as integers. */
export function parseCidr(cidr: string): { network: number; prefix: number; broadcast: number } {
  const [ip = '', len = ''] = cidr.split('/');
  const prefix = Number.parseInt(len, 10);
  if (Number.isNaN(prefix) || prefix < 0 || prefix > 32) throw new Error(`invalid CIDR address: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipToInt(ip) & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { network, prefix, broadcast };
}
