import type { RaftEntry } from './types.ts';

/**
 * raft/log.go: the replicated log with its commit and apply marks. The simulator never compacts
 * it (etcd snapshots every 100,000 entries), so the first index is always 1 and a follower that
 * fell behind is caught up with entries, never with a snapshot.
 */
export class RaftLog<D = unknown> {
  private readonly ents: RaftEntry<D>[] = [];
  /** The highest index known to be on a quorum. */
  committed = 0;
  /** The highest index handed to the application (raft's `applied`). */
  applied = 0;
  /** Bumped by every append: a Ready with new entries must reach the WAL (fsync) before a follower answers. */
  appends = 0;

  lastIndex(): number {
    return this.ents.length;
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0;
  }

  /** The term of the entry at `i`; 0 for index 0; undefined beyond the end. */
  term(i: number): number | undefined {
    if (i === 0) return 0;
    return this.ents[i - 1]?.term;
  }

  matchTerm(i: number, term: number): boolean {
    return this.term(i) === term;
  }

  entry(i: number): RaftEntry<D> | undefined {
    return this.ents[i - 1];
  }

  /** Entries [lo, hi). */
  slice(lo: number, hi: number): RaftEntry<D>[] {
    return this.ents.slice(lo - 1, hi - 1);
  }

  /** Up to `max` entries from index `i` on. */
  entriesFrom(i: number, max: number): RaftEntry<D>[] {
    return this.ents.slice(i - 1, i - 1 + max);
  }

  /**
   * Appends entries that start at ents[0].index, dropping whatever the log had from there on
   * (log.go append / unstable.truncateAndAppend). Returns the new last index.
   */
  append(ents: readonly RaftEntry<D>[]): number {
    const first = ents[0];
    if (!first) return this.lastIndex();
    if (first.index - 1 < this.committed) throw new Error(`raft: after(${first.index - 1}) is out of range [committed(${this.committed})]`);
    this.ents.length = first.index - 1;
    for (const e of ents) this.ents.push(e);
    this.appends++;
    return this.lastIndex();
  }

  /**
   * log.go findConflict: the first entry whose index is beyond the log or whose term differs;
   * 0 when every entry is already there.
   */
  findConflict(ents: readonly RaftEntry<D>[]): number {
    for (const e of ents) if (!this.matchTerm(e.index, e.term)) return e.index;
    return 0;
  }

  /**
   * log.go maybeAppend: the follower's side of MsgApp. If the entry before the new ones matches
   * (index, logTerm), append what is new, move the commit mark up to what the leader committed
   * (as far as these entries go) and return the last new index; otherwise undefined (reject).
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: readonly RaftEntry<D>[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      if (ci <= this.committed) throw new Error(`raft: entry ${ci} conflicts with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(ci - (index + 1)));
    }
    this.commitTo(Math.min(committed, lastNew));
    return lastNew;
  }

  commitTo(toCommit: number): void {
    if (this.committed >= toCommit) return;
    if (this.lastIndex() < toCommit) throw new Error(`raft: tocommit(${toCommit}) is out of range [lastIndex(${this.lastIndex()})]`);
    this.committed = toCommit;
  }

  /** log.go maybeCommit: a leader commits only an entry of its own term (raft paper §5.4.2). */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.term(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /** Committed entries not yet handed to the application (log.go nextEnts). */
  nextEnts(): RaftEntry<D>[] {
    return this.slice(this.applied + 1, this.committed + 1);
  }

  appliedTo(i: number): void {
    if (i > this.committed || i < this.applied) throw new Error(`raft: applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    this.applied = i;
  }
}
