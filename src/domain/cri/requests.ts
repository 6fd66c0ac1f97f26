/**
 * The CRI requests the kubelet builds, in protobuf JSON mapping (lowerCamelCase field names,
 * enum values by name), as `crictl inspectp` / `crictl inspect` print them.
 *
 * Read from: pkg/kubelet/kuberuntime/kuberuntime_sandbox.go (generatePodSandboxConfig,
 * generatePodSandboxLinuxConfig, applySandboxResources), kuberuntime_container.go
 * (generateContainerConfig, makeMounts), kuberuntime_container_linux.go
 * (generateLinuxContainerResources, calculateLinuxResources), security_context.go
 * (determineEffectiveSecurityContext), labels.go (newPodLabels, newContainerLabels,
 * newContainerAnnotations), pkg/securitycontext/util.go (default masked/readonly paths),
 * kuberuntime/util NamespacesForPod, pkg/kubelet/network/dns (ClusterFirst search list).
 *
 * Zero values the kubelet sets explicitly (attempt 0, cpuQuota 0) are kept, as crictl shows them
 * (it marshals with defaults emitted); fields the kubelet never sets are left out.
 */
import type { Container, Pod } from '../k8s/objects.ts';
import { NAME_ALPHABET } from '../../base/names.ts';
import type { NamespaceMode } from './api.ts';
import { containerOomScoreAdj, milliCpuToQuota, milliCpuToShares, podCgroupParent as qosPodCgroupParent } from './qos.ts';
import { intValue, milliValue } from './quantity.ts';

export { podQosClass, type QosClass } from './qos.ts';

/** The kubelet's CFS period (quotaPeriod = 100ms in µs). */
export const CPU_PERIOD_US = 100_000;

/** Paths the kubelet masks in /proc and /sys (pkg/securitycontext/util.go defaultMaskedPaths). */
export const KUBELET_DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Paths the kubelet makes read-only (pkg/securitycontext/util.go defaultReadonlyPaths). */
export const KUBELET_DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Where the kubelet puts a pod's logs: `/var/log/pods/<namespace>_<name>_<uid>` (BuildPodLogsDirectory). */
export function podLogDirectory(pod: Pod): string {
  return `/var/log/pods/${pod.metadata.namespace ?? 'default'}_${pod.metadata.name ?? ''}_${pod.metadata.uid ?? ''}`;
}

/** The CRI log path, relative to the log directory: `<container>/<restartCount>.log`. */
export function containerLogPath(containerName: string, restartCount: number): string {
  return `${containerName}/${restartCount}.log`;
}

/** Same as podCgroupParent in qos.ts; re-exported here because the engine imports it from requests. */
export function podCgroupParent(pod: Pod, cgroupDriver: 'systemd' | 'cgroupfs'): string {
  return qosPodCgroupParent(pod, cgroupDriver);
}

/** The CRI namespace modes for a pod (kuberuntime/util NamespacesForPod). */
export function namespaceOptionsForPod(pod: Pod): { network: NamespaceMode; pid: NamespaceMode; ipc: NamespaceMode; usernsOptions: { mode: NamespaceMode } } {
  const spec = pod.spec;
  return {
    network: spec.hostNetwork ? 'NODE' : 'POD',
    // hostPID wins over shareProcessNamespace; the default is a pid namespace per container.
    pid: spec['hostPID'] === true ? 'NODE' : spec.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: spec['hostIPC'] === true ? 'NODE' : 'POD',
    // Without hostUsers: false the kubelet asks for the node's user namespace.
    usernsOptions: { mode: spec['hostUsers'] === false ? 'POD' : 'NODE' },
  };
}

export interface DnsSettings {
  /** --cluster-dns (kubeadm default 10.96.0.10). */
  clusterDNS?: string;
  /** --cluster-domain. */
  clusterDomain?: string;
  /** What the node's resolv.conf says, used by dnsPolicy Default and hostNetwork pods. */
  hostDns?: { servers: string[]; searches: string[]; options?: string[] };
}

const DEFAULT_HOST_DNS = { servers: ['10.0.0.2'], searches: [] as string[], options: [] as string[] };

/**
 * The pod's DNSConfig (pkg/kubelet/network/dns GetPodDNS): ClusterFirst gives the cluster DNS
 * service, the `<ns>.svc.<domain>, svc.<domain>, <domain>` search list and ndots:5;
 * a hostNetwork pod with ClusterFirst falls back to Default (the node's resolv.conf), as does
 * dnsPolicy Default; None uses only pod.spec.dnsConfig.
 */
export function podDnsConfig(pod: Pod, dns: DnsSettings = {}): { servers: string[]; searches: string[]; options: string[] } {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const host = dns.hostDns ?? DEFAULT_HOST_DNS;
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork);
  if (policy === 'None') {
    const own = (pod.spec['dnsConfig'] ?? {}) as { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
    return {
      servers: own.nameservers ?? [],
      searches: own.searches ?? [],
      options: (own.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)),
    };
  }
  if (!clusterFirst) return { servers: [...host.servers], searches: [...host.searches], options: [...(host.options ?? [])] };
  const domain = dns.clusterDomain ?? 'cluster.local';
  const ns = pod.metadata.namespace ?? 'default';
  return {
    servers: [dns.clusterDNS ?? '10.96.0.10'],
    searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches],
    options: ['ndots:5'],
  };
}

export interface SandboxConfigOptions extends DnsSettings {
  attempt: number;
  cgroupParent: string;
  /** Node cgroup mode; v2 adds the unified memory.oom.group / memory.swap.max the kubelet sends. */
  cgroupVersion?: 1 | 2;
  /** RFC 3339 (nanoseconds) time the kubelet first saw the pod: the kubernetes.io/config.seen annotation. */
  configSeen?: string;
}

/** The kubelet's pod labels: the pod's own plus io.kubernetes.pod.{name,namespace,uid} (newPodLabels). */
export function podSandboxLabels(pod: Pod): Record<string, string> {
  return {
    ...(pod.metadata.labels ?? {}),
    'io.kubernetes.pod.name': pod.metadata.name ?? '',
    'io.kubernetes.pod.namespace': pod.metadata.namespace ?? 'default',
    'io.kubernetes.pod.uid': pod.metadata.uid ?? '',
  };
}

function podAnnotations(pod: Pod, configSeen?: string): Record<string, string> {
  // The kubelet's config source stamps these two on every pod it receives from the apiserver
  // (pkg/kubelet/config), and newPodAnnotations passes all pod annotations through.
  const out: Record<string, string> = { ...(pod.metadata.annotations ?? {}) };
  if (configSeen) out['kubernetes.io/config.seen'] = configSeen;
  out['kubernetes.io/config.source'] = 'api';
  return out;
}

function podHostname(pod: Pod): string {
  const name = (pod.spec['hostname'] as string | undefined) ?? pod.metadata.name ?? '';
  return name.slice(0, 63);
}

/** LinuxContainerResources from cpu request/limit and memory limit (calculateLinuxResources). */
function linuxResources(cpuRequest: string | undefined, cpuLimit: string | undefined, memoryLimit: string | undefined, cgroupVersion: 1 | 2): Record<string, unknown> {
  const shares = cpuRequest === undefined && cpuLimit !== undefined ? milliCpuToShares(milliValue(cpuLimit)) : milliCpuToShares(milliValue(cpuRequest));
  const out: Record<string, unknown> = {
    cpuPeriod: CPU_PERIOD_US,
    cpuQuota: milliCpuToQuota(milliValue(cpuLimit), CPU_PERIOD_US),
    cpuShares: shares,
  };
  const mem = intValue(memoryLimit);
  if (mem !== 0) out['memoryLimitInBytes'] = mem;
  // On cgroup v2 the kubelet asks the kernel to kill the whole container cgroup on OOM
  // (singleProcessOOMKill defaults to false there); v1 has no such knob.
  if (cgroupVersion === 2) out['unified'] = { 'memory.oom.group': '1' };
  return out;
}

function sumPodResources(pod: Pod): { cpuRequest?: string; cpuLimit?: string; memoryLimit?: string } {
  let cpuReq = 0;
  let cpuLim = 0;
  let memLim = 0;
  let anyReq = false;
  let anyCpuLim = false;
  let anyMemLim = false;
  for (const c of pod.spec.containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (req.cpu !== undefined) {
      cpuReq += milliValue(req.cpu);
      anyReq = true;
    }
    if (lim.cpu !== undefined) {
      cpuLim += milliValue(lim.cpu);
      anyCpuLim = true;
    }
    if (lim.memory !== undefined) {
      memLim += intValue(lim.memory);
      anyMemLim = true;
    }
  }
  const out: { cpuRequest?: string; cpuLimit?: string; memoryLimit?: string } = {};
  if (anyReq) out.cpuRequest = `${cpuReq}m`;
  if (anyCpuLim) out.cpuLimit = `${cpuLim}m`;
  if (anyMemLim) out.memoryLimit = String(memLim);
  return out;
}

function toCriProtocol(p: string | undefined): string {
  return p ?? 'TCP';
}

/**
 * PodSandboxConfig for RunPodSandbox (generatePodSandboxConfig). Host-network pods get no
 * hostname (the runtime keeps the node's); every pod gets a log directory, DNS config, the
 * io.kubernetes.pod.* labels, the RuntimeDefault seccomp profile for the sandbox and its
 * pod-level resources.
 */
export function podSandboxConfig(pod: Pod, opts: SandboxConfigOptions): Record<string, unknown> {
  const cgroupVersion = opts.cgroupVersion ?? 2;
  const config: Record<string, unknown> = {
    metadata: {
      name: pod.metadata.name ?? '',
      uid: pod.metadata.uid ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      attempt: opts.attempt,
    },
  };
  if (!pod.spec.hostNetwork) config['hostname'] = podHostname(pod);
  config['logDirectory'] = podLogDirectory(pod);
  config['dnsConfig'] = podDnsConfig(pod, opts);
  const portMappings = pod.spec.containers.flatMap((c) =>
    (c.ports ?? []).map((p) => ({
      protocol: toCriProtocol(p.protocol),
      containerPort: p.containerPort,
      hostPort: p.hostPort ?? 0,
      hostIp: p.hostIP ?? '',
    })),
  );
  if (portMappings.length > 0) config['portMappings'] = portMappings;
  config['labels'] = podSandboxLabels(pod);
  config['annotations'] = podAnnotations(pod, opts.configSeen);
  const sums = sumPodResources(pod);
  const sc = (pod.spec['securityContext'] ?? {}) as { runAsUser?: number; runAsGroup?: number; fsGroup?: number; supplementalGroups?: number[]; sysctls?: { name: string; value: string }[] };
  const securityContext: Record<string, unknown> = {
    namespaceOptions: namespaceOptionsForPod(pod),
    privileged: pod.spec.containers.some((c) => isPrivileged(c)),
    seccomp: { profileType: 'RuntimeDefault' },
  };
  if (sc.runAsUser !== undefined) securityContext['runAsUser'] = { value: sc.runAsUser };
  if (sc.runAsGroup !== undefined) securityContext['runAsGroup'] = { value: sc.runAsGroup };
  const groups = [...(sc.fsGroup !== undefined ? [sc.fsGroup] : []), ...(sc.supplementalGroups ?? [])];
  if (groups.length > 0) securityContext['supplementalGroups'] = groups;
  config['linux'] = {
    cgroupParent: opts.cgroupParent,
    securityContext,
    sysctls: Object.fromEntries((sc.sysctls ?? []).map((s) => [s.name, s.value])),
    // applySandboxResources: the pod's summed requests/limits, and the RuntimeClass overhead.
    overhead: {},
    resources: linuxResources(sums.cpuRequest, sums.cpuLimit, sums.memoryLimit, cgroupVersion),
  };
  return config;
}

/** RunPodSandboxRequest: the config plus the RuntimeClass handler ('' = the runtime's default). */
export function runPodSandboxRequest(pod: Pod, opts: SandboxConfigOptions & { runtimeHandler?: string }): Record<string, unknown> {
  return { config: podSandboxConfig(pod, opts), runtimeHandler: opts.runtimeHandler ?? '' };
}

interface ContainerSecurityContext {
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

function containerSc(c: Container): ContainerSecurityContext {
  return (c['securityContext'] ?? {}) as ContainerSecurityContext;
}

function isPrivileged(c: Container): boolean {
  return containerSc(c).privileged === true;
}

/** FNV-1a 32-bit: the hash family of kubecontainer.HashContainer. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Five characters of the apimachinery name alphabet derived from a seed text (stand-in for rand.String). */
function stableSuffix(seed: string, n: number): string {
  let h = fnv32a(seed);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += NAME_ALPHABET[h % NAME_ALPHABET.length];
    h = fnv32a(`${seed}/${i}/${h}`);
  }
  return out;
}

/**
 * The service-account token volume the ServiceAccount admission plugin injected
 * (`kube-api-access-<5 chars>`), or undefined when the pod opted out.
 */
export function serviceAccountVolumeName(pod: Pod): string | undefined {
  const volumes = (pod.spec['volumes'] ?? []) as { name: string }[];
  const existing = volumes.find((v) => v.name.startsWith('kube-api-access-'));
  if (existing) return existing.name;
  if (pod.spec['automountServiceAccountToken'] === false) return undefined;
  return `kube-api-access-${stableSuffix(pod.metadata.uid ?? pod.metadata.name ?? '', 5)}`;
}

/**
 * Environment variables for the `kubernetes` Service in default (envvars.FromServices), which
 * the kubelet gives every container while enableServiceLinks is on (the master services always).
 */
export function kubernetesServiceEnv(serviceIP: string, port = 443): { key: string; value: string }[] {
  return [
    { key: 'KUBERNETES_SERVICE_HOST', value: serviceIP },
    { key: 'KUBERNETES_SERVICE_PORT', value: String(port) },
    { key: 'KUBERNETES_SERVICE_PORT_HTTPS', value: String(port) },
    { key: 'KUBERNETES_PORT', value: `tcp://${serviceIP}:${port}` },
    { key: `KUBERNETES_PORT_${port}_TCP`, value: `tcp://${serviceIP}:${port}` },
    { key: `KUBERNETES_PORT_${port}_TCP_PROTO`, value: 'tcp' },
    { key: `KUBERNETES_PORT_${port}_TCP_PORT`, value: String(port) },
    { key: `KUBERNETES_PORT_${port}_TCP_ADDR`, value: serviceIP },
  ];
}

/**
 * The value of an env var that uses the downward API (`valueFrom.fieldRef`), resolved by the
 * kubelet before CreateContainer (kubelet_pods.go podFieldSelectorRuntimeValue).
 */
function downwardValue(pod: Pod, env: { name: string; value?: string }, podIP: string | undefined): string {
  const ref = (env as { valueFrom?: { fieldRef?: { fieldPath?: string } } }).valueFrom?.fieldRef?.fieldPath;
  switch (ref) {
    case 'status.podIP':
      return podIP ?? pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.serviceAccountName':
      return (pod.spec['serviceAccountName'] as string | undefined) ?? 'default';
    default:
      return '';
  }
}

export interface ContainerConfigOptions {
  restartCount: number;
  /** The image id (`sha256:<config digest>`) the kubelet got from EnsureImageExists. */
  imageRef: string;
  podIP?: string;
  /** Node memory capacity for the Burstable oom_score_adj formula; default 8 GiB. */
  nodeMemoryCapacityBytes?: number;
  cgroupVersion?: 1 | 2;
  /** ClusterIP of default/kubernetes (kubeadm: 10.96.0.1). */
  kubernetesServiceIP?: string;
  /** The image's user as containerd reports it in ImageStatus; default uid 0 (no USER in the image). */
  imageUid?: number;
}

/**
 * ContainerConfig for CreateContainer (generateContainerConfig). The image is given by id
 * (imageRef) with the manifest's spelling in userSpecifiedImage; the log path is
 * `<name>/<restartCount>.log`; mounts are the pod's volume mounts, the kubelet-managed
 * /etc/hosts and the termination-log file.
 */
export function containerConfig(pod: Pod, container: Container, opts: ContainerConfigOptions): Record<string, unknown> {
  const uid = pod.metadata.uid ?? '';
  const cgroupVersion = opts.cgroupVersion ?? 2;
  const isInit = (pod.spec.initContainers ?? []).some((c) => c.name === container.name);
  const annotations: Record<string, string> = {
    'io.kubernetes.container.hash': fnv32a(JSON.stringify(container)).toString(16),
    'io.kubernetes.container.restartCount': String(opts.restartCount),
    'io.kubernetes.container.terminationMessagePath': (container['terminationMessagePath'] as string | undefined) ?? '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': (container['terminationMessagePolicy'] as string | undefined) ?? 'File',
  };
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) annotations['io.kubernetes.pod.deletionGracePeriod'] = String(pod.metadata.deletionGracePeriodSeconds);
  annotations['io.kubernetes.pod.terminationGracePeriod'] = String(pod.spec.terminationGracePeriodSeconds ?? 30);
  if (container.ports && container.ports.length > 0) {
    // json.Marshal of []v1.ContainerPort: field order name, hostPort, containerPort, protocol, hostIP.
    annotations['io.kubernetes.container.ports'] = JSON.stringify(
      container.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        ...(p.hostPort ? { hostPort: p.hostPort } : {}),
        containerPort: p.containerPort,
        protocol: p.protocol ?? 'TCP',
        ...(p.hostIP ? { hostIP: p.hostIP } : {}),
      })),
    );
  }
  annotations['io.kubernetes.container.type'] = isInit ? 'init' : 'container';

  const envs = [
    ...(container.env ?? []).map((e) => ({ key: e.name, value: e.value ?? downwardValue(pod, e, opts.podIP) })),
    // The kubelet appends service links after the container's own variables (in Go map order;
    // here in envvars.FromServices order so the output is stable).
    ...kubernetesServiceEnv(opts.kubernetesServiceIP ?? '10.96.0.1').filter((s) => !(container.env ?? []).some((e) => e.name === s.key)),
  ];

  const mounts: Record<string, unknown>[] = [];
  const sa = serviceAccountVolumeName(pod);
  if (sa) {
    mounts.push({
      containerPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      hostPath: `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/${sa}`,
      readonly: true,
      selinuxRelabel: false,
      propagation: 'PROPAGATION_PRIVATE',
    });
  }
  // The kubelet manages /etc/hosts for every pod that has an IP (makeMounts mountEtcHostsFile).
  mounts.push({
    containerPath: '/etc/hosts',
    hostPath: `/var/lib/kubelet/pods/${uid}/etc-hosts`,
    readonly: false,
    selinuxRelabel: false,
    propagation: 'PROPAGATION_PRIVATE',
  });
  // The termination-log file gets a random 8-hex name per container instance (makeUID); here
  // derived from uid/name/restartCount so a run is reproducible.
  const tlogId = fnv32a(`${uid}/${container.name}/${opts.restartCount}`).toString(16).padStart(8, '0');
  mounts.push({
    containerPath: annotations['io.kubernetes.container.terminationMessagePath'],
    hostPath: `/var/lib/kubelet/pods/${uid}/containers/${container.name}/${tlogId}`,
    readonly: false,
    selinuxRelabel: false,
    propagation: 'PROPAGATION_PRIVATE',
  });

  const csc = containerSc(container);
  const podSc = (pod.spec['securityContext'] ?? {}) as { runAsUser?: number; runAsGroup?: number; fsGroup?: number; supplementalGroups?: number[] };
  const securityContext: Record<string, unknown> = {};
  if (csc.capabilities) {
    securityContext['capabilities'] = { addCapabilities: csc.capabilities.add ?? [], dropCapabilities: csc.capabilities.drop ?? [] };
  }
  securityContext['privileged'] = csc.privileged === true;
  securityContext['namespaceOptions'] = namespaceOptionsForPod(pod);
  const runAsUser = csc.runAsUser ?? podSc.runAsUser ?? opts.imageUid ?? 0;
  securityContext['runAsUser'] = { value: runAsUser };
  const runAsGroup = csc.runAsGroup ?? podSc.runAsGroup;
  if (runAsGroup !== undefined) securityContext['runAsGroup'] = { value: runAsGroup };
  securityContext['readonlyRootfs'] = csc.readOnlyRootFilesystem === true;
  const groups = [...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : []), ...(podSc.supplementalGroups ?? [])];
  if (groups.length > 0) securityContext['supplementalGroups'] = groups;
  // AddNoNewPrivileges: only an explicit allowPrivilegeEscalation: false sets no_new_privs.
  securityContext['noNewPrivs'] = csc.allowPrivilegeEscalation === false;
  // No profile in the pod and SeccompDefault off (the kubelet default) means Unconfined.
  securityContext['seccomp'] = { profileType: 'Unconfined' };
  securityContext['maskedPaths'] = csc.privileged ? [] : [...KUBELET_DEFAULT_MASKED_PATHS];
  securityContext['readonlyPaths'] = csc.privileged ? [] : [...KUBELET_DEFAULT_READONLY_PATHS];

  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const resources = linuxResources(requests.cpu, limits.cpu, limits.memory, cgroupVersion);
  resources['oomScoreAdj'] = containerOomScoreAdj(pod, container, opts.nodeMemoryCapacityBytes ?? 8 * 2 ** 30);
  // GetHugepageLimitsFromResources: every page size the node supports, limit 0 unless requested.
  resources['hugepageLimits'] = [
    { pageSize: '2MB', limit: intValue(limits['hugepages-2Mi']) },
    { pageSize: '1GB', limit: intValue(limits['hugepages-1Gi']) },
  ];
  if (cgroupVersion === 2) {
    // ConfigureNoSwap (swap behaviour NoSwap) on v2 writes memory.swap.max = 0 through unified.
    resources['unified'] = { ...(resources['unified'] as Record<string, string>), 'memory.swap.max': '0' };
  } else if (resources['memoryLimitInBytes'] !== undefined) {
    resources['memorySwapLimitInBytes'] = resources['memoryLimitInBytes'];
  }

  const config: Record<string, unknown> = {
    metadata: { name: container.name, attempt: opts.restartCount },
    image: { image: opts.imageRef, userSpecifiedImage: container.image },
  };
  if (container.command) config['command'] = [...container.command];
  if (container.args) config['args'] = [...container.args];
  if (container.workingDir) config['workingDir'] = container.workingDir;
  config['envs'] = envs;
  config['mounts'] = mounts;
  config['labels'] = {
    'io.kubernetes.container.name': container.name,
    'io.kubernetes.pod.name': pod.metadata.name ?? '',
    'io.kubernetes.pod.namespace': pod.metadata.namespace ?? 'default',
    'io.kubernetes.pod.uid': uid,
  };
  config['annotations'] = annotations;
  config['logPath'] = containerLogPath(container.name, opts.restartCount);
  config['stdin'] = container['stdin'] === true;
  config['stdinOnce'] = container['stdinOnce'] === true;
  config['tty'] = container['tty'] === true;
  config['linux'] = { resources, securityContext };
  return config;
}

/** CreateContainerRequest: sandbox id, the container config and the sandbox's config again. */
export function createContainerRequest(podSandboxId: string, config: Record<string, unknown>, sandboxConfig: Record<string, unknown>): Record<string, unknown> {
  return { podSandboxId, config, sandboxConfig };
}
