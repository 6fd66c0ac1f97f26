import type { Micros } from '../../base/time.ts';
import { MICROS_PER_SECOND } from '../../base/time.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from '../../trace/schema.ts';
import { buildCluster, joinNode, SIMULATED_RUNTIMES } from '../cluster.ts';
import type { CommandResult } from '../commands/kubectl/client.ts';
import { runCommandLine } from '../commands/run-command.ts';
import { FAULTS, runFault } from '../faults/index.ts';
import type { AuditPolicy } from '../components/apiserver/audit-policy.ts';
import { Simulation } from '../runtime/simulation.ts';
import { NODE_MONITOR_GRACE_PERIOD } from '../../domain/nodelifecycle/health.ts';
import { DEFAULT_TOLERATION_SECONDS } from '../../domain/pod/defaults.ts';
import { DEFAULT_SETTLE_HORIZON, ScenarioError, type NodeSpecInScenario, type Scenario } from './types.ts';

export interface RunOptions {
  seed?: number;
  /** Streams every event out as it is recorded. */
  sink?: (ev: TraceEvent) => void;
  /** Keep the events in memory (default true); turn off for very large runs with a sink. */
  keepEvents?: boolean;
  /** Files commands may read (`kubectl apply -f path`), by path as typed in the scenario. */
  files?: Record<string, string>;
  /** Turns kube-apiserver's audit log on (as --audit-policy-file does; default policy: Metadata for all); RunResult.audit gets its lines. */
  audit?: { policy?: AuditPolicy };
  /**
   * What a user did at a paused playhead (forking the run, issue 6), in the order taken. The
   * scripted steps that would start at or after the earliest action's `t` are not run (the user
   * took over); each action runs at its `t` (at 1 s at the earliest, when the user's first
   * command may come); after the last one the run goes on until settled, as `until: settled`.
   */
  actions?: readonly UserActionInRun[];
}

/** Fault types whose consequences come only after timeouts: a node that stops reporting. */
const SILENT_NODE_FAULTS: ReadonlySet<string> = new Set(['node-down', 'kubelet-stop']);

/**
 * How long after a user action its consequences keep coming without anything else in the
 * queue: for a node gone silent, the 50 s node-monitor grace period, the 300 s NoExecute
 * toleration every pod gets (DefaultTolerationSeconds), and time for the replacements to start.
 */
function followTime(a: UserActionInRun): Micros {
  if (a.type === 'fault' && SILENT_NODE_FAULTS.has(String(a.fault.type))) return NODE_MONITOR_GRACE_PERIOD + (DEFAULT_TOLERATION_SECONDS + 30) * MICROS_PER_SECOND;
  return 0;
}

/** One user action of a forked run: a command line typed in the console, or a fault (the fields of a scenario `fault:` step). */
export type UserActionInRun = { t: Micros; type: 'command'; line: string } | { t: Micros; type: 'fault'; fault: Record<string, unknown> };

export interface StepOutput {
  /** The index of the scenario step; -1 for a command the user typed (RunOptions.actions). */
  step: number;
  /** A command the user typed at a paused playhead rather than a scripted step. */
  typed?: true;
  t: Micros;
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunResult {
  header: TraceHeader;
  events: TraceEvent[];
  outputs: StepOutput[];
  /** True when nothing but background work was pending at the end. */
  settled: boolean;
  endTime: Micros;
  eventCount: number;
  /** The audit.k8s.io/v1 Event lines (JSON, one per line) when RunOptions.audit was given. */
  audit?: string[];
}

/** The cluster boots first; the user's first command comes at t = 1 s. */
const FIRST_COMMAND_AT: Micros = 1 * MICROS_PER_SECOND;
/** How long one command may take before it is reported as hanging. */
const COMMAND_HORIZON: Micros = 5 * 60 * MICROS_PER_SECOND;
/** The user takes a moment between two commands: a 100 ms pause keeps the trace readable. */
const BETWEEN_COMMANDS: Micros = 100_000;
/**
 * After starting a command in a second terminal, the user waits a moment before going back:
 * long enough for etcd to have caught a watch from an old revision up (its sync loop runs every
 * 100 ms), so what follows is live.
 */
const SECOND_TERMINAL_SETTLE: Micros = 200_000;

/**
 * Runs a scenario to its end: builds the cluster, then plays every step on the simulated clock.
 * A pure function of (scenario, seed, commands): the same input gives the same trace.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const seed = options.seed ?? scenario.seed;
  const sim = new Simulation({ seed, timeOrigin: scenario.timeOrigin, keepEvents: options.keepEvents ?? true, ...(options.sink ? { sink: options.sink } : {}) });
  for (const step of scenario.steps) {
    if (step.type === 'fault' && !FAULTS.includes(String(step.fault.type))) {
      throw new ScenarioError(scenario.file, step.line, 1, `fault "${String(step.fault.type)}" is not simulated yet in this release (fault injection comes with the explainer)`);
    }
    if (step.type === 'join') checkJoin(scenario, step.node);
  }
  const cluster = buildCluster(sim, scenario);
  if (options.audit) cluster.kubernetes?.apiserver.audit.enable(options.audit.policy);
  sim.runUntilSettled(FIRST_COMMAND_AT);
  sim.runUntil(Math.max(sim.now, FIRST_COMMAND_AT));
  const outputs: StepOutput[] = [];
  /** Commands still running in a second terminal (`etcdctl watch`), stopped when the script ends. */
  const background: { slot: number; startSeq: number; index: number | undefined; interrupt: () => CommandResult; ended: boolean }[] = [];
  const finish = (slot: number, index: number | undefined, startSeq: number, r: CommandResult, extra: Record<string, unknown>): void => {
    const out = outputs[slot] as StepOutput;
    Object.assign(out, { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
    const stepAttrs = index === undefined ? { typed: true } : { step: index };
    sim.recorder.record({ kind: 'command', actor: 'user', op: out.command, cause: startSeq, attrs: { phase: 'exit', ...stepAttrs, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ...extra } });
  };
  const deps = { etcdctl: cluster.etcdctl, terminals: cluster.terminals, ...(cluster.kubernetes ? { kubectl: cluster.kubernetes.kubectl } : {}) };
  const actions = [...(options.actions ?? [])].map((a) => ({ ...a, t: Math.max(a.t, FIRST_COMMAND_AT) }));
  for (const a of actions) {
    if (a.type === 'fault' && !FAULTS.includes(String(a.fault['type']))) throw new Error(`unknown fault "${String(a.fault['type'])}" (known: ${FAULTS.join(', ')})`);
  }
  /** Where the user takes over: the scripted steps stop there (no actions: never). */
  const takeover = actions.length > 0 ? Math.min(...actions.map((a) => a.t)) : Infinity;
  /** An `until: settled` was still waiting when the user took over. */
  let tookOver = false;
  /** One command line, as a scripted `run` step or typed by the user; `index` is the step's, or undefined for a typed one. */
  const runCommand = (command: string, stdin: string | undefined, index: number | undefined): void => {
    const stepAttrs = index === undefined ? { typed: true } : { step: index };
    const t = sim.now;
    const startSeq = sim.recorder.record({ kind: 'command', actor: 'user', op: command, attrs: { phase: 'start', ...stepAttrs, ...(stdin !== undefined ? { stdin } : {}) } });
    const slot = outputs.length;
    outputs.push({ step: index ?? -1, ...(index === undefined ? { typed: true as const } : {}), t, command, exitCode: 0, stdout: '', stderr: '' });
    let result: CommandResult | undefined;
    let detached: (typeof background)[number] | undefined;
    const input = {
      cause: startSeq,
      ...(stdin !== undefined ? { stdin } : {}),
      ...(options.files ? { files: options.files } : {}),
      detach: (interrupt: () => CommandResult) => {
        detached = { slot, startSeq, index, interrupt, ended: false };
        background.push(detached);
      },
    };
    runCommandLine(command, deps, input, (r) => {
      if (detached) {
        // A second-terminal command that ended by itself (a watch the server cancelled).
        if (detached.ended) return;
        detached.ended = true;
        finish(slot, index, startSeq, r, { background: true });
        return;
      }
      result = r;
    });
    const finished = sim.runWhile(() => result === undefined && detached === undefined, COMMAND_HORIZON);
    if (detached) {
      // The user turns back to the first terminal once the command is under way.
      sim.runUntil(sim.now + SECOND_TERMINAL_SETTLE);
      return;
    }
    const r: CommandResult = result ?? { exitCode: 124, stdout: '', stderr: `error: the command did not finish within ${COMMAND_HORIZON / MICROS_PER_SECOND}s of simulated time\n` };
    finish(slot, index, startSeq, r, finished ? {} : { timedOut: true });
    sim.runUntil(sim.now + BETWEEN_COMMANDS);
  };
  scenario.steps.every((step, index) => {
    // The user took over at a paused playhead: this step and the rest of the script never start.
    if (tookOver || sim.now >= takeover) return false;
    if (step.type === 'wait') {
      sim.runUntil(Math.min(sim.now + step.duration, takeover));
      return true;
    }
    if (step.type === 'join') {
      joinNode(sim, cluster, step.node);
      return true;
    }
    if (step.type === 'until') {
      // Settling is cut short where the user took over (the queue up to then runs as it would have).
      if (takeover === Infinity) sim.runUntilSettled(step.horizon);
      else if (!runUntilSettledUpTo(sim, step.horizon, takeover)) tookOver = true;
      return true;
    }
    if (step.type === 'fault') {
      runFault(sim, cluster, step.fault);
      return true;
    }
    if (step.type === 'run') runCommand(step.command, step.stdin, index);
    return true;
  });
  for (const a of actions) {
    sim.runUntil(Math.max(sim.now, a.t));
    if (a.type === 'command') runCommand(a.line, undefined, undefined);
    else runFault(sim, cluster, a.fault);
  }
  if (actions.length > 0) {
    sim.runUntilSettled(DEFAULT_SETTLE_HORIZON);
    // A lost node is noticed by silence, which the queue counts as settled: run on through the
    // node lifecycle controller's grace period and the pods' NoExecute toleration, so a fork's
    // future shows the eviction and the replacements (what the self-healing tour tells).
    const follow = Math.max(...actions.map((a) => a.t + followTime(a)));
    if (follow > sim.now) {
      sim.runUntil(follow);
      sim.runUntilSettled(DEFAULT_SETTLE_HORIZON);
    }
  }
  for (const b of background) {
    if (b.ended) continue;
    b.ended = true;
    finish(b.slot, b.index, b.startSeq, b.interrupt(), { background: true, interrupted: true });
  }
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario: scenario.file.split('/').pop() ?? scenario.file,
    seed,
    sources: ['sim'],
    timeOrigin: scenario.timeOrigin,
    // Nodes that join during the run are listed too, so views can lay them out from the start.
    // Docker hosts (cluster.docker) too, with the runtime `docker` (dockerd → containerd → shim → runc).
    cluster: { nodes: [...[...scenario.cluster.nodes, ...scenario.steps.flatMap((st) => (st.type === 'join' ? [st.node] : []))].map((n) => ({ name: n.name, runtime: n.runtime })), ...(scenario.cluster.docker ?? []).map((h) => ({ name: h.name, runtime: 'docker' }))] },
    generator: 'kube-anatomy 0.1.0',
  };
  const audit = options.audit ? { audit: [...(cluster.kubernetes?.apiserver.audit.lines ?? [])] } : {};
  return { header, events: sim.recorder.events, outputs, settled: sim.queue.settled, endTime: sim.now, eventCount: sim.recorder.count, ...audit };
}

/** What a `join` step needs that parsing cannot see: Kubernetes, a free name, a simulated runtime. */
function checkJoin(scenario: Scenario, node: NodeSpecInScenario): void {
  const where = (problem: string): ScenarioError => new ScenarioError(scenario.file, node.line, 1, problem);
  if (scenario.cluster.kubernetes === false) throw where(`join: node "${node.name}" needs "kubernetes: true"; without Kubernetes the cluster is etcd alone`);
  if (node.name === scenario.cluster.controlPlane) throw where(`join: node name "${node.name}" is the control-plane host's name; pick another`);
  if (!SIMULATED_RUNTIMES.includes(node.runtime)) {
    throw where(`runtime "${node.runtime}" of node "${node.name}" is not simulated yet in this release (simulated: ${SIMULATED_RUNTIMES.join(', ')})`);
  }
}

/**
 * `until: settled` for a run the user takes over at `takeover`: the same loop, but it processes
 * nothing after `takeover` (what is due at `takeover` itself still runs, as at a paused playhead).
 * Returns false when the cluster had not settled by then: the user took over mid-wait.
 */
function runUntilSettledUpTo(sim: Simulation, horizon: Micros, takeover: Micros): boolean {
  const horizonEnd = sim.now + horizon;
  const deadline = Math.min(horizonEnd, takeover);
  sim.runWhile(() => !sim.queue.settled && (sim.queue.peek()?.t ?? Infinity) <= deadline, horizon);
  if (sim.queue.settled || deadline === horizonEnd) return true;
  sim.runUntil(takeover);
  return false;
}
