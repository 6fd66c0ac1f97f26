import type { KubeObject } from '../../domain/k8s/objects.ts';

/** What a node frame shows of its Node: kubectl's STATUS column and the taints. */
export interface NodeHealthView {
  /** As `kubectl get nodes` prints it: `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled`. */
  status: string;
  /** Ready is not True: the node lifecycle controller (or the kubelet) says it is not healthy. */
  unhealthy: boolean;
  /** `key=value:Effect`, as `kubectl describe node` lists them. */
  taints: string[];
}

type NodeLike = KubeObject & {
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
};

/**
 * The STATUS column of `kubectl get nodes` (printers.go printNode): Ready when the Ready
 * condition is True, NotReady when it is False or Unknown, Unknown without one; and
 * SchedulingDisabled for a cordoned node.
 */
export function nodeHealth(obj: KubeObject): NodeHealthView {
  const node = obj as NodeLike;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return {
    status: parts.join(','),
    unhealthy: ready?.status !== 'True',
    taints: (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
  };
}
