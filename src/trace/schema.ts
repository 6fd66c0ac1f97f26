import type { Micros } from '../base/time.ts';

/** The trace format name written in every header line. */
export const TRACE_FORMAT = 'kube-anatomy-trace';
/** Bump with a migration in `migrate.ts` whenever the shape of a line changes. */
export const TRACE_VERSION = 1;

/** What kind of thing happened. See DESIGN.md 3.1. */
export type TraceKind = 'message' | 'state' | 'object' | 'span' | 'event' | 'command' | 'log';

export const TRACE_KINDS: readonly TraceKind[] = ['message', 'state', 'object', 'span', 'event', 'command', 'log'];

/** A reference to a Kubernetes API object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

/** Where an event came from: the simulator or the importer that read it. */
export type TraceSourceName =
  | 'sim'
  | 'audit'
  | 'k8s-events'
  | 'watch'
  | 'otlp'
  | 'jaeger'
  | 'ctr-events'
  | 'crictl-events'
  | 'strace'
  | 'runc-state'
  | 'etcd-watch'
  | 'simkube'
  | (string & {});

/**
 * One line of a trace.
 *
 * - `message`: a request or response between two actors; sent at `t`, received at `t + dur`.
 * - `state`: a state machine moved; `op` is the new state (a dotted path), `attrs.from` the old one.
 * - `object`: an API object changed; `op` is ADDED, MODIFIED or DELETED and `attrs.object` holds it.
 * - `span`: an operation with a duration (`dur`): an RPC, a pipeline stage, a syscall.
 * - `event`: a Kubernetes Event (`attrs.type`, `attrs.reason`, `attrs.message`), `ref` the involved object.
 * - `command`: a command the user typed (`attrs.phase` "start" or "exit", with its output on exit).
 * - `log`: a free-form log line of an actor.
 */
export interface TraceEvent {
  seq: number;
  t: Micros;
  dur?: Micros;
  kind: TraceKind;
  /** `component/instance`, e.g. `kubelet/node-1`, `etcd/etcd-0`, `scheduler`. */
  actor: string;
  /** The receiver of a message. */
  to?: string;
  /** The real name of the operation: `RunPodSandbox`, `POST /api/v1/...`, `Filter`, `pivot_root`. */
  op: string;
  ref?: ObjectRef;
  /** `seq` of the earlier event that caused this one. */
  cause?: number;
  src: TraceSourceName;
  /** True where a replay importer filled in a step that the source did not record. */
  inferred?: boolean;
  attrs?: Record<string, unknown>;
}

/** The first line of a trace file. */
export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** Name of the scenario (file name without folders) the trace was made from, if any. */
  scenario?: string;
  seed?: number;
  /** The sources the events came from (`sim`, or importer names). */
  sources: string[];
  /** Wall-clock time of t = 0, RFC 3339. */
  timeOrigin: string;
  /** The cluster's shape, so views can lay out nodes before the first event. */
  cluster?: { nodes: { name: string; runtime: string }[] };
  /** The program that wrote the trace. */
  generator?: string;
}

/** Kubernetes API group/version and kind of the objects the skeleton knows, by resource. */
export type ObjectEventOp = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Attributes of a `message` event. */
export interface MessageAttrs {
  /** Identifies the exchange; a response carries the id of its request in `replyTo`. */
  id: number;
  replyTo?: number;
  [key: string]: unknown;
}
