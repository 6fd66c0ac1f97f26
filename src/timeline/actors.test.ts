import { describe, expect, it } from 'vitest';
import { naturalCompare, sortActors } from './actors.ts';

describe('sortActors', () => {
  it('orders control plane, then nodes with kubelet above the runtimes', () => {
    const shuffled = [
      'runc/node-2',
      'kubelet/node-2',
      'scheduler',
      'containerd/node-1',
      'kube-controller-manager/replicaset-controller',
      'etcd/etcd-0',
      'runc/node-1',
      'kube-apiserver',
      'kubelet/node-1',
      'kubectl',
      'kube-controller-manager/deployment-controller',
      'containerd/node-2',
      'user',
    ];
    expect(sortActors(shuffled)).toEqual([
      'user',
      'kubectl',
      'kube-apiserver',
      'etcd/etcd-0',
      'kube-controller-manager/deployment-controller',
      'kube-controller-manager/replicaset-controller',
      'scheduler',
      'kubelet/node-1',
      'containerd/node-1',
      'runc/node-1',
      'kubelet/node-2',
      'containerd/node-2',
      'runc/node-2',
    ]);
  });

  it('sorts node names with numbers as numbers, or in the given node order', () => {
    expect(sortActors(['kubelet/node-10', 'kubelet/node-2', 'kubelet/node-1'])).toEqual(['kubelet/node-1', 'kubelet/node-2', 'kubelet/node-10']);
    expect(sortActors(['kubelet/node-a', 'kubelet/node-b'], ['node-b', 'node-a'])).toEqual(['kubelet/node-b', 'kubelet/node-a']);
  });

  it('places other runtimes and unknown per-node components in their node, strangers last', () => {
    expect(sortActors(['zzz', 'crun/node-1', 'kube-proxy/node-1', 'cri-o/node-1', 'kubelet/node-1', 'audit-webhook'], ['node-1'])).toEqual([
      'kubelet/node-1',
      'cri-o/node-1',
      'crun/node-1',
      'kube-proxy/node-1',
      'audit-webhook',
      'zzz',
    ]);
  });

  it('drops duplicates', () => {
    expect(sortActors(['scheduler', 'scheduler'])).toEqual(['scheduler']);
  });
});

describe('naturalCompare', () => {
  it('compares digit runs by value', () => {
    expect(['node-10', 'node-9', 'node-1', 'node-01'].sort(naturalCompare)).toEqual(['node-1', 'node-01', 'node-9', 'node-10']);
  });
});
