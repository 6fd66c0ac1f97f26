import type { CustomResourceDefinition } from '../../domain/k8s/crd.ts';
import type { ResourceInfo } from '../../domain/k8s/resources.ts';
import type { Simulation } from '../runtime/simulation.ts';

/**
 * API discovery, reduced: the custom resources a simulation's kube-apiserver serves (its
 * Established CRDs), for clients' RESTMappers. kubectl really learns them from
 * GET /api and /apis (cached in ~/.kube/cache/discovery, refreshed on a miss); those discovery
 * requests are not simulated, so the mapper reads what they would return.
 */
export interface Discovery {
  resources: () => readonly ResourceInfo[];
  crdOf: (info: ResourceInfo) => CustomResourceDefinition | undefined;
}

const served = new WeakMap<Simulation, Discovery>();

/** Called by the apiserver: where its served custom resources can be read. */
export function registerDiscovery(sim: Simulation, discovery: Discovery): void {
  served.set(sim, discovery);
}

/** The custom resources served in `sim` (none without an apiserver or CRDs). */
export function servedCustomResources(sim: Simulation | undefined): readonly ResourceInfo[] {
  return sim ? (served.get(sim)?.resources() ?? []) : [];
}

/** The CRD behind a served custom resource (its printer columns are in the server's tables). */
export function servedCrd(sim: Simulation, info: ResourceInfo): CustomResourceDefinition | undefined {
  return served.get(sim)?.crdOf(info);
}
