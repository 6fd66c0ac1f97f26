import type { Deployment } from '../k8s/objects.ts';
import { applyPodTemplateSpecDefaults } from '../pod/defaults.ts';

/** apps/v1 defaults (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment). */
export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * A new Deployment with the apps/v1 defaults: replicas 1, strategy RollingUpdate with maxSurge
 * and maxUnavailable 25% (a Recreate strategy gets no rollingUpdate), revisionHistoryLimit 10,
 * progressDeadlineSeconds 600, and the template's PodSpec defaults (the template layer only:
 * no tolerations or priority, which admission adds to Pods, never to templates).
 * minReadySeconds has no default: it stays absent and counts as 0.
 */
export function applyDeploymentDefaults(d: Deployment): Deployment {
  const spec = { ...d.spec };
  spec.replicas ??= 1;
  const strategy = { ...(spec.strategy ?? {}) };
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = { ...(strategy.rollingUpdate ?? {}) };
    ru.maxUnavailable ??= DEFAULT_MAX_UNAVAILABLE;
    ru.maxSurge ??= DEFAULT_MAX_SURGE;
    strategy.rollingUpdate = ru;
  }
  spec.strategy = strategy;
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  spec.progressDeadlineSeconds ??= DEFAULT_PROGRESS_DEADLINE_SECONDS;
  spec.template = { ...spec.template, spec: applyPodTemplateSpecDefaults(spec.template.spec) };
  return { ...d, spec };
}
