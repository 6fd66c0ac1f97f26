/**
 * CustomResourceDefinition vocabulary (apiextensions.k8s.io/v1) and the pure rules the
 * apiextensions-apiserver applies: which names a CRD gets accepted (the NamingConditionController),
 * the conditions it then carries (NamesAccepted, Established), the resource a custom resource is
 * served as, structural-schema validation of the basics (type, required, enum, minimum, maximum)
 * with the messages kube-openapi's validator words, and additionalPrinterColumns for kubectl.
 *
 * Upstream: staging/src/k8s.io/apiextensions-apiserver/pkg/controller/status/naming_controller.go,
 * pkg/controller/establish/establishing_controller.go, pkg/apiserver/schema, k8s.io/kube-openapi
 * pkg/validation/errors (messages), pkg/registry/customresource/tableconvertor.
 */
import type { KubeObject } from './objects.ts';
import { customResourceInfo, KNOWN_RESOURCES, type ResourceInfo } from './resources.ts';

export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JSONSchemaProps>;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  description?: string;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: Record<string, string> };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdCondition {
  type: 'NamesAccepted' | 'Established' | 'Terminating' | 'NonStructuralSchema' | 'KubernetesAPIApprovalPolicyConformant';
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface CustomResourceDefinition extends KubeObject {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  spec: { group: string; names: CrdNames; scope: 'Namespaced' | 'Cluster'; versions: CrdVersion[] };
  status?: { acceptedNames?: CrdNames; conditions?: CrdCondition[]; storedVersions?: string[] };
}

/** A field error with apimachinery's field.Error shape (the engine formats it). */
export interface SchemaFieldError {
  field: string;
  type: 'Required value' | 'Invalid value' | 'Unsupported value' | 'Forbidden' | 'Duplicate value';
  value?: unknown;
  detail?: string;
}

/** The version served and stored (this simulator serves one version per CRD: the storage one). */
export function storageVersion(crd: CustomResourceDefinition): CrdVersion | undefined {
  return crd.spec.versions.find((v) => v.storage && v.served) ?? crd.spec.versions.find((v) => v.served);
}

/** `<plural>.<group>`: the name a CRD must have (ValidateCustomResourceDefinition). */
export function expectedCrdName(crd: CustomResourceDefinition): string {
  return `${crd.spec.names.plural}.${crd.spec.group}`;
}

/** The CRD's own create-time validation: the rules a tour can trip over (name, versions, scope). */
export function validateCrd(crd: CustomResourceDefinition): SchemaFieldError[] {
  const errs: SchemaFieldError[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  if (!spec.group) errs.push({ field: 'spec.group', type: 'Required value' });
  else if (!spec.group.includes('.')) errs.push({ field: 'spec.group', type: 'Invalid value', value: spec.group, detail: 'should be a domain with at least one dot' });
  if (!spec.names?.plural) errs.push({ field: 'spec.names.plural', type: 'Required value' });
  if (!spec.names?.kind) errs.push({ field: 'spec.names.kind', type: 'Required value' });
  if (spec.group && spec.names?.plural && crd.metadata.name !== expectedCrdName(crd)) {
    errs.push({ field: 'metadata.name', type: 'Invalid value', value: crd.metadata.name, detail: `must be spec.names.plural+"."+spec.group` });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') errs.push({ field: 'spec.scope', type: 'Unsupported value', value: spec.scope ?? '', detail: 'supported values: "Cluster", "Namespaced"' });
  const versions = spec.versions ?? [];
  if (versions.length === 0) errs.push({ field: 'spec.versions', type: 'Invalid value', value: versions, detail: 'must have exactly one version marked as storage version' });
  else if (versions.filter((v) => v.storage).length !== 1) errs.push({ field: 'spec.versions', type: 'Invalid value', value: versions, detail: 'must have exactly one version marked as storage version' });
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema) errs.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: 'Required value', detail: 'schemas are required' });
  });
  return errs;
}

/**
 * The NamingConditionController's verdict: a name is refused when another CRD of the same group
 * already accepted it as plural, singular, short name or kind (built-in resources of the group
 * count too). Messages as upstream: `"<name>" is already in use`.
 */
export function acceptNames(crd: CustomResourceDefinition, others: readonly CustomResourceDefinition[]): { accepted: boolean; reason: string; message: string } {
  const names = crd.spec.names;
  const taken = new Set<string>();
  const kinds = new Set<string>();
  for (const o of others) {
    if (o.metadata.name === crd.metadata.name || o.spec.group !== crd.spec.group) continue;
    const a = o.status?.acceptedNames;
    if (!a) continue;
    taken.add(a.plural);
    if (a.singular) taken.add(a.singular);
    for (const s of a.shortNames ?? []) taken.add(s);
    kinds.add(a.kind);
  }
  for (const r of KNOWN_RESOURCES) {
    if (r.group !== crd.spec.group) continue;
    taken.add(r.resource);
    kinds.add(r.kind);
  }
  if (taken.has(names.plural)) return { accepted: false, reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
  const singular = names.singular || names.kind.toLowerCase();
  if (taken.has(singular)) return { accepted: false, reason: 'SingularConflict', message: `"${singular}" is already in use` };
  for (const s of names.shortNames ?? []) if (taken.has(s)) return { accepted: false, reason: 'ShortNamesConflict', message: `"${s}" is already in use` };
  if (kinds.has(names.kind)) return { accepted: false, reason: 'KindConflict', message: `"${names.kind}" is already in use` };
  return { accepted: true, reason: 'NoConflicts', message: 'no conflicts found' };
}

/** The names as accepted (listKind defaulted to `<Kind>List`, singular to the lowercased kind). */
export function acceptedNamesOf(names: CrdNames): CrdNames {
  return { plural: names.plural, singular: names.singular || names.kind.toLowerCase(), ...(names.shortNames?.length ? { shortNames: [...names.shortNames] } : {}), kind: names.kind, listKind: names.listKind || `${names.kind}List`, ...(names.categories?.length ? { categories: [...names.categories] } : {}) };
}

/** Sets (or replaces) one condition; lastTransitionTime moves only when the status changes. */
export function setCondition(conditions: readonly CrdCondition[] | undefined, next: CrdCondition): CrdCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i === -1) return [...list, next];
  const old = list[i] as CrdCondition;
  list[i] = { ...next, lastTransitionTime: old.status === next.status ? old.lastTransitionTime : next.lastTransitionTime };
  return list;
}

export function conditionTrue(crd: CustomResourceDefinition, type: CrdCondition['type']): boolean {
  return crd.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/** The resource a CRD's accepted names serve, in its storage version. */
export function resourceOfCrd(crd: CustomResourceDefinition): ResourceInfo | undefined {
  const v = storageVersion(crd);
  const names = crd.status?.acceptedNames;
  if (!v || !names?.plural) return undefined;
  return customResourceInfo({ group: crd.spec.group, version: v.name, kind: names.kind, plural: names.plural, ...(names.singular ? { singular: names.singular } : {}), ...(names.shortNames ? { shortNames: names.shortNames } : {}), namespaced: crd.spec.scope === 'Namespaced' });
}

// ---------------------------------------------------------------- structural schema validation

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: NonNullable<JSONSchemaProps['type']>, v: unknown): boolean {
  const got = typeOfValue(v);
  if (want === 'number') return got === 'number' || got === 'integer';
  return got === want;
}

/**
 * Validates an object against a CRD's openAPIV3Schema, as the custom resource strategy does
 * (apiextensions-apiserver's validation.ValidateCustomResource over kube-openapi's validator).
 * The messages are kube-openapi's, turned into field errors the way apiextensions converts them:
 * `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`,
 * `spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0`,
 * `spec.activeColor: Unsupported value: "red": supported values: "blue", "green"`,
 * `spec.selector: Required value`. apiVersion, kind and metadata are checked by the apiserver itself.
 */
export function validateAgainstSchema(obj: KubeObject, schema: JSONSchemaProps | undefined): SchemaFieldError[] {
  if (!schema) return [];
  const errs: SchemaFieldError[] = [];
  const walk = (value: unknown, s: JSONSchemaProps, path: string): void => {
    if (value === undefined) return;
    if (s.type && !(value === null && s.type !== 'object') && !typeMatches(s.type, value)) {
      const got = typeOfValue(value);
      errs.push({ field: path, type: 'Invalid value', value: got, detail: `${path} in body must be of type ${s.type}: "${got}"` });
      return;
    }
    if (s.enum && !s.enum.some((e) => e === value)) {
      errs.push({ field: path, type: 'Unsupported value', value, detail: `supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
    }
    if (typeof value === 'number') {
      if (s.minimum !== undefined && value < s.minimum) errs.push({ field: path, type: 'Invalid value', value, detail: `${path} in body should be greater than or equal to ${s.minimum}` });
      if (s.maximum !== undefined && value > s.maximum) errs.push({ field: path, type: 'Invalid value', value, detail: `${path} in body should be less than or equal to ${s.maximum}` });
    }
    if (Array.isArray(value) && s.items) value.forEach((item, i) => walk(item, s.items as JSONSchemaProps, `${path}[${i}]`));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const rec = value as Record<string, unknown>;
      for (const req of s.required ?? []) if (rec[req] === undefined) errs.push({ field: path ? `${path}.${req}` : req, type: 'Required value' });
      for (const [k, sub] of Object.entries(s.properties ?? {})) walk(rec[k], sub, path ? `${path}.${k}` : k);
    }
  };
  const top = obj as unknown as Record<string, unknown>;
  const props = schema.properties ?? {};
  for (const req of schema.required ?? []) if (top[req] === undefined) errs.push({ field: req, type: 'Required value' });
  for (const [k, sub] of Object.entries(props)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
    walk(top[k], sub, k);
  }
  return errs;
}

/**
 * Structural pruning: fields the schema does not know are dropped before storage (unless
 * x-kubernetes-preserve-unknown-fields), as apiextensions-apiserver's pruning does.
 */
export function pruneToSchema(obj: KubeObject, schema: JSONSchemaProps | undefined): KubeObject {
  if (!schema?.properties) return obj;
  const prune = (value: unknown, s: JSONSchemaProps): unknown => {
    if (s['x-kubernetes-preserve-unknown-fields']) return value;
    if (Array.isArray(value)) return s.items ? value.map((v) => prune(v, s.items as JSONSchemaProps)) : value;
    if (value && typeof value === 'object' && s.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const sub = s.properties[k];
        if (sub) out[k] = prune(v, sub);
      }
      return out;
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj as unknown as Record<string, unknown>)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') out[k] = v;
    else if (schema.properties[k]) out[k] = prune(v, schema.properties[k] as JSONSchemaProps);
  }
  return out as unknown as KubeObject;
}

// ---------------------------------------------------------------- printer columns

/** A simple JSONPath (`.spec.replicas`, `.status.conditions[0].type`) into an object. */
export function jsonPathValue(obj: unknown, path: string): unknown {
  const segs = path.replace(/^\./, '').split('.').filter((s) => s !== '');
  let cur: unknown = obj;
  for (const seg of segs) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(seg);
    if (!m || cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[m[1] as string];
    for (const idx of (m[2] ?? '').match(/\d+/g) ?? []) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(idx)];
    }
  }
  return cur;
}

/** The printer columns of a version (priority 0 only unless wide), without the implicit NAME and AGE. */
export function printerColumns(crd: CustomResourceDefinition, wide: boolean): PrinterColumn[] {
  const v = storageVersion(crd);
  return (v?.additionalPrinterColumns ?? []).filter((c) => wide || !c.priority);
}

/** A cell as the table convertor prints it: '<none>'-free, empty for a missing value. */
export function printerCell(obj: KubeObject, col: PrinterColumn): string {
  const v = jsonPathValue(obj, col.jsonPath);
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
