/**
 * Builders for Nodes and Pods used by this folder's tests (like upstream's st.MakeNode() /
 * st.MakePod()). Not used by production code.
 */
import type { Affinity, Container, ContainerPort, Node, Pod, Taint, Toleration } from '../../k8s/objects.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
  extra?: Record<string, string>;
  /** Add kubernetes.io/hostname = name (default true), as the kubelet does. */
  hostnameLabel?: boolean;
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const labels = { ...(o.hostnameLabel === false ? {} : { 'kubernetes.io/hostname': name }), ...(o.labels ?? {}) };
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: String(o.pods ?? 110), ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: { ...allocatable }, allocatable, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOptions {
  namespace?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  ports?: ContainerPort[];
  priority?: number;
  nodeName?: string;
  image?: string;
  startTime?: string;
  nominatedNodeName?: string;
  spec?: Record<string, unknown>;
  deletionTimestamp?: string;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = { ...(o.requests ?? {}) };
  if (o.cpu) requests['cpu'] = o.cpu;
  if (o.memory) requests['memory'] = o.memory;
  const container: Container = {
    name: 'app',
    image: o.image ?? 'nginx:1.27',
    ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}),
    ...(o.ports ? { ports: o.ports } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${o.namespace ?? 'default'}-${name}`,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    },
    spec: {
      containers: o.containers ?? [container],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.spec ?? {}),
    },
    status: {
      phase: 'Pending',
      ...(o.startTime ? { startTime: o.startTime } : {}),
      ...(o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {}),
    },
  };
}
