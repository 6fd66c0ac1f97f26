import type { Rng } from '../../../base/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import { containerFieldPath, probeErrored, probeFailed } from '../../../domain/events/messages.ts';
import { isoToMicros } from '../../../domain/k8s/duration.ts';
import type { Container, ContainerStatus, Pod, PodStatus } from '../../../domain/k8s/objects.ts';
import type { ProbeState } from '../../../domain/pod/api-status.ts';
import type { ProbeVerdicts } from '../../../domain/pod/pod-actions.ts';
import { afterProbe, beforeProbe, execProbeOutput, httpProbeOutput, newWorkerState, probeOf, probeTypeName, probeUrl, resolvePort, tcpProbeOutput, type ContainerView, type ProbeResult, type ProbeSpec, type ProbeType, type WorkerState } from '../../../domain/pod/probe.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import type { CriClient } from './cri-client.ts';
import type { KubeletEventSink } from './event-sink.ts';

interface ProbeWorker {
  uid: string;
  container: Container;
  isInit: boolean;
  type: ProbeType;
  spec: ProbeSpec;
  state: WorkerState;
  timer?: ScheduledItem;
  busy: boolean;
  stopped: boolean;
}

/** What the prober needs from the rest of the kubelet. */
export interface ProberDeps {
  pod: (uid: string) => Pod | undefined;
  status: (uid: string) => PodStatus | undefined;
  /** A connection from the host to the pod's IP (the runtime answers for the pod's processes). */
  connect: (podIP: string, port: number, path?: string) => { status: number } | { refused: true } | { notHttp: true };
  /** A result changed: liveness/startup Failure to act on, readiness or startup Success to report. */
  onResult: (uid: string, type: ProbeType, containerName: string, result: ProbeResult, cause: number) => void;
  /** Unix µs now. */
  now: () => Micros;
  /** The runtime's name, the type of the container IDs in the pod status (containerd://…). */
  runtimeName: string;
}

/**
 * The prober manager (pkg/kubelet/prober/prober_manager.go, worker.go, prober.go): one worker per
 * container and probe type, started when the pod is added. A worker probes at once, then every
 * periodSeconds; when the kubelet started less than a period ago it first sleeps a random part of
 * the period. HTTP and TCP probes are made by the kubelet itself, to the pod's IP; exec probes
 * go through the CRI (ExecSync). Each failure is an `Unhealthy` event; the thresholds decide when
 * the result changes (domain/pod/probe.ts). The period timers are background work.
 */
export class ProberManager {
  private readonly workers = new Map<string, ProbeWorker[]>();

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cri: CriClient,
    private readonly events: KubeletEventSink,
    private readonly rng: Rng,
    private readonly kubeletStart: Micros,
    private readonly deps: ProberDeps,
  ) {}

  /** AddPod: workers for every probe of the pod's containers. */
  addPod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    if (this.workers.has(uid)) return;
    const list: ProbeWorker[] = [];
    const add = (c: Container, isInit: boolean): void => {
      for (const type of ['startup', 'readiness', 'liveness'] as const) {
        const spec = probeOf(c, type);
        if (spec) list.push({ uid, container: c, isInit, type, spec, state: newWorkerState(), busy: false, stopped: false });
      }
    };
    for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === 'Always') add(c, true);
    for (const c of pod.spec.containers) add(c, false);
    if (list.length === 0) return;
    this.workers.set(uid, list);
    for (const w of list) {
      const period = w.spec.periodSeconds * MICROS_PER_SECOND;
      const sinceStart = this.sim.now - this.kubeletStart;
      const delay = period > sinceStart ? Math.floor(this.rng.next() * period) : 0;
      w.timer = this.sim.after(delay, () => this.tick(w), { background: true, label: `${w.type} probe ${w.container.name}` });
    }
  }

  removePod(uid: string): void {
    for (const w of this.workers.get(uid) ?? []) {
      w.stopped = true;
      if (w.timer) this.sim.cancel(w.timer);
    }
    this.workers.delete(uid);
  }

  /** What computePodActions needs: the liveness and startup results by container id. */
  verdicts(uid: string): ProbeVerdicts {
    const find = (type: ProbeType, id: string): ProbeResult | undefined => this.workers.get(uid)?.find((w) => w.type === type && w.state.containerId === `${this.deps.runtimeName}://${id}`)?.state.result;
    return {
      liveness: (id) => {
        const r = find('liveness', id);
        return r === 'Unknown' ? undefined : r;
      },
      startup: (id) => find('startup', id),
    };
  }

  /** What the status needs: ready and started of a container instance (undefined: no such probe). */
  probeState(uid: string): ProbeState {
    const get = (type: ProbeType, name: string, id: string): boolean | undefined => {
      const worker = this.workers.get(uid)?.find((w) => w.type === type && w.container.name === name);
      if (!worker) return undefined;
      // A worker that has not seen this instance yet holds nothing for it: not ready, not started.
      return worker.state.containerId === `${this.deps.runtimeName}://${id}` && worker.state.result === 'Success';
    };
    return { ready: (name, id) => get('readiness', name, id), started: (name, id) => get('startup', name, id) };
  }

  /** UpdatePodStatus's manual trigger: a running container not ready yet gets its readiness probe now. */
  triggerReadiness(uid: string): void {
    for (const w of this.workers.get(uid) ?? []) {
      if (w.type !== 'readiness' || w.busy || w.stopped || w.state.result === 'Success') continue;
      const s = this.statusOf(w);
      if (!s?.state.running || !s.started) continue;
      // Pending work, not a timer: the probe runs now.
      this.sim.after(0, () => this.doProbe(w, () => {}), { label: `readiness probe ${w.container.name}` });
    }
  }

  private statusOf(w: ProbeWorker): ContainerStatus | undefined {
    const st = this.deps.status(w.uid);
    return (w.isInit ? st?.initContainerStatuses : st?.containerStatuses)?.find((c) => c.name === w.container.name);
  }

  private tick(w: ProbeWorker): void {
    if (w.stopped) return;
    this.doProbe(w, (keepGoing) => {
      if (!keepGoing || w.stopped) return;
      w.timer = this.sim.after(w.spec.periodSeconds * MICROS_PER_SECOND, () => this.tick(w), { background: true, label: `${w.type} probe ${w.container.name}` });
    });
  }

  /** worker.go doProbe. */
  private doProbe(w: ProbeWorker, done: (keepGoing: boolean) => void): void {
    const pod = this.deps.pod(w.uid);
    const status = this.deps.status(w.uid);
    if (!pod || !status) {
      done(true);
      return;
    }
    const cs = this.statusOf(w);
    const view: ContainerView | undefined = cs && {
      containerId: cs.containerID ?? '',
      running: cs.state.running !== undefined,
      terminated: cs.state.terminated !== undefined,
      runningFor: cs.state.running?.startedAt ? this.deps.now() - isoToMicros(cs.state.running.startedAt) : 0,
      started: cs.started === true,
    };
    const decision = beforeProbe(w.type, w.spec, w.state, view, { phaseTerminal: status.phase === 'Succeeded' || status.phase === 'Failed', deleting: Boolean(pod.metadata.deletionTimestamp), restartPolicy: pod.spec.restartPolicy ?? 'Always' });
    if (!decision.probe) {
      done(decision.keepGoing);
      return;
    }
    w.busy = true;
    this.runProbe(w, pod, status.podIP ?? '', (outcome, cause) => {
      w.busy = false;
      if (w.stopped) return;
      if (outcome.error !== undefined) {
        this.events.record(pod, probeErrored(probeTypeName(w.type), outcome.error), cause, this.fieldPath(w));
        done(true);
        return;
      }
      let seq = cause;
      if (outcome.result === 'Failure') seq = this.events.record(pod, probeFailed(probeTypeName(w.type), outcome.output), cause, this.fieldPath(w));
      const changed = afterProbe(w.type, w.spec, w.state, outcome.result);
      if (changed) this.deps.onResult(w.uid, w.type, w.container.name, changed, seq);
      done(true);
    });
  }

  private fieldPath(w: ProbeWorker): string {
    return containerFieldPath(w.container.name, w.isInit ? 'initContainers' : 'containers');
  }

  /** prober.go runProbe: by the probe's handler. */
  private runProbe(w: ProbeWorker, pod: Pod, podIP: string, then: (outcome: { result: 'Success' | 'Failure'; output: string; error?: undefined } | { error: string; result?: undefined; output?: undefined }, cause: number) => void): void {
    const spec = w.spec;
    const ref = refOf(pod);
    const span = (attrs: Record<string, unknown>): number =>
      this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'probe', dur: 1_000, ref, attrs: { probe: w.type, container: w.container.name, ...attrs } });
    if (spec.exec) {
      const containerId = (this.statusOf(w)?.containerID ?? '').replace(/^[^:]*:\/\//, '');
      const cmd = spec.exec.command ?? [];
      const seq = span({ handler: 'exec', command: cmd });
      this.cri.call('ExecSync', { containerId, cmd, timeout: spec.timeoutSeconds }, seq, ref, (res, d) => {
        if (res.error) {
          then({ error: res.error }, d.seq);
          return;
        }
        then(execProbeOutput({ exitCode: Number(res.exitCode ?? 0), stdout: fromBase64(String(res.stdout ?? '')), stderr: fromBase64(String(res.stderr ?? '')) }), d.seq);
      });
      return;
    }
    const target = spec.httpGet ?? spec.tcpSocket;
    if (!target) {
      then({ error: 'missing probe handler' }, span({ handler: 'grpc' }));
      return;
    }
    const port = resolvePort(target.port, w.container);
    if (typeof port !== 'number') {
      this.sim.after(1_000, () => then({ error: port.error }, span({ error: port.error })));
      return;
    }
    const host = target.host || podIP;
    const hostPort = `${host}:${port}`;
    if (spec.httpGet) {
      const url = probeUrl(spec.httpGet, host, port);
      const out = httpProbeOutput(url, hostPort, this.deps.connect(host, port, new URL(url).pathname));
      const seq = span({ handler: 'httpGet', url, result: out.result, ...(out.output ? { output: out.output } : {}) });
      this.sim.after(1_000, () => then(out, seq));
      return;
    }
    const out = tcpProbeOutput(hostPort, !('refused' in this.deps.connect(host, port)));
    const seq = span({ handler: 'tcpSocket', address: hostPort, result: out.result, ...(out.output ? { output: out.output } : {}) });
    this.sim.after(1_000, () => then(out, seq));
  }
}

/** The bytes of ExecSyncResponse (base64 in protobuf JSON) as text. */
function fromBase64(b64: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of b64.replace(/=+$/, '')) {
    buf = (buf << 6) | abc.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
