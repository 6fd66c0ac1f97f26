import type { Micros } from '../../../base/time.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { EtcdConfig, EtcdReply, ResponseHeader } from './etcd.ts';
import type { etcdMemberMachine } from './etcd.machine.ts';
import type { Lessor } from './lessor.ts';

/** What a request did to the store: the reply for the client and the last trace event. */
export interface ApplyOutcome {
  reply: EtcdReply;
  lastSeq: number;
}

/**
 * What the raft side of a member (raft-server.ts) needs from the member itself (etcd.ts): its
 * identity and flags, its ID generator, its store behind the applier, and the way back to the
 * client. It is an interface so that the two files do not import each other at run time.
 */
export interface RaftApp {
  readonly id: string;
  readonly config: EtcdConfig;
  /** The cluster ID as etcd logs it (%x). */
  readonly clusterHex: string;
  readonly version: string;
  readonly member: MachineInstance<typeof etcdMemberMachine>;
  readonly lessor: Lessor;
  nextRequestId(): bigint;
  nextLeaseId(): bigint;
  header(): ResponseHeader;
  /**
   * Applies a committed request to this member's store (and its watchers). `detail`: record the
   * request's spans (Txn, Put, DeleteRange…) as a single member does; only the member that
   * proposed the entry does, so that every change is in the trace once.
   */
  applyRequest(op: string, payload: Record<string, unknown>, cause: number, dur: Micros, detail: boolean): ApplyOutcome;
  /** Serves a read from this member's store, after ReadIndex said it may. */
  serveRead(msg: Delivery, cause: number, dur: Micros): ApplyOutcome;
  /** Sends the reply to a client after `dur`. */
  respond(msg: Delivery, reply: EtcdReply, lastSeq: number, dur: Micros): void;
}
