import { randomString } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import type { KubeObject, Pod } from '../../../domain/k8s/objects.ts';
import { withDefaultTolerations } from '../../../domain/pod/defaults.ts';

/**
 * The built-in admission plugins enabled by default (kube-apiserver --enable-admission-plugins
 * defaults, 1.34), by kind. Only those that act on the kind are listed in the trace.
 */
const MUTATING: Record<string, string[]> = {
  Pod: ['LimitRanger', 'ServiceAccount', 'Priority', 'DefaultTolerationSeconds', 'RuntimeClass', 'MutatingAdmissionWebhook'],
  Node: ['TaintNodesByCondition', 'MutatingAdmissionWebhook'],
};
const VALIDATING: Record<string, string[]> = {
  Pod: ['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'PodSecurity', 'Priority', 'RuntimeClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota'],
  Node: ['NodeRestriction', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook'],
};
const DEFAULT_MUTATING = ['MutatingAdmissionWebhook'];
const DEFAULT_VALIDATING = ['NamespaceLifecycle', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota'];

export function admitValidating(kind: string): string[] {
  return VALIDATING[kind] ?? DEFAULT_VALIDATING;
}

/**
 * Runs the mutating plugins that change objects in a default cluster: for Pods, ServiceAccount
 * (the `default` service account and its projected token volume `kube-api-access-xxxxx`) and
 * DefaultTolerationSeconds (tolerate not-ready and unreachable nodes for 300 s) and
 * Priority (priority 0, PreemptLowerPriority, as with no default PriorityClass).
 */
export function admitMutating(obj: KubeObject, deps: { names: Rng }): { object: KubeObject; plugins: string[]; patches: string[] } {
  const plugins = MUTATING[obj.kind] ?? DEFAULT_MUTATING;
  if (obj.kind !== 'Pod') return { object: obj, plugins, patches: [] };
  const pod = obj as Pod;
  const patches: string[] = [];
  const spec = { ...pod.spec };
  if (!spec.serviceAccountName) {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
    patches.push('ServiceAccount: spec.serviceAccountName=default');
  }
  const volumes = (spec.volumes as unknown[] | undefined) ?? [];
  const hasToken = volumes.some((v) => String((v as { name?: string }).name ?? '').startsWith('kube-api-access-'));
  if (!hasToken && spec.automountServiceAccountToken !== false) {
    const volumeName = `kube-api-access-${randomString(deps.names, 5)}`;
    spec.volumes = [...volumes, tokenVolume(volumeName)];
    spec.containers = spec.containers.map((c) => ({
      ...c,
      volumeMounts: [...((c.volumeMounts as unknown[] | undefined) ?? []), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volumeName, readOnly: true }],
    }));
    patches.push(`ServiceAccount: volume ${volumeName}`);
  }
  const tolerations = withDefaultTolerations(spec.tolerations);
  if (tolerations.length !== (spec.tolerations ?? []).length) {
    spec.tolerations = tolerations;
    patches.push('DefaultTolerationSeconds: tolerations for node.kubernetes.io/not-ready and unreachable, 300s');
  }
  if (spec.priority === undefined) {
    spec.priority = 0;
    patches.push('Priority: spec.priority=0');
  }
  if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = 'PreemptLowerPriority';
  return { object: { ...pod, spec }, plugins, patches };
}

function tokenVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}
