import { semanticEqual } from '../../../domain/k8s/equality.ts';
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../../domain/k8s/objects.ts';
import { applyDeploymentDefaults } from '../../../domain/rollout/index.ts';
import { qosClass } from '../../../domain/pod/index.ts';
import { applyPodSpecDefaults, applyPodTemplateSpecDefaults } from '../../../domain/pod/defaults.ts';
import { validateObjectMeta, validatePod, validateWorkload, type FieldError } from './validation.ts';

/**
 * What the REST strategies of pkg/registry do per resource: defaults, PrepareForCreate,
 * PrepareForUpdate (spec and status are separate: the main resource keeps the old status, the
 * status subresource keeps the old spec) and Validate.
 */
export interface Strategy {
  defaults(obj: KubeObject): KubeObject;
  prepareForCreate(obj: KubeObject): KubeObject;
  validate(obj: KubeObject): FieldError[];
  /** Whether metadata.generation is kept and bumped on spec changes. */
  hasGeneration: boolean;
  /**
   * PrepareForUpdate's generation rule: whether an update of the main resource from `old` to
   * `next` bumps metadata.generation (status updates never do).
   */
  bumpsGeneration(next: KubeObject, old: KubeObject): boolean;
  /** Whether the resource has a status subresource (status is ignored on main updates). */
  hasStatus: boolean;
}

/** apiequality.Semantic.DeepEqual of the specs. */
function specChanged(next: KubeObject, old: KubeObject): boolean {
  return !semanticEqual(next.spec, old.spec);
}

const podStrategy: Strategy = {
  defaults: (obj) => {
    const pod = obj as Pod;
    // Only the API defaults: tolerations, priority and the service account are admission's.
    return { ...pod, spec: applyPodSpecDefaults(pod.spec, { admission: false }) };
  },
  prepareForCreate: (obj) => {
    const pod = obj as Pod;
    // pkg/registry/core/pod/strategy.go PrepareForCreate: a new pod starts Pending with its QoS class.
    return { ...pod, status: { phase: 'Pending', qosClass: qosClass(pod) } };
  },
  validate: (obj) => validatePod(obj as Pod),
  hasGeneration: true,
  // pkg/registry/core/pod/strategy.go updatePodGeneration: any spec change.
  bumpsGeneration: specChanged,
  hasStatus: true,
};

const deploymentStrategy: Strategy = {
  defaults: (obj) => applyDeploymentDefaults(obj as Deployment),
  prepareForCreate: (obj) => ({ ...obj, status: {} }),
  validate: (obj) => validateWorkload(obj as Deployment),
  hasGeneration: true,
  // pkg/registry/apps/deployment/strategy.go PrepareForUpdate: spec changes, and annotation
  // changes too, because annotations are copied from a Deployment to its ReplicaSets.
  bumpsGeneration: (next, old) => specChanged(next, old) || !semanticEqual(next.metadata.annotations, old.metadata.annotations),
  hasStatus: true,
};

const replicaSetStrategy: Strategy = {
  defaults: (obj) => {
    const rs = obj as ReplicaSet;
    return {
      ...rs,
      spec: { ...rs.spec, replicas: rs.spec.replicas ?? 1, template: { ...rs.spec.template, spec: applyPodTemplateSpecDefaults(rs.spec.template.spec) } },
    };
  },
  prepareForCreate: (obj) => ({ ...obj, status: { replicas: 0 } }),
  validate: (obj) => validateWorkload(obj as ReplicaSet),
  hasGeneration: true,
  // pkg/registry/apps/replicaset/strategy.go PrepareForUpdate: spec changes only.
  bumpsGeneration: specChanged,
  hasStatus: true,
};

const plainStrategy: Strategy = {
  defaults: (obj) => obj,
  prepareForCreate: (obj) => obj,
  validate: (obj) => validateObjectMeta(obj),
  hasGeneration: false,
  bumpsGeneration: () => false,
  hasStatus: false,
};

const nodeStrategy: Strategy = { ...plainStrategy, hasStatus: true };

export function strategyFor(kind: string): Strategy {
  switch (kind) {
    case 'Pod':
      return podStrategy;
    case 'Deployment':
      return deploymentStrategy;
    case 'ReplicaSet':
      return replicaSetStrategy;
    case 'Node':
      return nodeStrategy;
    default:
      return plainStrategy;
  }
}
