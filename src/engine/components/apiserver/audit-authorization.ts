/**
 * The decision and reason kube-apiserver's authorizers give, as the audit annotations
 * `authorization.k8s.io/decision` and `authorization.k8s.io/reason` record them. The simulated
 * apiserver allows every request (its authorization stage says so), so this answers which
 * authorizer of a kubeadm cluster (`--authorization-mode=Node,RBAC`) allows it, and with which
 * words:
 *
 * - members of `system:masters` are allowed by the privileged-group authorizer that
 *   pkg/kubeapiserver/authorizer/config.go puts first, which gives no reason;
 * - kubelets (`system:node:<name>` in `system:nodes`) by the Node authorizer
 *   (plugin/pkg/auth/authorizer/node/node_authorizer.go), which gives no reason either;
 * - everyone else by RBAC, whose reason names the binding
 *   (plugin/pkg/auth/authorizer/rbac/rbac.go authorizingVisitor, pkg/registry/rbac/validation/rule.go
 *   clusterRoleBindingDescriber and describeSubject).
 */

interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

interface ClusterRoleBinding {
  name: string;
  roleRef: { kind: 'ClusterRole'; name: string };
  subjects: Subject[];
}

/**
 * The controllers of kube-controller-manager that run with their own service account
 * (`--use-service-account-credentials`, kubeadm's default), each bound to its
 * `system:controller:<name>` role (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go).
 */
const CONTROLLER_SERVICE_ACCOUNTS = [
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'endpointslice-controller',
  'generic-garbage-collector',
  'job-controller',
  'namespace-controller',
  'node-controller',
  'replicaset-controller',
  'statefulset-controller',
];

/**
 * The ClusterRoleBindings that allow the clients of a simulated cluster: kubeadm's
 * `kubeadm:cluster-admins` (cmd/kubeadm/app/constants ClusterAdminsGroupAndClusterRoleBinding,
 * the group of admin.conf since 1.29), and the bootstrap policy's bindings of the scheduler, the
 * controller manager and the controllers (bootstrappolicy/policy.go ClusterRoleBindings).
 */
const BINDINGS: readonly ClusterRoleBinding[] = [
  { name: 'kubeadm:cluster-admins', roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'kubeadm:cluster-admins' }] },
  { name: 'system:kube-controller-manager', roleRef: { kind: 'ClusterRole', name: 'system:kube-controller-manager' }, subjects: [{ kind: 'User', name: 'system:kube-controller-manager' }] },
  { name: 'system:kube-scheduler', roleRef: { kind: 'ClusterRole', name: 'system:kube-scheduler' }, subjects: [{ kind: 'User', name: 'system:kube-scheduler' }] },
  ...CONTROLLER_SERVICE_ACCOUNTS.map(
    (sa): ClusterRoleBinding => ({
      name: `system:controller:${sa}`,
      roleRef: { kind: 'ClusterRole', name: `system:controller:${sa}` },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'kube-system' }],
    }),
  ),
];

/** rbac.go appliesToUser: a User by name, a Group by membership, a ServiceAccount by its username. */
function appliesTo(subject: Subject, user: string, groups: readonly string[]): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user;
    case 'Group':
      return groups.includes(subject.name);
    case 'ServiceAccount':
      return user === `system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`;
  }
}

/** rule.go describeSubject: `User "x"`, `Group "x"`, `ServiceAccount "name/namespace"`. */
function describeSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `${s.kind} ${goQuote(`${s.name}/${s.namespace ?? ''}`)}` : `${s.kind} ${goQuote(s.name)}`;
}

/** Go's %q for the plain ASCII names used here. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The audit annotations of an allowed request by `user` in `groups`. */
export function authorizationAnnotations(user: string, groups: readonly string[]): Record<string, string> {
  return { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': authorizationReason(user, groups) };
}

/** The reason of the authorizer that allows the request ('' for the privileged group and Node authorizers). */
export function authorizationReason(user: string, groups: readonly string[]): string {
  if (groups.includes('system:masters')) return '';
  if (user.startsWith('system:node:') && groups.includes('system:nodes')) return '';
  for (const binding of BINDINGS) {
    const subject = binding.subjects.find((s) => appliesTo(s, user, groups));
    if (subject) return `RBAC: allowed by ClusterRoleBinding ${goQuote(binding.name)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describeSubject(subject)}`;
  }
  // A user no binding of a kubeadm cluster names: the simulator lets it through without a reason.
  return '';
}
