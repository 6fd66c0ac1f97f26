import { apiserverRequestMachine } from '../engine/components/apiserver/request.machine.ts';
import { criContainerMachine, sandboxMachine } from '../engine/components/containerd/cri-objects.machine.ts';
import { controllerMachine } from '../engine/components/controllers/controller.machine.ts';
import { etcdMemberMachine } from '../engine/components/etcd/etcd.machine.ts';
import { kubeletMachine } from '../engine/components/kubelet/kubelet.machine.ts';
import { podWorkerMachine } from '../engine/components/kubelet/pod-worker.machine.ts';
import { blueGreenMachine } from '../engine/components/operator/bluegreen.machine.ts';
import { rktAppMachine, rktPodMachine } from '../engine/components/rkt/pod.machine.ts';
import { ociContainerMachine } from '../engine/components/runc/oci-container.machine.ts';
import { bindingCycleMachine, schedulerMachine } from '../engine/components/scheduler/scheduler.machine.ts';

/** The kind of a state node, as xstate names them. */
export type StateNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state of a machine as plain data. `path` is the dotted path a `state` trace event's `op` uses. */
export interface StateGraphNode {
  key: string;
  /** Dotted path from the root, e.g. `syncPod.pullingImage`; '' for the root. */
  path: string;
  type: StateNodeType;
  /** Key of the initial child of a compound state. */
  initial?: string;
  children: StateGraphNode[];
}

/** One transition: the event (or `after` delay) that moves `source` to `targets`. */
export interface TransitionEdge {
  /** Path of the state that declares the transition (a compound parent for `on` at its level). */
  source: string;
  /** Paths of the target states; empty for a targetless transition (actions only). */
  targets: string[];
  /** The event type, e.g. `SYNCED`; for a delayed transition, xstate's `xstate.after.<delay>.<id>`. */
  event: string;
  /** The guard's name, when the transition has one. */
  guard?: string;
  /** For `after` transitions: the delay in ms of simulated time, or the name of a configured delay. */
  delay?: number | string;
}

/** A machine definition as plain data, for the state-chart view (which may not import xstate). */
export interface MachineGraph {
  /** The machine's id, equal to `attrs.machine` of its `state` trace events. */
  id: string;
  root: StateGraphNode;
  transitions: TransitionEdge[];
}

// The structural slice of xstate's StateNode this module reads (xstate itself stays in engine/).
interface XStateNode {
  key: string;
  path: string[];
  type: StateNodeType;
  states: Record<string, XStateNode>;
  initial?: { target?: readonly XStateNode[] };
  transitions: Map<string, readonly XTransition[]>;
  after: readonly (XTransition & { delay: number | string })[];
  always?: readonly XTransition[];
}
interface XTransition {
  eventType: string;
  target?: readonly XStateNode[];
  guard?: unknown;
}
interface XMachine {
  id: string;
  root: unknown;
}

const pathOf = (n: XStateNode) => n.path.join('.');

function guardName(g: unknown): string | undefined {
  if (g === undefined || g === null) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return g.name || 'guard';
  if (typeof g === 'object' && typeof (g as { type?: unknown }).type === 'string') return (g as { type: string }).type;
  return 'guard';
}

function edge(source: XStateNode, t: XTransition, delay?: number | string): TransitionEdge {
  const e: TransitionEdge = { source: pathOf(source), targets: (t.target ?? []).map(pathOf), event: t.eventType };
  const g = guardName(t.guard);
  if (g !== undefined) e.guard = g;
  if (delay !== undefined) e.delay = delay;
  return e;
}

/**
 * Walks one xstate machine (its `root` state node and each node's `transitions`, `after` and
 * `always`) into a plain-data graph. Children keep the order of the machine's config, so the
 * same machine always gives the same graph.
 */
export function machineGraph(machine: XMachine): MachineGraph {
  const transitions: TransitionEdge[] = [];
  const visit = (n: XStateNode): StateGraphNode => {
    const delayed = new Set<string>();
    for (const a of n.after ?? []) {
      delayed.add(a.eventType);
      transitions.push(edge(n, a, a.delay));
    }
    for (const [eventType, ts] of n.transitions) {
      if (delayed.has(eventType)) continue;
      for (const t of ts) transitions.push(edge(n, t));
    }
    for (const t of n.always ?? []) transitions.push(edge(n, { ...t, eventType: '' }));
    const children = Object.values(n.states).map(visit);
    const node: StateGraphNode = { key: n.key, path: pathOf(n), type: n.type, children };
    const init = n.initial?.target?.[0];
    if (n.type === 'compound' && init) node.initial = init.key;
    return node;
  };
  const root = visit(machine.root as XStateNode);
  return { id: machine.id, root, transitions };
}

/**
 * Every state machine the engine runs (src/engine/components/**\/*.machine.ts), as graphs,
 * keyed by machine id. machine-graphs.test.ts fails when a machine file is not listed here.
 */
export const ENGINE_MACHINES: readonly XMachine[] = [
  apiserverRequestMachine,
  controllerMachine,
  schedulerMachine,
  bindingCycleMachine,
  kubeletMachine,
  podWorkerMachine,
  sandboxMachine,
  criContainerMachine,
  ociContainerMachine,
  etcdMemberMachine,
  rktPodMachine,
  rktAppMachine,
  blueGreenMachine,
];

let graphs: ReadonlyMap<string, MachineGraph> | undefined;

/** The engine's machine graphs by id (built once, on first use). */
export function machineGraphs(): ReadonlyMap<string, MachineGraph> {
  graphs ??= new Map(ENGINE_MACHINES.map((m) => [m.id, machineGraph(m)]));
  return graphs;
}

/** Every state of a graph, depth first, the root first. */
export function allStates(g: MachineGraph): StateGraphNode[] {
  const out: StateGraphNode[] = [];
  const walk = (n: StateGraphNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(g.root);
  return out;
}
