import type { Micros } from '../../base/time.ts';
import type { ObjectRef } from '../../trace/schema.ts';
import type { Actor, Delivery } from './actor.ts';
import type { EventQueue } from './event-queue.ts';
import type { Recorder } from './recorder.ts';

/**
 * One-way latencies in microseconds. They are fixed per kind of link, not drawn at random:
 * the seed changes names and uids but never the order of operations, so a tour tells the same
 * story with any seed. Figures are typical for a small cluster on one LAN:
 * a loopback HTTPS/gRPC hop inside the control-plane host, a LAN hop to a node, a unix-socket
 * gRPC call from the kubelet to the runtime, and fork/exec of the low-level runtime.
 */
export interface LatencyModel {
  sameHost: Micros;
  crossHost: Micros;
  localSocket: Micros;
  forkExec: Micros;
  /** A call between two parts of one process (the kubelet's built-in dockershim). */
  inProcess: Micros;
}

export const DEFAULT_LATENCY: LatencyModel = {
  sameHost: 250,
  crossHost: 700,
  localSocket: 120,
  forkExec: 1_500,
  inProcess: 5,
};

/** Both directions of each link: a request one way, its reply the other. */
function bothWays(...pairs: [string, string][]): Set<string> {
  return new Set(pairs.flatMap(([a, b]) => [`${a}>${b}`, `${b}>${a}`]));
}

/**
 * Links between these component kinds on one host are unix sockets: the kubelet's CRI gRPC to
 * containerd, CRI-O (actor `crio/<node>`, /var/run/crio/crio.sock) and rktlet
 * (/var/run/rktlet.sock, rktlet docs/getting-started-guide.md); dockerd's gRPC to containerd
 * (/run/containerd/containerd.sock, moby daemon/daemon.go); containerd's ttrpc to its task shim
 * (containerd-shim-runc-v2/<host>, the shim's socket under /run/containerd/s/); the docker CLI
 * (docker/<host>) and dockershim (pkg/kubelet/dockershim/libdocker) to dockerd
 * (/var/run/docker.sock).
 */
const LOCAL_SOCKET_PAIRS = bothWays(
  ['kubelet', 'containerd'],
  ['kubelet', 'crio'],
  ['kubelet', 'rktlet'],
  ['dockerd', 'containerd'],
  ['containerd', 'containerd-shim-runc-v2'],
  ['docker', 'dockerd'],
  ['dockershim', 'dockerd'],
);
/**
 * The kubelet's dockershim runs inside the kubelet process (pkg/kubelet/dockershim, started by
 * kubelet.go's NewMainKubelet before 1.24): a call to it is a function call, not a socket.
 */
const IN_PROCESS_PAIRS = bothWays(['kubelet', 'dockershim']);
/**
 * Links that start a process: a runtime fork/execs the OCI runtime binary (containerd or its
 * shim → runc, crun, runsc, kata), CRI-O forks conmon (internal/oci/runtime_oci.go) and conmon
 * execs the OCI runtime (conmon src/conmon.c), or CRI-O runs the runtime itself for state, kill
 * and delete. The exit report back rides the same pipe.
 */
const FORK_EXEC_PAIRS = bothWays(
  ['containerd', 'runc'],
  ['containerd', 'crun'],
  ['containerd', 'runsc'],
  ['containerd', 'kata'],
  ['containerd-shim-runc-v2', 'runc'],
  ['crio', 'conmon'],
  ['conmon', 'runc'],
  ['conmon', 'crun'],
  ['crio', 'runc'],
  ['crio', 'crun'],
);

export interface SendOptions<P> {
  payload?: P;
  cause?: number;
  replyTo?: number;
  ref?: ObjectRef;
  /** Attributes written to the trace (the payload itself is not, unless put here). */
  attrs?: Record<string, unknown>;
}

/**
 * Delivers messages between actors with latency, recording one `message` event per send
 * (`t` = sent, `dur` = latency), and scheduling `receive` at arrival.
 */
export class Network {
  private readonly actors = new Map<string, Actor>();
  /** Hosts powered off (a `node-down` fault): what is sent to them is lost. */
  private readonly downHosts = new Set<string>();
  private nextId = 1;

  constructor(
    private readonly queue: EventQueue,
    private readonly recorder: Recorder,
    private readonly now: () => Micros,
    private readonly latency: LatencyModel = DEFAULT_LATENCY,
  ) {}

  register(actor: Actor): void {
    if (this.actors.has(actor.id)) throw new Error(`actor ${actor.id} registered twice`);
    this.actors.set(actor.id, actor);
  }

  actor(id: string): Actor | undefined {
    return this.actors.get(id);
  }

  /** The ids of the actors that run on a host, in the order they were registered. */
  actorsOn(host: string): string[] {
    return [...this.actors.values()].filter((a) => a.host === host).map((a) => a.id);
  }

  /**
   * Powers a host off or on. A message in flight to it when it goes down is lost too: the
   * machine that would have read it from the socket is gone.
   */
  setHostDown(host: string, down: boolean): void {
    if (down) this.downHosts.add(host);
    else this.downHosts.delete(host);
  }

  isHostDown(host: string): boolean {
    return this.downHosts.has(host);
  }

  latencyBetween(from: Actor, to: Actor): Micros {
    const pair = `${componentOf(from.id)}>${componentOf(to.id)}`;
    if (from.host === to.host) {
      if (FORK_EXEC_PAIRS.has(pair)) return this.latency.forkExec;
      if (LOCAL_SOCKET_PAIRS.has(pair)) return this.latency.localSocket;
      if (IN_PROCESS_PAIRS.has(pair)) return this.latency.inProcess;
      return this.latency.sameHost;
    }
    return this.latency.crossHost;
  }

  /** Sends a message; returns its id and the seq of its trace event. */
  send<P>(fromId: string, toId: string, op: string, opts: SendOptions<P> = {}): { id: number; seq: number } {
    const from = this.actors.get(fromId);
    const to = this.actors.get(toId);
    if (!from) throw new Error(`unknown sender ${fromId}`);
    if (!to) throw new Error(`unknown receiver ${toId} (from ${fromId}, ${op})`);
    const id = this.nextId++;
    // Work a powered-off host had scheduled before it went down sends nothing.
    if (this.downHosts.has(from.host)) return { id, seq: -1 };
    const dur = this.latencyBetween(from, to);
    const attrs: Record<string, unknown> = { id };
    if (opts.replyTo !== undefined) attrs.replyTo = opts.replyTo;
    if (opts.attrs) Object.assign(attrs, opts.attrs);
    const seq = this.recorder.record({
      kind: 'message',
      actor: fromId,
      to: toId,
      op,
      dur,
      ...(opts.ref ? { ref: opts.ref } : {}),
      ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
      attrs,
    });
    const delivery: Delivery<P | undefined> = { id, seq, from: fromId, to: toId, op, payload: opts.payload };
    if (opts.replyTo !== undefined) delivery.replyTo = opts.replyTo;
    if (opts.ref) delivery.ref = opts.ref;
    this.queue.schedule(this.now() + dur, () => {
      if (!this.downHosts.has(to.host)) to.receive(delivery);
    }, { label: `deliver ${op}` });
    return { id, seq };
  }
}

/** `kubelet/node-1` → `kubelet`; `kube-controller-manager/deployment-controller` → `kube-controller-manager`. */
export function componentOf(actorId: string): string {
  const slash = actorId.indexOf('/');
  return slash < 0 ? actorId : actorId.slice(0, slash);
}
