import type { KubeObject } from '../../../domain/k8s/objects.ts';

/**
 * What `kubectl get -o yaml|json` prints for a list (several objects, or a list request even
 * when it finds one or none): kubectl wraps the items in a v1 List whose metadata carries only
 * an empty resourceVersion (k8s.io/kubectl/pkg/cmd/get/get.go, printGeneric). A request for one
 * named object prints the object itself.
 */
export interface KubectlList {
  apiVersion: 'v1';
  items: KubeObject[];
  kind: 'List';
  metadata: { resourceVersion: string };
}

export function asKubectlList(items: readonly KubeObject[]): KubectlList {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}
