/**
 * framework.NodeInfo kept incrementally (pkg/scheduler/framework/types.go AddPod / RemovePod /
 * SetNode): adding or removing a pod updates the aggregates in O(containers + ports), never
 * by re-walking the node's pods.
 */
import type { Node, Pod, ResourceList } from '../k8s/objects.ts';
import { quantityMilliValue, quantityValue } from './quantities.ts';
import { computePodFacts, podKey, type PodFacts } from './pod-facts.ts';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE } from './plugins/topology.ts';
import type { LabelGroup, NodeInfo, NodeResources, UsedPorts } from './types.ts';

function emptyResources(): NodeResources {
  return { milliCPU: 0, memory: 0, pods: 0, ephemeralStorage: 0, scalar: new Map() };
}

/** framework.NewResource(node.Status.Allocatable). */
function allocatableOf(node: Node): NodeResources {
  // A node that reports no allocatable (a hand-written scenario node) is read at its capacity;
  // the kubelet always reports both.
  const list: ResourceList = node.status?.allocatable ?? node.status?.capacity ?? {};
  const out = emptyResources();
  for (const [r, q] of Object.entries(list)) {
    if (q === undefined) continue;
    switch (r) {
      case 'cpu':
        out.milliCPU = quantityMilliValue(q);
        break;
      case 'memory':
        out.memory = quantityValue(q);
        break;
      case 'pods':
        out.pods = quantityValue(q);
        break;
      case 'ephemeral-storage':
        out.ephemeralStorage = quantityValue(q);
        break;
      default:
        out.scalar.set(r, quantityValue(q));
    }
  }
  return out;
}

/** Pods with the same namespace and labels share a group; the key is stable across label order. */
export function labelGroupKey(namespace: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let key = namespace;
  for (const k of keys) key += `\u0000${k}=${labels[k] ?? ''}`;
  return key;
}

function applyNode(info: NodeInfo, node: Node): void {
  info.node = node;
  info.name = node.metadata.name ?? '';
  info.allocatable = allocatableOf(node);
  const taints = node.spec?.taints ?? [];
  info.internal.noScheduleTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  info.internal.preferNoScheduleTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
  const labels = node.metadata.labels ?? {};
  info.internal.labels = labels;
  const hostname = labels[LABEL_HOSTNAME];
  const zone = labels[LABEL_TOPOLOGY_ZONE];
  info.internal.hostnameLabel = typeof hostname === 'string' ? hostname : undefined;
  info.internal.zoneLabel = typeof zone === 'string' ? zone : undefined;
  info.imageNames = new Set();
  info.imageSizes = new Map();
  for (const image of node.status?.images ?? []) {
    for (const name of image.names ?? []) {
      info.imageNames.add(name);
      info.imageSizes.set(name, image.sizeBytes);
    }
  }
  info.generation++;
}

/** NodeInfo of a node without pods (framework.NewNodeInfo + SetNode). */
export function createNodeInfo(node: Node): NodeInfo {
  const info: NodeInfo = {
    name: '',
    node,
    pods: [],
    requested: emptyResources(),
    nonZeroRequested: { milliCPU: 0, memory: 0 },
    allocatable: emptyResources(),
    usedPorts: new Map(),
    imageNames: new Set(),
    imageSizes: new Map(),
    generation: 0,
    internal: {
      podFacts: [],
      podIndex: new Map(),
      labelGroups: new Map(),
      labelPairIndex: new Map(),
      spreadMemo: new Map(),
      lastSpreadKey: '',
      lastSpreadGeneration: -1,
      lastSpreadCount: 0,
      hostnameLabel: undefined,
      zoneLabel: undefined,
      noScheduleTaints: [],
      preferNoScheduleTaints: [],
      labels: {},
    },
  };
  applyNode(info, node);
  return info;
}

/**
 * NodeInfo.SetNode: the Node object changed (labels, taints, allocatable, images,
 * unschedulable). Pods and their aggregates stay.
 */
export function setNodeInfoNode(info: NodeInfo, node: Node): void {
  applyNode(info, node);
}

function addPorts(ports: UsedPorts, facts: PodFacts, sign: 1 | -1): void {
  for (const p of facts.hostPorts) {
    const key = `${p.protocol}/${p.hostPort}`;
    let byIP = ports.get(key);
    if (!byIP) {
      if (sign < 0) continue;
      byIP = new Map();
      ports.set(key, byIP);
    }
    const n = (byIP.get(p.hostIP) ?? 0) + sign;
    if (n > 0) byIP.set(p.hostIP, n);
    else byIP.delete(p.hostIP);
    if (byIP.size === 0) ports.delete(key);
  }
}

function updateAggregates(info: NodeInfo, facts: PodFacts, sign: 1 | -1): void {
  const r = info.requested;
  r.milliCPU += sign * facts.requests.milliCPU;
  r.memory += sign * facts.requests.memory;
  r.ephemeralStorage += sign * facts.requests.ephemeralStorage;
  if (facts.requests.scalar) {
    for (const [name, v] of facts.requests.scalar) {
      const next = (r.scalar.get(name) ?? 0) + sign * v;
      if (next === 0) r.scalar.delete(name);
      else r.scalar.set(name, next);
    }
  }
  info.nonZeroRequested.milliCPU += sign * facts.nonZeroMilliCPU;
  info.nonZeroRequested.memory += sign * facts.nonZeroMemory;
  addPorts(info.usedPorts, facts, sign);
  if (!facts.terminating) {
    const key = labelGroupKey(facts.namespace, facts.labels);
    const groups = info.internal.labelGroups;
    const g: LabelGroup | undefined = groups.get(key);
    if (sign > 0) {
      if (g) g.count++;
      else {
        const created: LabelGroup = { namespace: facts.namespace, labels: facts.labels, count: 1 };
        groups.set(key, created);
        indexGroup(info.internal.labelPairIndex, created, 1);
      }
    } else if (g) {
      g.count--;
      if (g.count <= 0) {
        groups.delete(key);
        indexGroup(info.internal.labelPairIndex, g, -1);
      }
    }
  }
  info.generation++;
}

/** The key of one label of a namespace in the pair index (label keys cannot contain "="). */
export function labelPairKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

function indexGroup(index: Map<string, Set<LabelGroup>>, g: LabelGroup, sign: 1 | -1): void {
  for (const k in g.labels) {
    const pair = labelPairKey(g.namespace, k, g.labels[k] as string);
    let set = index.get(pair);
    if (sign > 0) {
      if (!set) index.set(pair, (set = new Set()));
      set.add(g);
    } else if (set) {
      set.delete(g);
      if (set.size === 0) index.delete(pair);
    }
  }
}

/**
 * NodeInfo.AddPod. A pod already present (same UID, or namespace/name without UID) is replaced,
 * so calling this with an updated copy of a pod is an update.
 */
export function addPodToNodeInfo(info: NodeInfo, pod: Pod): void {
  const facts = computePodFacts(pod);
  const at = info.internal.podIndex.get(facts.key);
  if (at !== undefined) {
    updateAggregates(info, info.internal.podFacts[at] as PodFacts, -1);
    info.pods[at] = pod;
    info.internal.podFacts[at] = facts;
  } else {
    info.internal.podIndex.set(facts.key, info.pods.length);
    info.pods.push(pod);
    info.internal.podFacts.push(facts);
  }
  info.requested.pods = info.pods.length;
  updateAggregates(info, facts, 1);
}

/**
 * NodeInfo.RemovePod: finds the pod by key and subtracts what was added for it (not what the
 * given copy says, so a pod changed since it was added comes off cleanly). Like upstream, the
 * last pod moves into the freed slot. Returns false when the pod was not on the node.
 */
export function removePodFromNodeInfo(info: NodeInfo, pod: Pod): boolean {
  const key = podKey(pod);
  const at = info.internal.podIndex.get(key);
  if (at === undefined) return false;
  const facts = info.internal.podFacts[at] as PodFacts;
  const last = info.pods.length - 1;
  if (at !== last) {
    const movedPod = info.pods[last] as Pod;
    const movedFacts = info.internal.podFacts[last] as PodFacts;
    info.pods[at] = movedPod;
    info.internal.podFacts[at] = movedFacts;
    info.internal.podIndex.set(movedFacts.key, at);
  }
  info.pods.pop();
  info.internal.podFacts.pop();
  info.internal.podIndex.delete(key);
  info.requested.pods = info.pods.length;
  updateAggregates(info, facts, -1);
  return true;
}

/**
 * A deep-enough copy for what-if runs (preemption dry runs remove pods from it): pods,
 * aggregates and groups are copied, the Node and Pod objects are shared.
 */
export function cloneNodeInfo(info: NodeInfo): NodeInfo {
  const copyResources = (r: NodeResources): NodeResources => ({ ...r, scalar: new Map(r.scalar) });
  const groups = new Map<string, LabelGroup>();
  const pairIndex = new Map<string, Set<LabelGroup>>();
  for (const [k, g] of info.internal.labelGroups) {
    const copy = { ...g };
    groups.set(k, copy);
    indexGroup(pairIndex, copy, 1);
  }
  const ports: UsedPorts = new Map();
  for (const [k, m] of info.usedPorts) ports.set(k, new Map(m));
  return {
    name: info.name,
    node: info.node,
    pods: [...info.pods],
    requested: copyResources(info.requested),
    nonZeroRequested: { ...info.nonZeroRequested },
    allocatable: copyResources(info.allocatable),
    usedPorts: ports,
    imageNames: info.imageNames,
    imageSizes: info.imageSizes,
    generation: info.generation,
    internal: {
      ...info.internal,
      podFacts: [...info.internal.podFacts],
      podIndex: new Map(info.internal.podIndex),
      labelGroups: groups,
      labelPairIndex: pairIndex,
      spreadMemo: new Map(),
      lastSpreadKey: '',
      lastSpreadGeneration: -1,
    },
  };
}
