import type { TraceEvent } from '../../trace/schema.ts';
import type { NodeRuntime } from './runtimes.ts';

/**
 * The chain of processes a container request goes down on a node, from the client to the
 * low-level runtime, as data per high-level runtime (a new path is a new row), each hop drawn
 * only as what the node's trace showed of it: the messages between the two actors.
 *
 * - containerd (internal/cri): kubelet → containerd (CRI gRPC) → runc, which containerd's shim
 *   fork/execs (the model folds the shim into containerd's spans: `start shim`);
 * - CRI-O (server/, internal/oci/runtime_oci.go): kubelet → crio (CRI gRPC) → one conmon per
 *   container (fork/exec) → runc or crun (`create`); CRI-O runs `start`, `kill`, `delete` itself;
 * - a Docker host (moby daemon/, libcontainerd): the docker CLI → dockerd (Engine API over
 *   /var/run/docker.sock) → containerd (gRPC, namespace moby) → containerd-shim-runc-v2 (ttrpc) → runc;
 * - dockershim (pkg/kubelet/dockershim, ≤ 1.23): kubelet → dockershim (in the kubelet's process)
 *   → dockerd → containerd → the shim → runc;
 * - rktlet: kubelet → rktlet (CRI gRPC) → rkt (execve, through systemd-run).
 */

export type HopVia = 'cri' | 'in-process' | 'engine-api' | 'grpc' | 'ttrpc' | 'fork-exec' | 'execve';

export interface ChainHop {
  /** The actor component (`crio`), which is the process name unless `name` says otherwise. */
  readonly component: string;
  readonly name: string;
  /** How the previous hop reaches this one (none for the first). */
  readonly via?: HopVia;
  /** One process per container (conmon), not one per node. */
  readonly perContainer?: boolean;
  /** A daemon of the node, running before the trace starts (a child of PID 1). */
  readonly daemon?: boolean;
}

export interface RuntimeChain {
  readonly kind: 'containerd' | 'cri-o' | 'docker' | 'dockershim' | 'rktlet';
  readonly hops: readonly ChainHop[];
}

const D = { daemon: true } as const;
const hop = (component: string, via?: HopVia, extra: Partial<ChainHop> = {}): ChainHop => ({ component, name: component, ...(via ? { via } : {}), ...extra });

/** The chain of a node's runtime; `low` is the low-level runtime's actor component (runc, crun, runsc, kata, rkt). */
export function chainOf(runtime: NodeRuntime): RuntimeChain | undefined {
  const low = runtime.low;
  switch (runtime.high) {
    case 'containerd':
      return { kind: 'containerd', hops: [hop('kubelet', undefined, D), hop('containerd', 'cri', D), hop(low, 'fork-exec')] };
    case 'cri-o':
      return { kind: 'cri-o', hops: [hop('kubelet', undefined, D), hop('crio', 'cri', D), hop('conmon', 'fork-exec', { perContainer: true }), hop(low, 'fork-exec')] };
    case 'docker':
      return { kind: 'docker', hops: [hop('docker'), hop('dockerd', 'engine-api', D), hop('containerd', 'grpc', D), hop('containerd-shim-runc-v2', 'ttrpc'), hop(low, 'fork-exec')] };
    case 'dockershim':
      // dockershim is a part of the kubelet's process, not a daemon of its own.
      return { kind: 'dockershim', hops: [hop('kubelet', undefined, D), hop('dockershim', 'in-process'), hop('dockerd', 'engine-api', D), hop('containerd', 'grpc', D), hop('containerd-shim-runc-v2', 'ttrpc'), hop(low, 'fork-exec')] };
    case 'rktlet':
      return { kind: 'rktlet', hops: [hop('kubelet', undefined, D), hop('rktlet', 'cri', D), hop(low, 'execve')] };
    default:
      return undefined;
  }
}

/** What the trace showed of one link of the chain (hop i-1 → hop i), up to the playhead. */
export interface LinkEvidence {
  /** Messages sent down the link. */
  readonly calls: number;
  /** The first one's op (`RunPodSandbox`, `POST /containers/create`, `create`), time and seq. */
  readonly firstOp?: string;
  readonly t?: number;
  readonly seq?: number;
  /** Distinct containers the link served (one conmon each on CRI-O). */
  readonly containers: number;
}

export interface ChainView {
  readonly chain: RuntimeChain;
  /** Per hop (same order); the first hop's entry is empty (nothing reaches it on the node). */
  readonly links: readonly LinkEvidence[];
}

export class ChainFold {
  private readonly chain: RuntimeChain | undefined;
  private readonly links: { calls: number; firstOp?: string; t?: number; seq?: number; containers: Set<string> }[];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly node: string,
    runtime: NodeRuntime,
  ) {
    this.chain = chainOf(runtime);
    this.links = (this.chain?.hops ?? []).map(() => ({ calls: 0, containers: new Set<string>() }));
    this.chain?.hops.forEach((h, i) => {
      const prev = this.chain?.hops[i - 1];
      if (prev) this.index.set(`${prev.component}/${node}>${h.component}/${node}`, i);
    });
  }

  apply(e: TraceEvent, container: string | undefined): void {
    if (e.kind !== 'message' || e.to === undefined) return;
    // A reply travels back up: only calls down the chain count.
    if (e.attrs?.['replyTo'] !== undefined) return;
    const i = this.index.get(`${e.actor}>${e.to}`);
    if (i === undefined) return;
    const link = this.links[i] as (typeof this.links)[number];
    if (link.calls === 0) Object.assign(link, { firstOp: e.op, t: e.t, seq: e.seq });
    link.calls++;
    if (container) link.containers.add(container);
  }

  /** The node's daemons by name, top first; undefined without a chain. */
  daemons(): string[] | undefined {
    return this.chain?.hops.filter((h) => h.daemon).map((h) => h.name);
  }

  /** A copy, or undefined when the node's runtime has no chain in the table. */
  view(): ChainView | undefined {
    if (!this.chain) return undefined;
    return {
      chain: this.chain,
      links: this.links.map((l) => ({ calls: l.calls, containers: l.containers.size, ...(l.firstOp !== undefined ? { firstOp: l.firstOp, t: l.t as number, seq: l.seq as number } : {}) })),
    };
  }
}
