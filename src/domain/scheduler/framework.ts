/**
 * The framework runtime's loops (framework/runtime/framework.go RunPreFilterPlugins,
 * RunFilterPlugins): PreFilter once per pod, then Filter per node, where the first plugin that
 * rejects the node ends its evaluation.
 */
import type { CycleState } from './cycle-state.ts';
import { nodeAffinityFilter } from './plugins/node-affinity.ts';
import { nodeNameFilter } from './plugins/node-name.ts';
import { nodePortsFilter } from './plugins/node-ports.ts';
import { nodeResourcesFitFilter } from './plugins/node-resources-fit.ts';
import { nodeUnschedulableFilter } from './plugins/node-unschedulable.ts';
import { podTopologySpreadFilter } from './plugins/pod-topology-spread.ts';
import { FILTER_PLUGIN_LIST } from './plugins/registry.ts';
import { taintTolerationFilter } from './plugins/taint-toleration.ts';
import type { FilterResult, FilterStatus, NodeInfo } from './types.ts';

/** One PreFilter call, for the trace: Skip, Success (maybe narrowing the nodes) or a rejection. */
export interface PreFilterRecord {
  plugin: string;
  code: 'Success' | 'Skip' | FilterStatus['code'];
  reasons: string[];
  /** PreFilterResult.NodeNames when the plugin narrowed the candidates. */
  nodeNames?: string[];
}

/** What the PreFilter phase decided for the pod. */
export interface PreFilterPhase {
  /** Plugins whose PreFilter returned Skip. */
  skipped: string[];
  /** Merged PreFilterResult: only these nodes are filtered; null means all. */
  nodeNames: Set<string> | null;
  /** Plugins that narrowed the node set, sorted (sets.List), named in "node(s) didn't satisfy plugin(s) [...]". */
  narrowingPlugins: string[];
  /** A rejection of the pod before any node is looked at. */
  status: FilterStatus | null;
  /** The plugin behind `status`; '' when the merged node set came out empty. */
  rejectingPlugin: string;
  /** Every PreFilter that ran, in order. */
  records: PreFilterRecord[];
}

function sortedStrings(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * RunPreFilterPlugins: every PreFilter in order; fills state.filterEnabled. Skip disables the
 * plugin's Filter. UnschedulableAndUnresolvable ends the phase at once; Unschedulable is kept
 * and the remaining PreFilters still run (preemption may need their state). When the merged
 * node sets become empty the pod is rejected right there, naming the narrowing plugins.
 */
export function runPreFilterPlugins(state: CycleState): PreFilterPhase {
  const phase: PreFilterPhase = { skipped: [], nodeNames: null, narrowingPlugins: [], status: null, rejectingPlugin: '', records: [] };
  state.filterEnabled = FILTER_PLUGIN_LIST.map(() => true);
  const withNodes = new Set<string>();
  for (let i = 0; i < FILTER_PLUGIN_LIST.length; i++) {
    const p = FILTER_PLUGIN_LIST[i];
    if (!p) continue;
    const out = p.preFilter(state);
    if (out.skip) {
      state.filterEnabled[i] = false;
      phase.skipped.push(p.name);
      phase.records.push({ plugin: p.name, code: 'Skip', reasons: [] });
      continue;
    }
    if (!p.hasPreFilter) continue;
    if (out.status) {
      phase.records.push({ plugin: p.name, code: out.status.code, reasons: [...out.status.reasons] });
      if (out.status.code === 'UnschedulableAndUnresolvable' || out.status.code === 'Error') {
        phase.status = out.status;
        phase.rejectingPlugin = p.name;
        phase.narrowingPlugins = sortedStrings(withNodes);
        return phase;
      }
      if (!phase.status) {
        phase.status = out.status;
        phase.rejectingPlugin = p.name;
      }
      continue;
    }
    phase.records.push({ plugin: p.name, code: 'Success', reasons: [], ...(out.nodeNames ? { nodeNames: [...out.nodeNames] } : {}) });
    if (!out.nodeNames) continue;
    withNodes.add(p.name);
    const prev = phase.nodeNames;
    phase.nodeNames = prev === null ? new Set(out.nodeNames) : new Set([...prev].filter((n) => out.nodeNames?.has(n)));
    if (phase.nodeNames.size === 0) {
      const names = sortedStrings(withNodes);
      phase.narrowingPlugins = names;
      const reason = names.length === 1
        ? `node(s) didn't satisfy plugin ${names[0]}`
        : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`;
      phase.status = { code: 'UnschedulableAndUnresolvable', reasons: [reason] };
      phase.rejectingPlugin = '';
      return phase;
    }
  }
  phase.narrowingPlugins = sortedStrings(withNodes);
  return phase;
}

/**
 * Runs the enabled Filter plugins on one node; null means the node fits. The rejecting
 * plugin's name is left in state.failedPlugin. With `record`, every plugin call is appended
 * (Success included) for the trace.
 */
export function runFilterPlugins(state: CycleState, info: NodeInfo, record: FilterResult[] | null = null): FilterStatus | null {
  if (record === null && FAST_PATH_MATCHES_REGISTRY) return runFilterPluginsFast(state, info);
  const enabled = state.filterEnabled;
  for (let i = 0; i < FILTER_PLUGIN_LIST.length; i++) {
    if (enabled[i] === false) continue;
    const p = FILTER_PLUGIN_LIST[i];
    if (!p) continue;
    const st = p.filter(state, info);
    if (record) record.push({ plugin: p.name, node: info.name, code: st ? st.code : 'Success', reasons: st ? [...st.reasons] : [] });
    if (st) {
      state.failedPlugin = p.name;
      return st;
    }
  }
  return null;
}

/**
 * The same plugins in the same order, called directly so V8 can inline them: the hot path of
 * a 5,000-node scan. The registry stays the source of truth; if its order ever changes and
 * this list is not updated, the check below silently falls back to the generic loop.
 */
const FAST_PATH: readonly ((state: CycleState, info: NodeInfo) => FilterStatus | null)[] = [
  nodeUnschedulableFilter,
  nodeNameFilter,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePortsFilter,
  nodeResourcesFitFilter,
  podTopologySpreadFilter,
];
const FAST_PATH_MATCHES_REGISTRY =
  FAST_PATH.length === FILTER_PLUGIN_LIST.length && FAST_PATH.every((f, i) => FILTER_PLUGIN_LIST[i]?.filter === f);

function fail(state: CycleState, i: number, st: FilterStatus): FilterStatus {
  state.failedPlugin = FILTER_PLUGIN_LIST[i]?.name ?? '';
  return st;
}

function runFilterPluginsFast(state: CycleState, info: NodeInfo): FilterStatus | null {
  const e = state.filterEnabled;
  let st: FilterStatus | null;
  if (e[0] !== false && (st = nodeUnschedulableFilter(state, info)) !== null) return fail(state, 0, st);
  if (e[1] !== false && (st = nodeNameFilter(state, info)) !== null) return fail(state, 1, st);
  if (e[2] !== false && (st = taintTolerationFilter(state, info)) !== null) return fail(state, 2, st);
  if (e[3] !== false && (st = nodeAffinityFilter(state, info)) !== null) return fail(state, 3, st);
  if (e[4] !== false && (st = nodePortsFilter(state, info)) !== null) return fail(state, 4, st);
  if (e[5] !== false && (st = nodeResourcesFitFilter(state, info)) !== null) return fail(state, 5, st);
  if (e[6] !== false && (st = podTopologySpreadFilter(state, info)) !== null) return fail(state, 6, st);
  return null;
}
