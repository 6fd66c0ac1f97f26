// pkg/controller/nodelifecycle/node_lifecycle_controller.go: tryUpdateNodeHealth's Unknown
// conditions, ComputeZoneState, setLimiterInZone, GetZoneKey (component-helpers node/topology).
import { describe, expect, it } from 'vitest';
import type { Node } from '../k8s/objects.ts';
import { computeZoneState, NODE_MONITOR_GRACE_PERIOD, unknownNodeConditions, zoneEvictionQps, zoneKey } from './health.ts';

const T0 = '2026-01-01T09:00:00Z';
const NOW = '2026-01-01T09:01:00Z';

function node(conditions: NonNullable<Node['status']>['conditions'], labels: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2', creationTimestamp: T0, labels }, spec: {}, status: { conditions } };
}

describe('node health', () => {
  it('has the 1.32+ grace period of 50 s', () => {
    expect(NODE_MONITOR_GRACE_PERIOD).toBe(50_000_000);
  });

  it('turns posted conditions Unknown, keeping the last heartbeat', () => {
    const n = node([
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: T0, lastTransitionTime: T0 },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: T0, lastTransitionTime: T0 },
    ]);
    const out = unknownNodeConditions(n, NOW);
    expect(out[1]).toEqual({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: T0, lastTransitionTime: NOW });
    expect(out[0]).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', lastHeartbeatTime: T0 });
    // DiskPressure and PIDPressure were never posted: added as NeverUpdated, heartbeat = creation.
    expect(out.slice(2)).toEqual([
      { type: 'DiskPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: T0, lastTransitionTime: NOW },
      { type: 'PIDPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: T0, lastTransitionTime: NOW },
    ]);
    expect(n.status?.conditions?.[1]?.status).toBe('True');
  });

  it('leaves a condition already Unknown untouched', () => {
    const c = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: T0, lastTransitionTime: T0 };
    expect(unknownNodeConditions(node([c]), NOW)[0]).toEqual(c);
  });

  it('computes zone states as ComputeZoneState', () => {
    expect(computeZoneState(['True', 'Unknown'])).toEqual({ notReady: 1, state: 'Normal' });
    expect(computeZoneState(['Unknown'])).toEqual({ notReady: 1, state: 'FullDisruption' });
    expect(computeZoneState([undefined, 'False'])).toEqual({ notReady: 2, state: 'FullDisruption' });
    // Two not-ready nodes never make a partial disruption, whatever the share.
    expect(computeZoneState(['True', 'False', 'False'])).toEqual({ notReady: 2, state: 'Normal' });
    expect(computeZoneState(['True', 'True', 'False', 'False', 'Unknown'])).toEqual({ notReady: 3, state: 'PartialDisruption' });
    expect(computeZoneState(['True', 'True', 'True', 'False', 'False', 'Unknown'])).toEqual({ notReady: 3, state: 'Normal' });
  });

  it('slows or stops tainting by zone state', () => {
    expect(zoneEvictionQps('Normal', 3)).toBe(0.1);
    expect(zoneEvictionQps('FullDisruption', 3)).toBe(0.1);
    expect(zoneEvictionQps('PartialDisruption', 50)).toBe(0);
    expect(zoneEvictionQps('PartialDisruption', 51)).toBe(0.01);
  });

  it('keys zones by region and zone labels', () => {
    expect(zoneKey(node([]))).toBe('');
    expect(zoneKey(node([], { 'topology.kubernetes.io/region': 'r1', 'topology.kubernetes.io/zone': 'a' }))).toBe('r1:\u0000:a');
    expect(zoneKey(node([], { 'failure-domain.beta.kubernetes.io/zone': 'b' }))).toBe(':\u0000:b');
  });
});
