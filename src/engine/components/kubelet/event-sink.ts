import { toRfc3339 } from '../../../base/time.ts';
import { EventCorrelator } from '../../../domain/events/correlator.ts';
import type { EventSpec } from '../../../domain/events/messages.ts';
import type { CoreEvent, KubeObject } from '../../../domain/k8s/objects.ts';
import type { ApiClient } from '../../api/client.ts';
import type { Simulation } from '../../runtime/simulation.ts';

/**
 * The kubelet's event broadcaster: client-go's recorder with its EventCorrelator
 * (domain/events/correlator.ts) in front of the sink (tools/record/event.go recordToSink): a new
 * event is created (POST), a repeated one patched with its count and lastTimestamp (PATCH
 * events/<name>), a throttled one dropped. Each is traced as a `kind: event` with its count.
 */
export class KubeletEventSink {
  private readonly correlator = new EventCorrelator();
  private lastNanos = 0n;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly client: ApiClient,
    private readonly source: { component: string; host: string },
  ) {}

  /** Records an Event about `involved` (a container's when `fieldPath` is given); returns its trace seq, or `cause` when dropped. */
  record(involved: KubeObject, spec: EventSpec, cause: number, fieldPath?: string): number {
    const namespace = involved.metadata.namespace ?? 'default';
    const involvedObject: CoreEvent['involvedObject'] = {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name ?? '',
      ...(involved.metadata.namespace ? { namespace } : {}),
      ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}),
      ...(involved.metadata.resourceVersion ? { resourceVersion: involved.metadata.resourceVersion } : {}),
      ...(fieldPath ? { fieldPath } : {}),
    };
    const c = this.correlator.correlate({ source: this.source, involved: { ...involvedObject, apiVersion: involvedObject.apiVersion ?? '' }, type: spec.type, reason: spec.reason, message: spec.message }, this.sim.now);
    if ('skip' in c) return cause;
    const nowIso = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const ref = { apiVersion: involved.apiVersion, kind: involved.kind, name: involved.metadata.name ?? '', namespace, ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}) };
    if (c.create) {
      const name = this.nameAt(involved.metadata.name ?? '');
      this.correlator.created(c.key, name);
      const ev: CoreEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject,
        reason: spec.reason,
        message: c.message,
        source: this.source,
        firstTimestamp: nowIso,
        lastTimestamp: nowIso,
        count: 1,
        type: spec.type,
        eventTime: null,
        reportingComponent: this.source.component,
        reportingInstance: this.source.host,
      };
      const seq = this.sim.recorder.record({ kind: 'event', actor: this.actorId, op: spec.reason, cause, ref, attrs: { type: spec.type, reason: spec.reason, message: c.message, source: this.source, count: 1, name, ...(fieldPath ? { fieldPath } : {}) } });
      this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, { body: ev, cause: seq }, () => {});
      return seq;
    }
    const seq = this.sim.recorder.record({ kind: 'event', actor: this.actorId, op: spec.reason, cause, ref, attrs: { type: spec.type, reason: spec.reason, message: c.message, source: this.source, count: c.count, name: c.name, ...(fieldPath ? { fieldPath } : {}) } });
    const patch = { count: c.count, lastTimestamp: nowIso, message: c.message };
    this.client.request('PATCH', `/api/v1/namespaces/${namespace}/events/${c.name}`, { body: patch, contentType: 'application/strategic-merge-patch+json', cause: seq }, () => {});
    return seq;
  }

  /** `<object>.<UnixNano hex>` (makeEvent); a later event in the same nanosecond moves on by one. */
  private nameAt(objectName: string): string {
    let nanos = BigInt(Date.parse(this.sim.timeOrigin)) * 1_000_000n + BigInt(Math.trunc(this.sim.now)) * 1_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    return `${objectName}.${nanos.toString(16)}`;
  }
}
