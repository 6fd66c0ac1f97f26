import { extractLabels, parseContainerName, parseSandboxName, SANDBOX_ID_LABEL_KEY, CONTAINER_LOG_PATH_LABEL_KEY } from './naming.ts';

type Json = Record<string, unknown>;

/** The parts of GET /containers/{id}/json that dockershim reads. */
export interface DockerInspect {
  Id: string;
  Name: string;
  Created: string;
  State: { Status: string; Running: boolean; OOMKilled?: boolean; Pid: number; ExitCode: number; StartedAt: string; FinishedAt: string; Error?: string };
  Image: string;
  Config: { Image: string; Labels?: Record<string, string>; Hostname?: string };
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { IPAddress?: string };
}

/** An item of GET /containers/json as dockershim reads it. */
export interface DockerSummary {
  Id: string;
  Names: string[];
  Image: string;
  Created: number;
  State: string;
  Labels?: Record<string, string>;
}

/** The parts of GET /images/{name}/json dockershim reads. */
export interface DockerImage {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Size: number;
  Config?: { User?: string };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** An RFC 3339 Docker timestamp as protobuf JSON's int64 nanoseconds ("0" for Go's zero time). */
function nanos(ts: string): string {
  if (!ts || ts === ZERO_TIME) return '0';
  return String(BigInt(Date.parse(ts)) * 1_000_000n);
}

/** docker_image.go toPullableImageID: `docker-pullable://<repo digest>`, or `docker://<id>` without one. */
export function toPullableImageId(id: string, image: DockerImage | undefined): string {
  const digest = image?.RepoDigests[0];
  return digest ? `docker-pullable://${digest}` : `docker://${id}`;
}

/**
 * docker_container.go ContainerStatus: the CRI state from `docker inspect` — running; exited
 * (a finish time; reason OOMKilled, Completed for exit 0, otherwise Error); exited without a
 * finish time but with an exit code (ContainerCannotRun, times set to the creation); else created.
 */
export function toContainerStatus(r: DockerInspect, image: DockerImage | undefined): Json | { error: string } {
  const meta = parseContainerName(r.Name);
  if ('error' in meta) return meta;
  let state = 'CONTAINER_CREATED';
  let reason = '';
  let message = '';
  let startedAt = nanos(r.State.StartedAt);
  let finishedAt = nanos(r.State.FinishedAt);
  if (r.State.Running) {
    state = 'CONTAINER_RUNNING';
  } else {
    if (finishedAt !== '0') {
      state = 'CONTAINER_EXITED';
      reason = r.State.OOMKilled ? 'OOMKilled' : r.State.ExitCode === 0 ? 'Completed' : 'Error';
    } else if (r.State.ExitCode !== 0) {
      state = 'CONTAINER_EXITED';
      startedAt = nanos(r.Created);
      finishedAt = startedAt;
      reason = 'ContainerCannotRun';
    }
    message = r.State.Error ?? '';
  }
  const dockerLabels = r.Config.Labels ?? {};
  const { labels, annotations } = extractLabels(dockerLabels);
  return {
    id: r.Id,
    metadata: meta,
    state,
    createdAt: nanos(r.Created),
    startedAt,
    finishedAt,
    exitCode: r.State.ExitCode,
    image: { image: image?.RepoTags[0] ?? r.Config.Image },
    imageRef: toPullableImageId(r.Image, image),
    reason,
    message,
    labels,
    annotations,
    mounts: [],
    logPath: dockerLabels[CONTAINER_LOG_PATH_LABEL_KEY] ?? '',
  };
}

/** convert.go toRuntimeAPIContainerState: Docker's state word to the CRI's. */
export function toRuntimeContainerState(state: string): string {
  if (state === 'running') return 'CONTAINER_RUNNING';
  if (state === 'exited' || state === 'dead') return 'CONTAINER_EXITED';
  if (state === 'created') return 'CONTAINER_CREATED';
  return 'CONTAINER_UNKNOWN';
}

/** convert.go toDockerContainerStatus: a CRI state filter as Docker's `status` filter. */
export function toDockerContainerStatus(state: string): string {
  return state === 'CONTAINER_RUNNING' ? 'running' : state === 'CONTAINER_EXITED' ? 'exited' : state === 'CONTAINER_CREATED' ? 'created' : 'unknown';
}

/** convert.go toRuntimeAPIContainer: an item of ListContainers from `docker ps -a`. */
export function toRuntimeContainer(c: DockerSummary): Json | undefined {
  const meta = parseContainerName(c.Names[0] ?? '');
  if ('error' in meta) return undefined;
  const { labels, annotations } = extractLabels(c.Labels ?? {});
  return {
    id: c.Id,
    podSandboxId: c.Labels?.[SANDBOX_ID_LABEL_KEY] ?? '',
    metadata: meta,
    image: { image: c.Image },
    imageRef: c.Image,
    state: toRuntimeContainerState(c.State),
    // Docker's list has seconds only (convert.go: time.Unix(c.Created, 0).UnixNano()).
    createdAt: String(BigInt(c.Created) * 1_000_000_000n),
    labels,
    annotations,
  };
}

/** convert.go toRuntimeAPISandboxState and toRuntimeAPISandbox: a running pause container is a ready sandbox. */
export function toRuntimeSandbox(c: DockerSummary): Json | undefined {
  const meta = parseSandboxName(c.Names[0] ?? '');
  if ('error' in meta) return undefined;
  const { labels, annotations } = extractLabels(c.Labels ?? {});
  return {
    id: c.Id,
    metadata: meta,
    state: c.State === 'running' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
    createdAt: String(BigInt(c.Created) * 1_000_000_000n),
    labels,
    annotations,
    runtimeHandler: '',
  };
}
