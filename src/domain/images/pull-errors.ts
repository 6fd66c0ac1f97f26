import { imageExists, repositoryExists } from './catalog.ts';
import { normalizeImageName, parseImageReference } from './reference.ts';

/**
 * Why containerd's CRI plugin cannot pull an image, in its words (containerd 2.1
 * internal/cri/server/images/image_pull.go: `failed to pull and unpack image %q: %w`, and
 * core/remotes/docker/resolver.go): the gRPC status code the kubelet sees and the description.
 * - a tag (or digest) the registry does not have: the manifest HEAD answers 404, and the
 *   resolver says `<ref>: not found` (code NotFound);
 * - a repository Docker Hub does not have: its token carries no pull scope and the HEAD answers
 *   401, which the resolver reports as `pull access denied, repository does not exist or may
 *   require authorization: server message: insufficient_scope: authorization failed` (code Unknown);
 * - other registries answer 404 for an unknown repository too (NotFound).
 */
export interface PullFailure {
  code: 'NotFound' | 'Unknown';
  desc: string;
  /** The HTTP status of the resolving HEAD, and whether Docker Hub's token dance comes first. */
  headStatus: 401 | 404;
  dockerHub: boolean;
}

/** The failure of a pull, or undefined when the registry has the image. */
export function pullFailure(ref: string): PullFailure | undefined {
  if (imageExists(ref)) return undefined;
  const normalized = normalizeImageName(ref);
  const dockerHub = parseImageReference(normalized).domain === 'docker.io';
  const prefix = `failed to pull and unpack image ${JSON.stringify(normalized)}: failed to resolve reference ${JSON.stringify(normalized)}`;
  if (dockerHub && !repositoryExists(ref)) {
    return { code: 'Unknown', desc: `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, headStatus: 401, dockerHub };
  }
  return { code: 'NotFound', desc: `${prefix}: ${normalized}: not found`, headStatus: 404, dockerHub };
}

/** The error as gRPC carries it to the kubelet: `rpc error: code = NotFound desc = …`. */
export function rpcError(f: PullFailure): string {
  return `rpc error: code = ${f.code} desc = ${f.desc}`;
}
