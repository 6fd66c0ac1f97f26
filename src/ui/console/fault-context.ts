import type { WorldState } from '../../timeline/index.ts';
import { namesByKind } from './complete.ts';
import { faultPodsOf, type FaultLineCluster, type FaultPod } from './fault-line.ts';

/** What the console's completion and `fault` checks know of the cluster at the playhead. */
export interface FaultContext {
  /** Object names by kind, with the nodes (`Node`) and etcd members (`EtcdMember`) filled in. */
  names: Map<string, string[]>;
  pods: FaultPod[];
  cluster: FaultLineCluster;
}

/**
 * The names a `fault` line may use at the playhead. A node is there before its Node object is
 * (the kubelet registers it seconds into the run, after the Deployment's Pods are already being
 * scheduled to it), so nodes are the Node objects and the hosts of the trace's `kubelet/<node>`
 * actors. etcd members are not API objects: their names come from the `etcd/<member>` actors.
 * An empty list is left out of `cluster`: then the engine's own check answers when it runs.
 */
export function faultContextOf(world: Pick<WorldState, 'objects'> & { etcd: Pick<WorldState['etcd'], 'members'> }, actors: readonly string[]): FaultContext {
  const names = namesByKind(world.objects.values());
  const hosts = (component: string) => actors.filter((a) => a.startsWith(`${component}/`)).map((a) => a.slice(component.length + 1));
  const nodes = [...new Set([...(names.get('Node') ?? []), ...hosts('kubelet')])].sort();
  const members = [...new Set([...[...world.etcd.members.keys()].map((a) => a.slice(a.indexOf('/') + 1)), ...hosts('etcd')])].sort();
  if (nodes.length > 0) names.set('Node', nodes);
  if (members.length > 0) names.set('EtcdMember', members);
  const pods = faultPodsOf(world.objects.values());
  return { names, pods, cluster: { ...(nodes.length > 0 ? { nodes } : {}), ...(members.length > 0 ? { members } : {}), pods } };
}
