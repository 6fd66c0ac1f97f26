/**
 * The HTTP side of an API request, named as the simulator names it (engine/api/http.ts): the
 * request line `POST /api/v1/namespaces/default/pods` and the status line `201 Created`.
 */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Go's http.StatusText for the codes kube-apiserver answers with; `Unknown` otherwise. */
export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Unknown';
}

/** `201 Created`, the op of a response message. */
export function statusLine(code: number): string {
  return `${code} ${statusText(code)}`;
}

/**
 * The HTTP method of a Kubernetes verb (endpoints/request/requestinfo.go, in reverse). A
 * non-resource request's verb is the lower-case method itself (`get`, `post`).
 */
export function methodOfVerb(verb: string): string {
  switch (verb) {
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    case 'get':
    case 'list':
    case 'watch':
    case 'proxy':
      return 'GET';
    default:
      return verb.toUpperCase();
  }
}
