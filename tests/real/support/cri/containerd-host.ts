import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireCommand, requireRoot, run } from '../host.ts';
import { sleep, startCaptured, waitExit, type Captured } from '../etcd-diff/process.ts';
import { CriGrpcClient } from './client.ts';
import { CGROUP_ROOT, POD_CIDR } from './constants.ts';
import { BUSYBOX_IMAGE, buildImage, layoutArchive, PAUSE_IMAGE, type BuiltImage } from './oci-image.ts';

/**
 * A private containerd 1.6 with its CRI plugin (real-capture-notes sections 2, 3 and 8): root,
 * state, sockets, CNI config and host-local data under one temp dir; containerd in its own
 * network namespace (`unshare -n`, only `lo`), so the CNI bridge, the veths and the pod's netns
 * live and die there; the sandbox image imported into `k8s.io`, the app image pulled from a
 * registry on loopback in that namespace (registry-server.mjs, named as docker.io's mirror in
 * hosts.toml). `stop()` ends every process it started by pid and removes everything it made,
 * including what containerd 1.6 always puts in /run/containerd and libcni in /var/lib/cni when
 * they were not there before.
 */

const REGISTRY_PORT = 5000;
const START_TIMEOUT_MS = 20_000;

export interface ContainerdHost {
  work: string;
  socket: string;
  client: CriGrpcClient;
  images: { pause: BuiltImage; busybox: BuiltImage };
  versions: { containerd: string; runc: string };
  /** The `ctr events` stream (all namespaces), as it comes. */
  events: Captured;
  /** The registry's request log. */
  registry: Captured;
  containerdProc: Captured;
  cgroupVersion: 1 | 2;
  stop(): Promise<void>;
}

function lacksCapSysResource(): boolean {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('CapEff:'));
  const eff = BigInt(`0x${(line ?? 'CapEff:\t0').split(/\s+/)[1] ?? '0'}`);
  return (eff & (1n << 24n)) === 0n;
}

function hostCgroupVersion(): 1 | 2 {
  return existsSync('/sys/fs/cgroup/cgroup.controllers') ? 2 : 1;
}

/** What a caller may choose about the private containerd (all optional; additive for tests/real/replay-*). */
export interface StartContainerdOptions {
  /**
   * The runc runtime's `BinaryName` (containerd 1.6: `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]`),
   * e.g. a wrapper that runs runc under strace; default: runc from PATH.
   */
  runcBinaryName?: string;
}

function configToml(work: string, opts: StartContainerdOptions = {}): string {
  // restrict_oom_score_adj: the sandbox's -998 needs CAP_SYS_RESOURCE, which root lacks on the
  // recording VM (section 0); with it, containerd clamps oom_score_adj to its own.
  return `version = 2
root = "${work}/root"
state = "${work}/state"
oom_score = 0
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = "${work}/containerd.sock"

[ttrpc]
  address = "${work}/containerd.sock.ttrpc"

[debug]
  level = "debug"

[plugins."io.containerd.internal.v1.opt"]
  path = "${work}/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  restrict_oom_score_adj = ${lacksCapSysResource()}
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false${opts.runcBinaryName ? `\n        BinaryName = "${opts.runcBinaryName}"` : ''}
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${work}/cni/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${work}/certs.d"
`;
}

function cniConflist(work: string): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'kube-anatomy',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          // No masquerading: it would need iptables, and the pod talks to nothing off the node.
          ipMasq: false,
          promiscMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: POD_CIDR }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: `${work}/cni/ipam` },
        },
      ],
    },
    null,
    2,
  );
}

function hostsToml(): string {
  return `server = "https://registry-1.docker.io"

[host."http://127.0.0.1:${REGISTRY_PORT}"]
  capabilities = ["pull", "resolve"]
`;
}

/** Mount points under `dir` (deepest first), from /proc/self/mountinfo. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => (l.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Pids of processes whose command line mentions `needle` (the shims started for our socket). */
function pidsMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').includes(needle)) out.push(Number(e));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function rmCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    try {
      if (statSync(p).isDirectory()) rmCgroupTree(p);
    } catch {
      // Gone meanwhile.
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // Still has tasks (a process we could not kill): left for the report below.
  }
}

function cgroupLeftovers(): string[] {
  const left: string[] = [];
  for (const h of readdirSync('/sys/fs/cgroup')) {
    const dir = join('/sys/fs/cgroup', h, CGROUP_ROOT);
    rmCgroupTree(dir);
    if (existsSync(dir)) left.push(dir);
  }
  return left;
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, proc?: Captured): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ok()) return;
    if (proc && proc.exitCode !== undefined) throw new Error(`${what}: the process exited with ${proc.exitCode}\n${proc.stderr.slice(-4000)}`);
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${proc ? `\n${proc.stderr.slice(-4000)}` : ''}`);
}

/**
 * Returns once `ctr events` is subscribed and has printed everything we caused so far.
 * The subscription is in place once an event we cause shows up in the stream; a namespace
 * created before that is never printed, so each attempt makes a new one (a slow machine may need
 * several). The last delete is awaited too, so that it is not read as the first call's event.
 */
async function syncEventStream(ctr: string, socket: string, env: NodeJS.ProcessEnv, events: Captured): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    const name = `kube-anatomy-sync-${attempt}`;
    const created = run(ctr, ['-a', socket, 'namespaces', 'create', name], { env });
    if (created.code !== 0) throw new Error(`ctr namespaces create ${name} failed: ${created.stderr}`);
    const printed = (topic: string): boolean => events.stdout.includes(`${topic} {"name":"${name}"}`);
    let seen = false;
    try {
      await waitFor(`ctr events to print ${name}`, () => printed('/namespaces/create'), 1_000, events);
      seen = true;
    } catch (err) {
      if (events.exitCode !== undefined || Date.now() > until) throw new Error(`ctr events to subscribe: not within ${START_TIMEOUT_MS} ms (${(err as Error).message})`);
    }
    const removed = run(ctr, ['-a', socket, 'namespaces', 'remove', name], { env });
    if (removed.code !== 0) throw new Error(`ctr namespaces remove ${name} failed: ${removed.stderr}`);
    if (seen) {
      await waitFor(`ctr events to print the removal of ${name}`, () => printed('/namespaces/delete'), START_TIMEOUT_MS, events);
      return;
    }
  }
}

/** Starts the private containerd, imports the sandbox image and starts the registry and `ctr events`. */
export async function startContainerd(opts: StartContainerdOptions = {}): Promise<ContainerdHost> {
  requireRoot();
  const bin = {
    containerd: requireCommand('containerd', 'containerd'),
    ctr: requireCommand('ctr', 'containerd'),
    shim: requireCommand('containerd-shim-runc-v2', 'containerd'),
    runc: requireCommand('runc', 'runc'),
    busybox: requireCommand('busybox', 'busybox-static'),
    unshare: requireCommand('unshare', 'util-linux'),
    nsenter: requireCommand('nsenter', 'util-linux'),
    ip: requireCommand('ip', 'iproute2'),
    tar: requireCommand('tar', 'tar'),
    gzip: requireCommand('gzip', 'gzip'),
  };
  for (const p of ['bridge', 'host-local', 'loopback']) {
    if (!existsSync(`/usr/lib/cni/${p}`)) throw new Error(`/usr/lib/cni/${p} not found: install it with \`apt-get install -y containernetworking-plugins\` (.ci/run does)`);
  }
  const hadRunContainerd = existsSync('/run/containerd');
  const hadVarLibCni = existsSync('/var/lib/cni');
  const work = mkdtempSync(join(tmpdir(), 'ka-cri-'));
  const socket = join(work, 'containerd.sock');
  const started: Captured[] = [];
  let client: CriGrpcClient | undefined;

  const stop = async (): Promise<void> => {
    const problems: string[] = [];
    client?.close();
    // ctr events and the registry first, then containerd (SIGTERM, then SIGKILL), each by pid.
    for (const p of [...started].reverse()) {
      p.signal('SIGTERM');
      if ((await waitExit(p, 10_000)) === undefined) problems.push(`pid ${p.pid} needed SIGKILL`);
    }
    // Shims outlive containerd by design; after a failed run some may still hold containers.
    const taskDir = join(work, 'state', 'io.containerd.runtime.v2.task', 'k8s.io');
    const ids = existsSync(taskDir) ? readdirSync(taskDir) : [];
    for (const id of ids) spawnSync(bin.runc, ['--root', '/run/containerd/runc/k8s.io', 'delete', '--force', id], { stdio: 'ignore', timeout: 10_000 });
    for (const pid of pidsMentioning(socket)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    if (ids.length) await sleep(200);
    for (const m of mountsUnder(work)) spawnSync('umount', ['-l', m], { stdio: 'ignore', timeout: 10_000 });
    const leftMounts = mountsUnder(work);
    if (leftMounts.length) problems.push(`mounts left: ${leftMounts.join(', ')}`);
    else rmSync(work, { recursive: true, force: true });
    const leftCgroups = cgroupLeftovers();
    if (leftCgroups.length) problems.push(`cgroups left: ${leftCgroups.join(', ')}`);
    // containerd 1.6 uses /run/containerd/{s,fifo,runc/<ns>} whatever the config says.
    if (!hadRunContainerd) rmSync('/run/containerd', { recursive: true, force: true });
    // libcni caches ADD results in /var/lib/cni/results (go-cni's default cache dir).
    if (!hadVarLibCni) rmSync('/var/lib/cni', { recursive: true, force: true });
    if (problems.length) throw new Error(`cleanup of ${work}: ${problems.join('; ')}`);
  };

  try {
    mkdirSync(join(work, 'cni', 'net.d'), { recursive: true });
    mkdirSync(join(work, 'cni', 'ipam'), { recursive: true });
    mkdirSync(join(work, 'certs.d', 'docker.io'), { recursive: true });
    writeFileSync(join(work, 'cni', 'net.d', '10-kube-anatomy.conflist'), cniConflist(work));
    writeFileSync(join(work, 'certs.d', 'docker.io', 'hosts.toml'), hostsToml());
    writeFileSync(join(work, 'config.toml'), configToml(work, opts));
    const images = { pause: buildImage(join(work, 'images'), 'pause', bin.busybox), busybox: buildImage(join(work, 'images'), 'busybox', bin.busybox) };

    const containerdProc = startCaptured(bin.unshare, ['-n', '/bin/sh', '-c', `${bin.ip} link set lo up && exec "$@"`, 'sh', bin.containerd, '--config', join(work, 'config.toml')], process.env);
    started.push(containerdProc);
    const ctrEnv = { ...process.env, CONTAINERD_ADDRESS: socket };
    await waitFor('containerd to listen', () => existsSync(socket) && run(bin.ctr, ['-a', socket, 'version'], { timeoutMs: 5_000, env: ctrEnv }).code === 0, START_TIMEOUT_MS, containerdProc);

    const registry = startCaptured(bin.nsenter, [`--net=/proc/${containerdProc.pid}/ns/net`, process.execPath, new URL('./registry-server.mjs', import.meta.url).pathname, images.busybox.layout, 'library/busybox', String(REGISTRY_PORT)], process.env);
    started.push(registry);
    await waitFor('the registry to listen', () => registry.stdout.includes('listening'), START_TIMEOUT_MS, registry);

    const imported = run(bin.ctr, ['-a', socket, '-n', 'k8s.io', 'images', 'import', layoutArchive(images.pause, join(work, 'images', 'pause.oci.tar'))], { timeoutMs: 30_000, env: ctrEnv });
    if (imported.code !== 0) throw new Error(`ctr images import failed: ${imported.stderr}`);

    const events = startCaptured(bin.ctr, ['-a', socket, 'events'], ctrEnv);
    started.push(events);
    await syncEventStream(bin.ctr, socket, ctrEnv, events);

    client = new CriGrpcClient(socket);
    const containerdVersion = /containerd \S+ (\S+)/.exec(run(bin.containerd, ['--version']).stdout)?.[1] ?? 'unknown';
    const runcVersion = /runc version (\S+)/.exec(run(bin.runc, ['--version']).stdout)?.[1] ?? 'unknown';
    return { work, socket, client, images, versions: { containerd: containerdVersion, runc: runcVersion }, events, registry, containerdProc, cgroupVersion: hostCgroupVersion(), stop };
  } catch (err) {
    try {
      await stop();
    } catch (cleanupErr) {
      throw new Error(`${(err as Error).message}\n(and ${(cleanupErr as Error).message})`);
    }
    throw err;
  }
}

export { BUSYBOX_IMAGE, PAUSE_IMAGE };
