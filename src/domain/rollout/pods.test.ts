import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../k8s/objects.ts';
import { podFromReplicaSet } from './pods.ts';

describe('podFromReplicaSet (GetPodFromTemplate)', () => {
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-6c8d7489d5', namespace: 'default', uid: 'rs-uid' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '6c8d7489d5' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': '6c8d7489d5' }, annotations: { note: 'x' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };

  it('asks for generateName <rs>- with the template and a controller reference', () => {
    const pod = podFromReplicaSet(rs);
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'web-6c8d7489d5-',
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': '6c8d7489d5' },
        annotations: { note: 'x' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6c8d7489d5', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
      },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
  });

  it('copies, so changing the pod leaves the template alone', () => {
    const pod = podFromReplicaSet(rs);
    pod.spec.containers[0]!.image = 'changed';
    (pod.metadata.labels as Record<string, string>).app = 'changed';
    expect(rs.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
    expect(rs.spec.template.metadata?.labels?.app).toBe('web');
  });
});
