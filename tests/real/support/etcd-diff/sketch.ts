import type { Compare, TxnRequest } from './ops.ts';

/**
 * A sketch of the store, for the generator only: it follows the current revision closely enough
 * that revisions drawn in 0..current+3 fall before, at and after it, and below a compaction,
 * in useful proportions. What the right output is stays the real etcd's business; a wrong
 * guess here only makes a draw less interesting.
 *
 * Rules followed (DOMAIN.md 1): one write txn is one revision, a delete of nothing and a failed
 * compare without writes are none, compares on a missing key see 0 and a value compare fails,
 * a put twice or a put inside a deleted range in one branch is a duplicate key (either branch,
 * whatever the compares say), revoking a lease deletes its keys in one revision.
 */

interface Entry {
  create: number;
  mod: number;
  version: number;
  value: string;
  lease: number | undefined;
}

/** What a value word stands for after the shell (command line) has read it. */
export function shellWordValue(word: string): string {
  if (word.startsWith('"') || word.startsWith("'")) return word.slice(1, -1);
  return word;
}

/**
 * What a value word stands for after txn's argify: a single-quoted word is cut at the number of
 * words of its line, not its own length (etcdctl/ctlv3/command/util.go, `args[i][1:len(args)-1]`);
 * request lines here are `put k v`, three words.
 */
export function txnWordValue(word: string): string {
  if (word.startsWith("'")) return word.slice(1, 2);
  return shellWordValue(word);
}

const inRange = (k: string, key: string, prefix: boolean): boolean => (prefix ? k.startsWith(key) : k === key);

export class StoreSketch {
  rev = 1;
  /** compactMainRev: -1 until the first compaction (mvcc/kvstore.go). */
  compacted = -1;
  private readonly kvs = new Map<string, Entry>();

  /**
   * A watch's start revision: as `revision`, but half the time below the compaction when there
   * is one, because a cancelled watch (exit 5) needs a compaction before it in the sequence and
   * would otherwise be rare.
   */
  watchRevision(raw: number): number {
    if (this.compacted > 1 && raw % 2 === 0) return 1 + (Math.floor(raw / 2) % (this.compacted - 1));
    return this.revision(Math.floor(raw / 2));
  }

  /**
   * A compaction revision from a raw draw: 1 in 8 at or below the last compaction (fails), 1 in
   * 8 zero, 4 in 8 the current revision or the one before (so that later reads and watches have
   * compacted revisions to hit), 2 in 8 in the future (fails).
   */
  compactionRevision(raw: number): number {
    const kind = raw % 8;
    const pick = Math.floor(raw / 8);
    if (kind === 0 && this.compacted >= 0) return pick % (this.compacted + 1);
    if (kind <= 1) return 0;
    if (kind < 6) return Math.max(this.compacted + 1, this.rev - (pick % 2));
    return this.rev + 1 + (pick % 3);
  }

  /** A compaction at or below the last one, or in the future, fails and changes nothing. */
  compact(n: number): void {
    if (n > this.compacted && n <= this.rev) this.compacted = n;
  }

  /**
   * A revision in 0..rev+3 from a raw draw, spread over what is interesting rather than evenly
   * (most stores here stay below revision 10, where an even draw would rarely fall below a
   * compaction): 2 in 8 below the compaction (compacted), 1 in 8 zero ("latest" for get and
   * watch, and a compaction etcd accepts once), 3 in 8 from the compaction to the current
   * revision, 2 in 8 in the future. Raw 0 shrinks to the first of these.
   */
  revision(raw: number): number {
    const kind = raw % 8;
    const pick = Math.floor(raw / 8);
    const lowest = Math.max(this.compacted, 1);
    if (kind < 2 && this.compacted > 1) return 1 + (pick % (this.compacted - 1));
    if (kind === 2) return 0;
    if (kind < 6) return lowest + (pick % (this.rev - lowest + 1));
    return this.rev + 1 + (pick % 3);
  }

  put(key: string, value: string, lease?: number): void {
    this.rev++;
    this.write(key, value, lease, this.rev);
  }

  del(key: string, prefix: boolean): void {
    const hit = this.keys().filter((k) => inRange(k, key, prefix));
    if (hit.length === 0) return;
    this.rev++;
    for (const k of hit) this.kvs.delete(k);
  }

  txn(compares: readonly Compare[], success: readonly TxnRequest[], failure: readonly TxnRequest[]): void {
    if (hasDuplicate(success) || hasDuplicate(failure)) return;
    const branch = compares.every((c) => this.holds(c)) ? success : failure;
    // No duplicates means a del never hits a key this branch puts: the keys before the txn tell.
    const changes = branch.some((r) => r.kind === 'put' || (r.kind === 'del' && this.keys().some((k) => inRange(k, r.key, r.prefix))));
    if (!changes) return;
    const rev = ++this.rev;
    for (const r of branch) {
      if (r.kind === 'put') this.write(r.key, txnWordValue(r.value), undefined, rev);
      else if (r.kind === 'del') for (const k of this.keys()) if (inRange(k, r.key, r.prefix)) this.kvs.delete(k);
    }
  }

  /** Revoking a live lease deletes its keys, in one revision when there are any. */
  revoke(lease: number): void {
    const attached = [...this.kvs.entries()].filter(([, e]) => e.lease === lease).map(([k]) => k);
    if (attached.length === 0) return;
    this.rev++;
    for (const k of attached) this.kvs.delete(k);
  }

  private write(key: string, value: string, lease: number | undefined, rev: number): void {
    const old = this.kvs.get(key);
    this.kvs.set(key, { create: old?.create ?? rev, mod: rev, version: (old?.version ?? 0) + 1, value, lease });
  }

  private keys(): string[] {
    return [...this.kvs.keys()];
  }

  private holds(c: Compare): boolean {
    const e = this.kvs.get(c.key);
    if (c.target === 'value') {
      if (!e) return false;
      return c.op === '=' ? e.value === c.operand : e.value !== c.operand;
    }
    const have = e ? { mod: e.mod, ver: e.version, create: e.create }[c.target] : 0;
    const want = Number(c.operand);
    switch (c.op) {
      case '=':
        return have === want;
      case '!=':
        return have !== want;
      case '>':
        return have > want;
      case '<':
        return have < want;
    }
  }
}

/** etcdserver's checkIntervals: a key put twice, or put inside a range the same branch deletes. */
function hasDuplicate(reqs: readonly TxnRequest[]): boolean {
  const puts = new Set<string>();
  const dels = reqs.filter((r) => r.kind === 'del');
  for (const r of reqs) {
    if (r.kind !== 'put') continue;
    if (puts.has(r.key) || dels.some((d) => inRange(r.key, d.key, d.prefix))) return true;
    puts.add(r.key);
  }
  return false;
}
