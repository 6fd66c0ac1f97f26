import { isMap, isScalar, isSeq } from 'yaml';
import type { Taint } from '../../domain/k8s/objects.ts';
import { MAX_MEMBERS } from '../../domain/etcd/members.ts';
import { isValidQuantity } from '../../domain/k8s/quantity.ts';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../domain/k8s/validation.ts';
import { type ClusterSpec, type DockerHostSpec, type EtcdFlags, type NodeSpecInScenario, type RuntimeChoice } from './types.ts';
import { type Pos, type Source, describeNode, entries } from './yaml-source.ts';

/** The `cluster:` section of a scenario (DESIGN.md 5) and its defaults. */

export const DEFAULT_CONTROL_PLANE = 'control-plane';

/** Every node runtime a scenario may name; which ones a release simulates is the engine's business. */
export const RUNTIME_CHOICES: readonly RuntimeChoice[] = [
  'containerd+runc',
  'containerd+crun',
  'containerd+runsc',
  'containerd+kata',
  'cri-o+runc',
  'cri-o+crun',
  'dockershim',
  'rktlet+rkt(stage1-coreos)',
  'rktlet+rkt(stage1-fly)',
  'rktlet+rkt(stage1-kvm)',
  // The same three, as the node issue spells them (rktlet + rkt with that stage1 flavour).
  'rktlet+rkt-coreos',
  'rktlet+rkt-fly',
  'rktlet+rkt-kvm',
];

const NODE_KEYS = ['name', 'cpu', 'memory', 'pods', 'labels', 'taints', 'runtime'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** A node with the defaults: 4 CPUs, 8Gi, 110 pods, containerd+runc. `line` 0 = not from the file. */
export function defaultNode(name: string, line = 0): NodeSpecInScenario {
  return { name, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], runtime: 'containerd+runc', line };
}

export function defaultCluster(): ClusterSpec {
  return { controlPlane: DEFAULT_CONTROL_PLANE, nodes: [defaultNode('node-1'), defaultNode('node-2')] };
}

export function parseCluster(src: Source, node: unknown): ClusterSpec {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return defaultCluster();
  if (!isMap(node)) throw src.error(src.of(node), `"cluster" must be a mapping with "nodes", got ${describeNode(node)}`);
  let controlPlane = DEFAULT_CONTROL_PLANE;
  let nodes: ParsedNode[] | undefined;
  let kubernetes = true;
  let etcd: Partial<EtcdFlags> | undefined;
  let docker: DockerHostSpec[] | undefined;
  let kubernetesGiven = false;
  for (const { key, keyNode, value } of entries(node)) {
    if (key === 'docker') {
      docker = parseDockerHosts(src, value, keyNode);
      continue;
    }
    if (key === 'kubernetes') {
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v !== 'boolean') throw src.error(src.of(value ?? keyNode), `cluster: "kubernetes" must be true or false, got ${describeNode(value)}`);
      kubernetes = v;
      kubernetesGiven = true;
      continue;
    }
    if (key === 'etcd') {
      etcd = parseEtcdFlags(src, value, keyNode);
      continue;
    }
    if (key === 'controlPlane') {
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v !== 'string' || isDNS1123Subdomain(v).length > 0) {
        throw src.error(src.of(value ?? keyNode), `cluster: "controlPlane" must be a host name like control-plane, got ${describeNode(value)}`);
      }
      controlPlane = v;
    } else if (key === 'nodes') {
      nodes = parseNodes(src, value, keyNode);
    } else {
      throw src.error(src.of(keyNode), `cluster: unknown key "${key}" (known: controlPlane, nodes, kubernetes, etcd, docker)`);
    }
  }
  // Docker hosts run without Kubernetes (the dockershim path on a node comes later).
  if (docker) {
    if (kubernetesGiven && kubernetes) throw src.error(src.of(node), 'cluster: "docker" hosts run without Kubernetes; leave out "kubernetes: true" (dockershim nodes come later)');
    if (nodes) throw src.error(src.of(node), 'cluster: "docker" hosts run without Kubernetes, so "nodes" cannot be given with them');
    const clash = docker.find((d) => d.name === controlPlane);
    if (clash) throw src.error({ line: clash.line, column: 1 }, `cluster.docker: host name "${controlPlane}" is the control-plane host's name; pick another`);
    return { controlPlane, nodes: [], kubernetes: false, docker, ...(etcd ? { etcd } : {}) };
  }
  const extra = { ...(kubernetes ? {} : { kubernetes: false }), ...(etcd ? { etcd } : {}) };
  // etcd alone has no nodes unless the scenario names some (they would have no kubelet to join).
  if (!kubernetes) {
    if (nodes) throw src.error(src.of(node), 'cluster: "nodes" needs "kubernetes: true"; without Kubernetes the cluster is etcd alone');
    return { controlPlane, nodes: [], ...extra };
  }
  if (!nodes) return { controlPlane, nodes: defaultCluster().nodes.filter((n) => n.name !== controlPlane), ...extra };
  const clash = nodes.find((n) => n.spec.name === controlPlane);
  if (clash) throw src.error(clash.namePos, `cluster.nodes: node name "${controlPlane}" is the control-plane host's name; pick another`);
  return { controlPlane, nodes: nodes.map((n) => n.spec), ...extra };
}

/**
 * cluster.etcd: etcd's own flag names (`name`, `initial-advertise-peer-urls`,
 * `advertise-client-urls`, `initial-cluster-token`, `heartbeat-interval`, `election-timeout`
 * in ms), so a scenario reads like the etcd command line it stands for.
 */
function parseEtcdFlags(src: Source, node: unknown, keyNode: unknown): Partial<EtcdFlags> {
  if (!isMap(node)) throw src.error(src.of(node ?? keyNode), `cluster: "etcd" must be a mapping of etcd flags, got ${describeNode(node)}`);
  const out: Partial<EtcdFlags> = {};
  const known = ['name', 'initial-advertise-peer-urls', 'advertise-client-urls', 'initial-cluster-token', 'heartbeat-interval', 'election-timeout', 'members'];
  for (const { key, keyNode: k, value } of entries(node)) {
    const v = isScalar(value) ? value.value : undefined;
    const text = (): string => {
      if (typeof v !== 'string' || v === '') throw src.error(src.of(value ?? k), `cluster.etcd: "${key}" must be a string, got ${describeNode(value)}`);
      return v;
    };
    const urls = (): string[] => {
      const list = text().split(',');
      for (const u of list) if (!/^https?:\/\/[^\s/]+(:\d+)?$/.test(u)) throw src.error(src.of(value ?? k), `cluster.etcd: "${key}": ${JSON.stringify(u)} is not a URL like http://127.0.0.1:2380`);
      return list;
    };
    const ms = (): number => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw src.error(src.of(value ?? k), `cluster.etcd: "${key}" is in milliseconds, a positive integer, got ${describeNode(value)}`);
      return v;
    };
    // Not an etcd flag: how many members --initial-cluster lists, each derived from these flags.
    const members = (): number => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_MEMBERS) {
        throw src.error(src.of(value ?? k), `cluster.etcd: "members" is how many etcd members the cluster has, 1 to ${MAX_MEMBERS} (3 survives the loss of one), got ${describeNode(value)}`);
      }
      return v;
    };
    if (key === 'name') out.name = text();
    else if (key === 'initial-advertise-peer-urls') out.initialAdvertisePeerURLs = urls();
    else if (key === 'advertise-client-urls') out.advertiseClientURLs = urls();
    else if (key === 'initial-cluster-token') out.initialClusterToken = text();
    else if (key === 'heartbeat-interval') out.heartbeatIntervalMs = ms();
    else if (key === 'election-timeout') out.electionTimeoutMs = ms();
    else if (key === 'members') out.members = members();
    else throw src.error(src.of(k), `cluster.etcd: unknown flag "${key}" (known: ${known.join(', ')})`);
  }
  if ((out.heartbeatIntervalMs ?? 100) * 5 > (out.electionTimeoutMs ?? 1000)) {
    // etcd itself refuses this at start (embed/config.go Validate).
    throw src.error(src.of(node), 'cluster.etcd: election-timeout should be at least 5 times heartbeat-interval (etcd refuses to start otherwise)');
  }
  return out;
}

export interface ParsedNode {
  spec: NodeSpecInScenario;
  namePos: Pos;
}

function parseNodes(src: Source, node: unknown, keyNode: unknown): ParsedNode[] {
  if (!isSeq(node)) throw src.error(src.of(node ?? keyNode), `cluster: "nodes" must be a list of nodes, got ${describeNode(node)}`);
  if (node.items.length === 0) throw src.error(src.of(node), 'cluster: "nodes" needs at least one node');
  const seen = new Set<string>();
  return node.items.map((item, i) => {
    const parsed = parseNode(src, item, `cluster.nodes[${i}]`);
    if (seen.has(parsed.spec.name)) throw src.error(parsed.namePos, `cluster.nodes[${i}]: node name "${parsed.spec.name}" is used twice`);
    seen.add(parsed.spec.name);
    return parsed;
  });
}

/** One node mapping (cluster.nodes entries and `join` steps share it). */
export function parseNode(src: Source, node: unknown, path: string): ParsedNode {
  if (!isMap(node)) throw src.error(src.of(node), `${path}: a node is a mapping like {name: node-1}, got ${describeNode(node)}`);
  const here = src.of(node);
  const spec = defaultNode('', here.line);
  let namePos: Pos | undefined;
  for (const { key, keyNode, value } of entries(node)) {
    const at = src.of(value ?? keyNode);
    const v = isScalar(value) ? value.value : undefined;
    switch (key) {
      case 'name': {
        if (typeof v !== 'string') throw src.error(at, `${path}: "name" must be a string, got ${describeNode(value)}`);
        const problems = isDNS1123Subdomain(v);
        if (problems.length > 0) throw src.error(at, `${path}: "name" ${JSON.stringify(v)} is not a valid node name: ${problems[0]}`);
        spec.name = v;
        namePos = at;
        break;
      }
      case 'cpu':
      case 'memory': {
        const q = typeof v === 'number' ? String(v) : v;
        const example = key === 'cpu' ? '"4" or "500m"' : '8Gi or 512Mi';
        if (typeof q !== 'string' || !isValidQuantity(q)) throw src.error(at, `${path}: "${key}" must be a Kubernetes quantity like ${example}, got ${describeNode(value)}`);
        spec[key] = q;
        break;
      }
      case 'pods':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw src.error(at, `${path}: "pods" must be a whole number like 110, got ${describeNode(value)}`);
        spec.pods = v;
        break;
      case 'labels':
        spec.labels = parseLabels(src, value, keyNode, path);
        break;
      case 'taints':
        spec.taints = parseTaints(src, value, keyNode, path);
        break;
      case 'runtime':
        if (typeof v !== 'string' || !RUNTIME_CHOICES.includes(v)) {
          throw src.error(at, `${path}: unknown runtime ${describeNode(value)} (known: ${RUNTIME_CHOICES.join(', ')})`);
        }
        spec.runtime = v;
        break;
      default:
        throw src.error(src.of(keyNode), `${path}: unknown key "${key}" (known: ${NODE_KEYS.join(', ')})`);
    }
  }
  if (!namePos) throw src.error(here, `${path}: a node needs a "name"`);
  return { spec, namePos };
}

function parseLabels(src: Source, node: unknown, keyNode: unknown, path: string): Record<string, string> {
  if (!isMap(node)) throw src.error(src.of(node ?? keyNode), `${path}: "labels" must be a mapping like {zone: a}, got ${describeNode(node)}`);
  const labels: Record<string, string> = {};
  for (const { key, keyNode: k, value } of entries(node)) {
    const keyProblems = isQualifiedName(key);
    if (keyProblems.length > 0) throw src.error(src.of(k), `${path}.labels: key ${JSON.stringify(key)} is not a valid label key: ${keyProblems[0]}`);
    const v = isScalar(value) ? value.value : undefined;
    if (typeof v !== 'string') {
      throw src.error(src.of(value ?? k), `${path}.labels: the value of "${key}" must be a string, got ${describeNode(value)} (quote it: "${String(v)}")`);
    }
    const valueProblems = isValidLabelValue(v);
    if (valueProblems.length > 0) throw src.error(src.of(value), `${path}.labels: ${JSON.stringify(v)} is not a valid label value: ${valueProblems[0]}`);
    labels[key] = v;
  }
  return labels;
}

function parseTaints(src: Source, node: unknown, keyNode: unknown, path: string): Taint[] {
  if (!isSeq(node)) throw src.error(src.of(node ?? keyNode), `${path}: "taints" must be a list like [{key: dedicated, value: db, effect: NoSchedule}]`);
  return node.items.map((item, i) => {
    const where = `${path}.taints[${i}]`;
    if (!isMap(item)) throw src.error(src.of(item), `${where}: a taint is a mapping {key, value, effect}, got ${describeNode(item)}`);
    const taint: Partial<Taint> = {};
    for (const { key, keyNode: k, value } of entries(item)) {
      const v = isScalar(value) ? value.value : undefined;
      const at = src.of(value ?? k);
      if (key === 'key') {
        if (typeof v !== 'string' || isQualifiedName(v).length > 0) throw src.error(at, `${where}: "key" must be a label-style key like dedicated or example.com/gpu, got ${describeNode(value)}`);
        taint.key = v;
      } else if (key === 'value') {
        if (typeof v !== 'string') throw src.error(at, `${where}: "value" must be a string, got ${describeNode(value)}`);
        taint.value = v;
      } else if (key === 'effect') {
        if (typeof v !== 'string' || !TAINT_EFFECTS.includes(v)) throw src.error(at, `${where}: "effect" must be one of ${TAINT_EFFECTS.join(', ')}, got ${describeNode(value)}`);
        taint.effect = v as Taint['effect'];
      } else {
        throw src.error(src.of(k), `${where}: unknown key "${key}" (known: key, value, effect)`);
      }
    }
    if (!taint.key) throw src.error(src.of(item), `${where}: a taint needs a "key"`);
    if (!taint.effect) throw src.error(src.of(item), `${where}: a taint needs an "effect" (${TAINT_EFFECTS.join(', ')})`);
    return taint as Taint;
  });
}

/** cluster.docker: a list of hosts, each `{name: host-1}`. */
function parseDockerHosts(src: Source, node: unknown, keyNode: unknown): DockerHostSpec[] {
  if (!isSeq(node) || node.items.length === 0) throw src.error(src.of(node ?? keyNode), `cluster: "docker" must be a list of hosts like [{name: host-1}], got ${describeNode(node)}`);
  const seen = new Set<string>();
  return node.items.map((item, i) => {
    const path = `cluster.docker[${i}]`;
    if (!isMap(item)) throw src.error(src.of(item), `${path}: a Docker host is a mapping like {name: host-1}, got ${describeNode(item)}`);
    let name: string | undefined;
    for (const { key, keyNode: k, value } of entries(item)) {
      const v = isScalar(value) ? value.value : undefined;
      if (key !== 'name') throw src.error(src.of(k), `${path}: unknown key "${key}" (known: name)`);
      if (typeof v !== 'string' || isDNS1123Subdomain(v).length > 0) throw src.error(src.of(value ?? k), `${path}: "name" must be a host name like host-1, got ${describeNode(value)}`);
      if (seen.has(v)) throw src.error(src.of(value), `${path}: host name "${v}" is used twice`);
      seen.add(v);
      name = v;
    }
    if (name === undefined) throw src.error(src.of(item), `${path}: a Docker host needs a "name"`);
    return { name, line: src.of(item).line };
  });
}
