import type { Pod } from '../k8s/objects.ts';

/** A pod as the ReplicaSet controller creates it for the default scenario (nginx, no resources). */
export function nginxPod(overrides: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c8f5-x2k4q',
      namespace: 'default',
      uid: '5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
    },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      nodeName: 'node-1',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...overrides,
    },
  };
}

/** Reads a nested value by a dotted path ("linux.securityContext.seccomp"), for assertions on JSON-shaped results. */
export function dig(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
