import { toRfc3339 } from '../../base/time.ts';
import type { CoreEvent, KubeObject } from '../../domain/k8s/objects.ts';
import type { Simulation } from '../runtime/simulation.ts';
import type { ApiClient } from './client.ts';
import type { EventSpec } from '../../domain/events/messages.ts';

/**
 * client-go's EventRecorder: a Kubernetes Event is recorded in the trace (`kind: event`) and
 * created through the API (`POST /api/v1/namespaces/<ns>/events`), as the real components do.
 */
export class EventRecorder {
  /** The newest event time used per object, to keep event names unique. */
  private readonly used = new Map<string, bigint>();

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly client: ApiClient,
    private readonly source: { component: string; host?: string },
  ) {}

  /** Records an Event built by a domain message builder; returns the seq of the trace event. */
  record(involved: KubeObject, spec: EventSpec, cause: number, fieldPath?: string): number {
    return this.event(involved, spec.type, spec.reason, spec.message, cause, fieldPath);
  }

  /** Returns the seq of the trace event. */
  event(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, cause: number, fieldPath?: string): number {
    const namespace = involved.metadata.namespace ?? 'default';
    const nowIso = toRfc3339(this.sim.timeOrigin, this.sim.now);
    // The real name is `<object>.<unix nanoseconds in hex>`.
    const unixNanos = BigInt(Date.parse(this.sim.timeOrigin)) * 1_000_000n + BigInt(this.sim.now) * 1_000n;
    // Two events for one object in the same simulated nanosecond would share a name; the real
    // clock never ticks that coarsely, so the later one moves on by a nanosecond.
    const base = `${involved.metadata.name ?? ''}.`;
    let nanos = unixNanos;
    while (this.used.get(base) !== undefined && (this.used.get(base) as bigint) >= nanos) nanos = (this.used.get(base) as bigint) + 1n;
    this.used.set(base, nanos);
    const name = `${base}${nanos.toString(16)}`;
    const involvedObject: CoreEvent['involvedObject'] = {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name ?? '',
      // A cluster-scoped object (a Node) has none; its events live in "default".
      ...(involved.metadata.namespace ? { namespace } : {}),
      ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}),
      ...(involved.metadata.resourceVersion ? { resourceVersion: involved.metadata.resourceVersion } : {}),
      ...(fieldPath ? { fieldPath } : {}),
    };
    const ev: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      source: this.source,
      firstTimestamp: nowIso,
      lastTimestamp: nowIso,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    const seq = this.sim.recorder.record({
      kind: 'event',
      actor: this.actorId,
      op: reason,
      cause,
      ref: { apiVersion: involved.apiVersion, kind: involved.kind, name: involved.metadata.name ?? '', namespace, ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}) },
      attrs: { type, reason, message, source: this.source, count: 1, name },
    });
    this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, { body: ev, cause: seq }, () => {
      // Events are best effort: the recorder does not retry or wait.
    });
    return seq;
  }
}
