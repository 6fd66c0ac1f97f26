/**
 * Wall-clock time finer than Date.now(): the epoch time at module load (ms) plus the monotonic
 * clock's elapsed time (ns), so the kubelet spans the harness writes are in order and to the
 * microsecond, on the same clock as the host's other recorders (ctr events, strace -ttt).
 */

const baseEpochMs = BigInt(Date.now());
const baseHr = process.hrtime.bigint();

/** Now, as nanoseconds since the epoch (microsecond-accurate at best). */
export function epochNanos(): bigint {
  return baseEpochMs * 1_000_000n + (process.hrtime.bigint() - baseHr);
}

