import { parseImageReference } from '../images/reference.ts';

/**
 * What `docker pull` (and `docker run` of a missing image) prints when its output is not a
 * terminal (docker/cli jsonmessage.DisplayJSONMessagesStream with isTerminal false: the progress
 * bars of "Downloading" and "Extracting" are not printed, the status changes are), for the
 * messages Docker 28's containerd image store sends (moby daemon/containerd/image_pull.go and
 * progress.go): one "Pulling fs layer" per layer, "Download complete" once fetched, "Pull
 * complete" once unpacked, then the digest and the status. Layer IDs are the first 12 hex
 * characters of the layer digest (stringid.TruncateID).
 */
export interface PullProgressInput {
  /** As typed: nginx, nginx:1.27, registry.k8s.io/pause:3.10. */
  ref: string;
  layers: readonly { digest: string }[];
  /** The manifest list (index) digest, sha256:… */
  indexDigest: string;
  /** The image was already in the store. */
  upToDate: boolean;
}

/** The reference as Docker shows it (reference.FamiliarString): docker.io/library/ dropped, :latest added. */
export function familiarRef(ref: string): string {
  const r = parseImageReference(ref);
  const path = r.domain === 'docker.io' ? r.path.replace(/^library\//, '') : `${r.domain}/${r.path}`;
  return r.digest ? `${path}@${r.digest}` : `${path}:${r.tag ?? 'latest'}`;
}

/** One message of the pull's JSON stream (moby pkg/jsonmessage JSONMessage: id, status). */
export interface JsonMessage {
  id?: string;
  status: string;
}

export function pullProgressMessages(input: PullProgressInput): JsonMessage[] {
  const r = parseImageReference(input.ref);
  const familiar = familiarRef(input.ref);
  const tag = r.digest ?? r.tag ?? 'latest';
  const head: JsonMessage = { id: tag, status: `Pulling from ${r.path}` };
  if (input.upToDate) return [head, { status: `Digest: ${input.indexDigest}` }, { status: `Status: Image is up to date for ${familiar}` }];
  const ids = input.layers.map((l) => l.digest.replace(/^sha256:/, '').slice(0, 12));
  return [
    head,
    ...ids.map((id) => ({ id, status: 'Pulling fs layer' })),
    ...ids.map((id) => ({ id, status: 'Download complete' })),
    ...ids.map((id) => ({ id, status: 'Pull complete' })),
    { status: `Digest: ${input.indexDigest}` },
    { status: `Status: Downloaded newer image for ${familiar}` },
  ];
}

/** jsonmessage.Display without a terminal: `<id>: <status>` or the status alone, one a line. */
export function displayJsonMessages(messages: readonly JsonMessage[]): string {
  return messages.map((m) => `${m.id !== undefined ? `${m.id}: ` : ''}${m.status}\n`).join('');
}

/** The daemon's answer when the registry has no such image (distribution/errors.go, as Docker 28 words it). */
export function pullErrorMessage(ref: string, failure: { headStatus: 401 | 404; dockerHub: boolean }): string {
  const r = parseImageReference(ref);
  const familiarRepo = r.domain === 'docker.io' ? r.path.replace(/^library\//, '') : `${r.domain}/${r.path}`;
  if (failure.headStatus === 401) return `pull access denied for ${familiarRepo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  return `manifest for ${familiarRef(ref)} not found: manifest unknown: manifest unknown`;
}
