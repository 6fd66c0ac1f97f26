import type { RawEvent } from '../../../types.ts';
import { isRecord } from '../shared/json-values.ts';
import type { ApiObject } from '../shared/objects.ts';

/**
 * Steps a watch of Pods implies without showing them. A Pod whose spec.nodeName goes from
 * unset to set was bound: kube-scheduler POSTed its `pods/binding` subresource (the only way
 * spec.nodeName changes after creation), so the scheduler's request is emitted, `inferred`,
 * right before the MODIFIED that shows its effect, and the MODIFIED names it as its cause.
 * A Pod created with spec.nodeName already set (a static or DaemonSet-like pod) was not bound.
 */
export function bindingStep(prev: ApiObject | undefined, next: ApiObject, line: number, at: { at?: number }, nextId: () => number): { message: RawEvent; cause: { key: string; rule: string; confidence: 'inferred' } } | undefined {
  if (next.kind !== 'Pod' || !prev) return undefined;
  const before = isRecord(prev.spec) ? prev.spec.nodeName : undefined;
  const after = isRecord(next.spec) ? next.spec.nodeName : undefined;
  if (before || typeof after !== 'string' || after === '') return undefined;
  const meta = next.metadata ?? {};
  const name = meta.name ?? '';
  const ns = meta.namespace ?? 'default';
  const key = `binding:${meta.uid ?? `${ns}/${name}`}`;
  const message: RawEvent = {
    ...at,
    kind: 'message',
    actor: 'scheduler',
    to: 'kube-apiserver',
    op: `POST /api/v1/namespaces/${ns}/pods/${name}/binding`,
    ref: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name, ...(meta.uid ? { uid: meta.uid } : {}) },
    line,
    inferred: true,
    dur: 0,
    attrs: { id: nextId(), body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: after } } },
    keys: [key],
  };
  return { message, cause: { key, rule: 'watch-pod-bound', confidence: 'inferred' } };
}
