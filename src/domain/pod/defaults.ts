import type { Container, PodSpec, PodTemplateSpec, ResourceList, Toleration } from '../k8s/objects.ts';
import { parseImageName } from '../images/reference.ts';

/**
 * API defaulting of PodSpecs, in the three layers a real cluster applies them
 * (pkg/apis/core/v1/defaults.go, plugin/pkg/admission/defaulttolerationseconds,
 * plugin/pkg/admission/priority, plugin/pkg/admission/serviceaccount):
 *
 * 1. SetDefaults_PodSpec + SetDefaults_Container: every PodSpec, templates included.
 * 2. SetDefaults_Pod: only Pod objects (enableServiceLinks, requests copied from limits).
 * 3. Admission plugins: only Pods (default tolerations, priority, service account).
 *
 * Keeping the layers apart matters: a Deployment's or ReplicaSet's template must only get
 * layer 1, or the Deployment controller's template comparison (EqualIgnoreHash) would see a
 * difference that a real cluster never has.
 */

/** v1.DefaultTerminationGracePeriodSeconds */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** v1.DefaultSchedulerName */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** v1.TerminationMessagePathDefault */
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** The DefaultTolerationSeconds admission plugin's default (--default-not-ready-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** imagePullPolicy: Always for ':latest' or an untagged, undigested image; IfNotPresent otherwise. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  let tag = '';
  try {
    tag = parseImageName(image).tag;
  } catch {
    // Upstream ignores the parse error here ("assume it has been validated elsewhere").
  }
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

interface Probe {
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  httpGet?: { path?: string; scheme?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction. */
function defaultProbe(probe: unknown): unknown {
  if (probe === undefined || probe === null || typeof probe !== 'object') return probe;
  const p = { ...(probe as Probe) };
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet = { ...p.httpGet, path: p.httpGet.path || '/', scheme: p.httpGet.scheme || 'HTTP' };
  return p;
}

/** SetDefaults_Container and SetDefaults_ContainerPort. */
export function applyContainerDefaults(c: Container): Container {
  const out: Container = { ...c };
  out.imagePullPolicy ??= defaultImagePullPolicy(c.image);
  out.terminationMessagePath ??= TERMINATION_MESSAGE_PATH_DEFAULT;
  out.terminationMessagePolicy ??= 'File';
  // Not defaulting, but the Go struct is not a pointer: every real object shows `resources: {}`.
  out.resources ??= {};
  if (c.ports) out.ports = c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (c[key] !== undefined) out[key] = defaultProbe(c[key]);
  }
  return out;
}

/** Layer 1: SetDefaults_PodSpec + containers. What a Deployment/ReplicaSet/Job template gets. */
export function applyPodTemplateSpecDefaults(spec: PodSpec): PodSpec {
  const out: PodSpec = { ...spec };
  out.dnsPolicy ??= 'ClusterFirst';
  out.restartPolicy ??= 'Always';
  out.securityContext ??= {};
  out.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  out.schedulerName ??= DEFAULT_SCHEDULER_NAME;
  out.containers = (spec.containers ?? []).map(applyContainerDefaults);
  if (spec.initContainers) out.initContainers = spec.initContainers.map(applyContainerDefaults);
  return out;
}

/** A PodTemplateSpec with layer-1 defaults (metadata untouched). */
export function applyTemplateDefaults(template: PodTemplateSpec): PodTemplateSpec {
  return { ...template, spec: applyPodTemplateSpecDefaults(template.spec) };
}

/** SetDefaults_Pod: a container with limits but no request for a resource gets request = limit. */
function copyLimitsToRequests(c: Container): Container {
  const limits = c.resources?.limits;
  if (!limits || Object.keys(limits).length === 0) return c;
  const requests: ResourceList = { ...(c.resources?.requests ?? {}) };
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && !Object.hasOwn(requests, name)) requests[name] = value;
  }
  return { ...c, resources: { ...c.resources, requests } };
}

/** DefaultTolerationSeconds: tolerate not-ready and unreachable NoExecute taints for 300 s, unless already tolerated. */
export function withDefaultTolerations(tolerations: Toleration[] | undefined): Toleration[] {
  const out = [...(tolerations ?? [])];
  // An empty key or an empty effect tolerates everything on that axis.
  const tolerates = (key: string): boolean => out.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  if (!tolerates(TAINT_NODE_NOT_READY)) {
    out.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (!tolerates(TAINT_NODE_UNREACHABLE)) {
    out.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return out;
}

/** Options of applyPodSpecDefaults. */
export interface PodDefaultsOptions {
  /**
   * Also apply what the admission plugins add to a Pod (DefaultTolerationSeconds, Priority,
   * ServiceAccount). Default true. The ServiceAccount plugin's projected token volume
   * (kube-api-access-<random>) is not added.
   */
  admission?: boolean;
}

/**
 * The PodSpec of a Pod as stored after defaulting and admission: layer 1 (restartPolicy Always,
 * dnsPolicy ClusterFirst, schedulerName default-scheduler, terminationGracePeriodSeconds 30,
 * securityContext {}, per container imagePullPolicy / terminationMessagePath / Policy), layer 2
 * (enableServiceLinks true, requests from limits) and layer 3 (tolerations for not-ready and
 * unreachable with tolerationSeconds 300, priority 0 with preemptionPolicy PreemptLowerPriority,
 * serviceAccountName default). Use applyPodTemplateSpecDefaults for templates.
 */
export function applyPodSpecDefaults(spec: PodSpec, options: PodDefaultsOptions = {}): PodSpec {
  const out = applyPodTemplateSpecDefaults(spec);
  out.enableServiceLinks ??= true;
  out.containers = out.containers.map(copyLimitsToRequests);
  if (out.initContainers) out.initContainers = out.initContainers.map(copyLimitsToRequests);
  if (options.admission ?? true) {
    out.tolerations = withDefaultTolerations(out.tolerations);
    if (out.priority === undefined && !out.priorityClassName) out.priority = 0;
    out.preemptionPolicy ??= 'PreemptLowerPriority';
    out.serviceAccountName ??= (out.serviceAccount as string | undefined) ?? 'default';
    // The deprecated field mirrors serviceAccountName (v1 conversion).
    out.serviceAccount ??= out.serviceAccountName;
  }
  return out;
}
