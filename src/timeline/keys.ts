import type { ObjectRef } from '../trace/schema.ts';

/**
 * The key of an API object in the read-model: `apiVersion/kind/namespace/name`, with an empty
 * namespace for cluster-scoped objects (`v1/Node//node-1`). The uid is left out on purpose: a
 * Pod deleted and re-created under the same name is the same row for the views, as it is for
 * `kubectl get` (the history of each uid is still in the trace).
 */
export function objectKey(ref: ObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The key of one state machine instance: `actor|machine|instance` (instance may be empty). */
export function actorStateKey(actor: string, machine: string, instance: string | undefined): string {
  return `${actor}|${machine}|${instance ?? ''}`;
}
