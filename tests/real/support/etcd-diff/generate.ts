import fc from 'fast-check';
import type { Compare, Op, Output, Sequence, TxnRequest } from './ops.ts';
import { formatSequence, renderOp } from './render.ts';
import { shellWordValue, StoreSketch } from './sketch.ts';

/**
 * fast-check arbitraries for operation sequences. Ops are drawn with raw numbers where a
 * revision or a lease is wanted; `resolve` then walks the sequence with a sketch of the store
 * (sketch.ts: keys, current and compacted revision) and of the leases granted, and turns the
 * raw numbers into revisions in 0..current+3 (compacted, current and future ones, see
 * StoreSketch.revision) and into lease placeholders. The walk is deterministic, so shrinking
 * the raw draws shrinks the sequence.
 */

/** Few keys, sharing prefixes (a, a1, a2; b, b1), plus a kube-shaped one. */
export const KEYS = ['a', 'a1', 'a2', 'b', 'b1', '/registry/pods/default/web-1'] as const;
/** Prefixes for --prefix: the keys, the registry folder, and '' (every key). */
const PREFIXES = [...KEYS, '/registry/', ''] as const;
/** Compares may name a key that is never written, to check the missing-key rules. */
const COMPARE_KEYS = [...KEYS, 'nokey'] as const;
/** Values as shell words: the quoted one holds a space; '' is the empty value. */
const VALUES = ['1', '2', 'x', 'hello', '"w x"', "''"] as const;
/**
 * Values as txn request words. etcdctl reads these with its own argify (ctlv3/command/util.go), where a
 * single-quoted word is cut with the wrong length (`args[i][1:len(args)-1]`), so `'q r'` in a
 * 3-word line becomes `q`: kept, the simulator must do the same. (No `''` here: the same bug
 * would turn it into `'`, which is legal but says nothing more.)
 */
const TXN_VALUES = ['1', '2', 'x', 'hello', '"w x"', "'q r'"] as const;
/** Operands of value() compares, as the text between the quotes. */
const COMPARE_VALUES = ['1', 'x', 'hello', 'w x', ''] as const;
/**
 * 1 is the minimum TTL here (etcdserver clamps to ceil(1.5 × election timeout), 1 s with a 100 ms
 * election timeout); 9000000001 is over MaxLeaseTTL (9,000,000,000) and fails.
 */
export const LEASE_TTLS = [1, 60, 600, 9_000_000_001] as const;
export const MAX_LEASE_TTL = 9_000_000_000;
/** The placeholder used for a lease that was never granted: both sides map it to the same unknown id. */
export const UNGRANTED_LEASE = 99;
/** Watches in one sequence at most: each is a process and a wait on the real side. */
const MAX_WATCHES = 3;

const output: fc.Arbitrary<Output> = fc.constantFrom<Output>('simple', 'simple', 'json');
const rawRev = fc.option(fc.nat(1_000), { nil: undefined, freq: 2 });
const rawLease = fc.nat(1_000);

const compareArb: fc.Arbitrary<Compare> = fc.oneof(
  fc.record({
    target: fc.constantFrom<Compare['target']>('mod', 'ver', 'create'),
    key: fc.constantFrom(...COMPARE_KEYS),
    op: fc.constantFrom<Compare['op']>('=', '!=', '>', '<'),
    operand: fc.integer({ min: 0, max: 8 }).map(String),
  }),
  fc.record({
    target: fc.constant<Compare['target']>('value'),
    key: fc.constantFrom(...COMPARE_KEYS),
    op: fc.constantFrom<Compare['op']>('=', '!='),
    operand: fc.constantFrom(...COMPARE_VALUES),
  }),
);

const requestArb: fc.Arbitrary<TxnRequest> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...TXN_VALUES) }),
  fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom(...KEYS), prefix: fc.boolean() }),
  fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom(...KEYS), prefix: fc.boolean() }),
);

/** Ops with raw revision/lease numbers (see resolve). */
const rawOpArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      key: fc.constantFrom(...KEYS),
      value: fc.constantFrom(...VALUES),
      prevKv: fc.boolean(),
      lease: fc.option(rawLease, { nil: undefined, freq: 4 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom(...KEYS), prefix: fc.constant(false), rev: rawRev, keysOnly: fc.boolean(), output }),
      fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom(...PREFIXES), prefix: fc.constant(true), rev: rawRev, keysOnly: fc.boolean(), output }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom(...KEYS), prefix: fc.constant(false), prevKv: fc.boolean(), output }),
      fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom(...PREFIXES), prefix: fc.constant(true), prevKv: fc.boolean(), output }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('txn' as const),
      compares: fc.array(compareArb, { maxLength: 3 }),
      success: fc.array(requestArb, { maxLength: 3 }),
      failure: fc.array(requestArb, { maxLength: 3 }),
      output,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('compaction' as const), rev: fc.nat(1_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lease-grant' as const), ttl: fc.constantFrom(...LEASE_TTLS), output }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lease-revoke' as const), lease: rawLease, output }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lease-timetolive' as const), lease: rawLease, keys: fc.boolean(), output }) },
  // --cluster: the member list's client URL is the real etcd's --advertise-client-urls, which the
  // model is given too, so the row is the same endpoint on both sides.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('endpoint-status' as const), cluster: fc.boolean(), output }) },
  // The member and cluster IDs come from the same peer URL, name and token on both sides: nothing to normalize.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('member-list' as const), output: fc.constantFrom<Output | 'table'>('simple', 'json', 'table') }) },
  {
    weight: 2,
    // Mostly prefix watches: a watch on one of six keys would rarely see an event.
    arbitrary: fc.oneof(
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('watch' as const), key: fc.constantFrom(...KEYS), prefix: fc.constant(false), rev: rawRev, prevKv: fc.boolean(), output }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('watch' as const), key: fc.constantFrom(...PREFIXES), prefix: fc.constant(true), rev: rawRev, prevKv: fc.boolean(), output }) },
    ),
  },
);

/**
 * Sequences of 5–15 commands (a few may be dropped by `resolve`, see there). Each slot is an
 * option that is almost never empty when drawn, so sequences are 5–15 long, but that shrinks
 * to empty: a failure can then shrink below the 5 that minLength would otherwise keep.
 */
export const sequenceArb: fc.Arbitrary<Sequence> = fc
  .array(fc.option(rawOpArb, { nil: undefined, freq: 100 }), { minLength: 5, maxLength: 15 })
  .map((slots) => resolve(slots.filter((op): op is Op => op !== undefined)));

/** A lease as the walk knows it: its placeholder index, its TTL and whether it is gone. */
interface LeaseState {
  n: number;
  ttl: number;
  revoked: boolean;
}

/**
 * Turns raw draws into concrete revisions and placeholders, walking a sketch of the store
 * (sketch.ts).
 */
export function resolve(raw: Op[]): Sequence {
  const store = new StoreSketch();
  const leases: LeaseState[] = [];
  let grants = 0;
  let shortLease = false;
  let watches = 0;
  const ops: Op[] = [];
  /** Only leases whose TTL outlives the sequence are referenced: a 1 s lease expires by wall clock. */
  const usable = (): number[] => leases.filter((l) => l.ttl >= 60).map((l) => l.n);
  /** A granted lease (revoked ones included), or one time in four the never-granted one. */
  const pickLease = (rawN: number): number => {
    const long = usable();
    if (long.length === 0 || rawN % 4 === 0) return UNGRANTED_LEASE;
    return long[(rawN >> 2) % long.length] as number;
  };
  const grant = (op: Op & { kind: 'lease-grant' }): void => {
    ops.push(op);
    if (op.ttl > MAX_LEASE_TTL) return;
    leases.push({ n: grants++, ttl: op.ttl, revoked: false });
    if (op.ttl < 60) shortLease = true;
  };
  /**
   * A revoke or timetolive drawn before any usable lease exists becomes, two times in three, a
   * grant: otherwise most lease commands would only ever see the unknown lease.
   */
  const grantInstead = (rawN: number, output: Output): boolean => {
    if (usable().length > 0 || rawN % 3 === 0) return false;
    grant({ kind: 'lease-grant', ttl: rawN % 2 === 0 ? 60 : 600, output });
    return true;
  };
  const live = (n: number): LeaseState | undefined => leases.find((l) => l.n === n && !l.revoked);
  const revIn = (rawN: number): number => store.revision(rawN);

  for (const op of raw) {
    switch (op.kind) {
      case 'put': {
        // With no lease granted yet, most puts drawn with one go without: a put on an unknown
        // lease is worth seeing, but not in every other command.
        const lease = op.lease === undefined || (usable().length === 0 && op.lease % 4 !== 0) ? undefined : pickLease(op.lease);
        ops.push({ ...op, lease });
        if (lease === undefined || live(lease)) store.put(op.key, shellWordValue(op.value), lease);
        break;
      }
      case 'get':
        ops.push({ ...op, rev: op.rev === undefined ? undefined : revIn(op.rev) });
        break;
      case 'del': {
        ops.push(op);
        store.del(op.key, op.prefix);
        break;
      }
      case 'txn': {
        ops.push(op);
        store.txn(op.compares, op.success, op.failure);
        break;
      }
      case 'compaction': {
        const rev = store.compactionRevision(op.rev);
        ops.push({ ...op, rev });
        store.compact(rev);
        break;
      }
      case 'lease-grant':
        grant(op);
        break;
      case 'lease-revoke': {
        if (grantInstead(op.lease, op.output)) break;
        const n = pickLease(op.lease);
        ops.push({ ...op, lease: n });
        const l = live(n);
        if (l) {
          l.revoked = true;
          store.revoke(n);
        }
        break;
      }
      case 'lease-timetolive':
        if (grantInstead(op.lease, op.output)) break;
        ops.push({ ...op, lease: pickLease(op.lease) });
        break;
      case 'endpoint-status':
        // A short lease expires after about a second of wall clock on the real side and after
        // some simulated time on the model's; its revocation is a raft entry, so RAFT INDEX would
        // depend on timing. Status is left out of sequences that granted one.
        if (!shortLease) ops.push(op);
        break;
      case 'member-list':
        ops.push(op);
        break;
      case 'watch':
        if (watches < MAX_WATCHES) {
          watches++;
          ops.push({ ...op, rev: op.rev === undefined ? undefined : store.watchRevision(op.rev) });
        }
        break;
    }
  }
  return withDisplay({ ops, commands: ops.map(renderOp) });
}

/** fast-check prints a counterexample with this: the command lines, not the op records. */
function withDisplay(seq: Sequence): Sequence {
  Object.defineProperty(seq, fc.toStringMethod, { value: () => `\n${formatSequence(seq.commands)}\n`, enumerable: false });
  return seq;
}
