/**
 * The pod status updates kube-scheduler sends, built as upstream builds them:
 * schedule_one.go updatePod → api/v1/pod UpdatePodCondition, then scheduler/util
 * PatchPodStatus, a strategic merge patch computed between the old and the new status
 * (strategicpatch.CreateTwoWayMergePatch; conditions merge on `type`). Nothing is sent when
 * nothing changed, so a pod that fails again with the same message costs no request.
 */
import type { Pod, PodCondition } from '../k8s/objects.ts';

/** validation.NoteLengthLimit: Event notes longer than this are cut. */
export const NOTE_LENGTH_LIMIT = 1024;

/** truncateMessage: the FailedScheduling Event's note, cut to NoteLengthLimit with " ...". */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

/** A condition's fields in the order encoding/json writes them for a map (sorted). */
function sortedCondition(c: PodCondition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(c).sort()) out[k] = (c as unknown as Record<string, unknown>)[k];
  return out;
}

/**
 * UpdatePodCondition: the new condition keeps the old lastTransitionTime when its status did
 * not change; returns the new conditions and whether anything changed.
 */
export function updatePodCondition(conditions: readonly PodCondition[], condition: PodCondition): { conditions: PodCondition[]; changed: boolean } {
  const at = conditions.findIndex((c) => c.type === condition.type);
  if (at < 0) return { conditions: [...conditions, condition], changed: true };
  const old = conditions[at] as PodCondition;
  const next: PodCondition = { ...condition };
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    next.status === old.status &&
    (next.reason ?? '') === (old.reason ?? '') &&
    (next.message ?? '') === (old.message ?? '') &&
    (next.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    next.lastTransitionTime === old.lastTransitionTime &&
    next.observedGeneration === old.observedGeneration;
  const out = [...conditions];
  out[at] = next;
  return { conditions: out, changed: !equal };
}

/** The two-way strategic merge patch of one changed element of a list merged on `type`. */
function elementDiff(old: PodCondition | undefined, next: PodCondition): Record<string, unknown> {
  if (!old) return sortedCondition(next);
  const o = old as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [...new Set([...Object.keys(o), ...Object.keys(n)])].sort()) {
    if (k === 'type') out[k] = n[k];
    else if (!(k in n)) out[k] = null;
    else if (JSON.stringify(o[k]) !== JSON.stringify(n[k])) out[k] = n[k];
  }
  return out;
}

/**
 * The body of `PATCH pods/<name>/status` (application/strategic-merge-patch+json) that
 * updatePod sends for a PodScheduled condition and/or a nominated node name, or null when the
 * pod already says all of it.
 *
 * @param nominatedNodeName the NominatingInfo in Override mode ('' clears); undefined leaves it.
 */
export function podStatusPatch(pod: Pod, condition: PodCondition | undefined, nominatedNodeName: string | undefined): Record<string, unknown> | null {
  const oldConditions = pod.status?.conditions ?? [];
  const oldNnn = pod.status?.nominatedNodeName ?? '';
  const nnnNeedsUpdate = nominatedNodeName !== undefined && nominatedNodeName !== oldNnn;
  let conditionsPatch: Record<string, unknown> | null = null;
  if (condition) {
    const { conditions, changed } = updatePodCondition(oldConditions, condition);
    if (changed) {
      const next = conditions.find((c) => c.type === condition.type) as PodCondition;
      const old = oldConditions.find((c) => c.type === condition.type);
      conditionsPatch = oldConditions.length === 0
        ? { conditions: [sortedCondition(next)] }
        : { '$setElementOrder/conditions': conditions.map((c) => ({ type: c.type })), conditions: [elementDiff(old, next)] };
    }
  }
  if (!conditionsPatch && !nnnNeedsUpdate) return null;
  const status: Record<string, unknown> = { ...(conditionsPatch ?? {}) };
  if (nnnNeedsUpdate) status.nominatedNodeName = nominatedNodeName === '' ? null : nominatedNodeName;
  return { status };
}
