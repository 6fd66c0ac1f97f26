import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../k8s/objects.ts';
import { applyDeploymentDefaults } from './defaults.ts';
import { buildNewReplicaSet } from './replicasets.ts';
import { calculateDeploymentStatus, deploymentComplete, hasMinimumAvailability, planRollingSync, type ReplicaSetScale } from './rolling.ts';

function deployment(replicas: number, image: string, rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string }): Deployment {
  return applyDeploymentDefaults({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 2 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      ...(rollingUpdate ? { strategy: { type: 'RollingUpdate' as const, rollingUpdate } } : {}),
    },
  });
}

/** Sets status as if every pod of every RS is up and available. */
function settle(rss: ReplicaSet[]): ReplicaSet[] {
  return rss.map((r) => ({ ...r, status: { replicas: r.spec.replicas ?? 0, readyReplicas: r.spec.replicas ?? 0, availableReplicas: r.spec.replicas ?? 0 } }));
}

function apply(rss: ReplicaSet[], scales: ReplicaSetScale[]): ReplicaSet[] {
  return rss.map((r) => {
    const last = scales.filter((s) => s.name === r.metadata.name).pop();
    return last ? { ...r, spec: { ...r.spec, replicas: last.to } } : r;
  });
}

/** Runs syncs like the controller, letting pods become available between syncs. */
function rollout(d: Deployment, old: ReplicaSet): string[] {
  const log: string[] = [];
  const { replicaSet } = buildNewReplicaSet(d, [old]);
  const newRS: ReplicaSet = { ...replicaSet, metadata: { ...replicaSet.metadata, creationTimestamp: '2025-01-02T00:00:00Z', uid: 'new' } };
  log.push(`new 0→${newRS.spec.replicas}`);
  let rss = [old, newRS];
  let idle = 0;
  for (let sync = 0; sync < 20 && idle < 2; sync++) {
    const [o, n] = rss as [ReplicaSet, ReplicaSet];
    const plan = planRollingSync(d, n, [o]);
    idle = plan.scales.length === 0 ? idle + 1 : 0;
    for (const s of plan.scales) log.push(`${s.name === n.metadata.name ? 'new' : 'old'} ${s.from}→${s.to}`);
    // Between syncs the ReplicaSet controller and kubelets catch up.
    rss = settle(apply(rss, plan.scales));
  }
  return log;
}

const oldRS = (replicas: number): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-old', namespace: 'default', uid: 'old', creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
});

describe('planRollingSync', () => {
  it('rolls 10 replicas at 25%/25% as DOMAIN.md 3.2 describes', () => {
    // The new RS is created with 3 and the old one goes 10→8 in the same sync.
    expect(rollout(deployment(10, 'nginx:1.29'), oldRS(10))).toEqual(['new 0→3', 'old 10→8', 'new 3→5', 'old 8→3', 'new 5→10', 'old 3→0']);
  });

  it('with maxSurge 0 scales down first', () => {
    expect(rollout(deployment(2, 'nginx:1.29', { maxSurge: 0, maxUnavailable: 1 }), oldRS(2))).toEqual([
      'new 0→0',
      'old 2→1',
      'new 0→1',
      'old 1→0',
      'new 1→2',
    ]);
  });

  it('with maxUnavailable 0 scales up first', () => {
    expect(rollout(deployment(2, 'nginx:1.29', { maxSurge: 1, maxUnavailable: 0 }), oldRS(2))).toEqual([
      'new 0→1',
      'old 2→1',
      'new 1→2',
      'old 1→0',
    ]);
  });

  it('does not scale old RSs down while new pods are unavailable', () => {
    const d = deployment(10, 'nginx:1.29');
    const { replicaSet } = buildNewReplicaSet(d, [oldRS(8)]);
    const newRS: ReplicaSet = { ...replicaSet, spec: { ...replicaSet.spec, replicas: 5 }, status: { replicas: 5, availableReplicas: 0 } };
    // 13 pods, min available 8, 5 new unavailable: nothing may go.
    expect(planRollingSync(d, newRS, [oldRS(8)])).toEqual({ scales: [], scaledUp: false, scaledDown: false });
  });

  it('sheds unavailable old replicas first (cleanupUnhealthyReplicas)', () => {
    const d = deployment(10, 'nginx:1.29');
    const { replicaSet } = buildNewReplicaSet(d, []);
    const newRS: ReplicaSet = { ...replicaSet, spec: { ...replicaSet.spec, replicas: 3 }, status: { replicas: 3, availableReplicas: 3 } };
    const sick: ReplicaSet = { ...oldRS(10), status: { replicas: 10, availableReplicas: 6 } };
    const plan = planRollingSync(d, newRS, [sick]);
    // maxScaledDown = 13 − 8 − 0 = 5: 4 unhealthy go first, then available 6+3=9 > 8 allows 1 more.
    expect(plan.scales).toEqual([
      { name: 'web-old', from: 10, to: 6, step: 'cleanupUnhealthyReplicas' },
      { name: 'web-old', from: 6, to: 5, step: 'scaleDownOldReplicaSetsForRollingUpdate' },
    ]);
    expect(plan.scaledDown).toBe(true);
  });

  it('scales a new RS above replicas back down', () => {
    const d = deployment(3, 'nginx:1.29');
    const { replicaSet } = buildNewReplicaSet(d, []);
    const big = { ...replicaSet, spec: { ...replicaSet.spec, replicas: 5 } };
    expect(planRollingSync(d, big, []).scales).toEqual([{ name: big.metadata.name, from: 5, to: 3, step: 'reconcileNewReplicaSet' }]);
  });
});

describe('deployment status', () => {
  it('sums ReplicaSet status and decides completeness and availability', () => {
    const d = deployment(3, 'nginx:1.29');
    const { replicaSet } = buildNewReplicaSet(d, []);
    const newRS: ReplicaSet = { ...replicaSet, status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 } };
    const old: ReplicaSet = { ...oldRS(0), status: { replicas: 1, availableReplicas: 1 } };
    const status = calculateDeploymentStatus(d, [old, newRS], newRS);
    expect(status).toEqual({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 4, unavailableReplicas: 0 });
    expect(deploymentComplete(d, status)).toBe(false);
    expect(deploymentComplete(d, { ...status, replicas: 3, availableReplicas: 3 })).toBe(true);
    // 3 replicas at 25%: maxUnavailable rounds down to 0.
    expect(hasMinimumAvailability(d, 3)).toBe(true);
    expect(hasMinimumAvailability(d, 2)).toBe(false);
    expect(hasMinimumAvailability(deployment(10, 'x:1'), 8)).toBe(true);
    expect(hasMinimumAvailability(deployment(10, 'x:1'), 7)).toBe(false);
  });
});

// rolling.go reconcileOldReplicaSets → cleanupUnhealthyReplicas refuses to "scale down" an old
// ReplicaSet whose status still shows more available pods than its new size, and the sync then
// scales nothing down.
describe('reconcileOldReplicaSets while the ReplicaSet controller lags', () => {
  it('scales nothing down when an old ReplicaSet reports more available pods than it wants', () => {
    const d = deployment(10, 'nginx:1.28', { maxSurge: '25%', maxUnavailable: '25%' });
    const lagging: ReplicaSet = { ...oldRS(8), status: { replicas: 10, readyReplicas: 10, availableReplicas: 10 }, spec: { ...oldRS(8).spec, replicas: 7 } };
    const { replicaSet } = buildNewReplicaSet(d, [lagging]);
    const newRS: ReplicaSet = { ...replicaSet, metadata: { ...replicaSet.metadata, uid: 'new', creationTimestamp: '2025-01-02T00:00:00Z' }, spec: { ...replicaSet.spec, replicas: 6 }, status: { replicas: 6, availableReplicas: 6 } };
    // 7 + 6 = 13 is the surge limit, so nothing scales up; maxScaledDown = 13 − 8 − 0 = 5 > 0,
    // but 7 − 10 < 0: the cleanup step refuses.
    expect(planRollingSync(d, newRS, [lagging]).scales).toEqual([]);
  });
});
