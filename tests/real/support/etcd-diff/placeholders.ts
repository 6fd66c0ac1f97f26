import type { CommandLine, CommandOutput } from './ops.ts';

/**
 * Lease placeholders. A sequence names leases `$LEASE0`, `$LEASE1`, … (the n-th successful
 * `lease grant`), because a real lease id is made from the member id, the wall clock and a
 * counter (pkg/idutil), so no sequence can spell it in advance. Each side resolves the
 * placeholders from its own grant outputs.
 */

/**
 * What an ungranted placeholder becomes: a well-formed id that no lease has (etcdctl reads lease
 * ids as hex, so this is 0x1234), giving "requested lease not found" / "already expired".
 */
export const UNKNOWN_LEASE_HEX = '1234';

const PLACEHOLDER = /\$LEASE(\d+)/g;

/** Whether a command line still needs lease ids. */
export function usesPlaceholders(cmd: CommandLine): boolean {
  return /\$LEASE\d+/.test(cmd.line);
}

/** The line with every placeholder replaced by the granted id (hex), or by the unknown one. */
export function resolvePlaceholders(line: string, granted: readonly string[]): string {
  return line.replace(PLACEHOLDER, (_m, n: string) => granted[Number(n)] ?? UNKNOWN_LEASE_HEX);
}

/** Whether a command line is a `lease grant`, whose output names a new lease. */
export function isLeaseGrant(line: string): boolean {
  return /^etcdctl lease grant\b/.test(line);
}

/**
 * The id (hex, as etcdctl takes it) a successful grant printed: `lease <%016x> granted with
 * TTL(60s)` in the simple format, `"ID":<decimal>` with `-w json`. undefined when it failed.
 */
export function grantedLeaseId(out: CommandOutput): string | undefined {
  if (out.exitCode !== 0) return undefined;
  const simple = /^lease ([0-9a-f]+) granted with TTL\(/m.exec(out.stdout);
  if (simple) return simple[1];
  const json = /"ID":(\d+)/.exec(out.stdout);
  if (json?.[1]) return BigInt(json[1]).toString(16);
  return undefined;
}

/** The ids granted so far, in order, from the outputs of the commands run so far. */
export function grantsOf(commands: readonly CommandLine[], outputs: readonly CommandOutput[]): string[] {
  const ids: string[] = [];
  commands.forEach((cmd, i) => {
    const out = outputs[i];
    if (!out || !isLeaseGrant(cmd.line)) return;
    const id = grantedLeaseId(out);
    if (id !== undefined) ids.push(id);
  });
  return ids;
}
