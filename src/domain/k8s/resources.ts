/**
 * The API resources the simulator serves: their group/version, plural and short names (as API
 * discovery lists them), scope, REST paths and etcd key prefixes.
 *
 * etcd prefixes come from the storage registry of each resource (pkg/registry/.../storage):
 * most use `/registry/<plural>`, but Nodes are stored under `/registry/minions`, Services under
 * `/registry/services/specs` and Endpoints under `/registry/services/endpoints` (historical names).
 */

/** One API resource, as discovery and the storage layer know it. */
export interface ResourceInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  /** 'v1' or '<group>/<version>'. */
  apiVersion: string;
  kind: string;
  /** The plural, lowercase: 'deployments'. */
  resource: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** e.g. '/registry/deployments'; Nodes: '/registry/minions'. */
  etcdPrefix: string;
  /** How `kubectl apply` names it: 'deployment.apps', 'pod', 'lease.coordination.k8s.io'. */
  kubectlName: string;
}

interface ResourceSeed {
  group?: string;
  version?: string;
  kind: string;
  resource: string;
  shortNames?: string[];
  namespaced?: boolean;
  etcdPrefix?: string;
}

function define(seed: ResourceSeed): ResourceInfo {
  const group = seed.group ?? '';
  const version = seed.version ?? 'v1';
  const singular = seed.kind.toLowerCase();
  return {
    group,
    version,
    apiVersion: group === '' ? version : `${group}/${version}`,
    kind: seed.kind,
    resource: seed.resource,
    singular,
    shortNames: seed.shortNames ?? [],
    namespaced: seed.namespaced ?? true,
    etcdPrefix: seed.etcdPrefix ?? `/registry/${seed.resource}`,
    kubectlName: group === '' ? singular : `${singular}.${group}`,
  };
}

/**
 * The resources the simulator knows, core group first: like kubectl, a name that two groups
 * share (`events`) resolves to the first. Every entry has its own etcd prefix, so a key maps
 * back to exactly one resource (events.k8s.io/v1 Events share `/registry/events` with core
 * Events in a real cluster, and are therefore left out here).
 */
export const KNOWN_RESOURCES: readonly ResourceInfo[] = [
  define({ kind: 'Pod', resource: 'pods', shortNames: ['po'] }),
  define({ kind: 'Node', resource: 'nodes', shortNames: ['no'], namespaced: false, etcdPrefix: '/registry/minions' }),
  define({ kind: 'Namespace', resource: 'namespaces', shortNames: ['ns'], namespaced: false }),
  define({ kind: 'Event', resource: 'events', shortNames: ['ev'] }),
  define({ kind: 'Service', resource: 'services', shortNames: ['svc'], etcdPrefix: '/registry/services/specs' }),
  define({ kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'], etcdPrefix: '/registry/services/endpoints' }),
  define({ kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'] }),
  define({ kind: 'Secret', resource: 'secrets' }),
  define({ kind: 'ServiceAccount', resource: 'serviceaccounts', shortNames: ['sa'] }),
  define({ kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', shortNames: ['pvc'] }),
  define({ kind: 'PersistentVolume', resource: 'persistentvolumes', shortNames: ['pv'], namespaced: false }),
  define({ group: 'apps', kind: 'Deployment', resource: 'deployments', shortNames: ['deploy'] }),
  define({ group: 'apps', kind: 'ReplicaSet', resource: 'replicasets', shortNames: ['rs'] }),
  define({ group: 'apps', kind: 'StatefulSet', resource: 'statefulsets', shortNames: ['sts'] }),
  define({ group: 'apps', kind: 'DaemonSet', resource: 'daemonsets', shortNames: ['ds'] }),
  define({ group: 'apps', kind: 'ControllerRevision', resource: 'controllerrevisions' }),
  define({ group: 'batch', kind: 'Job', resource: 'jobs' }),
  define({ group: 'batch', kind: 'CronJob', resource: 'cronjobs', shortNames: ['cj'] }),
  define({ group: 'coordination.k8s.io', kind: 'Lease', resource: 'leases' }),
  define({ group: 'discovery.k8s.io', kind: 'EndpointSlice', resource: 'endpointslices' }),
  define({ group: 'scheduling.k8s.io', kind: 'PriorityClass', resource: 'priorityclasses', shortNames: ['pc'], namespaced: false }),
  define({ group: 'node.k8s.io', kind: 'RuntimeClass', resource: 'runtimeclasses', namespaced: false }),
];

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, served by the apiextensions-apiserver inside
 * kube-apiserver and stored under /registry/apiextensions.k8s.io/customresourcedefinitions
 * (apiextensions-apiserver pkg/registry/customresourcedefinition: the group-qualified prefix).
 * Kept out of KNOWN_RESOURCES so that the components that list every built-in resource (the
 * garbage collector's monitors) behave as before; the lookups below know it.
 */
export const CRD_RESOURCE: ResourceInfo = define({
  group: 'apiextensions.k8s.io',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  shortNames: ['crd', 'crds'],
  namespaced: false,
  etcdPrefix: '/registry/apiextensions.k8s.io/customresourcedefinitions',
});

/**
 * The resource of a custom resource, from the names a CRD has had accepted: stored under
 * /registry/<group>/<plural> (the CRD handler's storage prefix), printed by kubectl as
 * `<kind lowercased>.<group>/<name>`.
 */
export function customResourceInfo(c: { group: string; version: string; kind: string; plural: string; singular?: string; shortNames?: readonly string[]; namespaced: boolean }): ResourceInfo {
  const singular = c.singular || c.kind.toLowerCase();
  return {
    group: c.group,
    version: c.version,
    apiVersion: `${c.group}/${c.version}`,
    kind: c.kind,
    resource: c.plural,
    singular,
    shortNames: [...(c.shortNames ?? [])],
    namespaced: c.namespaced,
    etcdPrefix: `/registry/${c.group}/${c.plural}`,
    kubectlName: `${c.kind.toLowerCase()}.${c.group}`,
  };
}

/** Built-in resources, then the CRD resource, then the served custom resources (`extra`). */
function allResources(extra: readonly ResourceInfo[]): readonly ResourceInfo[] {
  return [...KNOWN_RESOURCES, CRD_RESOURCE, ...extra];
}

/**
 * The resource for an object's apiVersion and kind (exact match, as the apiserver's RESTMapper);
 * `extra` are the custom resources the cluster serves (what discovery would list).
 */
export function resourceByKind(apiVersion: string, kind: string, extra: readonly ResourceInfo[] = []): ResourceInfo | undefined {
  return allResources(extra).find((r) => r.apiVersion === apiVersion && r.kind === kind);
}

function matchesName(info: ResourceInfo, name: string): boolean {
  // kubectl's RESTMapper also takes the kind itself (`kubectl get BlueGreenDeployment`), lowercased.
  return info.resource === name || info.singular === name || info.shortNames.includes(name) || info.kind.toLowerCase() === name;
}

/**
 * Resolves a name as kubectl does (`kubectl get <name>`): plural, singular (= lowercased kind),
 * or short name, case-insensitive, optionally qualified by group (`deployments.apps`) or by
 * version and group (`deployments.v1.apps`), following schema.ParseResourceArg.
 */
export function resourceByName(name: string, extra: readonly ResourceInfo[] = []): ResourceInfo | undefined {
  const all = allResources(extra);
  const lower = name.trim().toLowerCase();
  if (lower === '') return undefined;
  const parts = lower.split('.');
  // resource.version.group is tried first when there are at least two dots.
  if (parts.length >= 3) {
    const [res, version] = parts as [string, string];
    const group = parts.slice(2).join('.');
    const hit = all.find((r) => r.group === group && r.version === version && matchesName(r, res));
    if (hit) return hit;
  }
  const dot = lower.indexOf('.');
  if (dot === -1) return all.find((r) => matchesName(r, lower));
  const res = lower.slice(0, dot);
  const group = lower.slice(dot + 1);
  return all.find((r) => r.group === group && matchesName(r, res));
}

/** The etcd key of an object: '/registry/pods/default/web-1', '/registry/minions/node-1'. */
export function etcdKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  if (!info.namespaced) return `${info.etcdPrefix}/${name}`;
  if (namespace === undefined || namespace === '') {
    throw new Error(`etcdKey: ${info.resource} is namespaced, but no namespace was given for "${name}"`);
  }
  return `${info.etcdPrefix}/${namespace}/${name}`;
}

/** The etcd prefix a list or watch of a resource reads: '/registry/pods/' or '/registry/pods/default/'. */
export function etcdPrefixFor(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
}

function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/**
 * The REST path: '/api/v1/namespaces/default/pods/web/status',
 * '/apis/apps/v1/namespaces/default/deployments', '/api/v1/nodes/node-1'.
 * A namespaced resource without a namespace gives the all-namespaces path ('/api/v1/pods').
 */
export function apiPath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let path = groupVersionPrefix(info.group, info.version);
  if (info.namespaced && namespace) path += `/namespaces/${namespace}`;
  path += `/${info.resource}`;
  if (name !== undefined && name !== '') {
    path += `/${name}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}

/** What a request path names. `watch` is set for the legacy '/api/v1/watch/...' form. */
export interface ParsedApiPath {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch?: boolean;
}

function findResource(group: string, version: string, resource: string, extra: readonly ResourceInfo[]): ResourceInfo | undefined {
  return allResources(extra).find((r) => r.group === group && r.version === version && r.resource === resource);
}

/**
 * Parses a request path (a '?query' is ignored) into the resource, namespace, name and
 * subresource it names (`extra`: the custom resources being served). Returns undefined for
 * paths the simulator doesn't serve.
 */
export function parseApiPath(path: string, extra: readonly ResourceInfo[] = []): ParsedApiPath | undefined {
  const q = path.indexOf('?');
  const clean = q === -1 ? path : path.slice(0, q);
  const segs = clean.split('/').filter((s) => s !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 2) {
    group = '';
    version = segs[1] as string;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1] as string;
    version = segs[2] as string;
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  const withWatch = (p: ParsedApiPath): ParsedApiPath => (watch ? { ...p, watch } : p);

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespace = rest[1] as string;
    const nsInfo = findResource(group, version, 'namespaces', extra);
    // '/api/v1/namespaces/foo/status' is the Namespace's own subresource, not a resource named "status".
    if (rest.length === 3 && nsInfo && (rest[2] === 'status' || rest[2] === 'finalize')) {
      return withWatch({ info: nsInfo, name: namespace, subresource: rest[2] });
    }
    const info = findResource(group, version, rest[2] as string, extra);
    if (!info || !info.namespaced || rest.length > 5) return undefined;
    const out: ParsedApiPath = { info, namespace };
    if (rest[3] !== undefined) out.name = rest[3];
    if (rest[4] !== undefined) out.subresource = rest[4];
    return withWatch(out);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  const info = findResource(group, version, rest[0] as string, extra);
  if (!info) return undefined;
  // A namespaced resource without /namespaces/ is only valid as an all-namespaces list or watch.
  if (info.namespaced && rest.length > 1) return undefined;
  const out: ParsedApiPath = { info };
  if (rest[1] !== undefined) out.name = rest[1];
  if (rest[2] !== undefined) out.subresource = rest[2];
  return withWatch(out);
}

/**
 * A stable map key for an object: 'apps/v1/Deployment/default/web'; cluster-scoped objects
 * have no namespace segment: 'v1/Node/node-1'.
 */
export function objectKey(ref: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  return ref.namespace ? `${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.apiVersion}/${ref.kind}/${ref.name}`;
}

/** `<kubectlName>/<name>` as kubectl prints it: 'deployment.apps/web', 'pod/web-1'. */
export function kubectlObjectName(info: ResourceInfo, name: string): string {
  return `${info.kubectlName}/${name}`;
}
