import type { ObjectRef } from '../../../trace/schema.ts';
import type { RawEvent } from '../../types.ts';

/**
 * The CRI plugin's sandboxes and containers, inferred from what `ctr events` shows of them, as
 * the simulator's containerd records them: `state` events of machines `cri-sandbox` (creating →
 * SANDBOX_READY → SANDBOX_NOTREADY → removed) and `cri-container` (creating → CONTAINER_CREATED
 * → CONTAINER_RUNNING → CONTAINER_EXITED → removed), src/engine/components/containerd
 * cri-objects.machine.ts; `attrs.instance` the id, `attrs.from`, `attrs.final` on `removed`,
 * `ref` the pod. All `inferred`: containerd publishes no CRI state, only its own events.
 *
 * Which object a container is: the CRI plugin labels its containerd containers
 * `io.cri-containerd.kind` = `sandbox` | `container` (and `io.kubernetes.pod.name`, `.namespace`,
 * `.uid`), but `/containers/create` carries no labels (events.ContainerCreate: id, image,
 * runtime); containerd 1.6 publishes them in the `/containers/update` that follows a sandbox's
 * create. So a create is held until the next event naming its id: an update with the kind label
 * decides, anything else (a CRI container's next event is its `/tasks/create` at StartContainer)
 * makes it a CRI container. Only the CRI plugin's namespace (`k8s.io`) is read.
 *
 * The transitions, at the event that shows each (the simulator's moments, closest observable):
 * sandbox `creating` at its /containers/create, SANDBOX_READY at its /tasks/start,
 * SANDBOX_NOTREADY at its /tasks/delete (the pause container is gone; the simulator's STOP
 * comes after the network teardown, which ctr does not show), `removed` at /containers/delete;
 * container `creating` and CONTAINER_CREATED at /containers/create (containerd's record is
 * CreateContainer's last step), CONTAINER_RUNNING at /tasks/start, CONTAINER_EXITED at
 * /tasks/delete (the simulator's EXITED follows TaskDelete), `removed` at /containers/delete.
 * Causes: `sandbox:<id>` / `container:<id>` (the kubelet's CRI call naming it, when recorded).
 */

export const CRI_NAMESPACE = 'k8s.io';

type Kind = 'sandbox' | 'container';

interface Pending {
  readonly at?: number;
  readonly line: number;
  /** The containerd runtime (`io.containerd.runc.v2`) of /containers/create. */
  readonly runtime?: string;
}

interface Known {
  readonly kind: Kind;
  state: string;
  ref?: ObjectRef;
}

export class CriObjects {
  private readonly pending = new Map<string, Pending>();
  private readonly known = new Map<string, Known>();

  constructor(private readonly actor: string) {}

  /** The state events one ctr event shows (after the event's own span). */
  apply(namespace: string, topic: string, id: string | undefined, payload: Readonly<Record<string, unknown>>, at: number | undefined, line: number): RawEvent[] {
    if (namespace !== CRI_NAMESPACE || !id) return [];
    const out: RawEvent[] = [];
    if (topic === '/containers/create') {
      const runtime = isLabels(payload['runtime']) ? payload['runtime']['name'] : undefined;
      if (!this.known.has(id)) this.pending.set(id, { ...(at !== undefined ? { at } : {}), line, ...(typeof runtime === 'string' ? { runtime } : {}) });
      return out;
    }
    const held = this.pending.get(id);
    if (held) {
      this.pending.delete(id);
      const labels = topic === '/containers/update' && isLabels(payload['labels']) ? payload['labels'] : undefined;
      const kind = labels?.['io.cri-containerd.kind'] === 'sandbox' ? 'sandbox' : 'container';
      out.push(...this.created(id, kind, held, labels));
      if (kind === 'sandbox') out.push(this.shim(id, held, at, line));
    }
    const obj = this.known.get(id);
    if (!obj) return out;
    const to = NEXT[obj.kind][topic];
    if (to && STATES[obj.kind].indexOf(to) > STATES[obj.kind].indexOf(obj.state)) out.push(this.move(id, obj, to, at, line));
    return out;
  }

  /** The end of the file: creates nothing decided yet are CRI containers. */
  end(): RawEvent[] {
    const out: RawEvent[] = [];
    for (const [id, held] of this.pending) out.push(...this.created(id, 'container', held, undefined));
    this.pending.clear();
    return out;
  }

  private created(id: string, kind: Kind, held: Pending, labels: Readonly<Record<string, string>> | undefined): RawEvent[] {
    const ref = labels ? podRef(labels) : undefined;
    const obj: Known = { kind, state: 'creating', ...(ref ? { ref } : {}) };
    this.known.set(id, obj);
    const out = [this.state(id, obj, 'creating', undefined, held.at, held.line)];
    if (kind === 'container') out.push(this.move(id, obj, 'CONTAINER_CREATED', held.at, held.line));
    return out;
  }

  /**
   * The sandbox's shim, which containerd starts in NewTask (runtime/v2 shim start: one
   * `containerd-shim-runc-v2 … start` per sandbox, its containers share it). ctr shows no event
   * for it: it is placed at the update that labels the sandbox, the last event before the task
   * is created; the simulator's `start shim` step of containerd, with the command line's flags
   * ctr knows (`-address` and `-publish-binary` are containerd's own, not in the event).
   */
  private shim(id: string, held: Pending, at: number | undefined, line: number): RawEvent {
    const ref = this.known.get(id)?.ref;
    return {
      ...(at !== undefined ? { at } : {}),
      dur: 0,
      kind: 'span',
      actor: this.actor,
      op: 'start shim',
      ...(ref ? { ref } : {}),
      inferred: true,
      attrs: { id, argv: `${shimBinary(held.runtime)} -namespace ${CRI_NAMESPACE} -id ${id} start` },
      line,
      causes: [{ key: `sandbox:${id}`, rule: 'the CRI call naming the sandbox', confidence: 'inferred' }],
    };
  }

  private move(id: string, obj: Known, to: string, at: number | undefined, line: number): RawEvent {
    const from = obj.state;
    obj.state = to;
    if (to === 'removed') this.known.delete(id);
    return this.state(id, obj, to, from, at, line);
  }

  private state(id: string, obj: Known, op: string, from: string | undefined, at: number | undefined, line: number): RawEvent {
    return {
      ...(at !== undefined ? { at } : {}),
      kind: 'state',
      actor: this.actor,
      op,
      ...(obj.ref ? { ref: obj.ref } : {}),
      inferred: true,
      attrs: { machine: obj.kind === 'sandbox' ? 'cri-sandbox' : 'cri-container', instance: id, ...(from !== undefined ? { from } : {}), ...(op === 'removed' ? { final: true } : {}) },
      line,
      causes: [{ key: `${obj.kind}:${id}`, rule: `the CRI call naming the ${obj.kind}`, confidence: 'inferred' }],
    };
  }
}

const STATES: Readonly<Record<Kind, readonly string[]>> = {
  sandbox: ['creating', 'SANDBOX_READY', 'SANDBOX_NOTREADY', 'removed'],
  container: ['creating', 'CONTAINER_CREATED', 'CONTAINER_RUNNING', 'CONTAINER_EXITED', 'removed'],
};

const NEXT: Readonly<Record<Kind, Readonly<Record<string, string>>>> = {
  sandbox: { '/tasks/start': 'SANDBOX_READY', '/tasks/delete': 'SANDBOX_NOTREADY', '/containers/delete': 'removed' },
  container: { '/tasks/start': 'CONTAINER_RUNNING', '/tasks/delete': 'CONTAINER_EXITED', '/containers/delete': 'removed' },
};

/** containerd's shim binary of a runtime name: `io.containerd.runc.v2` → `containerd-shim-runc-v2` (runtime/v2/shim BinaryName). */
export function shimBinary(runtime: string | undefined): string {
  const parts = (runtime ?? 'io.containerd.runc.v2').split('.');
  return parts.length === 4 ? `containerd-shim-${parts[2]}-${parts[3]}` : 'containerd-shim-runc-v2';
}

function isLabels(v: unknown): v is Readonly<Record<string, string>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The pod of a sandbox, from the labels the CRI plugin sets (pkg/cri/store labels, kubelet's `io.kubernetes.pod.*`). */
function podRef(labels: Readonly<Record<string, string>>): ObjectRef | undefined {
  const name = labels['io.kubernetes.pod.name'];
  if (typeof name !== 'string' || name === '') return undefined;
  const namespace = labels['io.kubernetes.pod.namespace'];
  const uid = labels['io.kubernetes.pod.uid'];
  return { apiVersion: 'v1', kind: 'Pod', name, ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}), ...(typeof uid === 'string' && uid !== '' ? { uid } : {}) };
}
