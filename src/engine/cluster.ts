import type { Simulation } from './runtime/simulation.ts';
import { Etcd } from './components/etcd/etcd.ts';
import { KubeApiserver } from './components/apiserver/apiserver.ts';
import { DeploymentController } from './components/controllers/deployment-controller.ts';
import { ReplicaSetController } from './components/controllers/replicaset-controller.ts';
import { Scheduler } from './components/scheduler/scheduler.ts';
import { Kubelet } from './components/kubelet/kubelet.ts';
import { Containerd, CONTAINERD_VERSION } from './components/containerd/containerd.ts';
import { Runc } from './components/runc/runc.ts';
import { Kubectl } from './commands/kubectl/client.ts';
import { Etcdctl } from './commands/etcdctl/client.ts';
import { ScenarioError, type Scenario } from './scenario/types.ts';
import type { Actor, Delivery } from './runtime/actor.ts';

/** The node runtimes this release simulates; the others come with the node issue. */
export const SIMULATED_RUNTIMES = ['containerd+runc'];

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
  scheduler: Scheduler;
  kubelets: Kubelet[];
  kubectl: Kubectl;
}

export interface Cluster {
  etcd: Etcd;
  etcdctl: Etcdctl;
  kubernetes?: KubernetesParts;
}

/**
 * Builds the cluster of a scenario: the control plane (etcd, kube-apiserver, the Deployment and
 * ReplicaSet controllers, kube-scheduler) on the control-plane host, and kubelet, containerd
 * and runc on each node; loads the scenario's objects into etcd; starts every component.
 */
export function buildCluster(sim: Simulation, scenario: Scenario): Cluster {
  for (const node of scenario.cluster.nodes) {
    if (!SIMULATED_RUNTIMES.includes(node.runtime)) {
      throw new ScenarioError(scenario.file, node.line, 1, `runtime "${node.runtime}" of node "${node.name}" is not simulated yet in this release (simulated: ${SIMULATED_RUNTIMES.join(', ')})`);
    }
  }
  const cp = scenario.cluster.controlPlane;
  const net = sim.network;
  const etcd = new Etcd(sim, 'etcd/etcd-0', cp, scenario.cluster.etcd);
  // etcdctl runs on the etcd host, as on a kubeadm control plane.
  const etcdctl = new Etcdctl(sim, cp, etcd.id, etcd.config.advertiseClientURLs);
  net.register(new User());
  net.register(etcd);
  net.register(etcdctl);
  if (scenario.cluster.kubernetes === false) return { etcd, etcdctl };
  const apiserver = new KubeApiserver(sim, cp, etcd.id);
  const deploymentController = new DeploymentController(sim, cp);
  const replicaSetController = new ReplicaSetController(sim, cp);
  const scheduler = new Scheduler(sim, cp);
  const kubectl = new Kubectl(sim);
  for (const actor of [kubectl, apiserver, deploymentController, replicaSetController, scheduler]) net.register(actor);
  const kubelets = scenario.cluster.nodes.map((spec, i) => {
    const podCIDR = podCIDRFor(i, scenario.cluster.nodes.length);
    const internalIP = `172.18.${Math.floor((i + 3) / 250)}.${((i + 3) % 250) + 1}`;
    const runc = new Runc(sim, spec.name);
    const containerd = new Containerd(sim, spec.name, podCIDR);
    const kubelet = new Kubelet(sim, { spec, internalIP, podCIDR, runtimeVersion: `containerd://${CONTAINERD_VERSION}` });
    net.register(runc);
    net.register(containerd);
    net.register(kubelet);
    return kubelet;
  });
  for (const obj of scenario.objects) apiserver.bootstrap(obj);
  apiserver.start();
  deploymentController.start();
  replicaSetController.start();
  scheduler.start();
  for (const k of kubelets) k.start();
  return { etcd, etcdctl, kubernetes: { apiserver, deploymentController, replicaSetController, scheduler, kubelets, kubectl } };
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
