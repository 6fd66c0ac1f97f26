import { Containerd, type ContainerdHostFacts } from '../../../../src/engine/components/containerd/containerd.ts';
import { CriClient, type CriResponse } from '../../../../src/engine/components/kubelet/cri-client.ts';
import { Runc } from '../../../../src/engine/components/runc/runc.ts';
import type { Actor, Delivery } from '../../../../src/engine/runtime/actor.ts';
import { Simulation } from '../../../../src/engine/runtime/simulation.ts';
import type { TraceEvent } from '../../../../src/trace/schema.ts';
import { requestForModel } from './by-design.ts';
import { canonical, unknownFields, type CallOutcome } from './client.ts';
import { NODE_NAME, POD_CIDR } from './constants.ts';
import { modelEvents } from './model-events.ts';
import type { FixtureStep } from './normalize.ts';
import { dig, type RawEvent } from './sequence.ts';

/**
 * The model side: the simulator's containerd (src/engine/components/containerd/containerd.ts)
 * with its runc, in a Simulation of one node, and a fake kubelet that sends the recorded CRI
 * requests as messages through the kubelet's own CriClient, one step after the other, each
 * once the previous answer came. Values the real requests took from real responses (the
 * sandbox id, the image id…) are taken from the model's responses at the same steps (the
 * fixture's `binds`). Between steps the simulated clock runs on for the same quiet time the
 * real side waits; a step's `waitFor` polls ContainerStatus unrecorded, as the kubelet's relist
 * would. Pure and deterministic: no root, no process, so `npm test` runs it.
 */

const KUBELET = `kubelet/${NODE_NAME}`;
const CONTAINERD = `containerd/${NODE_NAME}`;
const RUNC = `runc/${NODE_NAME}`;
/** Simulated µs: the real side's quiet time after a call, a relist period while waiting, the bounds. */
const QUIET_US = 250_000;
const POLL_US = 100_000;
const CALL_HORIZON_US = 300_000_000;
const WAIT_HORIZON_US = 120_000_000;

export interface ModelStep {
  label: string;
  method: string;
  /** The request as sent to the model (placeholders filled with the model's values). */
  request: Record<string, unknown>;
  binds?: Record<string, string>;
  waitFor?: { container: string; state: string };
  /** The model's answer as it put it in the trace (before protobuf decoding). */
  raw?: Record<string, unknown>;
  /** The answer as a gRPC client decodes it (canonical). */
  outcome: CallOutcome;
  /** Fields of `raw` that runtime.v1 does not have. */
  unknownFields: string[];
  /** The wait of `waitFor` did not end within its horizon. */
  waitTimedOut?: boolean;
  events: RawEvent[];
}

class ReplayKubelet implements Actor {
  readonly id = KUBELET;
  readonly host = NODE_NAME;
  cri!: CriClient;
  receive(msg: Delivery): void {
    this.cri.handle(msg);
  }
}

/** `rpc error: code = NotFound desc = …` → its code and message (grpc status.FromError). */
export function parseGrpcError(error: string): { code: string; message: string } {
  const m = /^rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(error);
  return m ? { code: m[1] as string, message: m[2] as string } : { code: 'Unknown', message: error };
}

function fill(value: unknown, vars: Map<string, string>): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [k, v] of vars) out = out.split(k).join(v);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

function unresolved(value: unknown): string[] {
  if (typeof value === 'string') return value.match(/<[a-z][^<>]*>/g) ?? [];
  if (Array.isArray(value)) return value.flatMap(unresolved);
  if (value && typeof value === 'object') return Object.values(value).flatMap(unresolved);
  return [];
}

export interface ModelRun {
  steps: ModelStep[];
  trace: TraceEvent[];
  /** The step the replay could not send: its request needs a value no earlier answer gave. */
  stoppedAt?: { label: string; missing: string[] };
}

/**
 * Replays the fixture's steps on the model. `hostCgroups`: the recording host's controllers
 * (the fixture's), given to the model's containerd as its host's; the model's defaults otherwise.
 */
export function runModel(steps: readonly FixtureStep[], opts: { podCIDR?: string; hostCgroups?: ContainerdHostFacts } = {}): ModelRun {
  const sim = new Simulation({ seed: 1, timeOrigin: '2026-12-01T00:00:00Z' });
  const kubelet = new ReplayKubelet();
  kubelet.cri = new CriClient(sim, KUBELET, CONTAINERD);
  sim.network.register(kubelet);
  sim.network.register(new Containerd(sim, NODE_NAME, opts.podCIDR ?? POD_CIDR, 'runc', opts.hostCgroups ?? {}));
  sim.network.register(new Runc(sim, NODE_NAME));

  const call = (method: string, request: Record<string, unknown>): CriResponse | undefined => {
    let reply: CriResponse | undefined;
    kubelet.cri.call(method, request, 0, undefined, (res) => (reply = res));
    sim.runWhile(() => reply === undefined, CALL_HORIZON_US);
    return reply;
  };

  const vars = new Map<string, string>();
  const out: ModelStep[] = [];
  const windows: number[] = [];
  let stoppedAt: ModelRun['stoppedAt'];
  for (const step of steps) {
    const request = requestForModel(step.method, fill(step.request, vars) as Record<string, unknown>);
    const missing = unresolved(request);
    if (missing.length) {
      stoppedAt = { label: step.label, missing };
      break;
    }
    windows.push(sim.recorder.events.length);
    const raw = call(step.method, request);
    let outcome: CallOutcome;
    let unknown: string[] = [];
    if (raw === undefined) outcome = { error: { code: 'DeadlineExceeded', message: `the model did not answer ${step.method} within ${CALL_HORIZON_US / 1e6} s` } };
    else if (typeof raw.error === 'string') outcome = { error: parseGrpcError(raw.error) };
    else {
      try {
        const decoded = canonical(step.method, 'response', raw);
        unknown = unknownFields(raw, decoded);
        outcome = { response: decoded };
      } catch (err) {
        outcome = { error: { code: 'Internal', message: `the model's ${step.method} response does not serialize as runtime.v1: ${(err as Error).message}` } };
      }
    }
    const ms: ModelStep = { label: step.label, method: step.method, request, outcome, unknownFields: unknown, events: [], ...(raw ? { raw } : {}), ...(step.binds ? { binds: step.binds } : {}), ...(step.waitFor ? { waitFor: step.waitFor } : {}) };
    if ('response' in outcome) {
      for (const [name, path] of Object.entries(step.binds ?? {})) {
        const value = dig(outcome.response, path);
        if (typeof value === 'string' && value) vars.set(name, value);
      }
    }
    sim.runUntil(sim.now + QUIET_US);
    if (step.waitFor) {
      const id = vars.get(step.waitFor.container);
      const until = sim.now + WAIT_HORIZON_US;
      let reached = false;
      while (id !== undefined && sim.now <= until) {
        const st = call('ContainerStatus', { containerId: id, verbose: false });
        if ((st?.status as { state?: string } | undefined)?.state === step.waitFor.state) {
          reached = true;
          break;
        }
        sim.runUntil(sim.now + POLL_US);
      }
      if (!reached) ms.waitTimedOut = true;
      sim.runUntil(sim.now + QUIET_US);
    }
    out.push(ms);
  }
  windows.push(sim.recorder.events.length);
  const trace = sim.recorder.events;
  const events = modelEvents(trace, CONTAINERD, RUNC);
  out.forEach((s, i) => {
    s.events = events.filter((e) => e.at >= (windows[i] as number) && e.at < (windows[i + 1] as number)).map((e) => e.event);
  });
  return { steps: out, trace, ...(stoppedAt ? { stoppedAt } : {}) };
}
