/**
 * One scheduling cycle (schedule_one.go schedulePod / findNodesThatFitPod /
 * findNodesThatPassFilters / prioritizeNodes / selectHost, framework/runtime/framework.go) as a
 * pure function: it reads the NodeInfos and returns a plan; the engine binds, records events and
 * advances the start index.
 *
 *  1. PreFilter once (Skips, node-name narrowing, outright rejection).
 *  2. A nominated node (status.nominatedNodeName) is tried first and taken if it fits.
 *  3. Filter scans the nodes from opts.startNodeIndex, wrapping around, and stops as soon as
 *     numFeasibleNodesToFind nodes fit; the next cycle starts where this one stopped. On each
 *     node the Filter plugins run in order and the first rejection ends that node
 *     (RunFilterPlugins), so the later plugins do not run there. Nodes with nominated pods of
 *     equal or higher priority are filtered as if those pods already ran there.
 *  4. Nothing fits: FitError message, then DefaultPreemption (PostFilter).
 *     One node fits: it is taken without scoring, as upstream does.
 *  5. PreScore, Score, NormalizeScore, × weight, summed; the highest total wins, ties broken by
 *     opts.tieBreak among the tied nodes in evaluation order (selectHost's reservoir sampling
 *     picks each tied node with the same probability).
 */
import type { Pod } from '../k8s/objects.ts';
import { newCycleState, type CycleState } from './cycle-state.ts';
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage, reasonHistogram } from './fit-error.ts';
import { runFilterPlugins, runPreFilterPlugins } from './framework.ts';
import { addPodToNodeInfo, cloneNodeInfo } from './node-info.ts';
import { numFeasibleNodesToFind } from './num-feasible-nodes.ts';
import { SCORE_PLUGIN_LIST } from './plugins/registry.ts';
import { runPreemption, type PostFilterOutcome } from './preemption.ts';
import type { FilterResult, FilterStatus, NodeInfo, SchedulePlan, ScheduleOptions } from './types.ts';

/** How many rejections a plan keeps when details are off. */
export const MAX_RECORDED_FAILURES = 100;

function checkedTieBreak(opts: ScheduleOptions, n: number): number {
  const k = opts.tieBreak(n);
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`tieBreak(${n}) returned ${k}, want an integer in [0, ${n})`);
  return k;
}

/** Totals are built on first read, so plans nobody inspects cost no per-node objects. */
function defineLazyTotals(plan: SchedulePlan, feasible: readonly NodeInfo[], totals: Float64Array): void {
  let cached: { node: string; score: number }[] | undefined;
  Object.defineProperty(plan, 'totals', {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= feasible.map((n, j) => ({ node: n.name, score: totals[j] as number }))),
    set: (v: { node: string; score: number }[]) => {
      cached = v;
    },
  });
}

/**
 * RunFilterPluginsWithNominatedPods, first pass: the node with its equal-or-higher-priority
 * nominated pods added. (The second pass without them only matters for inter-pod affinity,
 * which is not modelled; for the modelled plugins it can only pass when the first did.)
 */
function filterWithNominatedPods(
  opts: ScheduleOptions,
  state: CycleState,
  info: NodeInfo,
  record: FilterResult[] | null,
): FilterStatus | null {
  const nominated = opts.nominatedPodsForNode?.(info.name);
  if (nominated && nominated.length > 0) {
    const uid = state.pod.metadata.uid;
    const ahead = nominated.filter((p) => p.metadata.uid !== uid && (p.spec.priority ?? 0) >= state.facts.priority);
    if (ahead.length > 0) {
      const copy = cloneNodeInfo(info);
      for (const p of ahead) addPodToNodeInfo(copy, { ...p, spec: { ...p.spec, nodeName: info.name } });
      return runFilterPlugins(state, copy, record);
    }
  }
  return runFilterPlugins(state, info, record);
}

/**
 * Runs one scheduling cycle for `pod` over `nodes` (the snapshot, in a stable order).
 * Never mutates the NodeInfos, apart from memoized counts.
 */
export function schedulePod(pod: Pod, nodes: readonly NodeInfo[], opts: ScheduleOptions): SchedulePlan {
  const numAll = nodes.length;
  // kube-scheduler keeps the index below the node count; tolerate a stale or bad one.
  const startIndex = Number.isInteger(opts.startNodeIndex) && opts.startNodeIndex >= 0 ? opts.startNodeIndex : 0;
  const plan: SchedulePlan = {
    preFilterResults: [],
    numNodesToFind: 0,
    unschedulablePlugins: [],
    normalizedScorePlugins: [],
    evaluatedNodes: 0,
    feasibleNodes: [],
    filterResults: [],
    scoreResults: [],
    totals: [],
    nextStartNodeIndex: numAll > 0 ? startIndex % numAll : 0,
    skippedFilterPlugins: [],
    skippedScorePlugins: [],
  };
  if (numAll === 0) {
    plan.message = ERR_NO_NODES_AVAILABLE;
    return plan;
  }
  const state = newCycleState(pod, nodes);
  const pre = runPreFilterPlugins(state);
  plan.skippedFilterPlugins = pre.skipped;
  plan.preFilterResults = pre.records;
  const statuses = new Map<string, FilterStatus>();
  const rejectors = new Set<string>();
  const runFilters = opts.nominatedPodsForNode !== undefined ? (s: CycleState, info: NodeInfo): FilterStatus | null => filterWithNominatedPods(opts, s, info, null) : runFilterPlugins;
  const postFilter = (): PostFilterOutcome | null =>
    opts.preemption === false ? null : runPreemption(state, statuses, (n) => checkedTieBreak(opts, n), runFilters);
  const finishWithPostFilter = (post: PostFilterOutcome | null): string => {
    if (!post) return '';
    plan.postFilter = {
      plugin: 'DefaultPreemption',
      code: post.code,
      message: post.message,
      ...(post.nominatingInfo ? { nominatingInfo: post.nominatingInfo } : {}),
    };
    if (post.plan) plan.preemption = post.plan;
    return post.message;
  };

  if (pre.status) {
    // Every node carries the PreFilter status as its absent status; no node has an explicit
    // Unschedulable one, so preemption ends in "Preemption is not helpful for scheduling".
    plan.preFilterStatus = pre.status;
    plan.unschedulablePlugins = pre.rejectingPlugin ? [pre.rejectingPlugin] : [...pre.narrowingPlugins];
    const postMsg = finishWithPostFilter(postFilter());
    plan.message = fitErrorMessage(numAll, new Map(), postMsg, pre.status.reasons.join(', '));
    plan.nodeStatuses = statuses;
    return plan;
  }
  for (const p of pre.narrowingPlugins) rejectors.add(p);

  const record = opts.recordDetails ? plan.filterResults : null;
  // The hot path of a 5,000-node scan: no wrapper when no pod is nominated anywhere.
  const withNominated = opts.nominatedPodsForNode !== undefined;
  const filterNode = (info: NodeInfo): FilterStatus | null => {
    const st = withNominated ? filterWithNominatedPods(opts, state, info, record) : runFilterPlugins(state, info, record);
    if (st) {
      rejectors.add(state.failedPlugin);
      if (!record && plan.filterResults.length < MAX_RECORDED_FAILURES) {
        plan.filterResults.push({ plugin: state.failedPlugin, node: info.name, code: st.code, reasons: [...st.reasons] });
      }
    }
    return st;
  };

  // A node nominated by an earlier preemption is likely the only fit: try it alone first.
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const info = nodes.find((n) => n.name === nominated);
    if (info) {
      const st = filterNode(info);
      if (st === null) {
        plan.evaluatedNodes = 1 + statuses.size;
        plan.feasibleNodes = [info.name];
        plan.selected = info.name;
        plan.numNodesToFind = 1;
        return plan;
      }
      statuses.set(info.name, st);
    }
  }

  const candidates = pre.nodeNames === null ? nodes : nodes.filter((n) => pre.nodeNames?.has(n.name));
  const n = candidates.length;
  const numToFind = numFeasibleNodesToFind(n, opts.percentageOfNodesToScore);
  plan.numNodesToFind = numToFind;
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < n && feasible.length < numToFind; i++) {
    const info = candidates[(startIndex + i) % n] as NodeInfo;
    const st = filterNode(info);
    if (st === null) {
      feasible.push(info);
      statuses.delete(info.name);
    } else statuses.set(info.name, st);
  }
  const processed = feasible.length + statuses.size;
  plan.nextStartNodeIndex = (startIndex + processed) % numAll;
  plan.evaluatedNodes = processed;
  plan.feasibleNodes = feasible.map((f) => f.name);

  if (feasible.length === 0) {
    plan.nodeStatuses = statuses;
    plan.unschedulablePlugins = [...rejectors];
    const absent = pre.nodeNames === null
      ? undefined
      : { count: numAll - statuses.size, reasons: [`node(s) didn't satisfy plugin(s) [${pre.narrowingPlugins.join(' ')}]`] };
    const hist = reasonHistogram(statuses.values(), absent);
    const postMsg = finishWithPostFilter(postFilter());
    plan.message = fitErrorMessage(numAll, hist, postMsg);
    return plan;
  }
  if (feasible.length === 1) {
    plan.selected = (feasible[0] as NodeInfo).name;
    return plan;
  }

  const m = feasible.length;
  const totals = new Float64Array(m);
  const scores: number[] = new Array<number>(m).fill(0);
  for (const p of SCORE_PLUGIN_LIST) {
    if (!p.preScore(state, feasible)) {
      plan.skippedScorePlugins.push(p.name);
      continue;
    }
    p.scoreAll(state, feasible, scores);
    const raw = opts.recordDetails ? scores.slice() : null;
    if (p.normalize) {
      p.normalize(state, scores, feasible);
      plan.normalizedScorePlugins.push(p.name);
    }
    for (let j = 0; j < m; j++) totals[j] = (totals[j] as number) + (scores[j] as number) * p.weight;
    if (raw) {
      for (let j = 0; j < m; j++) {
        plan.scoreResults.push({ plugin: p.name, node: (feasible[j] as NodeInfo).name, raw: raw[j] as number, score: scores[j] as number, weight: p.weight });
      }
    }
  }
  defineLazyTotals(plan, feasible, totals);

  let best = Number.NEGATIVE_INFINITY;
  let ties = 0;
  for (let j = 0; j < m; j++) {
    const t = totals[j] as number;
    if (t > best) {
      best = t;
      ties = 1;
    } else if (t === best) {
      ties++;
    }
  }
  let pick = ties > 1 ? checkedTieBreak(opts, ties) : 0;
  for (let j = 0; j < m; j++) {
    if (totals[j] !== best) continue;
    if (pick === 0) {
      plan.selected = (feasible[j] as NodeInfo).name;
      break;
    }
    pick--;
  }
  return plan;
}
