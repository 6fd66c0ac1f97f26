import type { Deployment } from '../k8s/objects.ts';

/**
 * intstr.GetScaledValueFromIntOrPercent (k8s.io/apimachinery/pkg/util/intstr): an int is taken
 * as is; a string must be a percentage of `total`, rounded up or down. Errors carry upstream's
 * wording ("invalid value for IntOrString: invalid type: string is not a percentage").
 */
export function scaledValueFromIntOrPercent(value: number | string | undefined | null, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) throw new Error('nil value for IntOrString');
  if (typeof value === 'number') return Math.trunc(value);
  if (!value.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = value.slice(0, -1);
  // strconv.Atoi: optional sign, decimal digits only.
  if (!/^[+-]?\d+$/.test(digits)) {
    throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}: strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`);
  }
  const percent = Number.parseInt(digits, 10);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts (pkg/controller/deployment/util/deployment_util.go): maxSurge rounds up,
 * maxUnavailable rounds down, an absent value counts as 0, and when both come out 0
 * maxUnavailable becomes 1 ("surge might not work due to quota").
 */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/** IsRollingUpdate: the strategy type is RollingUpdate (the apps/v1 default when unset). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** spec.replicas, 1 when unset (the apps/v1 default). */
export function desiredReplicas(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

/**
 * MaxUnavailable: 0 for Recreate or 0 replicas, else the resolved fencepost clamped to replicas.
 * Expects a defaulted Deployment: an absent rollingUpdate counts as 0/0 (→ 1), as upstream.
 */
export function maxUnavailable(d: Deployment): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { maxUnavailable: mu } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(mu, replicas);
}

/** MaxSurge: 0 for Recreate, else the resolved fencepost. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredReplicas(d)).maxSurge;
}
