import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { humanDuration, microsBetween } from '../../../../domain/k8s/duration.ts';
import { selectorToString } from '../../../../domain/k8s/labels.ts';
import type { Pod } from '../../../../domain/k8s/objects.ts';
import { cpuMillis, formatCpuMillis, formatMemory, memoryBytes } from '../../../../domain/k8s/quantity.ts';
import { podLimits, podRequests } from '../../../../domain/pod/resources.ts';
import { describeContainers, describePodTemplate, describeVolumes, tolerationsMultiline, type ContainerStatus, type PodTemplate } from './containers.ts';
import { DescribeWriter } from './go-tabwriter.ts';
import { annotationsMultiline, describeEvents, labelsMultiline, rfc1123z, type EventLike } from './sections.ts';

/**
 * The describers of kubectl 1.34 for the kinds the tours use (k8s.io/kubectl/pkg/describe/
 * describe.go: DeploymentDescriber, ReplicaSetDescriber, PodDescriber, NodeDescriber), fed
 * with the objects kubectl fetched.
 */

export interface DescribeInput {
  obj: KubeObject;
  events: EventLike[] | undefined;
  now: string;
  /** Deployment: its ReplicaSets; ReplicaSet and Node: pods; Pod: its node. */
  related: KubeObject[];
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const intOrPercent = (v: unknown, dflt: string): string => (v === undefined || v === null ? dflt : String(v));

export function describeDeployment({ obj, events, now, related }: DescribeInput): string {
  const d = obj as Any;
  const w = new DescribeWriter();
  w.raw(`Name:\t${d.metadata.name}\n`);
  w.raw(`Namespace:\t${d.metadata.namespace}\n`);
  w.raw(`CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.raw(`Selector:\t${selectorToString(d.spec.selector)}\n`);
  const s = d.status ?? {};
  w.raw(`Replicas:\t${d.spec.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  w.raw(`StrategyType:\t${d.spec.strategy?.type ?? 'RollingUpdate'}\n`);
  w.raw(`MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) w.raw(`RollingUpdateStrategy:\t${intOrPercent(ru.maxUnavailable, '25%')} max unavailable, ${intOrPercent(ru.maxSurge, '25%')} max surge\n`);
  describePodTemplate(w, d.spec.template as PodTemplate);
  if (s.conditions?.length) {
    w.raw('Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of s.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const owned = related.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid));
  const newRS = owned.find((rs) => JSON.stringify(templateWithoutHash(rs)) === JSON.stringify(d.spec.template));
  const oldRSs = owned.filter((rs) => rs !== newRS && ((rs.spec as Any).replicas ?? 0) > 0);
  const byLabels = (rss: KubeObject[]): string => (rss.length === 0 ? '<none>' : rss.map((rs) => `${rs.metadata.name} (${(rs.status as Any)?.replicas ?? 0}/${(rs.spec as Any).replicas ?? 0} replicas created)`).join(', '));
  if (owned.length > 0) {
    w.raw(`OldReplicaSets:\t${byLabels(oldRSs)}\n`);
    w.raw(`NewReplicaSet:\t${byLabels(newRS ? [newRS] : [])}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

function templateWithoutHash(rs: KubeObject): unknown {
  const t = structuredClone((rs.spec as Any).template);
  if (t?.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return t;
}

export function describeReplicaSet({ obj, events, now, related }: DescribeInput): string {
  const rs = obj as Any;
  const w = new DescribeWriter();
  w.raw(`Name:\t${rs.metadata.name}\n`);
  w.raw(`Namespace:\t${rs.metadata.namespace}\n`);
  w.raw(`Selector:\t${selectorToString(rs.spec.selector)}\n`);
  labelsMultiline(w, 'Labels', rs.metadata.labels);
  annotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const owner = rs.metadata.ownerReferences?.find((o: Any) => o.controller);
  if (owner) w.raw(`Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.raw(`Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 0} desired\n`);
  const phases = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of related) phases[(p.status as Any)?.phase ?? 'Pending'] = (phases[(p.status as Any)?.phase ?? 'Pending'] ?? 0) + 1;
  w.raw(`Pods Status:\t${phases.Running} Running / ${phases.Pending} Waiting / ${phases.Succeeded} Succeeded / ${phases.Failed} Failed\n`);
  describePodTemplate(w, rs.spec.template as PodTemplate);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

export function describePod({ obj, events, now, related }: DescribeInput): string {
  const p = obj as Any;
  const w = new DescribeWriter();
  const node = related[0] as Any | undefined;
  const nodeIP = node?.status?.addresses?.find((a: Any) => a.type === 'InternalIP')?.address;
  w.raw(`Name:\t${p.metadata.name}\n`);
  w.raw(`Namespace:\t${p.metadata.namespace}\n`);
  w.raw(`Priority:\t${p.spec.priority ?? 0}\n`);
  if (p.spec.priorityClassName) w.raw(`Priority Class Name:\t${p.spec.priorityClassName}\n`);
  if (p.spec.runtimeClassName) w.raw(`Runtime Class Name:\t${p.spec.runtimeClassName}\n`);
  w.raw(`Service Account:\t${p.spec.serviceAccountName ?? ''}\n`);
  w.raw(`Node:\t${p.spec.nodeName ? `${p.spec.nodeName}/${nodeIP ?? p.status?.hostIP ?? ''}` : '<none>'}\n`);
  if (p.status?.startTime) w.raw(`Start Time:\t${rfc1123z(p.status.startTime)}\n`);
  labelsMultiline(w, 'Labels', p.metadata.labels);
  annotationsMultiline(w, 'Annotations', p.metadata.annotations);
  if (p.metadata.deletionTimestamp) {
    w.raw(`Status:\tTerminating (lasts ${humanSince(p.metadata.deletionTimestamp, now)})\n`);
    w.raw(`Termination Grace Period:\t${p.metadata.deletionGracePeriodSeconds ?? 30}s\n`);
  } else w.raw(`Status:\t${p.status?.phase ?? 'Pending'}\n`);
  if (p.status?.reason) w.raw(`Reason:\t${p.status.reason}\n`);
  if (p.status?.message) w.raw(`Message:\t${p.status.message.trim()}\n`);
  w.raw(`IP:\t${p.status?.podIP ?? ''}\n`);
  const ips = (p.status?.podIPs ?? []) as Any[];
  if (ips.length === 0) w.raw('IPs:\t<none>\n');
  else {
    w.raw('IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = p.metadata.ownerReferences?.find((o: Any) => o.controller);
  if (owner) w.raw(`Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (p.status?.nominatedNodeName) w.raw(`NominatedNodeName:\t${p.status.nominatedNodeName}\n`);
  if (p.spec.initContainers?.length) describeContainers(w, 'Init Containers', p.spec.initContainers, p.status?.initContainerStatuses as ContainerStatus[], '');
  describeContainers(w, 'Containers', p.spec.containers ?? [], p.status?.containerStatuses as ContainerStatus[], '');
  const conditions = (p.status?.conditions ?? []) as Any[];
  if (conditions.length > 0) {
    w.raw('Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, p.spec.volumes, '');
  w.raw(`QoS Class:\t${p.status?.qosClass ?? ''}\n`);
  labelsMultiline(w, 'Node-Selectors', p.spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', p.spec.tolerations);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

/** The age kubectl prints (duration.HumanDuration). */
function humanSince(iso: string, now: string): string {
  return humanDuration(Math.max(0, microsBetween(iso, now)));
}

/** NodeDescriber, for what the simulated Node carries. */
export function describeNode({ obj, events, now, related }: DescribeInput): string {
  const n = obj as Any;
  const w = new DescribeWriter();
  w.raw(`Name:\t${n.metadata.name}\n`);
  const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
  w.raw(`Roles:\t${roles.length ? roles.sort().join(',') : '<none>'}\n`);
  labelsMultiline(w, 'Labels', n.metadata.labels);
  annotationsMultiline(w, 'Annotations', n.metadata.annotations);
  w.raw(`CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}\n`);
  const taints = (n.spec?.taints ?? []) as Any[];
  w.raw('Taints:\t');
  if (taints.length === 0) w.raw('<none>\n');
  else taints.forEach((t, i) => w.raw(`${i > 0 ? '\t' : ''}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.raw(`Unschedulable:\t${n.spec?.unschedulable ? 'true' : 'false'}\n`);
  // The node's Lease in kube-node-lease, as the kubelet renews it.
  const lease = related.find((o) => o.kind === 'Lease') as Any | undefined;
  if (!lease) w.raw(`Lease:              Failed to get lease: leases.coordination.k8s.io "${n.metadata.name}" not found\n`);
  else {
    w.raw('Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  }
  const conditions = (n.status?.conditions ?? []) as Any[];
  w.raw('Conditions:\n');
  w.write(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
  w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  const addresses = (n.status?.addresses ?? []) as Any[];
  w.raw('Addresses:\n');
  for (const a of addresses) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', n.status?.capacity], ['Allocatable', n.status?.allocatable]] as const) {
    w.raw(`${title}:\n`);
    for (const k of Object.keys(list ?? {}).sort()) w.write(1, `${k}:\t${(list as Record<string, string>)[k]}\n`);
  }
  const info = n.status?.nodeInfo ?? {};
  w.raw('System Info:\n');
  for (const [label, key] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']] as const) {
    w.write(1, `${label}:\t${info[key] ?? ''}\n`);
  }
  if (n.spec?.podCIDR) w.raw(`PodCIDR:\t${n.spec.podCIDR}\n`);
  if (n.spec?.podCIDRs?.length) w.raw(`PodCIDRs:\t${n.spec.podCIDRs.join(',')}\n`);
  // describeNodeResource: requests and limits per pod, as a share of what the node can allocate.
  const pods = related.filter((p) => p.kind !== 'Lease' && !['Succeeded', 'Failed'].includes((p.status as Any)?.phase));
  const allocCPU = cpuMillis(n.status?.allocatable?.cpu ?? '0');
  const allocMem = memoryBytes(n.status?.allocatable?.memory ?? '0');
  const pct = (v: number, of: number): string => `${of > 0 ? Math.trunc((v / of) * 100) : 0}%`;
  const cpu = (m: number): string => formatCpuMillis(m);
  const mem = (b: number): string => formatMemory(b);
  w.raw(`Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n');
  const total = { rc: 0, lc: 0, rm: 0, lm: 0 };
  for (const p of pods) {
    const r = podRequests(p as Pod);
    const l = podLimits(p as Pod);
    total.rc += r.milliCPU;
    total.lc += l.milliCPU;
    total.rm += r.memory;
    total.lm += l.memory;
    w.write(1, `${p.metadata.namespace}\t${p.metadata.name}\t${cpu(r.milliCPU)} (${pct(r.milliCPU, allocCPU)})\t${cpu(l.milliCPU)} (${pct(l.milliCPU, allocCPU)})\t${mem(r.memory)} (${pct(r.memory, allocMem)})\t${mem(l.memory)} (${pct(l.memory, allocMem)})\t${humanSince(p.metadata.creationTimestamp ?? now, now)}\n`);
  }
  w.raw('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${cpu(total.rc)} (${pct(total.rc, allocCPU)})\t${cpu(total.lc)} (${pct(total.lc, allocCPU)})\n`);
  w.write(1, `memory\t${mem(total.rm)} (${pct(total.rm, allocMem)})\t${mem(total.lm)} (${pct(total.lm, allocMem)})\n`);
  if (events) describeEvents(w, events, now);
  return w.toString();
}
