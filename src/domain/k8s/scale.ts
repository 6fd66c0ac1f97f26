import { selectorToString } from './labels.ts';
import type { KubeObject, LabelSelector } from './objects.ts';

/**
 * The `scale` subresource of Deployments and ReplicaSets (pkg/registry/apps/deployment/storage
 * and replicaset/storage ScaleREST, scaleFromDeployment / scaleFromReplicaSet): an
 * autoscaling/v1 Scale whose metadata is the parent's identity, spec.replicas the parent's,
 * status.replicas the parent's observed count and status.selector its label selector as a
 * string. Writing it changes only the parent's spec.replicas.
 */
export interface Scale extends KubeObject {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

interface Scalable {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

export function scaleOf(obj: KubeObject): Scale {
  const o = obj as KubeObject & Scalable;
  const m = o.metadata;
  const metadata: KubeObject['metadata'] = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'] as const) if (m[k] !== undefined) metadata[k] = m[k];
  const selector = o.spec?.selector ? selectorToString(o.spec.selector) : '';
  const status: Scale['status'] = { replicas: o.status?.replicas ?? 0 };
  // `selector` is omitempty: an empty selector does not appear.
  if (selector !== '') status.selector = selector;
  return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata, spec: { replicas: o.spec?.replicas ?? 0 }, status };
}

/** The parent with the Scale's spec.replicas, and the Scale's resourceVersion as precondition. */
export function applyScale(parent: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0;
  const spec = { ...((parent.spec as Record<string, unknown> | undefined) ?? {}), replicas };
  const rv = scale.metadata?.resourceVersion;
  return { ...parent, spec, metadata: { ...parent.metadata, resourceVersion: rv ?? '' } };
}

/** ValidateScale (pkg/apis/autoscaling/validation): only a negative replica count is refused. */
export function validateScaleReplicas(scale: KubeObject): { field: string; value: unknown; detail: string } | undefined {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas === 'number' && replicas < 0) return { field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' };
  return undefined;
}
