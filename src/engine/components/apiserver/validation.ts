import type { Container, Deployment, KubeObject, Pod, PodSpec, ReplicaSet } from '../../../domain/k8s/objects.ts';
import { matchesSelector } from '../../../domain/k8s/labels.ts';

/** A field error as apimachinery's field.Error prints it. */
export interface FieldError {
  field: string;
  type: 'Required value' | 'Invalid value' | 'Unsupported value' | 'Forbidden' | 'Duplicate value';
  value?: unknown;
  detail?: string;
}

/**
 * field.Error.ErrorBody: Required and Forbidden print their type only, the others their value
 * (strings quoted) unless it is omitted, then `: <detail>` when there is one.
 */
export function formatFieldErrorBody(e: FieldError): string {
  const typeOnly = e.type === 'Required value' || e.type === 'Forbidden' || e.value === undefined;
  const s = typeOnly ? e.type : `${e.type}: ${goValue(e.value)}`;
  return e.detail ? `${s}: ${e.detail}` : s;
}

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${formatFieldErrorBody(e)}`;
}

/** `Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value` */
export function invalidMessage(kindWithGroup: string, name: string, errors: FieldError[]): string {
  const list = errors.map(formatFieldError);
  const body = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return `${kindWithGroup} "${name}" is invalid: ${body}`;
}

function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, val]) => `${JSON.stringify(k)}:${JSON.stringify(val)}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(v);
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateObjectMeta(obj: KubeObject): FieldError[] {
  const name = obj.metadata.name ?? '';
  if (name === '') return [{ field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' }];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [
      {
        field: 'metadata.name',
        type: 'Invalid value',
        value: name,
        detail:
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ];
  }
  return [];
}

export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [{ field: path, type: 'Required value' }];
  const errors: FieldError[] = [];
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    errors.push({ field: `${path}.containers`, type: 'Required value' });
    return errors;
  }
  const seen = new Set<string>();
  spec.containers.forEach((c: Container, i) => {
    const p = `${path}.containers[${i}]`;
    if (!c.name) errors.push({ field: `${p}.name`, type: 'Required value' });
    else if (!DNS1123_LABEL.test(c.name)) {
      errors.push({
        field: `${p}.name`,
        type: 'Invalid value',
        value: c.name,
        detail: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      });
    } else if (seen.has(c.name)) errors.push({ field: `${p}.name`, type: 'Duplicate value', value: c.name });
    seen.add(c.name);
    if (!c.image) errors.push({ field: `${p}.image`, type: 'Required value' });
  });
  return errors;
}

export function validatePod(pod: Pod): FieldError[] {
  return [...validateObjectMeta(pod), ...validatePodSpec(pod.spec, 'spec')];
}

function validateReplicasAndSelector(obj: Deployment | ReplicaSet): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec;
  if (!spec) return [{ field: 'spec', type: 'Required value' }];
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    errors.push({ field: 'spec.replicas', type: 'Invalid value', value: spec.replicas, detail: 'must be greater than or equal to 0' });
  }
  const sel = spec.selector;
  if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
    errors.push({ field: 'spec.selector', type: 'Required value' });
  } else if (!matchesSelector(spec.template?.metadata?.labels ?? {}, sel)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: spec.template?.metadata?.labels ?? {}, detail: '`selector` does not match template `labels`' });
  }
  errors.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec'));
  return errors;
}

export function validateWorkload(obj: Deployment | ReplicaSet): FieldError[] {
  return [...validateObjectMeta(obj), ...validateReplicasAndSelector(obj)];
}
