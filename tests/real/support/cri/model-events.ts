import type { TraceEvent } from '../../../../src/trace/schema.ts';
import type { RawEvent } from './sequence.ts';

/**
 * The containerd events of the model's trace, in the shape `ctr events` prints them, so that one
 * normalizer reads both sides. The model's containerd records each event it publishes on the
 * step that publishes it, as `attrs.event` `{topic, payload}` of its span (docs/trace-format.md):
 *
 * | topic | the containerd span that carries it |
 * |---|---|
 * | /snapshot/prepare, /snapshot/commit | image pulls: `Prepare`, `Commit` (domain/containerd/pull.ts); a rootfs: `snapshot prepare` |
 * | /images/create, /images/update | `images.Create`, `images.Update` of a pull |
 * | /containers/create | `create container` (client.NewContainer, for the pause container too) |
 * | /tasks/create, /tasks/start | `TaskCreate`, `TaskStart`: the shim, once `runc create` / `runc start` returned |
 * | /tasks/exit, /tasks/delete | `TaskExit` (the shim reaped the init), `TaskDelete` (after `runc delete`) |
 * | /snapshot/remove, /containers/delete | `snapshot remove`, `delete container` (Container.Delete WithSnapshotCleanup) |
 *
 * Nothing in the model stands for /containers/update: containerd 1.6 updates the sandbox's
 * container twice, 2.x does not (by-design.ts, sandbox-container-updates). Each event comes with
 * the index of the trace event it was read from (`at`), for cutting the trace into steps.
 * `runc` is kept in the signature for callers; the events are all containerd's.
 */
export function modelEvents(trace: readonly TraceEvent[], containerd: string, _runc?: string): { at: number; event: RawEvent }[] {
  const out: { at: number; event: RawEvent }[] = [];
  for (const [at, ev] of trace.entries()) {
    if (ev.kind !== 'span' || ev.actor !== containerd) continue;
    const event = (ev.attrs ?? {})['event'] as { topic?: unknown; payload?: Record<string, unknown> } | undefined;
    if (typeof event?.topic === 'string') out.push({ at, event: { namespace: 'k8s.io', topic: event.topic, payload: { ...(event.payload ?? {}) } } });
  }
  return out;
}
