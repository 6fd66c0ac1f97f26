import { toRfc3339 } from '../../../base/time.ts';
import { semanticEqual } from '../../../domain/k8s/equality.ts';
import {
  acceptedNamesOf,
  acceptNames,
  conditionTrue,
  pruneToSchema,
  resourceOfCrd,
  setCondition,
  storageVersion,
  validateAgainstSchema,
  validateCrd,
  type CustomResourceDefinition,
} from '../../../domain/k8s/crd.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { apiPath, CRD_RESOURCE, type ResourceInfo } from '../../../domain/k8s/resources.ts';
import { ApiClient } from '../../api/client.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { strategyFor, type Strategy } from './strategies.ts';
import { validateObjectMeta } from './validation.ts';

/**
 * The apiextensions-apiserver that kube-apiserver runs in-process (the first server of its
 * delegation chain): it serves CustomResourceDefinitions, keeps their status with its own
 * controllers, and serves each Established CRD's custom resources.
 *
 * - NamingConditionController (pkg/controller/status/naming_controller.go): for a new or changed
 *   CRD, checks its names against the other CRDs of the group and writes `status.acceptedNames`
 *   with the condition NamesAccepted (True, NoConflicts, "no conflicts found"; or False with
 *   PluralConflict, …) and, the first time, Established False (Installing, "the initial names
 *   have been accepted").
 * - EstablishingController (pkg/controller/establish): once the names are accepted, sets
 *   Established True (InitialNamesAccepted). With one apiserver it does so at once (with
 *   several, after 5 s, which is not simulated).
 * - The CRD handler (pkg/apiserver/customresource_handler.go) serves
 *   /apis/<group>/<version>/[namespaces/<ns>/]<plural> for Established CRDs, storing objects
 *   under /registry/<group>/<plural>/…; the custom resource strategy prunes unknown fields,
 *   validates against openAPIV3Schema, keeps status apart when the status subresource is on,
 *   and bumps metadata.generation on spec changes.
 *
 * The controllers write status through the loopback client (user system:apiserver), so the
 * writes run the same request pipeline as every other client's.
 */
export class Apiextensions {
  /** CRDs by name, as the apiserver's informer sees them. */
  private readonly crds = new Map<string, CustomResourceDefinition>();
  /** The served custom resources and the CRD behind each (key: `<group>/<plural>`). */
  private readonly served = new Map<string, { info: ResourceInfo; crd: CustomResourceDefinition }>();
  private readonly loopback: ApiClient;
  /** CRD names whose status write is in flight (one at a time per CRD, as a workqueue keeps it). */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly sim: Simulation,
    apiserverId: string,
    /** Called when a custom resource starts being served: the cache opens its prefix. */
    private readonly onServe: (info: ResourceInfo) => void,
  ) {
    this.loopback = new ApiClient(sim, apiserverId, {
      user: 'system:apiserver',
      groups: ['system:authenticated', 'system:masters'],
      userAgent: 'kube-apiserver/v1.34.2 (linux/amd64) kubernetes/apiextensions',
    });
  }

  /** The custom resources being served (what discovery lists), in the order they were established. */
  resources(): ResourceInfo[] {
    return [...this.served.values()].map((s) => s.info);
  }

  /** The CRD that defines a served resource. */
  crdOf(info: ResourceInfo): CustomResourceDefinition | undefined {
    return this.served.get(`${info.group}/${info.resource}`)?.crd;
  }

  /** A response to one of the loopback client's requests. */
  handle(delivery: Delivery): boolean {
    return this.loopback.handle(delivery);
  }

  /** The REST strategy of a resource: CRDs and custom resources have their own. */
  strategy(info: ResourceInfo): Strategy {
    if (info === CRD_RESOURCE) return crdStrategy;
    const crd = this.crdOf(info);
    return crd ? customResourceStrategy(crd) : strategyFor(info.kind);
  }

  /** A CRD event from the watch cache: the informers of the naming and establishing controllers. */
  observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', crd: CustomResourceDefinition, cause: number): void {
    const name = crd.metadata.name ?? '';
    if (type === 'DELETED') {
      this.crds.delete(name);
      const info = resourceOfCrd(crd);
      if (info) this.served.delete(`${info.group}/${info.resource}`);
      return;
    }
    this.crds.set(name, crd);
    if (conditionTrue(crd, 'Established')) {
      const info = resourceOfCrd(crd);
      if (info) {
        const key = `${info.group}/${info.resource}`;
        const isNew = !this.served.has(key);
        this.served.set(key, { info, crd });
        if (isNew) this.onServe(info);
      }
    }
    this.reconcile(crd, cause);
  }

  private nowIso(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  /** What the naming controller, then the establishing controller, would write next (or nothing). */
  private nextStatus(crd: CustomResourceDefinition): CustomResourceDefinition['status'] | undefined {
    const status = crd.status ?? {};
    const now = this.nowIso();
    const verdict = acceptNames(crd, [...this.crds.values()]);
    const accepted = verdict.accepted ? acceptedNamesOf(crd.spec.names) : status.acceptedNames;
    let conditions = setCondition(status.conditions, { type: 'NamesAccepted', status: verdict.accepted ? 'True' : 'False', lastTransitionTime: now, reason: verdict.reason, message: verdict.message });
    const established = status.conditions?.find((c) => c.type === 'Established');
    if (!established || established.status !== 'True') {
      if (verdict.accepted && established?.reason === 'Installing' && conditionTrue(crd, 'NamesAccepted')) {
        // EstablishingController: the accepted names have come back through the informer.
        conditions = setCondition(conditions, { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' });
      } else if (verdict.accepted) {
        conditions = setCondition(conditions, { type: 'Established', status: 'False', lastTransitionTime: now, reason: 'Installing', message: 'the initial names have been accepted' });
      } else if (!established) {
        conditions = setCondition(conditions, { type: 'Established', status: 'False', lastTransitionTime: now, reason: 'NotAccepted', message: 'not all names are accepted' });
      }
    }
    const next = { ...status, ...(accepted ? { acceptedNames: accepted } : {}), conditions, storedVersions: status.storedVersions ?? [] };
    const same = semanticEqual({ ...next, conditions: next.conditions.map((c) => ({ ...c, lastTransitionTime: '' })) }, { ...status, conditions: (status.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: '' })), storedVersions: status.storedVersions ?? [] });
    return same ? undefined : next;
  }

  private reconcile(crd: CustomResourceDefinition, cause: number): void {
    const name = crd.metadata.name ?? '';
    if (this.inFlight.has(name) || crd.metadata.deletionTimestamp) return;
    const status = this.nextStatus(crd);
    if (!status) return;
    this.inFlight.add(name);
    const body = { ...crd, status };
    this.loopback.request('PUT', `${apiPath(CRD_RESOURCE, undefined, name)}/status`, { body, cause, ref: { apiVersion: crd.apiVersion, kind: crd.kind, name, ...(crd.metadata.uid ? { uid: crd.metadata.uid } : {}) } }, () => {
      // The next step starts from the write coming back through the watch (observe).
      this.inFlight.delete(name);
      const latest = this.crds.get(name);
      if (latest && latest.metadata.resourceVersion !== crd.metadata.resourceVersion) this.reconcile(latest, cause);
    });
  }
}

/** pkg/registry/customresourcedefinition/strategy.go */
const crdStrategy: Strategy = {
  defaults: (obj) => obj,
  prepareForCreate: (obj) => {
    // PrepareForCreate: status starts empty, with the storage version as the only stored version.
    const crd = obj as CustomResourceDefinition;
    const v = storageVersion(crd);
    return { ...crd, status: { storedVersions: v ? [v.name] : [] } } as KubeObject;
  },
  validate: (obj) => [...validateObjectMeta(obj), ...validateCrd(obj as CustomResourceDefinition)],
  hasGeneration: true,
  bumpsGeneration: (next, old) => !semanticEqual(next.spec, old.spec),
  hasStatus: true,
};

/** pkg/registry/customresource/strategy.go, for one CRD's storage version. */
function customResourceStrategy(crd: CustomResourceDefinition): Strategy {
  const version = storageVersion(crd);
  const schema = version?.schema?.openAPIV3Schema;
  const hasStatus = version?.subresources?.status !== undefined;
  return {
    defaults: (obj) => pruneToSchema(obj, schema),
    prepareForCreate: (obj) => {
      if (!hasStatus) return obj;
      const { status: _dropped, ...rest } = obj as KubeObject & { status?: unknown };
      return rest as KubeObject;
    },
    validate: (obj) => [...validateObjectMeta(obj), ...validateAgainstSchema(obj, schema)],
    hasGeneration: true,
    // With the status subresource, spec changes bump the generation; without it, any change but metadata.
    bumpsGeneration: (next, old) => {
      if (hasStatus) return !semanticEqual((next as { spec?: unknown }).spec, (old as { spec?: unknown }).spec);
      const strip = (o: KubeObject): unknown => ({ ...o, metadata: undefined });
      return !semanticEqual(strip(next), strip(old));
    },
    hasStatus,
  };
}
