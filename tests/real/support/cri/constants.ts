/**
 * Facts both sides share: the pod network of the CNI config (containerd's example conflist uses
 * 10.88.0.0/16; the model's containerd gets it as the node's pod CIDR) and the root of the pods'
 * cgroups (under a name of our own, so the real side's cleanup knows what it may remove).
 */
export const POD_CIDR = '10.88.0.0/16';
export const CGROUP_ROOT = 'kube-anatomy-cri';
export const NODE_NAME = 'node-1';
