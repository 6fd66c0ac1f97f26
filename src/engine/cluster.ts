import type { Simulation } from './runtime/simulation.ts';
import type { Etcd } from './components/etcd/etcd.ts';
import { createEtcdMembers, startEtcdMembers } from './components/etcd/etcd-cluster.ts';
import { KubeApiserver } from './components/apiserver/apiserver.ts';
import { DeploymentController } from './components/controllers/deployment-controller.ts';
import { ReplicaSetController } from './components/controllers/replicaset-controller.ts';
import { GarbageCollector } from './components/controllers/garbage-collector.ts';
import { NodeLifecycleController } from './components/controllers/node-lifecycle/node-lifecycle-controller.ts';
import { TaintEvictionController } from './components/controllers/node-lifecycle/taint-eviction-controller.ts';
import { Scheduler } from './components/scheduler/scheduler.ts';
import { Kubelet } from './components/kubelet/kubelet.ts';
import { Containerd, CONTAINERD_VERSION } from './components/containerd/containerd.ts';
import { Runc } from './components/runc/runc.ts';
import { Runsc } from './components/runsc/runsc.ts';
import { Kata } from './components/kata/kata.ts';
import { Rkt } from './components/rkt/rkt.ts';
import { Rktlet } from './components/rktlet/rktlet.ts';
import { Crio, CRIO_VERSION } from './components/crio/crio.ts';
import { Conmon } from './components/conmon/conmon.ts';
import { NodeTerminal } from './commands/rkt/terminal.ts';
import { createDockerHost } from './components/dockerd/docker-host.ts';
import { createDockershimNode } from './components/dockershim/dockershim-node.ts';
import { flavourOfRuntime } from '../domain/rkt/flavours.ts';
import { RKTLET_VERSION } from '../domain/rkt/rktlet.ts';
import { Kubectl } from './commands/kubectl/client.ts';
import { startOperators } from './components/operator/index.ts';
import { Etcdctl } from './commands/etcdctl/client.ts';
import { ScenarioError, type NodeSpecInScenario, type Scenario } from './scenario/types.ts';
import type { Actor, Delivery } from './runtime/actor.ts';

/** The node runtimes this release simulates; the others come with the node issue. */
export const SIMULATED_RUNTIMES = [
  'containerd+runc',
  'containerd+crun',
  // gVisor and Kata Containers with Firecracker (components/runsc, components/kata).
  'containerd+runsc',
  'containerd+kata',
  // rktlet with rkt and its stage1 flavours (components/rktlet, components/rkt), in both spellings.
  'rktlet+rkt-coreos',
  'rktlet+rkt-fly',
  'rktlet+rkt-kvm',
  'rktlet+rkt(stage1-coreos)',
  'rktlet+rkt(stage1-fly)',
  'rktlet+rkt(stage1-kvm)',
  // CRI-O with conmon and its runc or crun handler (components/crio, components/conmon).
  'cri-o+runc',
  'cri-o+crun',
  // The historical dockershim path: kubelet v1.23 → dockershim → dockerd → containerd → shim → runc (components/dockershim).
  'dockershim',
];

/** The person at the keyboard: commands are recorded as theirs. */
class User implements Actor {
  readonly id = 'user';
  readonly host = 'workstation';
  receive(_msg: Delivery): void {
    // The user reads terminal output; nothing is sent to them over the network.
  }
}

/** The Kubernetes components; absent when the scenario runs etcd alone. */
export interface KubernetesParts {
  apiserver: KubeApiserver;
  deploymentController: DeploymentController;
  replicaSetController: ReplicaSetController;
  garbageCollector: GarbageCollector;
  nodeLifecycleController: NodeLifecycleController;
  taintEvictionController: TaintEvictionController;
  scheduler: Scheduler;
  kubelets: Kubelet[];
  kubectl: Kubectl;
}

export interface Cluster {
  etcd: Etcd;
  etcdctl: Etcdctl;
  kubernetes?: KubernetesParts;
  /** A root shell on each node (`ssh node-1 …`), by node name; empty without nodes. */
  terminals: Map<string, NodeTerminal>;
}

/**
 * Builds the cluster of a scenario: the control plane (etcd, kube-apiserver, the Deployment and
 * ReplicaSet controllers, the garbage collector, the node lifecycle and taint eviction
 * controllers, kube-scheduler) on the control-plane host, and kubelet, containerd
 * and runc (or rktlet and rkt) on each node, with a shell on each node; loads the scenario's
 * objects into etcd; starts every component.
 */
export function buildCluster(sim: Simulation, scenario: Scenario): Cluster {
  for (const node of scenario.cluster.nodes) {
    if (!SIMULATED_RUNTIMES.includes(node.runtime)) {
      throw new ScenarioError(scenario.file, node.line, 1, `runtime "${node.runtime}" of node "${node.name}" is not simulated yet in this release (simulated: ${SIMULATED_RUNTIMES.join(', ')})`);
    }
  }
  const cp = scenario.cluster.controlPlane;
  const net = sim.network;
  // etcd/etcd-0, or etcd-0..N-1 with cluster.etcd.members; clients talk to etcd-0.
  const etcdMembers = createEtcdMembers(sim, cp, scenario.cluster.etcd);
  const etcd = etcdMembers[0] as Etcd;
  // etcdctl runs on the etcd host, as on a kubeadm control plane.
  const etcdctl = new Etcdctl(sim, cp, etcd.id, etcd.config.advertiseClientURLs);
  net.register(new User());
  for (const member of etcdMembers) net.register(member);
  net.register(etcdctl);
  startEtcdMembers(etcdMembers);
  const terminals = new Map<string, NodeTerminal>();
  for (const host of scenario.cluster.docker ?? []) terminals.set(host.name, createDockerHost(sim, host.name));
  if (scenario.cluster.kubernetes === false) return { etcd, etcdctl, terminals };
  const apiserver = new KubeApiserver(sim, cp, etcd.id);
  const deploymentController = new DeploymentController(sim, cp);
  const replicaSetController = new ReplicaSetController(sim, cp);
  const garbageCollector = new GarbageCollector(sim, cp);
  const nodeLifecycleController = new NodeLifecycleController(sim, cp);
  const taintEvictionController = new TaintEvictionController(sim, cp);
  const scheduler = new Scheduler(sim, cp);
  const kubectl = new Kubectl(sim);
  for (const actor of [kubectl, apiserver, deploymentController, replicaSetController, garbageCollector, nodeLifecycleController, taintEvictionController, scheduler]) net.register(actor);
  const kubelets = scenario.cluster.nodes.map((spec, i) => createNodeHost(sim, spec, i, scenario.cluster.nodes.length, terminals));
  for (const obj of scenario.objects) apiserver.bootstrap(obj);
  apiserver.start();
  deploymentController.start();
  replicaSetController.start();
  garbageCollector.start();
  nodeLifecycleController.start();
  taintEvictionController.start();
  scheduler.start();
  for (const k of kubelets) k.start();
  // Operators installed by the scenario's objects (a Deployment of bluegreen-controller); none otherwise.
  startOperators(sim, scenario.objects, cp);
  return { etcd, etcdctl, terminals, kubernetes: { apiserver, deploymentController, replicaSetController, garbageCollector, nodeLifecycleController, taintEvictionController, scheduler, kubelets, kubectl } };
}

/** runc, containerd and the kubelet of one worker node, registered on the network (not started). */
function createNodeHost(sim: Simulation, spec: NodeSpecInScenario, index: number, nodeCount: number, terminals: Map<string, NodeTerminal>): Kubelet {
  const podCIDR = podCIDRFor(index, nodeCount);
  const internalIP = `172.18.${Math.floor((index + 3) / 250)}.${((index + 3) % 250) + 1}`;
  const flavour = flavourOfRuntime(spec.runtime);
  if (flavour) {
    // rkt has no daemon: rkt/<node> is the host's rkt binary, rktlet/<node> the CRI server the kubelet calls.
    const rkt = new Rkt(sim, spec.name);
    const rktlet = new Rktlet(sim, spec.name, flavour);
    const kubelet = new Kubelet(sim, { spec, internalIP, podCIDR, runtimeVersion: `rkt://${RKTLET_VERSION}`, runtimeEndpoint: rktlet.id });
    const terminal = new NodeTerminal(sim, spec.name, { rkt: rkt.id, runtime: spec.runtime });
    for (const a of [rkt, rktlet, kubelet, terminal]) sim.network.register(a);
    terminals.set(spec.name, terminal);
    rktlet.start();
    return kubelet;
  }
  const terminal = new NodeTerminal(sim, spec.name, { runtime: spec.runtime });
  sim.network.register(terminal);
  terminals.set(spec.name, terminal);
  if (spec.runtime === 'cri-o+runc' || spec.runtime === 'cri-o+crun') {
    // crio/<node> serves the CRI; conmon/<node> runs the handler's runtime (runc/ or crun/<node>).
    const handler = spec.runtime === 'cri-o+crun' ? 'crun' : 'runc';
    const ociRuntime = new Runc(sim, spec.name, undefined, handler);
    const conmon = new Conmon(sim, spec.name, ociRuntime.id);
    const crio = new Crio(sim, spec.name, podCIDR, handler);
    const kubelet = new Kubelet(sim, { spec, internalIP, podCIDR, runtimeVersion: `cri-o://${CRIO_VERSION}`, runtimeEndpoint: crio.id });
    for (const a of [ociRuntime, conmon, crio, kubelet]) sim.network.register(a);
    terminal.watchNetworkNamespaces(crio);
    return kubelet;
  }
  if (spec.runtime === 'dockershim') {
    // A v1.23.17 kubelet (outside the skew policy against this control plane, modelled anyway) with dockershim in-process.
    const kubelet = new Kubelet(sim, { spec, internalIP, podCIDR, ...createDockershimNode(sim, spec.name, podCIDR) });
    sim.network.register(kubelet);
    return kubelet;
  }
  // containerd+crun: the same runc shim runs crun (its BinaryName); the actor is crun/<node>.
  const lowLevel = spec.runtime === 'containerd+crun' ? 'crun' : spec.runtime === 'containerd+runsc' ? 'runsc' : spec.runtime === 'containerd+kata' ? 'kata' : 'runc';
  // runsc/<node> (gVisor, containerd-shim-runsc-v1) and kata/<node> (containerd-shim-kata-v2 with Firecracker) answer containerd as runc does.
  const runc = lowLevel === 'runsc' ? new Runsc(sim, spec.name) : lowLevel === 'kata' ? new Kata(sim, spec.name) : new Runc(sim, spec.name, undefined, lowLevel);
  const containerd = new Containerd(sim, spec.name, podCIDR, lowLevel);
  const kubelet = new Kubelet(sim, { spec, internalIP, podCIDR, runtimeVersion: `containerd://${CONTAINERD_VERSION}` });
  sim.network.register(runc);
  sim.network.register(containerd);
  terminal.watchNetworkNamespaces(containerd);
  sim.network.register(kubelet);
  return kubelet;
}

/**
 * A `join` step: a new host boots runc, containerd and a kubelet while the cluster runs, and the
 * kubelet registers its Node exactly as the others did at boot (Kubelet.start). Returns the kubelet.
 */
export function joinNode(sim: Simulation, cluster: Cluster, spec: NodeSpecInScenario): Kubelet {
  const k8s = cluster.kubernetes;
  if (!k8s) throw new Error('a node can only join a cluster that runs Kubernetes');
  const index = k8s.kubelets.length;
  const kubelet = createNodeHost(sim, spec, index, index + 1, cluster.terminals);
  k8s.kubelets.push(kubelet);
  kubelet.start();
  return kubelet;
}

/**
 * The /24 each node gets from the node IPAM controller. Small clusters use 10.244.0.0/16, the
 * range people know from kubeadm with flannel; a cluster of more than 255 nodes needs a larger
 * cluster CIDR, and gets 10.64.0.0/10 (16,384 nodes).
 */
export function podCIDRFor(index: number, nodeCount: number): string {
  const n = index + 1;
  if (nodeCount < 256) return `10.244.${n}.0/24`;
  return `10.${64 + Math.floor(n / 256)}.${n % 256}.0/24`;
}
