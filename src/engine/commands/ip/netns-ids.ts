/**
 * The ids the host's network namespace gives its peer namespaces, which `ip netns list` prints
 * as ` (id: N)` (iproute2 ip/ipnetns.c netns_list → get_netnsid_from_name, RTM_GETNSID).
 *
 * The kernel assigns one when a link of the host refers to a namespace elsewhere: the CNI
 * bridge plugin's veth, whose container end is in the pod's namespace (net/core/net_namespace.c
 * peernet2id_alloc, called from rtnetlink when the veth is announced). The id is
 * idr_alloc(&net->netns_ids, peer, 0, 0): the lowest free one from 0. It is freed when the
 * namespace goes away (cleanup_net), and the next namespace can take it again.
 */
import type { NetnsEntry } from './ip.ts';

export class PeerNsids {
  private readonly ids = new Map<string, number>();

  /**
   * Brings the table up to date with the namespaces that exist now, oldest first: those gone
   * free their id, new ones take the lowest free one, in the order they were made.
   */
  sync(pathsOldestFirst: readonly string[]): void {
    const live = new Set(pathsOldestFirst);
    for (const p of [...this.ids.keys()]) if (!live.has(p)) this.ids.delete(p);
    const used = new Set(this.ids.values());
    for (const p of pathsOldestFirst) {
      if (this.ids.has(p)) continue;
      let id = 0;
      while (used.has(id)) id++;
      used.add(id);
      this.ids.set(p, id);
    }
  }

  /** `ip netns list`'s entries: the names under /var/run/netns, newest first (readdir on tmpfs), with their ids. */
  entries(pathsOldestFirst: readonly string[]): NetnsEntry[] {
    this.sync(pathsOldestFirst);
    return [...pathsOldestFirst].reverse().map((p) => {
      const id = this.ids.get(p);
      return { name: p.slice(p.lastIndexOf('/') + 1), ...(id !== undefined ? { nsid: id } : {}) };
    });
  }
}
