import { describe, expect, it } from 'vitest';
import { authorizationAnnotations, authorizationReason } from './audit-authorization.ts';

describe('authorization audit annotations (plugin/pkg/auth/authorizer/rbac/rbac.go, pkg/registry/rbac/validation/rule.go)', () => {
  it("names kubeadm's cluster-admins binding for kubernetes-admin", () => {
    expect(authorizationReason('kubernetes-admin', ['kubeadm:cluster-admins', 'system:authenticated'])).toBe(
      'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
    );
  });

  it('writes a service account subject as "name/namespace"', () => {
    expect(authorizationReason('system:serviceaccount:kube-system:replicaset-controller', ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'])).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
  });

  it('names the bootstrap bindings of the scheduler and the controller manager', () => {
    expect(authorizationReason('system:kube-scheduler', ['system:authenticated'])).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    );
    expect(authorizationReason('system:kube-controller-manager', ['system:authenticated'])).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kube-controller-manager" of ClusterRole "system:kube-controller-manager" to User "system:kube-controller-manager"',
    );
  });

  it('gives no reason for kubelets (Node authorizer) and system:masters (privileged group)', () => {
    expect(authorizationReason('system:node:node-1', ['system:nodes', 'system:authenticated'])).toBe('');
    expect(authorizationReason('kubernetes-super-admin', ['system:masters', 'system:authenticated'])).toBe('');
    // A user that only calls itself a node is not one: the Node authorizer needs the group.
    expect(authorizationReason('system:node:node-1', ['system:authenticated'])).toBe('');
  });

  it('does not take a service account of another namespace for a controller', () => {
    expect(authorizationReason('system:serviceaccount:default:replicaset-controller', ['system:serviceaccounts', 'system:authenticated'])).toBe('');
  });

  it('writes decision "allow" next to the reason', () => {
    expect(authorizationAnnotations('system:node:node-1', ['system:nodes'])).toEqual({ 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' });
  });
});
