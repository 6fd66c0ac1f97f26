/**
 * The trace actor of an API client, from the identity kube-apiserver authenticated and the
 * user agent it sent, named as the simulator names its components (docs/trace-format.md,
 * Actors). Controllers run with --use-service-account-credentials (kubeadm's and kind's
 * default), so each has its own service account in kube-system.
 */
const CONTROLLER_SA = 'system:serviceaccount:kube-system:';

/** Service accounts whose controller the simulator calls by another name. */
const CONTROLLER_ACTORS: Record<string, string> = {
  'generic-garbage-collector': 'kube-controller-manager/garbage-collector',
  'node-controller': 'kube-controller-manager/node-lifecycle-controller',
};

export function clientActor(username: string | undefined, userAgent: string | undefined): string {
  const user = username ?? '';
  if (user.startsWith('system:node:')) return `kubelet/${user.slice('system:node:'.length)}`;
  if (user === 'system:kube-scheduler') return 'scheduler';
  if (user === 'system:kube-controller-manager') return 'kube-controller-manager';
  if (user.startsWith(CONTROLLER_SA)) {
    const sa = user.slice(CONTROLLER_SA.length);
    if (CONTROLLER_ACTORS[sa]) return CONTROLLER_ACTORS[sa];
    if (sa.endsWith('-controller')) return `kube-controller-manager/${sa}`;
  }
  if (userAgent !== undefined && /^kubectl(\.exe)?\//.test(userAgent)) return 'kubectl';
  if (userAgent?.startsWith('kubelet/') && user === '') return 'kubelet';
  return user || 'unknown';
}
