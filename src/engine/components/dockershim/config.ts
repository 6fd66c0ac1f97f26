import { fnv32a } from '../../../domain/k8s/hash.ts';
import type { ContainerCreateBody } from '../dockerd/engine-api.ts';
import { CONTAINER_LOG_PATH_LABEL_KEY, CONTAINER_TYPE_LABEL_CONTAINER, CONTAINER_TYPE_LABEL_KEY, CONTAINER_TYPE_LABEL_SANDBOX, SANDBOX_ID_LABEL_KEY, makeContainerName, makeLabels, makeSandboxName } from './naming.ts';

type Json = Record<string, unknown>;

/** Where dockershim keeps one checkpoint file per sandbox (docker_service.go sandboxCheckpointDir). */
export const CHECKPOINT_DIR = '/var/lib/dockershim/sandbox';
/** docker_sandbox.go defaultSandboxGracePeriod: the pause container gets 10 s to stop. */
export const SANDBOX_GRACE_PERIOD_SECONDS = 10;

/** The CRI PodSandboxConfig fields dockershim reads. */
interface SandboxConfig {
  metadata?: { name?: string; namespace?: string; uid?: string; attempt?: number };
  hostname?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  logDirectory?: string;
  portMappings?: { protocol?: string; containerPort?: number; hostPort?: number; hostIp?: string }[];
  linux?: { cgroupParent?: string; securityContext?: { namespaceOptions?: { network?: string; pid?: string; ipc?: string } } };
}

export function podMetaOf(config: Json): { name: string; namespace: string; uid: string; attempt: number } {
  const m = (config as SandboxConfig).metadata ?? {};
  return { name: m.name ?? '', namespace: m.namespace ?? 'default', uid: m.uid ?? '', attempt: m.attempt ?? 0 };
}

/** Whether the pod uses the node's network (no CNI then; docker_sandbox.go RunPodSandbox). */
export function isHostNetwork(config: Json): boolean {
  return (config as SandboxConfig).linux?.securityContext?.namespaceOptions?.network === 'NODE';
}

/**
 * docker_sandbox.go makeSandboxDockerConfig and security_context.go modifySandboxNamespaceOptions:
 * the pause container, named k8s_POD_…, labelled as the pod's sandbox, with NetworkMode "none"
 * when the CNI plugin networks the pod (the plugin, not Docker, gives it its interface) or
 * "host" for a hostNetwork pod; CPU shares 2 (defaultSandboxCPUshares).
 */
export function sandboxCreateConfig(config: Json, image: string): { name: string; body: ContainerCreateBody } {
  const c = config as SandboxConfig;
  const labels = makeLabels(c.labels ?? {}, c.annotations ?? {});
  labels[CONTAINER_TYPE_LABEL_KEY] = CONTAINER_TYPE_LABEL_SANDBOX;
  // types.KubernetesContainerNameLabel = sandboxContainerName.
  labels['io.kubernetes.container.name'] = 'POD';
  const ns = c.linux?.securityContext?.namespaceOptions;
  const body: ContainerCreateBody = {
    Image: image,
    Labels: labels,
    HostConfig: {
      NetworkMode: ns?.network === 'NODE' ? 'host' : 'none',
      ...(ns?.ipc === 'NODE' ? { IpcMode: 'host' } : {}),
      ...(ns?.pid === 'NODE' ? { PidMode: 'host' } : {}),
    },
  };
  return { name: makeSandboxName(podMetaOf(config)), body };
}

/** The CRI ContainerConfig fields dockershim reads. */
interface ContainerConfig {
  metadata?: { name?: string; attempt?: number };
  image?: { image?: string };
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: { key: string; value: string }[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  logPath?: string;
}

/**
 * docker_container.go CreateContainer and helpers_linux.go updateCreateConfig: the CRI command
 * becomes Docker's Entrypoint and the args its Cmd; the labels carry the sandbox id and the log
 * path; the container joins the sandbox's network and IPC namespaces (NetworkMode and IpcMode
 * `container:<sandbox id>`, security_context.go modifyContainerNamespaceOptions) and its PID
 * namespace only when the pod shares one.
 */
export function containerCreateConfig(sandboxId: string, config: Json, sandboxConfig: Json): { name: string; body: ContainerCreateBody } {
  const c = config as ContainerConfig;
  const sb = sandboxConfig as SandboxConfig;
  const labels = makeLabels(c.labels ?? {}, c.annotations ?? {});
  labels[CONTAINER_TYPE_LABEL_KEY] = CONTAINER_TYPE_LABEL_CONTAINER;
  labels[CONTAINER_LOG_PATH_LABEL_KEY] = joinPath(sb.logDirectory ?? '', c.logPath ?? '');
  labels[SANDBOX_ID_LABEL_KEY] = sandboxId;
  const nsMode = `container:${sandboxId}`;
  const ns = sb.linux?.securityContext?.namespaceOptions;
  const body: ContainerCreateBody = {
    Image: c.image?.image ?? '',
    ...(c.command && c.command.length > 0 ? { Entrypoint: [...c.command] } : {}),
    ...(c.args && c.args.length > 0 ? { Cmd: [...c.args] } : {}),
    Env: (c.envs ?? []).map((e) => `${e.key}=${e.value}`),
    ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
    Labels: labels,
    HostConfig: {
      NetworkMode: ns?.network === 'NODE' ? 'host' : nsMode,
      IpcMode: ns?.ipc === 'NODE' ? 'host' : nsMode,
      ...(ns?.pid === 'POD' ? { PidMode: nsMode } : ns?.pid === 'NODE' ? { PidMode: 'host' } : {}),
    },
  };
  const pod = podMetaOf(sandboxConfig);
  return { name: makeContainerName(pod, { name: c.metadata?.name ?? '', attempt: c.metadata?.attempt ?? 0 }), body };
}

/**
 * docker_checkpoint.go PodSandboxCheckpoint: what dockershim writes to
 * /var/lib/dockershim/sandbox/<id> so that it can tear the network down even when the sandbox
 * container is gone. The checksum is the FNV-32a of the data (upstream hashes its spew dump with
 * FNV-32a; the JSON text stands in for that dump).
 */
export function sandboxCheckpoint(config: Json): { path: (id: string) => string; content: Json } {
  const c = config as SandboxConfig;
  const portMappings = (c.portMappings ?? []).map((p) => ({ protocol: p.protocol ?? 'TCP', container_port: p.containerPort ?? 0, host_port: p.hostPort ?? 0, host_ip: p.hostIp ?? '' }));
  const data: Json = { ...(portMappings.length ? { port_mappings: portMappings } : {}), ...(isHostNetwork(config) ? { host_network: true } : {}) };
  const meta = podMetaOf(config);
  return { path: (id) => `${CHECKPOINT_DIR}/${id}`, content: { version: 'v1', name: meta.name, namespace: meta.namespace, data, checksum: fnv32a(JSON.stringify(data)) } };
}

function joinPath(dir: string, file: string): string {
  if (!dir) return file;
  if (!file) return dir;
  return `${dir.replace(/\/+$/, '')}/${file.replace(/^\/+/, '')}`;
}
