import type { PodTemplateSpec } from '../k8s/objects.ts';
import { canonicalJson, fnv32aBytes } from '../k8s/hash.ts';
import { safeEncodeString } from '../../base/names.ts';

/** The label the Deployment controller adds to its ReplicaSets and their pods (DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * controller.ComputeHash (pkg/controller/controller_utils.go): FNV-32a over the pod template,
 * then, when the Deployment has a status.collisionCount, its value as 8 little-endian bytes
 * (a uint32 in the low four), then rand.SafeEncodeString of the decimal sum.
 *
 * Upstream hashes a spew dump of the Go struct (hashutil.DeepHashObject); here the template is
 * serialized as JSON with sorted keys. The same template always gives the same hash, and the
 * shape (up to 10 characters from "bcdfghjklmnpqrstvwxz2456789", only the ten that decimal digits
 * map to) is the real one, but the exact characters differ from what a real cluster computes.
 */
export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32aBytes(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32aBytes(bytes, h);
  }
  return safeEncodeString(String(h));
}
