import type { HttpRequest } from '../../api/http.ts';

/**
 * kube-apiserver's audit policy (`--audit-policy-file`, kind `Policy` of audit.k8s.io/v1) and the
 * request attributes it is evaluated on. Names and matching follow
 * staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go and pkg/audit/policy/checker.go.
 */

/** How much of a request is written (types.go Level); each level includes the ones before. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** When an event is written (types.go Stage). */
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

const LEVEL_ORDER: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** `level >= min`, as `!level.Less(min)` in the apiserver. */
export function levelAtLeast(level: AuditLevel, min: AuditLevel): boolean {
  return LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(min);
}

/** A group and some of its resources: `pods`, `pods/status`, `*`, `pods/*` or `*` + `/scale`. */
export interface GroupResources {
  group?: string;
  resources?: string[];
  resourceNames?: string[];
}

/** One rule: every field given must match (an empty list matches everything). */
export interface PolicyRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  omitStages?: AuditStage[];
  /** Overrides the policy's omitManagedFields when set (checker.go isOmitManagedFields). */
  omitManagedFields?: boolean;
}

/** The first matching rule decides; no match means `None`. */
export interface AuditPolicy {
  rules: PolicyRule[];
  omitStages?: AuditStage[];
  /** Leave metadata.managedFields out of requestObject and responseObject (default false). */
  omitManagedFields?: boolean;
}

/**
 * The policy this simulator writes with: one rule, `level: Metadata`, for every request. It is
 * what kubeadm's default audit policy was (cmd/kubeadm/app/util/audit/utils.go
 * CreateDefaultAuditLogPolicy) and what kind's auditing guide starts from: who did what to
 * which object, when, and with what result, without request or response bodies.
 */
export const DEFAULT_AUDIT_POLICY: AuditPolicy = { rules: [{ level: 'Metadata' }] };

/** The authorizer attributes of a request (authorizer.Attributes), from its RequestInfo. */
export interface RequestAttributes {
  user: string;
  groups: string[];
  /** The Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection; a lower-case HTTP method for non-resource URLs. */
  verb: string;
  isResourceRequest: boolean;
  path: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_API_PREFIXES = new Set(['api']);
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * RequestInfo of a request, as staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go
 * NewRequestInfo resolves it: `/api/v1/namespaces/default/pods/web/status` is resource pods,
 * subresource status, name web, namespace default; a GET without a name is a list, or a watch
 * with `?watch=true`; a list or watch with `fieldSelector=metadata.name=x` names x.
 */
export function requestAttributes(req: Pick<HttpRequest, 'method' | 'path' | 'query' | 'user' | 'groups'>): RequestAttributes {
  const attrs: RequestAttributes = {
    user: req.user,
    groups: req.groups,
    verb: req.method.toLowerCase(),
    isResourceRequest: false,
    path: req.path,
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
  };
  const trimmed = req.path.replace(/^\/+|\/+$/g, '');
  let parts = trimmed === '' ? [] : trimmed.split('/');
  if (parts.length < 3 || !API_PREFIXES.has(parts[0] as string)) return attrs;
  const prefix = parts[0] as string;
  parts = parts.slice(1);
  if (!GROUPLESS_API_PREFIXES.has(prefix)) {
    if (parts.length < 3) return attrs;
    attrs.apiGroup = parts[0] as string;
    parts = parts.slice(1);
  }
  attrs.isResourceRequest = true;
  attrs.apiVersion = parts[0] as string;
  parts = parts.slice(1);
  if (SPECIAL_VERBS.has(parts[0] as string)) {
    if (parts.length < 2) return attrs;
    attrs.verb = parts[0] as string;
    parts = parts.slice(1);
  } else {
    attrs.verb = { POST: 'create', GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[req.method] ?? '';
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      attrs.namespace = parts[1] as string;
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] as string)) parts = parts.slice(2);
    }
  }
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(attrs.verb)) attrs.subresource = parts[2] as string;
  if (parts.length >= 2) attrs.name = parts[1] as string;
  if (parts.length >= 1) attrs.resource = parts[0] as string;
  if (attrs.name === '' && attrs.verb === 'get') {
    const watch = req.query?.watch;
    attrs.verb = watch !== undefined && watch.toLowerCase() !== 'false' && watch !== '0' ? 'watch' : 'list';
    const selected = exactMatch(req.query?.fieldSelector, 'metadata.name');
    if (selected) attrs.name = selected;
  }
  if (attrs.name === '' && attrs.verb === 'delete') attrs.verb = 'deletecollection';
  return attrs;
}

/** `fields.Selector.RequiresExactMatch(field)` for a selector such as `metadata.name=web,spec.nodeName=node-1`. */
function exactMatch(selector: string | undefined, field: string): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^([^=!]+)==?(.*)$/.exec(term);
    // requestinfo.go keeps the name only if it is a valid path segment (path.IsValidPathSegmentName).
    const value = m?.[2];
    if (m && m[1] === field && value && value !== '.' && value !== '..' && !/[/%]/.test(value)) return value;
  }
  return undefined;
}

/** The level, the stages to leave out and whether to omit managedFields for a request (checker.go EvaluatePolicyRule). */
export function evaluatePolicy(policy: AuditPolicy, attrs: RequestAttributes): { level: AuditLevel; omitStages: AuditStage[]; omitManagedFields: boolean } {
  const omitManagedFields = policy.omitManagedFields ?? false;
  for (const rule of policy.rules) {
    // NewPolicyRuleEvaluator: a rule's omitStages are the union of its own and the policy's;
    // its omitManagedFields, when set, overrides the policy's.
    if (ruleMatches(rule, attrs)) return { level: rule.level, omitStages: unionStages(policy.omitStages, rule.omitStages), omitManagedFields: rule.omitManagedFields ?? omitManagedFields };
  }
  return { level: 'None', omitStages: unionStages(policy.omitStages), omitManagedFields };
}

function unionStages(...lists: (AuditStage[] | undefined)[]): AuditStage[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

function ruleMatches(rule: PolicyRule, attrs: RequestAttributes): boolean {
  if (rule.users?.length && !rule.users.includes(attrs.user)) return false;
  if (rule.userGroups?.length && !attrs.groups.some((g) => rule.userGroups?.includes(g))) return false;
  if (rule.verbs?.length && !rule.verbs.includes(attrs.verb)) return false;
  if (rule.namespaces?.length || rule.resources?.length) return ruleMatchesResource(rule, attrs);
  if (rule.nonResourceURLs?.length) return !attrs.isResourceRequest && rule.nonResourceURLs.some((spec) => pathMatches(attrs.path, spec));
  return true;
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function ruleMatchesResource(rule: PolicyRule, attrs: RequestAttributes): boolean {
  if (!attrs.isResourceRequest) return false;
  // Cluster-scoped resources are in the namespace "".
  if (rule.namespaces?.length && !rule.namespaces.includes(attrs.namespace)) return false;
  if (!rule.resources?.length) return true;
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  for (const gr of rule.resources) {
    if ((gr.group ?? '') !== attrs.apiGroup) continue;
    if (!gr.resources?.length) return true;
    if (gr.resourceNames?.length && !gr.resourceNames.includes(attrs.name)) continue;
    for (const res of gr.resources) {
      if (res === combined || res === '*') return true;
      if (attrs.subresource && res.startsWith('*/') && res.slice(2) === attrs.subresource) return true;
      if (res.endsWith('/*') && res.slice(0, -2) === attrs.resource) return true;
    }
  }
  return false;
}

/**
 * Requests whose response streams (kube-apiserver's BasicLongRunningRequestCheck: the verbs
 * watch and proxy, the subresources attach, exec, proxy, log and portforward). The audit filter
 * writes a ResponseStarted event for them when the headers go out.
 */
export function isLongRunning(attrs: RequestAttributes): boolean {
  if (attrs.verb === 'watch' || attrs.verb === 'proxy') return true;
  return ['attach', 'exec', 'proxy', 'log', 'portforward'].includes(attrs.subresource);
}
