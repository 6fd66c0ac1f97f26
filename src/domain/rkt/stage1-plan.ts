import { ISOLATION, type Stage1Flavour } from './flavours.ts';
import { DEFAULT_NET, kvmTapName, NETNS_DIR } from './network.ts';
import { DUR, type RktStep } from './steps.ts';

/**
 * What each stage1 flavour does once stage0 has exec'd its run entrypoint, and how it starts,
 * stops and cleans up apps (stage1/init/init.go, stage1/init/kvm, stage1_fly/run/main.go,
 * networking/networking.go, podenv.go, kvm.go, stage1/stop_kvm; Documentation/devel
 * architecture.md, stage1-implementors-guide.md).
 */

export interface BootInput {
  flavour: Stage1Flavour;
  uuid: string;
  podDir: string;
  apps: { name: string; exec: string[] }[];
  mutable: boolean;
  /** The pod's network: absent with `--net=host` (and always for fly). */
  net?: { netns: string; ip: string; hostVeth: string };
  hostname: string;
}

/** machine id = the UUID without dashes (init.go getArgsEnv): the nspawn machine is rkt-<uuid>. */
export function machineId(uuid: string): string {
  return uuid.replace(/-/g, '');
}

/** The unit of an app in stage1's systemd (stage1/init/common ServiceUnitName). */
export function serviceUnit(app: string): string {
  return `${app}.service`;
}

/** The CNI ADD of the default network (ptp + host-local), as rkt runs the plugins from stage1. */
function defaultNetAdd(uuid: string, netnsPath: string, ip: string, hostVeth: string): RktStep[] {
  const env = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: uuid, CNI_NETNS: netnsPath, CNI_IFNAME: 'eth0', CNI_PATH: 'stage1/rootfs/usr/lib/rkt/plugins/net' };
  return [
    { op: 'exec net plugin', dur: DUR.cniPlugin, stage: 'stage1', attrs: { plugin: DEFAULT_NET.type, network: DEFAULT_NET.name, conf: DEFAULT_NET.podConfPath, env } },
    { op: 'host-local allocate', dur: DUR.fileOp, stage: 'stage1', attrs: { plugin: 'host-local', subnet: DEFAULT_NET.subnet, ip } },
    { op: 'ip link add', dur: DUR.netlink, stage: 'stage1', attrs: { plugin: 'ptp', type: 'veth', name: 'eth0', peer: hostVeth, netns: netnsPath } },
    { op: 'ip addr add', dur: DUR.netlink, stage: 'stage1', attrs: { plugin: 'ptp', dev: 'eth0', address: `${ip}/24` } },
    { op: 'ip route add', dur: DUR.netlink, stage: 'stage1', attrs: { plugin: 'ptp', dst: '0.0.0.0/0', via: '172.16.28.1' } },
    { op: 'iptables', dur: DUR.iptables, stage: 'stage1', attrs: { plugin: 'ptp', table: 'nat', rule: `-s ${ip}/32 -j MASQUERADE`, ipMasq: DEFAULT_NET.ipMasq } },
    { op: 'write net-info.json', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'net-info.json', netName: DEFAULT_NET.name, ip } },
  ];
}

/** systemd-nspawn's argument list (init.go getArgsEnv, flavour coreos, not debug, host runs systemd). */
export function nspawnArgv(podDir: string, uuid: string): string[] {
  return [
    `${podDir}/stage1/rootfs/usr/lib/ld-linux-x86-64.so.2`,
    `${podDir}/stage1/rootfs/usr/bin/systemd-nspawn`,
    '--boot',
    '--notify-ready=yes',
    '--register=true',
    '--link-journal=try-guest',
    '--quiet',
    `--uuid=${uuid}`,
    `--machine=rkt-${uuid}`,
    `--directory=stage1/rootfs`,
    '--',
    '--default-standard-output=tty',
    '--log-target=null',
    '--show-status=0',
  ];
}

/** hvlkvm StartCmd (stage1/init/kvm/hypervisor/hvlkvm/lkvm_driver.go). */
export function lkvmArgv(podDir: string, uuid: string, tap: string, ip: string): string[] {
  return [
    `${podDir}/stage1/rootfs/lkvm`,
    'run',
    '--name',
    `rkt-${uuid}`,
    '--no-dhcp',
    '--cpu',
    '1',
    '--mem',
    '128',
    '--console=virtio',
    '--kernel',
    `${podDir}/stage1/rootfs/bzImage`,
    '--disk',
    'stage1/rootfs',
    '--params',
    `systemd.default_standard_error=journal+console systemd.default_standard_output=journal+console systemd.machine_id=${machineId(uuid)}`,
    '--network',
    `mode=tap,tapif=${tap},host_ip=172.16.28.1,guest_ip=${ip}`,
  ];
}

/** From the stage1 entrypoint to a ready supervisor (coreos, kvm) or to the app itself (fly). */
export function bootSteps(b: BootInput): RktStep[] {
  const steps: RktStep[] = [];
  if (b.flavour === 'fly') return flyRunSteps(b);
  if (b.flavour === 'coreos' && b.net) {
    const netnsPath = `${NETNS_DIR}/${b.net.netns}`;
    steps.push({ op: 'unshare', dur: DUR.netlink, stage: 'stage1', attrs: { flags: 'CLONE_NEWNET', ns: 'net', bindMount: netnsPath } });
    steps.push(...defaultNetAdd(b.uuid, netnsPath, b.net.ip, b.net.hostVeth));
    steps.push({ op: 'setns', dur: DUR.netlink, stage: 'stage1', attrs: { fd: netnsPath, nstype: 'CLONE_NEWNET' } });
  }
  if (b.flavour === 'kvm' && b.net) {
    const tap = kvmTapName(b.uuid);
    steps.push(
      { op: 'ioctl TUNSETIFF', dur: DUR.netlink, stage: 'stage1', attrs: { name: tap, flags: 'IFF_TAP|IFF_NO_PI', persist: true } },
      { op: 'exec net plugin', dur: DUR.cniPlugin, stage: 'stage1', attrs: { plugin: 'host-local', network: DEFAULT_NET.name, subnet: DEFAULT_NET.subnet, ip: b.net.ip, env: { CNI_COMMAND: 'ADD', CNI_IFNAME: tap } } },
      { op: 'ip addr add', dur: DUR.netlink, stage: 'stage1', attrs: { dev: tap, address: '172.16.28.1/24' } },
      { op: 'ip route add', dur: DUR.netlink, stage: 'stage1', attrs: { dst: `${b.net.ip}/32`, dev: tap, scope: 'link' } },
      { op: 'write net-info.json', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'net-info.json', netName: DEFAULT_NET.name, ip: b.net.ip, ifName: tap } },
    );
  }
  steps.push({ op: 'write /etc/hostname', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'stage1/rootfs/etc/hostname', hostname: b.hostname } });
  // ImmutableEnv writes a service per app; MutableEnv only the pod's own units (apps come with app add).
  const units = b.mutable ? ['default.target', 'halt.target', 'shutdown.service'] : [...b.apps.map((a) => serviceUnit(a.name)), ...b.apps.map((a) => `reaper-${a.name}.service`), 'default.target', 'shutdown.service'];
  steps.push({ op: b.mutable ? 'MutableEnv' : 'ImmutableEnv', dur: DUR.unitFiles, stage: 'stage1', attrs: { dir: 'stage1/rootfs/usr/lib/systemd/system', units } });
  if (b.flavour === 'kvm') {
    steps.push({ op: 'write pid', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'pid' } });
    steps.push({ op: 'execve', dur: DUR.lkvmStart, stage: 'stage1', attrs: { filename: `${b.podDir}/stage1/rootfs/lkvm`, argv: lkvmArgv(b.podDir, b.uuid, kvmTapName(b.uuid), b.net?.ip ?? '') } });
    steps.push({ op: 'boot guest kernel', dur: DUR.guestKernelBoot, stage: 'stage1', attrs: { kernel: 'bzImage', vm: `rkt-${b.uuid}`, rootfs: '9p stage1/rootfs' } });
    steps.push({ op: 'systemd boot', dur: DUR.guestSystemdBoot, stage: 'stage1', attrs: { pid1: '/usr/lib/systemd/systemd', where: 'guest VM' } });
  } else {
    steps.push(
      { op: 'unshare', dur: DUR.netlink, stage: 'stage1', attrs: { flags: 'CLONE_NEWNS', why: 'cgroup mounts go away with the pod' } },
      { op: 'mount cgroups', dur: DUR.mounts, stage: 'stage1', attrs: { target: 'stage1/rootfs/sys/fs/cgroup', subcgroup: `machine.slice/machine-rkt\\x2d${b.uuid.replace(/-/g, '\\x2d')}.scope` } },
      { op: 'write ppid', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'ppid' } },
      { op: 'execve', dur: DUR.forkExec, stage: 'stage1', attrs: { filename: `${b.podDir}/stage1/rootfs/usr/bin/systemd-nspawn`, argv: nspawnArgv(b.podDir, b.uuid) } },
      { op: 'clone', dur: DUR.nspawnSetup, stage: 'stage1', attrs: { proc: 'systemd-nspawn', flags: 'CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUTS|CLONE_NEWIPC', namespaces: ISOLATION.coreos.namespaces.filter((n) => n !== 'net') } },
      { op: 'execve', dur: DUR.forkExec, stage: 'stage1', attrs: { proc: 'systemd-nspawn child', filename: '/usr/lib/systemd/systemd', pid: 1 } },
      { op: 'systemd boot', dur: DUR.systemdBoot, stage: 'stage1', attrs: { pid1: '/usr/lib/systemd/systemd', machine: `rkt-${b.uuid}` } },
    );
  }
  steps.push({ op: 'sd_notify', dur: 0, stage: 'stage1', attrs: { state: 'READY=1', supervisor: 'rkt/supervisor-status -> ready' } });
  return steps;
}

/** systemd starts an app's service: prepare-app, then chroot into the app's rootfs and execve (stage1 units.go). */
export function appStartSteps(flavour: Stage1Flavour, app: string, exec: string[]): RktStep[] {
  return [
    { op: 'start unit', dur: DUR.unitStart, stage: 'stage1', attrs: { unit: serviceUnit(app), via: flavour === 'kvm' ? 'systemd in the VM' : 'systemd in stage1' } },
    { op: 'prepare-app', dur: DUR.mounts, stage: 'stage1', attrs: { rootfs: `/opt/stage2/${app}/rootfs`, mounts: ['/proc', '/sys', '/dev', '/dev/shm', '/dev/pts'] } },
    { op: 'chroot', dur: DUR.chroot, stage: 'stage2', attrs: { path: `/opt/stage2/${app}/rootfs` } },
    { op: 'execve', dur: DUR.forkExec, stage: 'stage2', attrs: { filename: exec[0] ?? '', argv: exec } },
  ];
}

/**
 * stage1-fly's /run (stage1_fly/run/main.go): no namespaces and no systemd; it bind-mounts
 * /dev, /proc, /sys and a tmpfs /tmp into the app's rootfs, writes pid and pgid, chroots, drops
 * to the app's user and execs the app in place of itself.
 */
function flyRunSteps(b: BootInput): RktStep[] {
  const app = b.apps[0];
  const rfs = `${b.podDir}/stage1/rootfs/opt/stage2/${app?.name ?? ''}/rootfs`;
  const steps: RktStep[] = [];
  for (const [source, target, flags] of [
    ['/dev', '/dev', 'MS_BIND|MS_REC'],
    ['/proc', '/proc', 'MS_BIND|MS_REC'],
    ['/sys', '/sys', 'MS_BIND|MS_REC'],
    ['tmpfs', '/tmp', '0'],
  ] as const) {
    steps.push({ op: 'mount', dur: DUR.fileOp, stage: 'stage1', attrs: { source, target: `${rfs}${target}`, flags } });
  }
  steps.push(
    { op: 'write pid', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'pid' } },
    { op: 'write pgid', dur: DUR.fileOp, stage: 'stage1', attrs: { path: 'pgid' } },
    { op: 'chroot', dur: DUR.chroot, stage: 'stage1', attrs: { path: rfs } },
    { op: 'setresgid', dur: DUR.chroot, stage: 'stage1', attrs: { gid: 0 } },
    { op: 'setresuid', dur: DUR.chroot, stage: 'stage1', attrs: { uid: 0 } },
    { op: 'execve', dur: DUR.forkExec, stage: 'stage2', attrs: { filename: app?.exec[0] ?? '', argv: app?.exec ?? [], namespaces: 'host' } },
  );
  return steps;
}

/** The app/add entrypoint: write the app's units, daemon-reload through enter (stage1/app_add). */
export function appAddStage1Steps(app: string): RktStep[] {
  return [
    { op: 'write unit', dur: DUR.unitFiles, stage: 'stage1', attrs: { units: [serviceUnit(app), `reaper-${app}.service`] } },
    { op: 'systemctl daemon-reload', dur: DUR.systemctl, stage: 'stage1', attrs: { via: 'enter' } },
  ];
}

/** app stop: `systemctl stop <app>.service`; systemd sends SIGTERM to the app. */
export function appStopSteps(app: string): RktStep[] {
  return [{ op: 'systemctl stop', dur: DUR.systemctl, stage: 'stage1', attrs: { unit: serviceUnit(app), signal: 'SIGTERM', via: 'enter' } }];
}

/** app rm: the units go and systemd reloads (stage1/app_rm). */
export function appRmStage1Steps(app: string): RktStep[] {
  return [
    { op: 'remove unit', dur: DUR.fileOp, stage: 'stage1', attrs: { units: [serviceUnit(app), `reaper-${app}.service`] } },
    { op: 'systemctl daemon-reload', dur: DUR.systemctl, stage: 'stage1', attrs: { via: 'enter' } },
  ];
}

/**
 * The stop entrypoint (stage1-implementors-guide.md "rkt stop"): coreos signals systemd-nspawn
 * (SIGTERM, SIGKILL with --force), systemd stops the apps and the pod exits; kvm runs
 * `systemctl halt` in the VM over SSH; fly signals the pod's process group.
 */
export function stopSteps(flavour: Stage1Flavour, force: boolean): RktStep[] {
  if (flavour === 'kvm') {
    if (force) return [{ op: 'kill', dur: DUR.chroot, stage: 'stage1', attrs: { proc: '/stop_kvm', target: 'lkvm (pid file)', signal: 'SIGKILL' } }];
    return [{ op: 'ssh systemctl halt', dur: DUR.sshHalt, stage: 'stage1', attrs: { proc: '/stop_kvm', command: ['systemctl', 'halt'] } }];
  }
  if (flavour === 'fly') return [{ op: 'kill', dur: DUR.chroot, stage: 'stage1', attrs: { proc: '/stop', target: 'pgid', signal: force ? 'SIGKILL' : 'SIGTERM' } }];
  const steps: RktStep[] = [{ op: 'kill', dur: DUR.chroot, stage: 'stage1', attrs: { proc: '/stop', target: 'systemd-nspawn (ppid)', signal: force ? 'SIGKILL' : 'SIGTERM' } }];
  if (!force) steps.push({ op: 'systemd halt', dur: DUR.halt, stage: 'stage1', attrs: { units: 'stop every app service', then: 'exit' } });
  return steps;
}

/**
 * The gc entrypoint (stage1-implementors-guide.md "rkt gc": "removes the network namespace of a
 * pod"): CNI DEL of the default network and the netns unmounted and removed (podenv.go
 * podNSDestroy); kvm deletes its tap device.
 */
export function gcSteps(flavour: Stage1Flavour, uuid: string, net?: { netns: string; ip: string }): RktStep[] {
  if (!net) return [{ op: 'exec gc entrypoint', dur: DUR.forkExec, stage: 'stage1', attrs: { entrypoint: '/gc', uuid, network: 'host' } }];
  if (flavour === 'kvm') {
    return [
      { op: 'exec gc entrypoint', dur: DUR.forkExec, stage: 'stage1', attrs: { entrypoint: '/gc', uuid } },
      { op: 'exec net plugin', dur: DUR.cniPlugin, stage: 'stage1', attrs: { plugin: 'host-local', env: { CNI_COMMAND: 'DEL' }, ip: net.ip } },
      { op: 'ip link del', dur: DUR.netlink, stage: 'stage1', attrs: { dev: kvmTapName(uuid) } },
    ];
  }
  const path = `${NETNS_DIR}/${net.netns}`;
  return [
    { op: 'exec gc entrypoint', dur: DUR.forkExec, stage: 'stage1', attrs: { entrypoint: '/gc', uuid } },
    { op: 'exec net plugin', dur: DUR.cniPlugin, stage: 'stage1', attrs: { plugin: DEFAULT_NET.type, network: DEFAULT_NET.name, env: { CNI_COMMAND: 'DEL', CNI_CONTAINERID: uuid, CNI_NETNS: path, CNI_IFNAME: 'eth0' }, ip: net.ip } },
    { op: 'iptables', dur: DUR.iptables, stage: 'stage1', attrs: { plugin: 'ptp', table: 'nat', rule: `-D -s ${net.ip}/32 -j MASQUERADE` } },
    { op: 'umount2', dur: DUR.netlink, stage: 'stage1', attrs: { target: path, flags: 'MNT_DETACH' } },
    { op: 'unlink', dur: DUR.fileOp, stage: 'stage1', attrs: { path } },
  ];
}
