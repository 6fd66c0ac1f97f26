/**
 * raft/tracker/progress.go: what the leader knows of one follower's log. In StateProbe the
 * leader sends one MsgApp at a time and waits (it is finding where the logs agree); in
 * StateReplicate it streams entries, optimistically moving `next` on, up to a window of
 * in-flight messages (etcdserver sets MaxInflightMsgs to 4096/8).
 */
export type ProgressState = 'StateProbe' | 'StateReplicate';

export const MAX_INFLIGHT_MSGS = 512;

export class Progress {
  match = 0;
  next = 1;
  state: ProgressState = 'StateProbe';
  /** In StateProbe: a MsgApp is out and unanswered, so send no more until a reply or heartbeat. */
  probeSent = false;
  /** Heard from since the last CheckQuorum. */
  recentActive = false;
  /** Last index of each MsgApp in flight, oldest first. */
  private inflights: number[] = [];

  becomeProbe(): void {
    this.state = 'StateProbe';
    this.next = this.match + 1;
    this.probeSent = false;
    this.inflights = [];
  }

  becomeReplicate(): void {
    this.state = 'StateReplicate';
    this.next = this.match + 1;
    this.probeSent = false;
    this.inflights = [];
  }

  /** An acknowledgement up to n: returns whether match moved. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    if (this.next < n + 1) this.next = n + 1;
    return updated;
  }

  optimisticUpdate(n: number): void {
    this.next = n + 1;
  }

  /**
   * A rejection of the MsgApp whose previous entry was `rejected`; the follower's last index is
   * `last`. Returns false for a stale rejection. In StateProbe the next try starts just after
   * the follower's last entry, or one below the rejected index, whichever is lower.
   */
  maybeDecrTo(rejected: number, last: number): boolean {
    if (this.state === 'StateReplicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, last + 1), 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    return this.state === 'StateProbe' ? this.probeSent : this.inflights.length >= MAX_INFLIGHT_MSGS;
  }

  addInflight(last: number): void {
    this.inflights.push(last);
  }

  /** Frees the in-flight messages acknowledged by an answer up to `index`. */
  freeInflightsTo(index: number): void {
    this.inflights = this.inflights.filter((i) => i > index);
  }

  freeFirstInflight(): void {
    this.inflights.shift();
  }

  get inflightFull(): boolean {
    return this.inflights.length >= MAX_INFLIGHT_MSGS;
  }
}
