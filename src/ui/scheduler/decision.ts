import type { FilterVerdict, ScoreEntry, SchedulingAttempt } from '../../timeline/index.ts';

/** A node as one attempt saw it. */
export interface NodeColumn {
  readonly name: string;
  /** Passed every Filter that ran, rejected by one, or not known (summary traces, still filtering). */
  readonly status: 'feasible' | 'rejected' | 'pending';
  readonly chosen: boolean;
  /** The weighted sum of its scores, as the Score span reports it. */
  readonly total?: number;
}

/** One Score plugin's row: its weight and, per node, the normalized score (× weight = weighted). */
export interface ScoreRow {
  readonly plugin: string;
  readonly weight?: number;
  readonly cells: ReadonlyMap<string, ScoreEntry>;
}

/** The extension points the trace records, in the order they run (pkg/scheduler/framework/interface.go). */
export const STEPS = ['Filter', 'Score', 'Reserve', 'Permit', 'Bind'] as const;
export type Step = (typeof STEPS)[number];
export type StepState = 'done' | 'current' | 'failed' | 'skipped' | 'todo';

/** One attempt laid out for the panel: nodes as columns, plugins as rows. */
export interface DecisionModel {
  readonly nodes: readonly NodeColumn[];
  /** Filter plugins in the order they ran. */
  readonly filterPlugins: readonly string[];
  /** Verdicts by plugin, then node; a missing verdict means the plugin did not run on that node. */
  readonly filters: ReadonlyMap<string, ReadonlyMap<string, FilterVerdict>>;
  readonly scores: readonly ScoreRow[];
  /** Nodes that passed Filter but are not listed (summary traces list only the best totals). */
  readonly unlistedFeasible: number;
  /** Scoring was skipped because exactly one node was feasible (schedule_one.go schedulePod). */
  readonly scoringSkipped: boolean;
  readonly steps: readonly { readonly step: Step; readonly state: StepState }[];
}

/**
 * Lays one scheduling attempt out as a decision table. Node order is the order Filter visited
 * them (it starts at a rotating index: schedule_one.go findNodesThatPassFilters), then any node
 * only the totals name. A Filter that rejects a node ends that node's checks
 * (framework/runtime RunFilterPlugins returns on the first non-success), so later plugins have
 * no verdict there.
 */
export function decisionModel(a: SchedulingAttempt): DecisionModel {
  const order: string[] = [];
  const seen = new Set<string>();
  const addNode = (n: string) => {
    if (n !== '' && !seen.has(n)) {
      seen.add(n);
      order.push(n);
    }
  };
  const filterPlugins: string[] = [];
  const filters = new Map<string, Map<string, FilterVerdict>>();
  const rejected = new Set<string>();
  for (const v of a.filters) {
    addNode(v.node);
    let row = filters.get(v.plugin);
    if (!row) {
      filters.set(v.plugin, (row = new Map()));
      filterPlugins.push(v.plugin);
    }
    row.set(v.node, v);
    if (v.code !== 'Success' && v.code !== 'Skip') rejected.add(v.node);
  }
  const totals = new Map(a.totals.map((x) => [x.node, x.score]));
  for (const x of a.totals) addNode(x.node);
  const scoreRows = new Map<string, { plugin: string; weight?: number; cells: Map<string, ScoreEntry> }>();
  for (const s of a.scores) {
    addNode(s.node);
    let row = scoreRows.get(s.plugin);
    if (!row) scoreRows.set(s.plugin, (row = { plugin: s.plugin, cells: new Map() }));
    if (s.weight !== undefined) row.weight = s.weight;
    row.cells.set(s.node, s);
  }
  if (a.selected) addNode(a.selected);

  const filterDone = a.phase !== 'filtering';
  const nodes: NodeColumn[] = order.map((name) => {
    const status = rejected.has(name) ? 'rejected' : totals.has(name) || name === a.selected || (a.detailed && filterDone) ? 'feasible' : 'pending';
    const total = totals.get(name);
    return { name, status, chosen: name === a.selected, ...(total !== undefined ? { total } : {}) };
  });
  const listedFeasible = nodes.filter((n) => n.status === 'feasible').length;
  const unlistedFeasible = a.feasibleNodes !== undefined ? Math.max(0, a.feasibleNodes - listedFeasible) : 0;
  const scoringSkipped = a.feasibleNodes === 1 || (a.selected !== undefined && a.totals.length === 0 && a.scores.length === 0);
  return { nodes, filterPlugins, filters, scores: [...scoreRows.values()], unlistedFeasible, scoringSkipped, steps: stepStates(a, scoringSkipped) };
}

/** Which extension points are done, running, failed or skipped for an attempt at the playhead. */
function stepStates(a: SchedulingAttempt, scoringSkipped: boolean): { step: Step; state: StepState }[] {
  const reached: Record<SchedulingAttempt['phase'], number> = { filtering: 0, scoring: 1, reserved: 2, permitted: 3, binding: 4, scheduled: 5, unschedulable: 0 };
  const at = reached[a.phase];
  return STEPS.map((step, i) => {
    let state: StepState;
    if (a.phase === 'unschedulable') state = i === 0 ? 'failed' : 'skipped';
    else if (i === 1 && scoringSkipped && at >= 1) state = 'skipped';
    else state = i < at ? 'done' : i === at ? 'current' : 'todo';
    return { step, state };
  });
}

/** The weighted contribution of one plugin on one node: NormalizeScore's result × the plugin's weight. */
export function weighted(s: ScoreEntry): number | undefined {
  return s.weight === undefined ? undefined : s.score * s.weight;
}
