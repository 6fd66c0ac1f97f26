/**
 * How dockershim names and labels the Docker containers it makes (kubernetes v1.23.17
 * pkg/kubelet/dockershim/naming.go and helpers.go). The name carries the CRI metadata, so
 * dockershim can rebuild it from `docker ps` alone: `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`,
 * and `POD` in the container's place for the sandbox ("pause") container.
 */

const KUBE_PREFIX = 'k8s';
const SANDBOX_CONTAINER_NAME = 'POD';
const NAME_DELIMITER = '_';

/** helpers.go: the labels dockershim adds to every container it creates. */
export const CONTAINER_TYPE_LABEL_KEY = 'io.kubernetes.docker.type';
export const CONTAINER_TYPE_LABEL_SANDBOX = 'podsandbox';
export const CONTAINER_TYPE_LABEL_CONTAINER = 'container';
export const CONTAINER_LOG_PATH_LABEL_KEY = 'io.kubernetes.container.logpath';
export const SANDBOX_ID_LABEL_KEY = 'io.kubernetes.sandbox.id';
/** CRI annotations travel as Docker labels with this prefix (Docker has no annotations). */
const ANNOTATION_PREFIX = 'annotation.';

const INTERNAL_LABELS = new Set([CONTAINER_TYPE_LABEL_KEY, CONTAINER_LOG_PATH_LABEL_KEY, SANDBOX_ID_LABEL_KEY]);

export interface PodMeta {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

/** naming.go makeSandboxName. */
export function makeSandboxName(pod: PodMeta): string {
  return [KUBE_PREFIX, SANDBOX_CONTAINER_NAME, pod.name, pod.namespace, pod.uid, String(pod.attempt)].join(NAME_DELIMITER);
}

/** naming.go makeContainerName: the container's name and attempt, the sandbox's pod name, namespace and uid. */
export function makeContainerName(pod: Omit<PodMeta, 'attempt'>, container: { name: string; attempt: number }): string {
  return [KUBE_PREFIX, container.name, pod.name, pod.namespace, pod.uid, String(container.attempt)].join(NAME_DELIMITER);
}

/** naming.go parseSandboxName: Docker's "/k8s_POD_…" back to the sandbox metadata. */
export function parseSandboxName(name: string): PodMeta | { error: string } {
  const parts = split(name);
  if ('error' in parts) return { error: `failed to parse the sandbox name: ${parts.error}` };
  const [, , pod, namespace, uid, attempt] = parts.parts as [string, string, string, string, string, string];
  return { name: pod, namespace, uid, attempt: Number(attempt) };
}

/** naming.go parseContainerName: the container's name and attempt. */
export function parseContainerName(name: string): { name: string; attempt: number } | { error: string } {
  const parts = split(name);
  if ('error' in parts) return { error: `failed to parse the container name: ${parts.error}` };
  return { name: parts.parts[1] as string, attempt: Number(parts.parts[5]) };
}

function split(name: string): { parts: string[] } | { error: string } {
  // Docker reports names with a leading "/".
  const parts = name.replace(/^\//, '').split(NAME_DELIMITER);
  if (parts.length !== 6) return { error: `${JSON.stringify(name)}` };
  if (parts[0] !== KUBE_PREFIX) return { error: `container is not managed by kubernetes: ${JSON.stringify(name)}` };
  if (!/^\d+$/.test(parts[5] ?? '')) return { error: `${JSON.stringify(name)}` };
  return { parts };
}

/** helpers.go makeLabels: the CRI labels as they are, the annotations under "annotation.". */
export function makeLabels(labels: Record<string, string>, annotations: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  for (const [k, v] of Object.entries(annotations)) out[`${ANNOTATION_PREFIX}${k}`] = v;
  return out;
}

/** helpers.go extractLabels: Docker labels back to CRI labels and annotations, without dockershim's own. */
export function extractLabels(input: Record<string, string>): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (INTERNAL_LABELS.has(k)) continue;
    if (k.startsWith(ANNOTATION_PREFIX)) annotations[k.slice(ANNOTATION_PREFIX.length)] = v;
    else labels[k] = v;
  }
  return { labels, annotations };
}
