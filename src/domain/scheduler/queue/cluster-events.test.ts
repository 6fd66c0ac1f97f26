// Rules from pkg/scheduler/framework/types.go (ClusterEvent.Label, MatchClusterEvents) and
// framework/events.go (NodeSchedulingPropertiesChange, PodSchedulingPropertiesChange).
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../internal/fixtures.ts';
import {
  ActionType,
  EventAssignedPodDelete,
  EventNodeAdd,
  EventUnschedulableTimeout,
  eventLabel,
  matchClusterEvents,
  nodeSchedulingPropertiesChange,
  podSchedulingPropertiesChange,
  UPDATE,
} from './cluster-events.ts';

describe('cluster events', () => {
  it('labels events as resource + action, or their custom label', () => {
    expect(eventLabel(EventNodeAdd)).toBe('NodeAdd');
    expect(eventLabel(EventAssignedPodDelete)).toBe('AssignedPodDelete');
    expect(eventLabel({ resource: 'Node', actionType: ActionType.UpdateNodeTaint })).toBe('NodeUpdateNodeTaint');
    expect(eventLabel(EventUnschedulableTimeout)).toBe('UnschedulableTimeout');
  });

  it('matches an incoming event only when it is as specific as the registration or more', () => {
    const reg = { resource: 'Node' as const, actionType: ActionType.Add | ActionType.UpdateNodeAllocatable };
    expect(matchClusterEvents(reg, EventNodeAdd)).toBe(true);
    expect(matchClusterEvents(reg, { resource: 'Node', actionType: ActionType.UpdateNodeAllocatable })).toBe(true);
    expect(matchClusterEvents(reg, { resource: 'Node', actionType: ActionType.UpdateNodeLabel })).toBe(false);
    expect(matchClusterEvents({ resource: 'Node', actionType: UPDATE }, { resource: 'Node', actionType: ActionType.UpdateNodeLabel })).toBe(true);
    expect(matchClusterEvents({ resource: 'Node', actionType: ActionType.UpdateNodeLabel }, { resource: 'Node', actionType: UPDATE })).toBe(false);
    // Pod registrations cover both refinements of incoming pod events
    expect(matchClusterEvents({ resource: 'Pod', actionType: ActionType.Delete }, EventAssignedPodDelete)).toBe(true);
    expect(matchClusterEvents({ resource: 'AssignedPod', actionType: ActionType.Delete }, { resource: 'Pod', actionType: ActionType.Delete })).toBe(false);
  });

  it('splits a node update into its specific events, uncordon counting as a taint change', () => {
    const old = makeNode('n', { cpu: '4', unschedulable: true });
    const next = makeNode('n', { cpu: '8', labels: { zone: 'a' } });
    expect(nodeSchedulingPropertiesChange(next, old).map(eventLabel)).toEqual(['NodeUpdateNodeTaint', 'NodeUpdateNodeAllocatable', 'NodeUpdateNodeLabel']);
    expect(nodeSchedulingPropertiesChange(old, next).map(eventLabel)).toEqual(['NodeUpdateNodeAllocatable', 'NodeUpdateNodeLabel']);
  });

  it('calls a status-only pod update the generic one, which specific registrations do not match', () => {
    const pod = makePod('p');
    const events = podSchedulingPropertiesChange({ ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } }, pod);
    expect(events.map(eventLabel)).toEqual(['UnschedulablePodUpdate']);
    expect(matchClusterEvents({ resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown }, events[0]!)).toBe(false);
  });
});
