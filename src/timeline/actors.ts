/**
 * The order in which views list actors (lanes of the sequence diagram, rows of the timeline):
 * the request path from the user down to the kernel, control plane first, then each node
 * with its kubelet above its runtimes. A stable order keeps lanes from jumping while a trace
 * streams in.
 */

/** Control-plane and client components, in the order a request meets them. */
const CONTROL_PLANE_RANK: Readonly<Record<string, number>> = {
  user: 0,
  kubectl: 1,
  'kube-apiserver': 2,
  etcd: 3,
  'kube-controller-manager': 4,
  scheduler: 5,
  'kube-scheduler': 5,
};

/**
 * Per-node components: the kubelet, then the CRI runtimes (high level), then the OCI runtimes
 * (low level) they call, so a node's lanes read top-down like the call chain.
 */
const NODE_COMPONENT_RANK: Readonly<Record<string, number>> = {
  kubelet: 0,
  containerd: 1,
  'cri-o': 1,
  crio: 1,
  dockershim: 1,
  dockerd: 1,
  rktlet: 1,
  'containerd-shim': 2,
  conmon: 2,
  runc: 3,
  crun: 3,
  runsc: 3,
  gvisor: 3,
  kata: 3,
  'kata-runtime': 3,
  firecracker: 3,
  rkt: 3,
};

interface ActorSortKey {
  group: number; // 0 control plane, 1 nodes, 2 anything else
  rank: number;
  node: string;
  rest: string;
}

/**
 * Sorts actor ids: user, kubectl, kube-apiserver, etcd/*, kube-controller-manager/*, scheduler,
 * then per node (in `nodeOrder` when given, else by name with numbers compared as numbers, so
 * node-2 comes before node-10) kubelet, containerd/cri-o/…, runc/crun/…, then anything else by name.
 * An actor `component/<instance>` counts as a node's when it is a known node component or when
 * its instance is a known node name.
 */
export function sortActors(actors: Iterable<string>, nodeOrder: readonly string[] = []): string[] {
  const knownNodes = new Set(nodeOrder);
  const list = [...new Set(actors)];
  for (const a of list) {
    const { component, instance } = split(a);
    if (instance !== undefined && component in NODE_COMPONENT_RANK) knownNodes.add(instance);
  }
  const keys = new Map(list.map((a) => [a, sortKey(a, knownNodes)] as const));
  const nodePosition = new Map(nodeOrder.map((n, i) => [n, i] as const));
  return list.sort((a, b) => {
    const ka = keys.get(a) as ActorSortKey;
    const kb = keys.get(b) as ActorSortKey;
    if (ka.group !== kb.group) return ka.group - kb.group;
    if (ka.group === 1 && ka.node !== kb.node) {
      const pa = nodePosition.get(ka.node);
      const pb = nodePosition.get(kb.node);
      if (pa !== undefined || pb !== undefined) return (pa ?? Infinity) - (pb ?? Infinity) || naturalCompare(ka.node, kb.node);
      return naturalCompare(ka.node, kb.node);
    }
    return ka.rank - kb.rank || naturalCompare(ka.rest, kb.rest);
  });
}

function sortKey(actor: string, knownNodes: ReadonlySet<string>): ActorSortKey {
  const { component, instance } = split(actor);
  const cp = CONTROL_PLANE_RANK[component];
  if (cp !== undefined) return { group: 0, rank: cp, node: '', rest: actor };
  if (instance !== undefined && knownNodes.has(instance)) {
    return { group: 1, rank: NODE_COMPONENT_RANK[component] ?? 4, node: instance, rest: component };
  }
  return { group: 2, rank: 0, node: '', rest: actor };
}

function split(actor: string): { component: string; instance: string | undefined } {
  const slash = actor.indexOf('/');
  return slash < 0 ? { component: actor, instance: undefined } : { component: actor.slice(0, slash), instance: actor.slice(slash + 1) };
}

/** Compares strings with runs of digits compared by value: node-2 < node-10. Locale-free, so deterministic. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
