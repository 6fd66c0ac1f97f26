import type { CommandLine, CommandOutput } from './ops.ts';
import { grantsOf } from './placeholders.ts';

/**
 * What differs between the real etcd and the model by design, and only that. Each function is
 * one difference with its reason; everything else (revisions, values, base64, cluster_id,
 * member_id, raft_term, raft index, error text, exit codes, watch events and their batching)
 * is compared as printed. README.md in this folder lists the same items.
 */

/**
 * (a) clientv3 logs a zap JSON line on stderr before a failed unary call
 * (`{"level":"warn","ts":…,"caller":"clientv3/retry_interceptor.go:62",…}`): it holds the wall
 * clock and a random client id (`endpoint://client-<uuid>/…`). The model does not print it.
 */
export function dropClientLogLines(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((line) => !/^\{"level":"[a-z]+","ts":"[^"]*","caller":"[^"]*",.*\}\n?$/.test(line))
    .join('');
}

/**
 * (b) Lease ids come from a generator seeded with the member id and the wall clock
 * (pkg/idutil), so each side's ids are replaced by `<lease#n>`, n in order of first appearance
 * over the whole sequence, in the two forms etcdctl prints: `%016x` in the simple format and a
 * decimal number in JSON (`"ID"`, `"id"`, `"lease"`). Only the ids the side itself granted are
 * mapped; any other id (the unknown 0x1234, the member id) stays as printed.
 */
export function mapLeaseIds(commands: readonly CommandLine[], outputs: readonly CommandOutput[]): CommandOutput[] {
  const granted = new Set(grantsOf(commands, outputs).map((hex) => BigInt(`0x${hex}`)));
  const names = new Map<bigint, string>();
  const name = (id: bigint): string => {
    let n = names.get(id);
    if (n === undefined) {
      n = `<lease#${names.size}>`;
      names.set(id, n);
    }
    return n;
  };
  const map = (text: string): string =>
    text
      .replace(/\b[0-9a-f]{16}\b/g, (hex) => (granted.has(BigInt(`0x${hex}`)) ? name(BigInt(`0x${hex}`)) : hex))
      .replace(/("(?:ID|id|lease)":)(\d+)/g, (m, field: string, dec: string) => (granted.has(BigInt(dec)) ? field + name(BigInt(dec)) : m));
  return outputs.map((o) => ({ ...o, stdout: map(o.stdout), stderr: map(o.stderr) }));
}

/**
 * (c) `lease timetolive` counts the remaining TTL on the wall clock on one side and on the
 * simulated clock on the other: `remaining(Ns)` and JSON `"ttl":N` count as equal within 2 s.
 * Where both are within, the model's number is replaced by the real one; otherwise both stay
 * and the difference is reported.
 */
export function alignRemainingTtl(real: string, model: string): string {
  const pattern = /(remaining\(|"ttl":)(-?\d+)/g;
  const realValues = [...real.matchAll(pattern)].map((m) => Number(m[2]));
  let i = 0;
  return model.replace(pattern, (m, prefix: string, value: string) => {
    const r = realValues[i++];
    return r !== undefined && Math.abs(r - Number(value)) <= 2 ? `${prefix}${r}` : m;
  });
}

/**
 * (d) `endpoint status` DB SIZE (`20 kB`) and JSON dbSize / dbSizeInUse depend on how bbolt
 * allocated pages in the real data file; the model has no file. Replaced by a marker.
 */
export function maskDbSize(stdout: string): string {
  return stdout
    .replace(/("dbSize(?:InUse)?":)\d+/g, '$1<db-size>')
    .replace(/^(http:\/\/[^,]+, [0-9a-f]+, [^,]+, )[^,]+(, )/gm, '$1<db-size>$2');
}

/**
 * (e) `lease timetolive --keys` lists the attached keys from a Go map (lessor's itemSet), in
 * random order: `attached keys([…])` and the JSON "keys" array are sorted.
 */
export function sortAttachedKeys(stdout: string): string {
  return stdout
    .replace(/attached keys\(\[([^\]]*)\]\)/g, (_m, list: string) => `attached keys([${list.split(' ').filter((k) => k !== '').sort().join(' ')}])`)
    .replace(/("keys":)\[([^\]]*)\]/g, (_m, field: string, list: string) => `${field}[${list.split(',').filter((k) => k !== '').sort().join(',')}]`);
}

/** Both sides of a sequence after (a)–(e), command by command. */
export function normalizePair(commands: readonly CommandLine[], real: readonly CommandOutput[], model: readonly CommandOutput[]): { real: CommandOutput[]; model: CommandOutput[] } {
  const side = (outs: readonly CommandOutput[]): CommandOutput[] =>
    mapLeaseIds(commands, outs).map((o, i) => {
      const line = commands[i]?.line ?? '';
      let stdout = o.stdout;
      if (/^etcdctl endpoint status\b/.test(line)) stdout = maskDbSize(stdout);
      if (/^etcdctl lease timetolive\b/.test(line)) stdout = sortAttachedKeys(stdout);
      return { exitCode: o.exitCode, stdout, stderr: dropClientLogLines(o.stderr) };
    });
  const r = side(real);
  const m = side(model).map((o, i) => {
    const line = commands[i]?.line ?? '';
    const ro = r[i];
    return ro && /^etcdctl lease timetolive\b/.test(line) ? { ...o, stdout: alignRemainingTtl(ro.stdout, o.stdout) } : o;
  });
  return { real: r, model: m };
}
