/**
 * The flags of each member of an N-member cluster started from one set of flags, the way a
 * local multi-member cluster is laid out (etcd's Procfile: every member on one host, each on its
 * own pair of ports). Member i gets the name `<name>-<i>` and the given ports plus 10000·i:
 * 2380/2379, 12380/12379, 22380/22379.
 */

/** Port step between two members of one host. */
export const MEMBER_PORT_STEP = 10_000;

/** The most members a scenario may ask for (etcd recommends 3 or 5; 7 is the usual ceiling). */
export const MAX_MEMBERS = 7;

/** `<name>-<i>`: the --name of member i. */
export function memberName(base: string, index: number): string {
  return `${base}-${index}`;
}

/**
 * A URL with its port moved on by `offset`; a URL without a port gets `defaultPort` first
 * (2380 for peers, 2379 for clients, etcd's defaults).
 */
export function shiftPort(url: string, offset: number, defaultPort: number): string {
  const m = /^([a-z]+:\/\/[^:/]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!m) return url;
  const port = m[2] !== undefined ? Number(m[2]) : defaultPort;
  return `${m[1]}:${port + offset}${m[3] ?? ''}`;
}

/** The peer and client URLs of member i. */
export function memberURLs(peerURLs: readonly string[], clientURLs: readonly string[], index: number): { peerURLs: string[]; clientURLs: string[] } {
  const offset = index * MEMBER_PORT_STEP;
  return { peerURLs: peerURLs.map((u) => shiftPort(u, offset, 2380)), clientURLs: clientURLs.map((u) => shiftPort(u, offset, 2379)) };
}
