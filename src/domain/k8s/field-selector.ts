import type { KubeObject } from './objects.ts';

/**
 * Field selectors (`fieldSelector=spec.nodeName=node-1,status.phase!=Running`): the parser of
 * apimachinery/pkg/fields/selector.go (terms split on unescaped commas, operators `!=`, `==`,
 * `=`, backslash escapes) and the fields each resource lets a client select on (the
 * AddFieldLabelConversionFunc of pkg/apis/core/v1/conversion.go and apps/v1; every other
 * resource has only metadata.name and metadata.namespace, runtime.DefaultMetaV1FieldSelectorConversion).
 */

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** Splits on `sep` where it is not escaped by a backslash. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] as string);
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The first unescaped operator in a term: `!=`, then `==`, then `=`. */
function splitTerm(term: string): [string, FieldRequirement['op'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '!' && term[i + 1] === '=') return [term.slice(0, i), '!=', term.slice(i + 2)];
    if (c === '=' && term[i + 1] === '=') return [term.slice(0, i), '=', term.slice(i + 2)];
    if (c === '=') return [term.slice(0, i), '=', term.slice(i + 1)];
  }
  return undefined;
}

/** fields.ParseSelector; throws with upstream's message on a term it cannot read. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector === '') return [];
  const out: FieldRequirement[] = [];
  for (const term of splitUnescaped(selector, ',')) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw new Error(`invalid selector: '${selector}'; can't understand '${term}'`);
    out.push({ field: unescape(parts[0]), op: parts[1], value: unescape(parts[2]) });
  }
  return out;
}

const META_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Selectable fields by `<resource>.<group>`, beyond metadata.name and metadata.namespace. */
const EXTRA_FIELDS: Record<string, readonly string[]> = {
  'pods.': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  'nodes.': ['spec.unschedulable'],
  'namespaces.': ['status.phase'],
  'secrets.': ['type'],
  'events.': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
};

/**
 * Checks that every field is selectable for the resource; returns the message the apiserver
 * answers with (400 BadRequest) for the first that is not.
 */
export function unsupportedField(group: string, resource: string, reqs: readonly FieldRequirement[]): string | undefined {
  const extra = EXTRA_FIELDS[`${resource}.${group}`];
  for (const r of reqs) {
    if (META_FIELDS.includes(r.field) || extra?.includes(r.field)) continue;
    // Resources with their own conversion func say so tersely; the default names the two it knows.
    if (extra) return `field label not supported: ${r.field}`;
    return `"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
  }
  return undefined;
}

function path(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The value a field has for matching, as the registry's ToSelectableFields renders it. */
export function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'status.podIPs') {
    const ips = (path(obj, 'status.podIPs') as { ip?: string }[] | undefined) ?? [];
    return ips.map((p) => p.ip ?? '').join(',');
  }
  if (field === 'source') {
    const src = path(obj, 'source.component');
    return typeof src === 'string' ? src : '';
  }
  const v = path(obj, field);
  if (v === undefined || v === null) return field === 'spec.hostNetwork' || field === 'spec.unschedulable' ? 'false' : '';
  return typeof v === 'string' ? v : String(v);
}

export function matchesFields(obj: KubeObject, reqs: readonly FieldRequirement[]): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** The single value a selector pins a field to (`spec.nodeName=node-1`), if it does. */
export function pinnedValue(reqs: readonly FieldRequirement[], field: string): string | undefined {
  return reqs.find((r) => r.field === field && r.op === '=')?.value;
}
