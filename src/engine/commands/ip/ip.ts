/**
 * `ip netns list` (iproute2 ip/ipnetns.c netns_list): the names under /var/run/netns in the
 * order readdir gives them — newest first on the tmpfs /run — each followed by ` (id: N)` when
 * the namespace has an id in the caller's namespace (peer netns ids appear once a veth pair
 * links them).
 */
export interface NetnsEntry {
  name: string;
  nsid?: number;
}

export interface IpResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `ip netns` subcommands iproute2 matches by prefix (`ip netns l`, `ip netns list`, `ip netns show`). */
function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

/** Runs an `ip` command line (argv without `ip`) against the host's network namespaces. */
export function runIp(argv: readonly string[], netns: readonly NetnsEntry[]): IpResult {
  const [object, cmd, ...rest] = argv;
  if (object === undefined) return { exitCode: 255, stdout: '', stderr: 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n' };
  if (!matches(object, 'netns')) return { exitCode: 255, stdout: '', stderr: `ip ${object}: not simulated yet in this release of kube-anatomy (simulated: ip netns list)\n` };
  if (cmd === undefined || matches(cmd, 'list') || cmd === 'show') {
    if (rest.length > 0) return { exitCode: 255, stdout: '', stderr: `Command line is not complete. Try option "help"\n` };
    return { exitCode: 0, stdout: netns.map((n) => (n.nsid !== undefined ? `${n.name} (id: ${n.nsid})\n` : `${n.name}\n`)).join(''), stderr: '' };
  }
  return { exitCode: 255, stdout: '', stderr: `ip netns ${cmd}: not simulated yet in this release of kube-anatomy (simulated: ip netns list)\n` };
}
