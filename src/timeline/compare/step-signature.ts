import type { TraceEvent } from '../../trace/schema.ts';

/**
 * What makes two events "the same step" in a simulated and a real trace of one scenario. Names
 * the cluster generates differ between any two runs (pod name suffixes, uids, container ids,
 * node names), so a step is identified by its kind, the component roles at either end, the
 * operation with its object names blanked, and the kind of object it concerns.
 */

/** Components that exist once per node: their instance (the node) is not part of the step. */
const PER_NODE = new Set(['kubelet', 'containerd', 'cri-o', 'crio', 'conmon', 'dockershim', 'dockerd', 'shim', 'runc', 'crun', 'runsc', 'kata', 'rkt', 'rktlet', 'etcd', 'kube-proxy']);

/** `kubelet/node-1` → `kubelet`; `kube-controller-manager/replicaset-controller` stays whole. */
export function actorRole(actor: string | undefined): string {
  if (!actor) return '';
  const slash = actor.indexOf('/');
  if (slash < 0) return actor;
  const component = actor.slice(0, slash);
  return PER_NODE.has(component) ? component : actor;
}

/**
 * `PATCH /api/v1/namespaces/default/pods/web-7d4b9c-x2k4q/status?fieldManager=x` →
 * `PATCH /api/v1/namespaces/*\/pods/*\/status`: the namespace and object names blanked, the query
 * dropped. Non-HTTP ops (`RunPodSandbox`, `clone`, `ADDED`) are kept as they are.
 */
export function normalizeOp(op: string): string {
  const m = /^([A-Z]+) (\/[^?\s]*)/.exec(op);
  if (!m) return op;
  const parts = (m[2] as string).split('/');
  // /api/v1/... or /apis/<group>/<version>/...; then [namespaces, ns,] resource, name, subresource.
  let i = parts[1] === 'api' ? 3 : parts[1] === 'apis' ? 4 : parts.length;
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    parts[i + 1] = '*';
    i += 2;
  }
  if (parts.length > i + 1) parts[i + 1] = '*';
  return `${m[1]} ${parts.join('/')}`;
}

/** The step an event stands for, or undefined for events that are not compared (states, logs). */
export function stepSignature(ev: TraceEvent): string | undefined {
  switch (ev.kind) {
    case 'message':
      // Responses are compared through their requests; watch deliveries fan out per watcher
      // and depend on how many informers each side runs.
      if (typeof ev.attrs?.replyTo === 'number' || ev.op.startsWith('WATCH ')) return undefined;
      if (/^\d{3} /.test(ev.op)) return undefined;
      return `message|${actorRole(ev.actor)}>${actorRole(ev.to)}|${normalizeOp(ev.op)}`;
    case 'object':
      return `object|${ev.op}|${ev.ref?.kind ?? ''}`;
    case 'event':
      return `event|${String(ev.attrs?.reason ?? ev.op)}|${ev.ref?.kind ?? ''}`;
    case 'span':
      return `span|${actorRole(ev.actor)}|${ev.op}`;
    case 'command':
      return ev.attrs?.phase === 'start' ? `command|${ev.op}` : undefined;
    default:
      return undefined;
  }
}

/** The layer of a signature (`message|kubelet>containerd`, `span|runc`): what a source can see. */
export function signatureLayer(signature: string): string {
  const parts = signature.split('|');
  return parts[0] === 'object' || parts[0] === 'event' || parts[0] === 'command' ? (parts[0] as string) : `${parts[0]}|${parts[1]}`;
}
