import type { KubeObject } from '../../domain/k8s/objects.ts';

/**
 * The simulated HTTP exchange between API clients and kube-apiserver. Method, path and query
 * are the real REST ones (`POST /apis/apps/v1/namespaces/default/deployments`), so the trace
 * reads like an apiserver log or an audit log.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Content type of a PATCH: only JSON merge patch and strategic merge patch are modelled. */
  contentType?: string;
  /** The authenticated user (from the client certificate or service-account token). */
  user: string;
  groups: string[];
  /** kubectl and client-go send their user agent; it shows in audit logs. */
  userAgent: string;
}

export interface HttpResponse {
  code: number;
  body: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/**
 * The ends of a watch stream, named after the HTTP/2 frames that carry them (client-go talks
 * HTTP/2 to kube-apiserver): the server ends the response (a DATA frame with END_STREAM, when
 * the watch timed out or after an ERROR event), or the client resets the stream (RST_STREAM
 * with error code CANCEL, when a watcher is stopped).
 */
export const END_STREAM = 'END_STREAM';
export const RST_STREAM = 'RST_STREAM';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  504: 'Gateway Timeout',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Unknown';
}

/** `GET /api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dnode-1` as a message op. */
export function requestLine(req: Pick<HttpRequest, 'method' | 'path' | 'query'>): string {
  const q = req.query ? Object.entries(req.query) : [];
  if (q.length === 0) return `${req.method} ${req.path}`;
  return `${req.method} ${req.path}?${q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** A metav1.Status failure, as the apiserver returns it and kubectl prints its message. */
export interface StatusObject extends KubeObject {
  kind: 'Status';
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason: string; message: string; field: string }[] };
  code: number;
}

export function statusError(code: number, reason: string, message: string, details?: StatusObject['details']): StatusObject {
  const s: StatusObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

export function isStatus(body: unknown): body is StatusObject {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}
