import type { TraceEvent } from '../../../../src/trace/schema.ts';
import type { RawEvent } from './sequence.ts';

/**
 * The containerd events the model's trace stands for, in the shape `ctr events` prints them, so
 * that one normalizer reads both sides. The model has no event bus of its own; each rule below
 * names the trace event that means the same fact as the containerd event:
 *
 * | topic | model trace event | why it is the same fact |
 * |---|---|---|
 * | any topic in a span's `attrs.event` | that span (image pulls: domain/containerd/pull.ts records the topics of Prepare, Commit, images.Create/Update) | the model says so itself |
 * | /snapshot/prepare | containerd span `snapshot prepare` (key = the container id) | the rootfs snapshot of a container or sandbox |
 * | /snapshot/remove | containerd span `snapshot remove` | its removal |
 * | /containers/create | state of a `cri-container` machine: creating → CONTAINER_CREATED | the CRI's container exists once containerd's container record does (NewContainer is the last step of CreateContainer) |
 * | /containers/delete | state of a `cri-container` or `cri-sandbox` machine → removed | the record is deleted last in RemoveContainer / RemovePodSandbox |
 * | /tasks/create | runc's `oci-container` machine → created | the shim publishes TaskCreate once `runc create` returned |
 * | /tasks/start | runc's `oci-container` → running | TaskStart once `runc start` returned |
 * | /tasks/exit | containerd span `TaskExit` (exitStatus) | the shim reaped the init and published TaskExit |
 * | /tasks/delete | runc's `oci-container` → deleted (the exit status of its TaskExit) | TaskDelete once `runc delete` returned |
 *
 * Nothing in the model stands for /containers/update: containerd 1.6 updates the sandbox's
 * container twice, 2.x does not (by-design.ts, sandbox-container-updates). Each event comes with the index of the
 * trace event it was read from (`at`), for cutting the trace into steps.
 */
export function modelEvents(trace: readonly TraceEvent[], containerd: string, runc: string): { at: number; event: RawEvent }[] {
  const out: { at: number; event: RawEvent }[] = [];
  const exitOf = new Map<string, number>();
  let at = 0;
  const push = (topic: string, payload: Record<string, unknown>): void => {
    out.push({ at, event: { namespace: 'k8s.io', topic, payload } });
  };
  for (const [i, ev] of trace.entries()) {
    at = i;
    const attrs = (ev.attrs ?? {}) as Record<string, unknown>;
    if (ev.kind === 'span' && ev.actor === containerd) {
      const event = attrs.event as { topic?: string; payload?: Record<string, unknown> } | undefined;
      if (event?.topic) push(event.topic, { ...(event.payload ?? {}) });
      else if (ev.op === 'snapshot prepare') push('/snapshot/prepare', { key: attrs.key });
      else if (ev.op === 'snapshot remove') push('/snapshot/remove', { key: attrs.key });
      else if (ev.op === 'TaskExit') {
        exitOf.set(String(attrs.id), Number(attrs.exitStatus ?? 0));
        push('/tasks/exit', { container_id: attrs.id, exit_status: attrs.exitStatus });
      }
      continue;
    }
    if (ev.kind !== 'state') continue;
    const machine = attrs.machine;
    const id = String(attrs.instance ?? '');
    if (ev.actor === containerd && machine === 'cri-container' && ev.op === 'CONTAINER_CREATED' && attrs.from === 'creating') push('/containers/create', { id });
    else if (ev.actor === containerd && (machine === 'cri-container' || machine === 'cri-sandbox') && ev.op === 'removed') push('/containers/delete', { id });
    else if (ev.actor === runc && machine === 'oci-container') {
      if (ev.op === 'created') push('/tasks/create', { container_id: id });
      else if (ev.op === 'running') push('/tasks/start', { container_id: id });
      else if (ev.op === 'deleted') push('/tasks/delete', { container_id: id, exit_status: exitOf.get(id) });
    }
  }
  return out;
}
