import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { toGoJson } from './printJson.ts';
import { asKubectlList } from './printList.ts';
import { toGoYaml } from './printYaml.ts';

/**
 * -o yaml / -o json for what `kubectl get` found. Pass one object for a request that named
 * exactly one (`kubectl get pod web-1 -o yaml`), an array for everything else (lists, label
 * selectors, several names): arrays are wrapped in kubectl's List.
 */
export function printYaml(objOrList: KubeObject | readonly KubeObject[]): string {
  return toGoYaml(Array.isArray(objOrList) ? asKubectlList(objOrList) : objOrList);
}

export function printJson(objOrList: KubeObject | readonly KubeObject[]): string {
  return toGoJson(Array.isArray(objOrList) ? asKubectlList(objOrList) : objOrList);
}
