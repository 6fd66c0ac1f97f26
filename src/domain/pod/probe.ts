import type { Micros } from '../../base/time.ts';
import type { Container } from '../k8s/objects.ts';

/**
 * The kubelet's probes: the probe spec as the API defaults it, a probe worker's bookkeeping
 * (pkg/kubelet/prober/worker.go doProbe: initial values, initialDelaySeconds, the startup probe
 * gating the others, success/failure thresholds, holding after a liveness/startup failure until
 * a new container), and the probers' outputs as the kubelet prints them (pkg/probe/http/http.go,
 * pkg/probe/tcp/tcp.go, pkg/probe/exec/exec.go; Go's net/http and net error texts).
 */

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

export interface ProbeSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

const FIELD: Record<ProbeType, string> = { liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe' };

/** probeType.String() in events: "Liveness", "Readiness", "Startup". */
export function probeTypeName(t: ProbeType): 'Liveness' | 'Readiness' | 'Startup' {
  return t === 'liveness' ? 'Liveness' : t === 'readiness' ? 'Readiness' : 'Startup';
}

/** The container's probe of that type, with SetDefaults_Probe's defaults for what is missing. */
export function probeOf(container: Container, type: ProbeType): ProbeSpec | undefined {
  const raw = container[FIELD[type]] as Partial<ProbeSpec> | undefined;
  if (!raw) return undefined;
  return {
    ...raw,
    initialDelaySeconds: raw.initialDelaySeconds ?? 0,
    timeoutSeconds: raw.timeoutSeconds ?? 1,
    periodSeconds: raw.periodSeconds ?? 10,
    // A liveness or startup probe must have successThreshold 1 (validation), readiness defaults to 1.
    successThreshold: raw.successThreshold ?? 1,
    failureThreshold: raw.failureThreshold ?? 3,
  };
}

/** The initial result a worker sets for a new container (worker.go newWorker). */
export function initialResult(t: ProbeType): ProbeResult {
  return t === 'readiness' ? 'Failure' : t === 'liveness' ? 'Success' : 'Unknown';
}

/** A port as a number, a named port looked up in the container's ports (findPortByName). */
export function resolvePort(port: number | string, container: Container): number | { error: string } {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const found = (container.ports ?? []).find((p) => p.name === port);
  if (found) return found.containerPort;
  return { error: `couldn't find port: ${port} in ${container.name}` };
}

/** What a worker keeps between ticks. */
export interface WorkerState {
  containerId: string;
  /** What the results manager holds for containerId (undefined before the first container). */
  result?: ProbeResult;
  lastResult?: ProbeResult;
  resultRun: number;
  onHold: boolean;
}

export function newWorkerState(): WorkerState {
  return { containerId: '', resultRun: 0, onHold: false };
}

/** What the worker sees of its container in the pod status (the status manager's copy). */
export interface ContainerView {
  /** `<runtime>://…` (containerd://, rkt://…), or '' before the container exists. */
  containerId: string;
  running: boolean;
  terminated: boolean;
  /** µs since the container's startedAt. */
  runningFor: Micros;
  started: boolean;
}

export type TickDecision =
  /** Nothing to probe now; `keepGoing` false stops the worker. */
  | { probe: false; keepGoing: boolean }
  | { probe: true };

/**
 * The first half of doProbe: follow the container (a new one resets the result to its initial
 * value and ends the hold), and decide whether to run the probe now.
 */
export function beforeProbe(type: ProbeType, spec: ProbeSpec, state: WorkerState, c: ContainerView | undefined, pod: { phaseTerminal: boolean; deleting: boolean; restartPolicy: string }): TickDecision {
  if (pod.phaseTerminal) return { probe: false, keepGoing: false };
  if (!c || c.containerId === '') return { probe: false, keepGoing: true };
  if (state.containerId !== c.containerId) {
    state.containerId = c.containerId;
    state.result = initialResult(type);
    state.onHold = false;
  }
  if (state.onHold) return { probe: false, keepGoing: true };
  if (!c.running) {
    state.result = 'Failure';
    return { probe: false, keepGoing: !c.terminated || pod.restartPolicy !== 'Never' };
  }
  if (pod.deleting && (type === 'liveness' || type === 'startup')) {
    state.result = 'Success';
    return { probe: false, keepGoing: false };
  }
  if (Math.floor(c.runningFor / 1_000_000) < spec.initialDelaySeconds) return { probe: false, keepGoing: true };
  if (c.started) {
    if (type === 'startup') return { probe: false, keepGoing: true };
  } else if (type !== 'startup') return { probe: false, keepGoing: true };
  return { probe: true };
}

/**
 * The second half: count the result against the thresholds. Returns the result the results
 * manager now holds when it was set (a change the kubelet reacts to), else undefined.
 */
export function afterProbe(type: ProbeType, spec: ProbeSpec, state: WorkerState, result: 'Success' | 'Failure'): ProbeResult | undefined {
  if (state.lastResult === result) state.resultRun++;
  else {
    state.lastResult = result;
    state.resultRun = 1;
  }
  if ((result === 'Failure' && state.resultRun < spec.failureThreshold) || (result === 'Success' && state.resultRun < spec.successThreshold)) return undefined;
  const before = state.result;
  state.result = result;
  if ((type === 'liveness' || type === 'startup') && result === 'Failure') {
    // The container will be restarted: stop probing until a new container id.
    state.onHold = true;
    state.resultRun = 0;
  }
  return before === result ? undefined : result;
}

/** The URL an httpGet probe asks for (prober.go formatURL). */
export function probeUrl(get: NonNullable<ProbeSpec['httpGet']>, host: string, port: number): string {
  const scheme = (get.scheme ?? 'HTTP').toLowerCase();
  let path = get.path ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  return `${scheme}://${host}:${port}${path}`;
}

/** The HTTP prober's output. */
export function httpProbeOutput(url: string, hostPort: string, answer: { status: number } | { refused: true } | { notHttp: true }): { result: 'Success' | 'Failure'; output: string } {
  if ('refused' in answer) return { result: 'Failure', output: `Get ${JSON.stringify(url)}: dial tcp ${hostPort}: connect: connection refused` };
  if ('notHttp' in answer) return { result: 'Failure', output: `Get ${JSON.stringify(url)}: EOF` };
  // DoHTTPProbe: 200 ≤ code < 400 is a success (redirects to other hosts are warnings).
  if (answer.status >= 200 && answer.status < 400) return { result: 'Success', output: '' };
  return { result: 'Failure', output: `HTTP probe failed with statuscode: ${answer.status}` };
}

/** The TCP prober's output. */
export function tcpProbeOutput(hostPort: string, accepted: boolean): { result: 'Success' | 'Failure'; output: string } {
  return accepted ? { result: 'Success', output: '' } : { result: 'Failure', output: `dial tcp ${hostPort}: connect: connection refused` };
}

/** The exec prober: exit code 0 is a success; the output is the command's stdout and stderr. */
export function execProbeOutput(res: { exitCode: number; stdout: string; stderr: string }): { result: 'Success' | 'Failure'; output: string } {
  return res.exitCode === 0 ? { result: 'Success', output: '' } : { result: 'Failure', output: `${res.stdout}${res.stderr}` };
}
