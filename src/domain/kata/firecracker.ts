/**
 * Firecracker as Kata Containers' shim runs it (kata-containers src/runtime/virtcontainers/fc.go):
 * paths under /run/vc/firecracker/<id> (the sandbox id cut to 32 characters, for the 108-byte
 * sun_path limit), the API socket `<vm>/root/run/firecracker.socket`, the hybrid vsock
 * `<vm>/root/kata.hvsock`, and the whole machine given up front in `fcConfig.json`
 * (fcInitConfiguration: machine-config, boot-source with the guest kernel, the read-only
 * `rootfs` drive with the guest image, a pool of 8 placeholder drives `drive_0..7` that
 * container rootfs block devices later replace with `PATCH /drives/drive_N`, the vsock with
 * guest CID 3, the tap interface), started as `firecracker --api-sock <sock> --config-file
 * <cfg>` when no jailer is configured (fcInit). Firecracker cannot hotplug CPUs or memory, so
 * the VM is sized when the sandbox is created (Kata's static_sandbox_resource_mgmt, on by default
 * for Firecracker): the configuration's default_vcpus and default_memory plus what the sandbox
 * annotations containerd passes (io.kubernetes.cri.sandbox-cpu-quota / -cpu-period /
 * -memory, from the pod's resources) ask for.
 */

/** configuration-fc.toml defaults (kata-containers src/runtime/config/configuration-fc.toml.in). */
export const KATA_FC_DEFAULTS = {
  configPath: '/opt/kata/share/defaults/kata-containers/configuration-fc.toml',
  hypervisorPath: '/opt/kata/bin/firecracker',
  kernelPath: '/opt/kata/share/kata-containers/vmlinux.container',
  imagePath: '/opt/kata/share/kata-containers/kata-containers.img',
  defaultVcpus: 1,
  defaultMemoryMib: 2048,
};

/** fc.go constants. */
export const FC_DISK_POOL_SIZE = 8;
export const GUEST_VSOCK_CID = 3;
/** The agent's vsock port (kata agent `vSockPort`) and the log port (`vSockLogsPort`). */
export const AGENT_VSOCK_PORT = 1024;
export const AGENT_LOG_VPORT = 1025;

export interface FcPaths {
  vmPath: string;
  jailerRoot: string;
  socketPath: string;
  hybridSocketPath: string;
  configPath: string;
}

export function fcPaths(sandboxId: string): FcPaths {
  const id = sandboxId.length > 32 ? sandboxId.slice(0, 32) : sandboxId;
  const vmPath = `/run/vc/firecracker/${id}`;
  const jailerRoot = `${vmPath}/root`;
  return { vmPath, jailerRoot, socketPath: `${jailerRoot}/run/firecracker.socket`, hybridSocketPath: `${jailerRoot}/kata.hvsock`, configPath: `${jailerRoot}/fcConfig.json` };
}

/** argv of the VMM without a jailer (fc.go fcInit). */
export function firecrackerArgv(paths: FcPaths, hypervisorPath = KATA_FC_DEFAULTS.hypervisorPath): string[] {
  return [hypervisorPath, '--api-sock', paths.socketPath, '--config-file', paths.configPath];
}

export interface VmSize {
  vcpus: number;
  memoryMib: number;
}

/**
 * The VM's size from the sandbox annotations (static sandbox resource management): the defaults
 * plus ceil(quota / period) vCPUs and the memory limit in MiB. Without them, the defaults.
 */
export function vmSize(annotations: Readonly<Record<string, string>> | undefined, defaults = KATA_FC_DEFAULTS): VmSize {
  const a = annotations ?? {};
  const quota = Number(a['io.kubernetes.cri.sandbox-cpu-quota'] ?? 0);
  const period = Number(a['io.kubernetes.cri.sandbox-cpu-period'] ?? 0);
  const memory = Number(a['io.kubernetes.cri.sandbox-memory'] ?? 0);
  const extraCpus = quota > 0 && period > 0 ? Math.ceil(quota / period) : 0;
  const extraMib = memory > 0 ? Math.ceil(memory / (1024 * 1024)) : 0;
  return { vcpus: defaults.defaultVcpus + extraCpus, memoryMib: defaults.defaultMemoryMib + extraMib };
}

/** The guest kernel command line (fc.go fcKernelParams plus the virtio-blk root params, no debug console). */
export function guestKernelParams(): string {
  return [
    'root=/dev/vda1', 'rootflags=data=ordered,errors=remount-ro', 'ro', 'rootfstype=ext4',
    'pci=off', 'reboot=k', 'panic=1', 'iommu=off', 'net.ifnames=0', 'random.trust_cpu=on', 'acpi=off',
    '8250.nr_uarts=0', `agent.log_vport=${AGENT_LOG_VPORT}`,
  ].join(' ');
}

/** fcConfig.json as the shim writes it (Firecracker's config-file schema field names). */
export function fcConfig(paths: FcPaths, size: VmSize, tap: { ifaceId: string; hostDevName: string; guestMac: string }): Record<string, unknown> {
  const drives: Record<string, unknown>[] = [{ drive_id: 'rootfs', path_on_host: `${paths.jailerRoot}/rootfs`, is_root_device: false, is_read_only: true }];
  for (let i = 0; i < FC_DISK_POOL_SIZE; i++) drives.push({ drive_id: `drive_${i}`, path_on_host: `${paths.jailerRoot}/drive_${i}`, is_root_device: false, is_read_only: false });
  return {
    'boot-source': { kernel_image_path: `${paths.jailerRoot}/vmlinux`, boot_args: guestKernelParams() },
    drives,
    'machine-config': { vcpu_count: size.vcpus, mem_size_mib: size.memoryMib, smt: false },
    vsock: { guest_cid: GUEST_VSOCK_CID, uds_path: paths.hybridSocketPath, vsock_id: 'root' },
    'network-interfaces': [{ iface_id: tap.ifaceId, host_dev_name: tap.hostDevName, guest_mac: tap.guestMac }],
    logger: { log_path: `${paths.jailerRoot}/logs.fifo`, level: 'Error' },
    metrics: { metrics_path: `${paths.jailerRoot}/metrics.fifo` },
  };
}
