/**
 * DefaultPreemption, the PostFilter that runs when no node fits
 * (plugins/defaultpreemption/default_preemption.go, framework/preemption/preemption.go):
 * eligibility, candidate nodes (only those whose Filter said Unschedulable, never
 * UnschedulableAndUnresolvable), a dry run per node that removes lower-priority pods and puts
 * back as many as still fit, and the choice of one node. PodDisruptionBudgets and nominated
 * pods of other preemptors are not modelled (no PDB is ever violated).
 */
import type { Pod } from '../k8s/objects.ts';
import type { CycleState } from './cycle-state.ts';
import { fitErrorMessage, reasonHistogram } from './fit-error.ts';
import { runFilterPlugins } from './framework.ts';
import { addPodToNodeInfo, cloneNodeInfo, removePodFromNodeInfo } from './node-info.ts';
import type { PodFacts } from './pod-facts.ts';
import type { FilterStatus, NodeInfo, PreemptionPlan } from './types.ts';

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';
/** DefaultPreemptionArgs defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** A pod on a node together with the facts captured when it was added. */
export interface PodWithFacts {
  pod: Pod;
  facts: PodFacts;
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportantFirst(a: PodWithFacts, b: PodWithFacts): number {
  if (a.facts.priority !== b.facts.priority) return b.facts.priority - a.facts.priority;
  if (a.facts.startTime === b.facts.startTime) return 0;
  return a.facts.startTime < b.facts.startTime ? -1 : 1;
}

/** DefaultPreemption.calculateNumCandidates: 10 % of the nodes, at least 100, at most all. */
export function numPreemptionCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  if (n < MIN_CANDIDATE_NODES_ABSOLUTE) n = MIN_CANDIDATE_NODES_ABSOLUTE;
  return n > numNodes ? numNodes : n;
}

/** podTerminatingByPreemption: being deleted with DisruptionTarget=True reason PreemptionByScheduler. */
function terminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** PodEligibleToPreemptOthers; returns the reason when the pod may not preempt. */
export function preemptionIneligibility(state: CycleState, nodeStatuses: ReadonlyMap<string, FilterStatus>): string | null {
  if (state.pod.spec['preemptionPolicy'] === 'Never') return NOT_ELIGIBLE_NEVER;
  const nominated = state.pod.status?.nominatedNodeName;
  if (nominated) {
    // A nominated node that Filter called unresolvable is open for another try. A node
    // without an explicit status reads as the NodeToStatus default, UnschedulableAndUnresolvable.
    const st = nodeStatuses.get(nominated);
    if (st !== undefined && st.code !== 'UnschedulableAndUnresolvable') {
      const info = state.allNodes.find((n) => n.name === nominated);
      if (info) {
        for (let i = 0; i < info.pods.length; i++) {
          const facts = info.internal.podFacts[i] as PodFacts;
          if (facts.priority < state.facts.priority && terminatingByPreemption(info.pods[i] as Pod)) return NOT_ELIGIBLE_TERMINATING;
        }
      }
    }
  }
  return null;
}

/**
 * SelectVictimsOnNode on a copy of the node: remove every lower-priority pod; if the pod then
 * fits, re-add them most important first and keep as victims those whose return makes the
 * pod not fit. Returns the victims (most important first) or the status explaining why the
 * node cannot become a candidate.
 */
export function selectVictimsOnNode(
  state: CycleState,
  info: NodeInfo,
  runFilters: (state: CycleState, info: NodeInfo) => FilterStatus | null = runFilterPlugins,
): { victims: PodWithFacts[] } | { status: FilterStatus } {
  const copy = cloneNodeInfo(info);
  const potential: PodWithFacts[] = [];
  for (let i = 0; i < info.pods.length; i++) {
    const facts = info.internal.podFacts[i] as PodFacts;
    if (facts.priority < state.facts.priority) potential.push({ pod: info.pods[i] as Pod, facts });
  }
  if (potential.length === 0) return { status: { code: 'UnschedulableAndUnresolvable', reasons: [NO_PREEMPTION_VICTIMS] } };
  for (const p of potential) removePodFromNodeInfo(copy, p.pod);
  const st = runFilters(state, copy);
  if (st) return { status: st };
  potential.sort(moreImportantFirst);
  const victims: PodWithFacts[] = [];
  for (const p of potential) {
    addPodToNodeInfo(copy, p.pod);
    if (runFilters(state, copy) !== null) {
      removePodFromNodeInfo(copy, p.pod);
      victims.push(p);
    }
  }
  return { victims };
}

/** A node where preemption would make the pod fit, with its victims (most important first). */
export interface PreemptionCandidate {
  node: string;
  victims: PodWithFacts[];
  numPDBViolations: number;
}

/** util.GetEarliestPodStartTime: the earliest start among the highest-priority victims. */
function earliestStartOfTopVictims(victims: readonly PodWithFacts[]): number {
  const first = victims[0];
  if (!first) return Number.NEGATIVE_INFINITY;
  let maxPriority = first.facts.priority;
  let earliest = first.facts.startTime;
  for (const v of victims) {
    if (v.facts.priority === maxPriority) {
      if (v.facts.startTime < earliest) earliest = v.facts.startTime;
    } else if (v.facts.priority > maxPriority) {
      maxPriority = v.facts.priority;
      earliest = v.facts.startTime;
    }
  }
  return earliest;
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-victim priority,
 * the smallest sum of victim priorities, the fewest victims, the latest start of the
 * highest-priority victims, and finally the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly PreemptionCandidate[]): PreemptionCandidate | undefined {
  const scoreFuncs: ((c: PreemptionCandidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0]?.facts.priority ?? 0),
    // MaxInt32+1 lifts negative priorities so more negative victims never look cheaper.
    (c) => -c.victims.reduce((sum, v) => sum + v.facts.priority + 2147483648, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfTopVictims(c.victims),
  ];
  let pool = [...candidates];
  for (const f of scoreFuncs) {
    if (pool.length <= 1) break;
    let max = Number.NEGATIVE_INFINITY;
    let next: PreemptionCandidate[] = [];
    for (const c of pool) {
      const s = f(c);
      if (s > max) {
        max = s;
        next = [c];
      } else if (s === max) {
        next.push(c);
      }
    }
    pool = next;
  }
  return pool[0];
}

/**
 * The PostFilter's outcome (DefaultPreemption.PostFilter): Success with a nominated node, or
 * Unschedulable / Error with the message that becomes the FitError's PostFilterMsg.
 */
export interface PostFilterOutcome {
  code: 'Success' | 'Unschedulable' | 'Error';
  /** "preemption: …" to append to the FitError message; '' when a node was nominated. */
  message: string;
  plan?: PreemptionPlan;
  /**
   * PostFilterResult.NominatingInfo: Override with the node (or '' to clear a stale one when
   * preemption cannot help); undefined when the result is nil (ineligible, error).
   */
  nominatingInfo?: { mode: 'Override'; nominatedNodeName: string };
}

/**
 * DefaultPreemption.PostFilter / Evaluator.Preempt. `random(n)` picks the dry-run offset
 * (rand.Int31n upstream). The dry run stops once enough candidates are found. `runFilters`
 * is the Filter run of the dry runs (RunFilterPluginsWithNominatedPods upstream).
 */
export function runPreemption(
  state: CycleState,
  nodeStatuses: ReadonlyMap<string, FilterStatus>,
  random: (n: number) => number,
  runFilters: (state: CycleState, info: NodeInfo) => FilterStatus | null = runFilterPlugins,
): PostFilterOutcome {
  const numAll = state.allNodes.length;
  const ineligible = preemptionIneligibility(state, nodeStatuses);
  if (ineligible) return { code: 'Unschedulable', message: `preemption: ${ineligible}` };
  // Only nodes that Filter called Unschedulable; absent and unresolvable ones cannot be helped.
  const potential = state.allNodes.filter((n) => nodeStatuses.get(n.name)?.code === 'Unschedulable');
  const dryRunStatuses = new Map<string, FilterStatus>();
  const candidates: PreemptionCandidate[] = [];
  const errors: string[] = [];
  if (potential.length > 0) {
    const offset = potential.length > 1 ? random(potential.length) : 0;
    const wanted = numPreemptionCandidates(potential.length);
    for (let i = 0; i < potential.length; i++) {
      const info = potential[(offset + i) % potential.length] as NodeInfo;
      const res = selectVictimsOnNode(state, info, runFilters);
      if ('victims' in res && res.victims.length > 0) {
        candidates.push({ node: info.name, victims: res.victims, numPDBViolations: 0 });
        if (candidates.length >= wanted) break;
        continue;
      }
      const st: FilterStatus = 'status' in res ? res.status : { code: 'Error', reasons: [`expected at least one victim pod on node "${info.name}"`] };
      if (st.code === 'Error') errors.push(...st.reasons);
      dryRunStatuses.set(info.name, st);
    }
  }
  if (candidates.length === 0 && errors.length > 0) {
    // Preempt returns AsStatus(err): an Error whose message is the aggregated errors.
    const msg = errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
    return { code: 'Error', message: `preemption: ${msg}` };
  }
  if (candidates.length === 0) {
    const hist = reasonHistogram(dryRunStatuses.values(), { count: numAll - dryRunStatuses.size, reasons: [PREEMPTION_NOT_HELPFUL] });
    return { code: 'Unschedulable', message: `preemption: ${fitErrorMessage(numAll, hist)}`, nominatingInfo: { mode: 'Override', nominatedNodeName: '' } };
  }
  const best = pickOneNodeForPreemption(candidates) as PreemptionCandidate;
  return {
    code: 'Success',
    message: '',
    plan: { nominatedNode: best.node, victims: best.victims.map((v) => v.pod), candidates: candidates.map((c) => c.node) },
    nominatingInfo: { mode: 'Override', nominatedNodeName: best.node },
  };
}
