import type { ObjectRef } from '../../../../trace/schema.ts';
import type { RawEvent } from '../../../types.ts';
import { isRecord } from '../shared/json-values.ts';
import { revisionOf } from '../shared/objects.ts';
import { parseK8sTime, type ParsedTime } from '../shared/time.ts';

/**
 * One Kubernetes Event (core/v1 or events.k8s.io/v1) as the simulator records it
 * (engine/api/event-recorder.ts): kind `event`, op = reason, ref = the involved object, attrs
 * type / reason / message / source / count / name (+ fieldPath), the actor the component that
 * reported it. events.k8s.io/v1 names the same things regarding / note / reportingController /
 * reportingInstance / series / deprecated*; both are read into the same shape.
 *
 * Time: eventTime (MicroTime, µs; new-API writers) else series.lastObservedTime, else
 * lastTimestamp / firstTimestamp (metav1.Time: whole seconds), else the Event's creation time,
 * else the recorder's receive time. The precision used is reported per event and per file.
 */
export interface EventJson {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  involvedObject?: RefJson;
  regarding?: RefJson;
  reason?: string;
  message?: string;
  note?: string;
  type?: string;
  source?: { component?: string; host?: string };
  deprecatedSource?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingController?: string;
  reportingInstance?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  deprecatedCount?: number;
  series?: { count?: number; lastObservedTime?: string };
  action?: string;
}

interface RefJson {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export function isEventObject(v: unknown): v is EventJson {
  return isRecord(v) && v.kind === 'Event' && (isRecord(v.involvedObject) || isRecord(v.regarding));
}

/** Why a value is not an Event, for the error of its line. */
export function notAnEvent(v: unknown): string {
  if (!isRecord(v)) return 'not a Kubernetes Event: not a JSON object';
  if (v.kind !== 'Event') return `not a Kubernetes Event: kind is ${JSON.stringify(v.kind)}`;
  return 'not a Kubernetes Event: no involvedObject (core/v1) or regarding (events.k8s.io/v1)';
}

/** Service accounts / components whose controller the simulator names otherwise. */
const CONTROLLER_ACTORS: Record<string, string> = {
  'generic-garbage-collector': 'kube-controller-manager/garbage-collector',
  'garbage-collector-controller': 'kube-controller-manager/garbage-collector',
  'node-controller': 'kube-controller-manager/node-lifecycle-controller',
};

/** The actor of a reporting component: `kubelet` + host → `kubelet/<host>`, … */
export function eventActor(component: string, host: string | undefined): string {
  if (component === 'kubelet') return host ? `kubelet/${host}` : 'kubelet';
  if (component === 'default-scheduler' || component === 'kube-scheduler') return 'scheduler';
  if (CONTROLLER_ACTORS[component]) return CONTROLLER_ACTORS[component];
  if (component.endsWith('-controller')) return `kube-controller-manager/${component}`;
  return component || 'unknown';
}

/** The Event's time and its precision by field: MicroTime is µs, metav1.Time whole seconds. */
function eventTime(e: EventJson, recv: ParsedTime | undefined): ParsedTime | undefined {
  const micro = parseK8sTime(e.eventTime) ?? parseK8sTime(e.series?.lastObservedTime);
  if (micro) return { at: micro.at, precision: 'us' };
  const whole = parseK8sTime(e.lastTimestamp) ?? parseK8sTime(e.deprecatedLastTimestamp) ?? parseK8sTime(e.firstTimestamp) ?? parseK8sTime(e.deprecatedFirstTimestamp) ?? parseK8sTime(e.metadata?.creationTimestamp);
  if (whole) return { at: whole.at, precision: 's' };
  return recv;
}

export function eventRawEvent(e: EventJson, line: number, recv: ParsedTime | undefined): { event: RawEvent; time?: ParsedTime } | string {
  const involved = e.involvedObject ?? e.regarding ?? {};
  if (!involved.kind || !involved.name) return 'a Kubernetes Event whose involved object has no kind or name';
  const reason = e.reason ?? '';
  const srcJson = e.source?.component ? e.source : e.deprecatedSource?.component ? e.deprecatedSource : undefined;
  const component = srcJson?.component ?? e.reportingController ?? e.reportingComponent ?? '';
  const host = srcJson?.host ?? (component === 'kubelet' && e.reportingInstance ? e.reportingInstance : undefined);
  const source: Record<string, string> = { component };
  if (host) source.host = host;
  const count = e.series?.count ?? e.count ?? e.deprecatedCount ?? 1;
  const ref: ObjectRef = { apiVersion: involved.apiVersion ?? '', kind: involved.kind, name: involved.name };
  const ns = involved.namespace ?? e.metadata?.namespace;
  if (involved.namespace) ref.namespace = involved.namespace;
  if (involved.uid) ref.uid = involved.uid;
  const attrs: Record<string, unknown> = { type: e.type ?? 'Normal', reason, message: e.message ?? e.note ?? '', source, count, name: e.metadata?.name ?? '' };
  if (involved.fieldPath) attrs.fieldPath = involved.fieldPath;
  if (e.action) attrs.action = e.action;
  if (!involved.namespace && ns && involved.kind !== 'Node') ref.namespace = ns;
  const time = eventTime(e, recv);
  const event: RawEvent = { kind: 'event', actor: eventActor(component, host), op: reason, ref, line, attrs };
  if (time) event.at = time.at;
  if (recv && time !== recv) attrs.received = recv.at;
  const revision = revisionOf(e.metadata?.resourceVersion);
  if (revision !== undefined) event.revision = revision;
  if (e.metadata?.uid) event.keys = [`event:${e.metadata.uid}`];
  if (involved.uid) {
    event.causes = [
      ...(involved.resourceVersion ? [{ key: `rv:${involved.uid}/${involved.resourceVersion}`, rule: 'event-involved-object-version', confidence: 'observed' as const }] : []),
      { key: `obj:${involved.uid}`, rule: 'event-involved-object', confidence: 'observed' as const },
    ];
  }
  return time ? { event, time } : { event };
}
