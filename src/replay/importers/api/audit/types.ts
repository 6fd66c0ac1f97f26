/**
 * The audit.k8s.io/v1 (and v1beta1) Event as read from a log: the fields the importer uses
 * (staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go). v1beta1 adds `timestamp` and
 * `metadata.creationTimestamp` (seconds), both ignored when the MicroTime fields are there.
 */
export interface AuditEventJson {
  kind?: string;
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: { username?: string; uid?: string; groups?: string[] };
  impersonatedUser?: { username?: string };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiGroup?: string;
    apiVersion?: string;
    resourceVersion?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  timestamp?: string;
  annotations?: Record<string, string>;
}

export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
