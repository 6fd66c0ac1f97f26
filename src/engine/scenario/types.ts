import type { Micros } from '../../base/time.ts';
import type { KubeObject, Taint } from '../../domain/k8s/objects.ts';

/**
 * A scenario script (`*.scenario.yaml`, DESIGN.md 3.2 and 5) after parsing and validation.
 * Every element keeps the line it came from, so errors found later can still name it.
 */
export interface Scenario {
  /** File name the scenario was read from ("-" for stdin, or a label). */
  file: string;
  seed: number;
  /** Wall-clock time of t = 0 (RFC 3339). Default 2026-01-01T09:00:00Z. */
  timeOrigin: string;
  cluster: ClusterSpec;
  /** Manifests present at t = 0 (status allowed). */
  objects: KubeObject[];
  steps: ScenarioStep[];
}

export type RuntimeChoice =
  | 'containerd+runc'
  | 'containerd+crun'
  | 'containerd+runsc'
  | 'containerd+kata'
  | 'cri-o+runc'
  | 'cri-o+crun'
  | 'dockershim'
  | 'rktlet+rkt(stage1-coreos)'
  | 'rktlet+rkt(stage1-fly)'
  | 'rktlet+rkt(stage1-kvm)'
  | (string & {});

export interface NodeSpecInScenario {
  name: string;
  /** Allocatable, as Kubernetes quantities. */
  cpu: string;
  memory: string;
  pods: number;
  labels: Record<string, string>;
  taints: Taint[];
  runtime: RuntimeChoice;
  /** The line of the node in the scenario file. */
  line: number;
}

export interface ClusterSpec {
  /** The control-plane host (kube-apiserver, etcd, scheduler, controller-manager). */
  controlPlane: string;
  nodes: NodeSpecInScenario[];
  /**
   * false: etcd alone on the control-plane host, as after a plain `etcd` on a laptop, for
   * scenarios and tours about etcd itself (no apiserver writes its keys). Default true.
   */
  kubernetes?: boolean;
  /** The flags etcd runs with; what is left out is kubeadm's choice (see defaultEtcdConfig). */
  etcd?: Partial<EtcdFlags>;
  /** Docker hosts without Kubernetes (cluster.docker): dockerd, containerd, the shim and runc on each. */
  docker?: DockerHostSpec[];
}

/** One host of cluster.docker. */
export interface DockerHostSpec {
  name: string;
  line: number;
}

/** The `etcd` command-line flags a scenario may set (cluster.etcd), by their meaning. */
export interface EtcdFlags {
  name: string;
  initialAdvertisePeerURLs: string[];
  advertiseClientURLs: string[];
  initialClusterToken: string;
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
  /** How many members --initial-cluster lists (etcd/etcd-0..N-1 on the control-plane host); default 1. */
  members: number;
}

export type ScenarioStep =
  | { type: 'run'; line: number; command: string; stdin?: string }
  | { type: 'wait'; line: number; duration: Micros }
  | { type: 'until'; line: number; condition: 'settled'; horizon: Micros }
  | { type: 'fault'; line: number; fault: Record<string, unknown> }
  /** A node joins while the scenario runs: its kubelet, containerd and runc start and the kubelet registers the Node. */
  | { type: 'join'; line: number; node: NodeSpecInScenario };

/** An error in a scenario file: where and why, as `file:line:column: message`. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

export const DEFAULT_TIME_ORIGIN = '2026-01-01T09:00:00Z';
/** How far `until: settled` may run before it gives up (simulated time). */
export const DEFAULT_SETTLE_HORIZON: Micros = 10 * 60 * 1_000_000;
