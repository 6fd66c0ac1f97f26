import type { TraceEvent } from '../../trace/schema.ts';

/** A 64-hex container or sandbox id, as containerd makes them. */
const CONTAINER_ID = /^[0-9a-f]{64}$/;

/**
 * Which container an event of the runtimes works for. The anchors name it: the `oci-container`,
 * `cri-container` and `cri-sandbox` machines' instance, the runtime invocations' `id`
 * (create/start/kill/delete and the `exit` report), the snapshot keys, the CNI env's
 * `CNI_CONTAINERID`. The syscall spans between them do not, but each names its `cause`: a span
 * works for the container its cause worked for, as long as the chain stays inside the
 * runtimes (a cause sent *to* the same actor counts: the shim's `start` message to runc). The
 * kubelet is left out, so one container's chain never leaks into the next CRI call.
 */
export class ContainerAttribution {
  private readonly ofSeq = new Map<number, string>();
  private readonly actorOfSeq = new Map<number, { actor: string; to?: string }>();

  constructor(private readonly isRuntimeActor: (actor: string) => boolean) {}

  /** The container id `e` works for (remembered for the events it causes), if any. */
  apply(e: TraceEvent): string | undefined {
    if (!this.isRuntimeActor(e.actor)) return undefined;
    this.actorOfSeq.set(e.seq, e.to !== undefined ? { actor: e.actor, to: e.to } : { actor: e.actor });
    let id = explicitContainerId(e);
    if (id === undefined && e.cause !== undefined) {
      const cause = this.actorOfSeq.get(e.cause);
      if (cause && (cause.actor === e.actor || cause.to === e.actor)) id = this.ofSeq.get(e.cause);
    }
    if (id !== undefined) this.ofSeq.set(e.seq, id);
    return id;
  }
}

/** The container an event names itself, without looking at its cause. */
export function explicitContainerId(e: TraceEvent): string | undefined {
  const a = e.attrs ?? {};
  if (e.kind === 'state') {
    const m = a['machine'];
    if ((m === 'oci-container' || m === 'cri-container' || m === 'cri-sandbox') && typeof a['instance'] === 'string') return a['instance'];
    return undefined;
  }
  // `containerId`: containerd's messages to the low-level runtime (attrs.id is the message's own id there).
  for (const k of ['id', 'key', 'containerId'] as const) {
    const v = a[k];
    if (typeof v === 'string' && CONTAINER_ID.test(v)) return v;
  }
  const env = a['env'] as { CNI_CONTAINERID?: unknown } | undefined;
  if (typeof env?.CNI_CONTAINERID === 'string') return env.CNI_CONTAINERID;
  return undefined;
}
