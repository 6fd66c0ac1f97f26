/**
 * The spans of one scheduling cycle, one per extension point in the framework's order
 * (framework/runtime/framework.go): QueueSort, PreFilter, Filter, PostFilter, PreScore, Score,
 * NormalizeScore, Reserve, Permit; the binding cycle adds PreBind, Bind and PostBind. On small
 * clusters every (node, plugin) Filter and Score call is a child span with its code / reasons or
 * raw / normalized score; a node's Filter children stop at the plugin that rejected it, because
 * RunFilterPlugins stops there too.
 */
import type { SchedulePlan } from '../../../domain/scheduler/types.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Simulation } from '../../runtime/simulation.ts';

/** Up to this many nodes, every (plugin, node) Filter and Score result is its own span. */
export const DETAILED_SCHEDULING_MAX_NODES = 16;
/** Simulated cost of running one plugin on one node, and of a cycle's fixed work (µs). */
export const PER_PLUGIN_NODE = 4;
export const CYCLE_OVERHEAD = 120;

export class CycleTrace {
  constructor(
    private readonly sim: Simulation,
    private readonly actor: string,
  ) {}

  span(op: string, ref: ObjectRef | undefined, cause: number, attrs: Record<string, unknown>, dur = 0): number {
    return this.sim.recorder.record({ kind: 'span', actor: this.actor, op, dur, cause, ...(ref ? { ref } : {}), attrs });
  }

  /** PreFilter: which plugins ran, skipped, narrowed the nodes or rejected the pod. */
  preFilter(plan: SchedulePlan, ref: ObjectRef, cause: number): number {
    const st = plan.preFilterStatus;
    return this.span('PreFilter', ref, cause, {
      plugins: plan.preFilterResults.map((r) => ({ plugin: r.plugin, code: r.code, ...(r.reasons.length ? { reasons: r.reasons } : {}), ...(r.nodeNames ? { nodeNames: r.nodeNames } : {}) })),
      code: st ? st.code : 'Success',
      ...(st ? { reasons: st.reasons } : {}),
    });
  }

  /** The Filter extension point, with a child per (node, plugin) on small clusters; returns the last seq. */
  filter(plan: SchedulePlan, ref: ObjectRef, cause: number, dur: number, detailed: boolean): number {
    const common = { evaluatedNodes: plan.evaluatedNodes, feasibleNodes: plan.feasibleNodes.length, numFeasibleNodesToFind: plan.numNodesToFind };
    if (!detailed) return this.span('Filter', ref, cause, { ...common, failures: plan.filterResults.slice(0, 20) }, dur);
    const parent = this.span('Filter', ref, cause, common, dur);
    let last = parent;
    for (const r of plan.filterResults) {
      last = this.span('Filter', ref, parent, { plugin: r.plugin, node: r.node, code: r.code, reasons: r.reasons }, PER_PLUGIN_NODE);
    }
    return last;
  }

  /** PostFilter (DefaultPreemption) with its outcome. */
  postFilter(plan: SchedulePlan, ref: ObjectRef, cause: number, dur: number): number {
    const pf = plan.postFilter;
    return this.span('PostFilter', ref, cause, {
      plugin: 'DefaultPreemption',
      code: pf?.code ?? 'Unschedulable',
      message: pf?.message ?? '',
      ...(pf?.nominatingInfo ? { nominatedNodeName: pf.nominatingInfo.nominatedNodeName } : {}),
      ...(plan.preemption ? { victims: plan.preemption.victims.map((v) => `${v.metadata.namespace ?? 'default'}/${v.metadata.name ?? ''}`), candidates: plan.preemption.candidates } : {}),
    }, dur);
  }

  /** PreScore: the Score plugins that said Skip. */
  preScore(plan: SchedulePlan, ref: ObjectRef, cause: number): number {
    return this.span('PreScore', ref, cause, { skipped: plan.skippedScorePlugins });
  }

  /** Score with the weighted totals, and a child per (node, plugin) with raw and normalized score on small clusters. */
  score(plan: SchedulePlan, ref: ObjectRef, cause: number, dur: number, detailed: boolean): number {
    const totals = [...plan.totals].sort((a, b) => b.score - a.score).slice(0, detailed ? plan.totals.length : 10);
    const parent = this.span('Score', ref, cause, { totals, selected: plan.selected }, dur);
    if (!detailed) return parent;
    for (const r of plan.scoreResults) {
      this.span('Score', ref, parent, { plugin: r.plugin, node: r.node, raw: r.raw, score: r.score, weight: r.weight }, PER_PLUGIN_NODE);
    }
    return parent;
  }

  /** NormalizeScore: the plugins that normalized their scores (TaintToleration, NodeAffinity, PodTopologySpread). */
  normalizeScore(plan: SchedulePlan, ref: ObjectRef, cause: number): number {
    return this.span('NormalizeScore', ref, cause, { plugins: plan.normalizedScorePlugins, selected: plan.selected });
  }
}
