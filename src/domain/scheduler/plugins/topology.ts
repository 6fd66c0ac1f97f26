/**
 * Well-known topology labels (k8s.io/api/core/v1 well_known_labels.go) and a fast lookup of a
 * node's value for a topology key.
 */
import type { NodeInfo } from '../types.ts';

/** v1.LabelHostname, set by the kubelet on its Node. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** v1.LabelTopologyZone. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** The node's value for a topology key; the two well-known keys come precomputed on the NodeInfo. */
export function topologyValue(info: NodeInfo, key: string): string | undefined {
  if (key === LABEL_HOSTNAME) return info.internal.hostnameLabel;
  if (key === LABEL_TOPOLOGY_ZONE) return info.internal.zoneLabel;
  const v = info.internal.labels[key];
  return typeof v === 'string' ? v : undefined;
}
