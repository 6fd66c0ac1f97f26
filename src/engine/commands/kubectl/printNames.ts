import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';

/**
 * `kubectl get -o name` (cli-runtime printers/name.go): one `<kind>[.<group>]/<name>` per line,
 * lower-case kind: `pod/web-1`, `deployment.apps/web`, `replicaset.apps/web-7d4b9c`.
 */
export function printNames(resource: ResourceInfo, objects: readonly KubeObject[]): string {
  return objects.map((o) => `${resource.kubectlName}/${o.metadata.name ?? ''}\n`).join('');
}
