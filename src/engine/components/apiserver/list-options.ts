import { parseFieldSelector, pinnedValue, unsupportedField, type FieldRequirement } from '../../../domain/k8s/field-selector.ts';
import { parseSelectorRequirements, type Requirement } from '../../../domain/k8s/labels.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { HttpResponse } from '../../api/http.ts';
import { badRequest } from './errors.ts';

/** The selectors of a list or watch, decoded as the handler's ParameterCodec does. */
export interface Selectors {
  fields: FieldRequirement[];
  labels?: Requirement[];
  /** spec.nodeName pinned by the field selector: the cache indexes watchers by it. */
  nodeName?: string;
}

/**
 * fieldSelector and labelSelector of metav1.ListOptions (endpoints/handlers/get.go): a selector
 * that does not parse, or a field the resource cannot select on, is a 400 BadRequest with the
 * parser's or the field label conversion's message.
 */
export function decodeSelectors(info: ResourceInfo, query: Record<string, string> | undefined): Selectors | { error: HttpResponse } {
  let fields: FieldRequirement[];
  let labels: Requirement[] | undefined;
  try {
    fields = parseFieldSelector(query?.fieldSelector ?? '');
    labels = query?.labelSelector ? parseSelectorRequirements(query.labelSelector) : undefined;
  } catch (err) {
    return { error: badRequest((err as Error).message) };
  }
  const unsupported = unsupportedField(info.group, info.resource, fields);
  if (unsupported) return { error: badRequest(unsupported) };
  const out: Selectors = { fields };
  if (labels) out.labels = labels;
  const node = info.resource === 'pods' && info.group === '' ? pinnedValue(fields, 'spec.nodeName') : undefined;
  if (node !== undefined) out.nodeName = node;
  return out;
}
