/**
 * Messages kubectl get writes to stderr when a table would be empty
 * (k8s.io/kubectl/pkg/cmd/get/get.go): "No resources found in <ns> namespace." for namespaced
 * resources in one namespace, "No resources found" with -A or for cluster-scoped resources.
 */
export function noResourcesFound(namespace?: string): string {
  return namespace === undefined || namespace === '' ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
}
