import { uuid as randomV4 } from '../../base/names.ts';
import type { Rng } from '../../base/rng.ts';

/**
 * Pod UUIDs (rkt pkg/pod/pods.go NewPod: `types.NewUUID(uuid.New())`, a random version-4 UUID
 * from pborman/uuid). The simulator draws it from the seeded stream it is given, so the same
 * seed gives the same pods.
 */
export function newPodUUID(rng: Rng): string {
  return randomV4(rng);
}

/** The 8-character form `rkt list` prints without `--full` (rkt/list.go: `uuid[:8]`). */
export function shortUUID(uuid: string): string {
  return uuid.slice(0, 8);
}

/** appc schema/types ErrNoEmptyUUID. */
export const ERR_EMPTY_UUID = 'UUID cannot be empty';

/**
 * resolveUUID (pkg/pod/uuid.go): a lower-cased prefix matched against the pods in the prepare,
 * prepared, run and exited-garbage directories (not embryos, not garbage); the innermost error
 * is what rkt prints.
 */
export function resolveUUID(prefix: string, candidates: readonly string[]): { uuid: string } | { error: string } {
  const p = prefix.toLowerCase();
  if (p === '') return { error: ERR_EMPTY_UUID };
  const matches = candidates.filter((c) => c.startsWith(p));
  if (matches.length === 0) return { error: `no matches found for "${p}"` };
  if (matches.length > 1) return { error: `ambiguous uuid, ${matches.length} matches` };
  return { uuid: matches[0] as string };
}
