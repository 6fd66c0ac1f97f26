import { normalizeImageName, parseImageReference } from '../../domain/images/reference.ts';
import type { PullFailure } from '../../domain/images/pull-errors.ts';
import type { Simulation } from '../runtime/simulation.ts';

/**
 * The `image-pull-fail` fault: the registry answers an error for an image (every node's pull of
 * it), or for every pull a node makes. It holds per simulation, so two runs never share it.
 * The answers are the two a registry gives for an image it will not serve:
 * - `not-found`: the manifest HEAD answers 404 (MANIFEST_UNKNOWN): containerd's resolver says
 *   `<ref>: not found`, gRPC code NotFound;
 * - `access-denied`: the HEAD answers 401 insufficient_scope (a private or deleted repository):
 *   `pull access denied, repository does not exist or may require authorization: server
 *   message: insufficient_scope: authorization failed`, code Unknown.
 * Images a node already has are not pulled again (imagePullPolicy IfNotPresent), so the fault
 * shows when a pod lands where the image is not.
 */
export const PULL_FAIL_REASONS = ['not-found', 'access-denied'] as const;
export type PullFailReason = (typeof PULL_FAIL_REASONS)[number];

interface RegistryFault {
  /** The normalized reference (docker.io/library/nginx:1.27), or undefined for every image. */
  image?: string;
  node?: string;
  reason: PullFailReason;
}

const faults = new WeakMap<Simulation, RegistryFault[]>();

export function failPulls(sim: Simulation, fault: { image?: string; node?: string; reason?: PullFailReason }): void {
  const list = faults.get(sim) ?? [];
  list.push({ ...(fault.image ? { image: normalizeImageName(fault.image) } : {}), ...(fault.node ? { node: fault.node } : {}), reason: fault.reason ?? 'not-found' });
  faults.set(sim, list);
}

/** The failure the registry answers to `host`'s pull of `ref`, when a fault says so (the first that matches). */
export function injectedPullFailure(sim: Simulation, ref: string, host: string): PullFailure | undefined {
  const list = faults.get(sim);
  if (!list) return undefined;
  let normalized: string;
  try {
    normalized = normalizeImageName(ref);
  } catch {
    return undefined;
  }
  const hit = list.find((f) => (f.image === undefined || f.image === normalized) && (f.node === undefined || f.node === host));
  if (!hit) return undefined;
  const dockerHub = parseImageReference(normalized).domain === 'docker.io';
  // containerd internal/cri/server/images/image_pull.go wraps the resolver's error (core/remotes/docker/resolver.go).
  const prefix = `failed to pull and unpack image ${JSON.stringify(normalized)}: failed to resolve reference ${JSON.stringify(normalized)}`;
  if (hit.reason === 'access-denied') {
    return { code: 'Unknown', desc: `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, headStatus: 401, dockerHub };
  }
  return { code: 'NotFound', desc: `${prefix}: ${normalized}: not found`, headStatus: 404, dockerHub };
}
