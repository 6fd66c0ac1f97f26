import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import { statusError, type HttpResponse, type StatusObject } from '../../api/http.ts';
import { formatFieldErrorBody, invalidMessage, type FieldError } from './validation.ts';

/**
 * The metav1.Status errors of k8s.io/apimachinery/pkg/api/errors, with the exact messages and
 * details the apiserver returns: NewNotFound, NewConflict, NewInvalid, NewBadRequest,
 * NewResourceExpired. kubectl prints them as `Error from server (<Reason>): <message>`.
 */

/** `deployments.apps` or `pods`: how storage errors name a resource (GroupResource.String). */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `Deployment.apps` or `Pod`: how Invalid messages name a kind (GroupKind.String). */
export function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

function resourceDetails(info: ResourceInfo, name: string): NonNullable<StatusObject['details']> {
  return { name, ...(info.group ? { group: info.group } : {}), kind: info.resource };
}

/** NewNotFound: `pods "x" not found`, `deployments.apps "web" not found`. */
export function notFound(info: ResourceInfo, name: string): HttpResponse {
  return { code: 404, body: statusError(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, resourceDetails(info, name)) };
}

/** OptimisticLockErrorMsg (storage/interfaces.go). */
export const OPTIMISTIC_LOCK_ERROR_MSG = 'the object has been modified; please apply your changes to the latest version and try again';

/** NewConflict: `Operation cannot be fulfilled on <resource> "<name>": <detail>`. */
export function conflict(info: ResourceInfo, name: string, detail: string = OPTIMISTIC_LOCK_ERROR_MSG): HttpResponse {
  return { code: 409, body: statusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${detail}`, resourceDetails(info, name)) };
}

/** The StatusCause reason of each field error type (field.ErrorType → metav1.CauseType). */
const CAUSE_TYPES: Record<FieldError['type'], string> = {
  'Required value': 'FieldValueRequired',
  'Invalid value': 'FieldValueInvalid',
  'Unsupported value': 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  'Duplicate value': 'FieldValueDuplicate',
};

/** NewInvalid: 422 with one cause per field error. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): HttpResponse {
  const qualified = group ? `${kind}.${group}` : kind;
  const causes = errors.map((e) => ({ reason: CAUSE_TYPES[e.type], message: formatFieldErrorBody(e), field: e.field }));
  return { code: 422, body: statusError(422, 'Invalid', invalidMessage(qualified, name, errors), { name, ...(group ? { group } : {}), kind, causes }) };
}

export function badRequest(message: string): HttpResponse {
  return { code: 400, body: statusError(400, 'BadRequest', message) };
}

/** NewResourceExpired (410 Gone, reason Expired), as a watch ERROR event's object. */
export function expired(message: string): StatusObject {
  return statusError(410, 'Expired', message);
}

export function methodNotAllowed(): HttpResponse {
  return { code: 405, body: statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
}
