import type { ObjectRef } from '../../trace/schema.ts';

/** A message as its receiver gets it. `seq` is the trace event of the send: use it as `cause`. */
export interface Delivery<P = unknown> {
  id: number;
  seq: number;
  from: string;
  to: string;
  op: string;
  payload: P;
  replyTo?: number;
  ref?: ObjectRef;
}

/** Anything that can receive messages over the simulated network. */
export interface Actor {
  /** `component/instance`, e.g. `kubelet/node-1`. */
  readonly id: string;
  /** The host the actor runs on, for latencies (`control-plane`, `node-1`, or `client`). */
  readonly host: string;
  receive(msg: Delivery): void;
}
