import type { Rng } from '../../base/rng.ts';
import { hostLocalNextIP } from '../cni/bridge.ts';

/**
 * rkt's pod networking (networking/networking.go, podenv.go, kvm.go; Documentation/networking):
 * - the `default` network is stage1's etc/rkt/net.d/99-default.conf: a `ptp` veth pair with
 *   host-local IPAM in 172.16.28.0/24 and IP masquerading, so the first pod gets 172.16.28.2;
 * - coreos: stage1 creates the pod's network namespace with CNI's ns.NewNS, bind-mounted at
 *   /var/run/netns/cni-<random uuid>, and every app of the pod shares it;
 * - fly: `--net` is ignored, the app runs in the host's network namespace (no NETWORKS column);
 * - kvm: no namespace; a tap device `rkt-<first 4 of the uuid>-tap0` on the host carries the
 *   VM's traffic, with the IP from the same IPAM.
 */

export const DEFAULT_NET = {
  name: 'default',
  type: 'ptp',
  ipMasq: true,
  subnet: '172.16.28.0/24',
  /** Path relative to the stage1 rootfs (podenv.go DefaultNetPath). */
  confPath: 'etc/rkt/net.d/99-default.conf',
  /** Where the conf is copied in the pod directory (setupNets copyFileToDir to podRoot/net). */
  podConfPath: 'net/99-default.conf',
  pluginPath: 'stage1/rootfs/usr/lib/rkt/plugins/net/ptp',
  mask: '255.255.255.0',
} as const;

/** One network a pod joined, as net-info.json records it (networking/netinfo/netinfo.go). */
export interface NetInfo {
  netName: string;
  netConf: string;
  pluginPath: string;
  ifName: string;
  ip: string;
  args: string;
  mask: string;
}

/** The next address of the default network, like host-local (the .1 gateway is skipped). */
export function allocateDefaultIP(allocated: ReadonlySet<string>, lastReserved?: string): string {
  return hostLocalNextIP(DEFAULT_NET.subnet, allocated, lastReserved);
}

export function defaultNetInfo(ip: string, ifName: string): NetInfo {
  return { netName: DEFAULT_NET.name, netConf: DEFAULT_NET.podConfPath, pluginPath: DEFAULT_NET.pluginPath, ifName, ip, args: '', mask: DEFAULT_NET.mask };
}

/** list.go fmtNets: `default:ip4=172.16.28.2`, several joined with ", ". */
export function fmtNets(nets: readonly Pick<NetInfo, 'netName' | 'ip'>[]): string {
  return nets.map((n) => `${n.netName}:ip4=${n.ip}`).join(', ');
}

/**
 * CNI pkg/ns NewNS: `cni-` and 16 random bytes in the 8-4-4-4-12 grouping (not a versioned
 * UUID), e.g. cni-e0f06652-1a94-2cfd-3ccc-c684c473992f from the talk.
 */
export function newNetnsName(rng: Rng): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
    return s;
  };
  return `cni-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

export const NETNS_DIR = '/var/run/netns';

/** networking/kvm.go setupTapDevice: `rkt-<uuid[0:4]>-tap%d`, the kernel picks the number. */
export function kvmTapName(podUUID: string, index = 0): string {
  return `rkt-${podUUID.slice(0, 4)}-tap${index}`;
}

/**
 * The lowest free netns id (net/core/net_namespace.c alloc_netid: idr_alloc from 0), assigned
 * to a pod's netns when the host end of its veth pair is set up; `ip netns list` prints it.
 */
export function lowestFreeNsid(used: ReadonlySet<number>): number {
  let id = 0;
  while (used.has(id)) id++;
  return id;
}
