// Created by the lead as the one entry point for faults; owned by h2 from now on.
import { parseQuantity } from '../../domain/k8s/quantity.ts';
import type { Cluster } from '../cluster.ts';
import { ETCD_FAULTS, runEtcdFault } from '../components/etcd/faults.ts';
import { NODE_FAULTS, runNodeFault } from '../components/kubelet/faults.ts';
import type { Kubelet } from '../components/kubelet/kubelet.ts';
import { Runc } from '../components/runc/runc.ts';
import type { Simulation } from '../runtime/simulation.ts';
import { killFromHost, podOfAnnotations } from './host-kill.ts';
import { failPulls, PULL_FAIL_REASONS, type PullFailReason } from './registry.ts';

/**
 * Faults on a pod's containers, as the node's kernel sees them:
 * - `container-kill {node, pod, container?, namespace?}`: SIGKILL to the container's init from
 *   the host (`kill -9 <pid>`); the kubelet did not ask for it, so it records no `Killing`
 *   Event: the PLEG sees the container die (exit code 137, reason Error) and the pod worker
 *   restarts it per restartPolicy, with the crash-loop back-off;
 * - `memory-exhaust {node, pod, container?, namespace?}`: the container's memory goes past its
 *   limit (or the node's memory when it has none): the kernel's OOM killer (exit code 137,
 *   reason OOMKilled);
 * - `image-pull-fail {image?, node?, reason?}`: the registry answers an error to the pulls
 *   (registry.ts): ErrImagePull, then ImagePullBackOff.
 */
export const CONTAINER_FAULTS: readonly string[] = ['container-kill', 'memory-exhaust'];
export const IMAGE_FAULTS: readonly string[] = ['image-pull-fail'];

/** Every fault type the engine runs (scenario `fault:` steps and the console's `fault` command). */
export const FAULTS: readonly string[] = [...NODE_FAULTS, ...CONTAINER_FAULTS, ...IMAGE_FAULTS, ...ETCD_FAULTS];

export { FAULT_FIELDS, FAULT_TYPES } from './fields.ts';
export { PULL_FAIL_REASONS };

/** Runs one fault on the cluster at the simulation's current time. */
export function runFault(sim: Simulation, cluster: Cluster, fault: Record<string, unknown>): void {
  const type = String(fault['type']);
  const kubelets = cluster.kubernetes?.kubelets ?? [];
  if (NODE_FAULTS.includes(type)) runNodeFault(sim, kubelets, fault);
  else if (CONTAINER_FAULTS.includes(type)) runContainerFault(sim, kubelets, fault);
  else if (type === 'image-pull-fail') runImageFault(sim, kubelets, fault);
  else if (ETCD_FAULTS.includes(type)) runEtcdFault(sim, cluster.etcd, fault);
  else throw new Error(`unknown fault "${type}" (known: ${FAULTS.join(', ')})`);
}

/** A running container of a pod as the low-level runtime on its node knows it (from the spec's annotations). */
export interface RunningContainer {
  runtime: Runc;
  id: string;
  pid: number;
  namespace: string;
  pod: string;
  container: string;
}

/**
 * The running containers the host's low-level runtime has (not the sandboxes' pause processes):
 * containerd's annotations (io.kubernetes.cri.*) or CRI-O's (io.kubernetes.cri-o.*, its Name
 * being k8s_<container>_<pod>_<namespace>_<uid>_<attempt>).
 */
export function runningContainers(sim: Simulation, host: string): RunningContainer[] {
  const out: RunningContainer[] = [];
  for (const id of sim.network.actorsOn(host)) {
    const runtime = sim.network.actor(id);
    if (!(runtime instanceof Runc)) continue;
    for (const init of runtime.runningInits()) {
      const pod = podOfAnnotations(init.annotations);
      if (pod?.type === 'container') out.push({ runtime, id: init.id, pid: init.pid, namespace: pod.namespace, pod: pod.pod, container: pod.container });
    }
  }
  return out;
}

function targetContainer(sim: Simulation, kubelets: readonly Kubelet[], fault: Record<string, unknown>): { kubelet: Kubelet; target: RunningContainer } {
  const type = String(fault['type']);
  const node = String(fault['node']);
  const kubelet = kubelets.find((k) => k.host === node);
  if (!kubelet) throw new Error(`${type}: no node ${node}`);
  const namespace = String(fault['namespace'] ?? 'default');
  const pod = String(fault['pod']);
  const running = runningContainers(sim, node);
  const ofPod = running.filter((c) => c.pod === pod && c.namespace === namespace);
  if (ofPod.length === 0) {
    const pods = [...new Set(running.map((c) => `${c.namespace}/${c.pod}`))];
    throw new Error(`${type}: no running container of pod ${namespace}/${pod} on ${node} (running there: ${pods.length > 0 ? pods.join(', ') : 'none'})`);
  }
  const wanted = fault['container'];
  const target = wanted === undefined ? ofPod[0] : ofPod.find((c) => c.container === wanted);
  if (!target) throw new Error(`${type}: pod ${namespace}/${pod} has no running container "${String(wanted)}" on ${node} (running: ${ofPod.map((c) => c.container).join(', ')})`);
  return { kubelet, target };
}

const SIGKILL = 9;

function runContainerFault(sim: Simulation, kubelets: readonly Kubelet[], fault: Record<string, unknown>): void {
  const { kubelet, target } = targetContainer(sim, kubelets, fault);
  if (fault['type'] === 'container-kill') {
    // As `kill -9 <pid>` typed in the node's shell (the shell's kill builtin takes the same path).
    killFromHost(sim, kubelet.host, target.pid, SIGKILL, `kill -9 ${target.pid}`);
    return;
  }
  const killed = target.runtime.oomKill(target.id, parseQuantity(kubelet.memoryCapacity));
  // No limit: the machine ran out; the kubelet's OOM watcher reads the kill from the kernel log.
  if (killed?.message.startsWith('Out of memory')) sim.after(OOM_WATCHER_DELAY, () => kubelet.systemOom(killed.comm, killed.pid, killed.seq));
}

/** How long the kubelet's OOM watcher takes to read /dev/kmsg (cadvisor's oomparser streams it). */
const OOM_WATCHER_DELAY = 100_000;

function runImageFault(sim: Simulation, kubelets: readonly Kubelet[], fault: Record<string, unknown>): void {
  const reason = (fault['reason'] ?? 'not-found') as PullFailReason;
  if (!PULL_FAIL_REASONS.includes(reason)) throw new Error(`image-pull-fail: unknown reason "${String(reason)}" (known: ${PULL_FAIL_REASONS.join(', ')})`);
  if (fault['node'] !== undefined && !kubelets.some((k) => k.host === fault['node'])) throw new Error(`image-pull-fail: no node ${String(fault['node'])}`);
  failPulls(sim, { ...(typeof fault['image'] === 'string' ? { image: fault['image'] } : {}), ...(typeof fault['node'] === 'string' ? { node: fault['node'] } : {}), reason });
  // The registry changed, not the cluster: a marker the views can show at the fault's time.
  sim.recorder.record({ kind: 'log', actor: 'user', op: 'log', attrs: { logger: 'fault', message: `registry answers ${reason === 'access-denied' ? '401 insufficient_scope' : '404 MANIFEST_UNKNOWN'} for ${typeof fault['image'] === 'string' ? fault['image'] : 'every image'}${typeof fault['node'] === 'string' ? ` pulled from ${fault['node']}` : ''}`, fault: 'image-pull-fail' } });
}
