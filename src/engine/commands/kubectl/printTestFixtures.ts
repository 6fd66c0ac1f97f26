import type { CoreEvent, Deployment, Node, Pod, ReplicaSet } from '../../../domain/k8s/objects.ts';

/**
 * Objects as the simulated apiserver stores them after the hello-deployment scenario, for the
 * printer tests. Times are relative to NOW.
 */
export const NOW = '2026-01-01T09:01:00Z';

export function runningPod(name: string, node: string, ip: string, created = '2026-01-01T09:00:18Z'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: created, labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], nodeName: node },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'nginx',
          ready: true,
          restartCount: 0,
          image: 'docker.io/library/nginx:1.27',
          imageID: 'docker.io/library/nginx@sha256:abc',
          state: { running: { startedAt: '2026-01-01T09:00:20Z' } },
          lastState: {},
        },
      ],
    },
  };
}

export const webDeployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T09:00:17Z', labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
  },
  status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

export const webReplicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d4b9c8f5', namespace: 'default', creationTimestamp: '2026-01-01T09:00:17Z' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
  },
  status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

export function readyNode(name: string, ip: string, labels: Record<string, string> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: '2026-01-01T08:00:00Z', labels },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.34.2',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.8.0-49-generic',
        containerRuntimeVersion: 'containerd://2.1.4',
      },
    },
  };
}

export function event(name: string, reason: string, kind: string, objName: string, message: string, at: string, extra: Partial<CoreEvent> = {}): CoreEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', creationTimestamp: at },
    involvedObject: { kind, name: objName, namespace: 'default' },
    reason,
    message,
    type: 'Normal',
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    ...extra,
  };
}
