import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, rmdirSync } from 'node:fs';
import type { CgroupV1Layout } from '../../../src/domain/oci/cgroups.ts';
import { requireCommand } from './host.ts';

/**
 * Facts of the host that shape what runc and crun do (real-capture-notes section 0): which
 * cgroup hierarchies are mounted, in /proc/self/mountinfo order (the order runc 1.1 bind-mounts
 * them into a container), and whether the host is "hybrid" (v1 controllers plus a cgroup2 mount
 * at /sys/fs/cgroup/unified that holds controllers), which crun 1.8.1 refuses.
 */
export interface HostCgroups {
  /** 1: v1 hierarchies (hybrid or not); 2: the unified hierarchy alone. */
  version: 1 | 2;
  /** v1: the hierarchy directory names under /sys/fs/cgroup in mountinfo order (cpu, cpuacct, …, systemd). */
  hierarchies: string[];
  /** A cgroup2 mount at /sys/fs/cgroup/unified with controllers in it (crun: "cgroups in hybrid mode not supported"). */
  hybridWithControllers: boolean;
}

export function hostCgroups(): HostCgroups {
  const hierarchies: string[] = [];
  let unified = false;
  let v2Root = false;
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    // "36 25 0:31 / /sys/fs/cgroup/cpu rw,relatime shared:12 - cgroup cgroup rw,cpu"
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4] ?? '';
    const fstype = right.split(' ')[0];
    if (fstype === 'cgroup' && mountPoint.startsWith('/sys/fs/cgroup/')) hierarchies.push(mountPoint.slice('/sys/fs/cgroup/'.length));
    if (fstype === 'cgroup2' && mountPoint === '/sys/fs/cgroup/unified') unified = true;
    if (fstype === 'cgroup2' && mountPoint === '/sys/fs/cgroup') v2Root = true;
  }
  const controllersFile = '/sys/fs/cgroup/unified/cgroup.controllers';
  const hybridWithControllers = unified && existsSync(controllersFile) && readFileSync(controllersFile, 'utf8').trim() !== '';
  return { version: v2Root && hierarchies.length === 0 ? 2 : 1, hierarchies, hybridWithControllers };
}

/** How to invoke a low-level runtime on this host: the binary, and a prefix that wraps every call. */
export interface RuntimeCommand {
  flavour: 'runc' | 'crun';
  binary: string;
  /** argv put before the runtime's own argv (empty when none is needed). */
  wrapper: string[];
  /** Ends what the wrapper needs (the mount namespace holder), by pid. */
  release(): void;
}

/**
 * runc as it is; crun, on a hybrid host, inside a private mount namespace whose
 * /sys/fs/cgroup/unified is a throw-away tmpfs, so crun sees a pure v1 host
 * (real-capture-notes section 1, "crun"). Unmounting the host's cgroup2 instead would let crun
 * write fake cgroup files into the shared /sys/fs/cgroup tmpfs: never do that. The namespace is
 * made once and held by a `sleep`; each call enters it with nsenter (two execs instead of the
 * four of unshare + sh + mount + crun: on a busy 2-vCPU machine every exec counts).
 */
export async function runtimeCommand(flavour: 'runc' | 'crun'): Promise<RuntimeCommand> {
  const binary = requireCommand(flavour, flavour);
  if (flavour === 'runc' || !hostCgroups().hybridWithControllers) return { flavour, binary, wrapper: [], release: () => undefined };
  const unshare = requireCommand('unshare', 'util-linux');
  const nsenter = requireCommand('nsenter', 'util-linux');
  const holder = spawn(unshare, ['-m', '--propagation', 'private', '/bin/sh', '-c', 'mount -t tmpfs -o size=1m nounified /sys/fs/cgroup/unified && exec sleep infinity'], { stdio: 'ignore' });
  const pid = holder.pid;
  if (pid === undefined) throw new Error('could not start the mount namespace holder for crun');
  const release = () => {
    if (holder.exitCode === null && holder.signalCode === null) process.kill(pid, 'SIGKILL');
  };
  // Ready once the holder has its own mount namespace and has become `sleep` (the mount is done).
  const until = Date.now() + 10_000;
  for (;;) {
    let ready = false;
    try {
      ready = readlinkSync(`/proc/${pid}/ns/mnt`) !== readlinkSync('/proc/self/ns/mnt') && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep';
    } catch {
      // Not there yet, or gone.
    }
    if (ready) break;
    if (holder.exitCode !== null || Date.now() > until) {
      release();
      throw new Error('the private mount namespace for crun could not be made (unshare -m, mount tmpfs over /sys/fs/cgroup/unified)');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { flavour, binary, wrapper: [nsenter, `--mount=/proc/${pid}/ns/mnt`, '--'], release };
}

/**
 * The host's v1 layout as the model takes it (src/domain/oci/cgroups.ts CgroupV1Layout):
 * mountinfo order, /proc/self/cgroup order (name=systemd is the `systemd` directory) and hybrid.
 */
export function hostCgroupLayout(): CgroupV1Layout {
  const host = hostCgroups();
  const procCgroupOrder = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .map((l) => l.split(':')[1] ?? '')
    .filter((c) => c !== '')
    .map((c) => c.replace(/^name=/, ''))
    .filter((c) => host.hierarchies.includes(c));
  return { hierarchies: host.hierarchies, procCgroupOrder, unified: existsSync('/sys/fs/cgroup/unified/cgroup.procs') };
}

/** The mount point `path` lives on: the longest mount point in /proc/self/mountinfo that contains it. */
export function mountPointOf(path: string): string {
  let best = '/';
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const mp = line.split(' ')[4];
    if (!mp) continue;
    if ((path === mp || path.startsWith(`${mp}/`)) && mp.length > best.length) best = mp;
  }
  return best;
}

/** Removes `/sys/fs/cgroup/<hierarchy><parent>` wherever it exists (empty by then); returns those it could not remove. */
export function removeCgroupDirs(parent: string): string[] {
  const left: string[] = [];
  const host = hostCgroups();
  const roots = host.version === 2 && host.hierarchies.length === 0 ? [''] : [...host.hierarchies.map((h) => `/${h}`), '/unified'];
  for (const root of roots) {
    const dir = `/sys/fs/cgroup${root}${parent}`;
    if (!existsSync(dir)) continue;
    try {
      rmdirSync(dir);
    } catch {
      left.push(dir);
    }
  }
  return left;
}
