/**
 * The taints the node lifecycle controller manages (node_lifecycle_controller.go
 * UnreachableTaintTemplate, NotReadyTaintTemplate, nodeConditionToTaintKeyStatusMap,
 * doNoScheduleTaintingPass) and the taint set helpers of pkg/util/taints (TaintExists,
 * TaintSetDiff, AddOrUpdateTaint, DeleteTaint). A taint is identified by key and effect.
 */
import type { Node, Taint } from '../k8s/objects.ts';
import { semanticEqual } from '../k8s/equality.ts';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const UNREACHABLE_TAINT: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_TAINT: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** {condition type: {status: taint key}}: the NoSchedule taint each condition state carries. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

/** The keys doNoScheduleTaintingPass owns (taintKeyToNodeConditionMap, plus unschedulable). */
const CONDITION_TAINT_KEYS = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m))]);

export function matchTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, t: Pick<Taint, 'key' | 'effect'>): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/**
 * doNoScheduleTaintingPass: the NoSchedule taints the node's conditions (and
 * spec.unschedulable) call for, and the ones to add and remove against the node's own.
 */
export function noScheduleTaintChanges(node: Node): { add: Taint[]; remove: Taint[] } {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  const current = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  // TaintSetDiff: what is wanted and missing, what is there and not wanted.
  return {
    add: wanted.filter((w) => !current.some((c) => matchTaint(c, w))),
    remove: current.filter((c) => !wanted.some((w) => matchTaint(c, w))),
  };
}

/**
 * AddOrUpdateTaint over a list: each new taint replaces the one with its key and effect
 * (unless semantically equal) or is appended. Returns the list and whether it changed.
 */
export function addOrUpdateTaints(taints: readonly Taint[] | undefined, add: readonly Taint[]): { taints: Taint[]; changed: boolean } {
  let out = [...(taints ?? [])];
  let changed = false;
  for (const t of add) {
    const at = out.findIndex((x) => matchTaint(x, t));
    if (at < 0) {
      out = [...out, t];
      changed = true;
    } else if (!semanticEqual(out[at], t)) {
      out = out.map((x, i) => (i === at ? t : x));
      changed = true;
    }
  }
  return { taints: out, changed };
}

/** DeleteTaint for each taint given; `changed` is false when none was there (no request is made). */
export function removeTaints(taints: readonly Taint[] | undefined, remove: readonly Pick<Taint, 'key' | 'effect'>[]): { taints: Taint[]; changed: boolean } {
  const before = taints ?? [];
  const out = before.filter((x) => !remove.some((r) => matchTaint(x, r)));
  return { taints: out, changed: out.length !== before.length };
}

/** getNoExecuteTaints. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}
