import type { ObjectMeta, Pod, ReplicaSet } from '../k8s/objects.ts';
import { isDNS1123Subdomain } from '../k8s/validation.ts';
import { controllerRef } from './replicasets.ts';

/**
 * The Pod a ReplicaSet asks the apiserver to create (controller_utils.go GetPodFromTemplate):
 * the template's labels, annotations, finalizers and spec, `generateName: <rs>-`, and a
 * controller ownerReference to the ReplicaSet. The apiserver then picks the 5 random
 * characters of the name.
 */
export function podFromReplicaSet(rs: ReplicaSet): Pod {
  const template = rs.spec.template;
  const name = rs.metadata.name ?? '';
  // getPodsPrefix: use "<name>-" unless that is not a valid name prefix.
  const prefix = isDNS1123Subdomain(`${name}-a`).length === 0 ? `${name}-` : name;
  const metadata: ObjectMeta = {
    generateName: prefix,
    namespace: rs.metadata.namespace,
    labels: { ...(template.metadata?.labels ?? {}) },
    ownerReferences: [controllerRef(rs)],
  };
  if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
  if (template.metadata?.finalizers) metadata.finalizers = [...template.metadata.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec) };
}
