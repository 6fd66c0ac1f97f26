import { componentOf } from '../../runtime/network.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { Kubelet } from './kubelet.ts';

/**
 * The node faults this release runs:
 * - `kubelet-stop`: the kubelet process stops (systemctl stop kubelet); containers keep running;
 * - `node-down`: the machine powers off: the kubelet, every daemon of its runtime and every
 *   container with it; whatever is sent to the host is lost.
 * Either way the control plane only sees the heartbeats stop: the node lifecycle controller
 * takes it from there. Bringing a node back (a kubelet restart) comes with the node issue.
 */
export const NODE_FAULTS: readonly string[] = ['kubelet-stop', 'node-down'];

/**
 * Actors on a node that are not daemons the power-off stops: the kubelet records its own stop;
 * the node shell (terminal/<node>) and the CLIs run from it (crictl, ctr, docker) are no services.
 */
const NOT_DAEMONS = new Set(['kubelet', 'terminal', 'crictl', 'ctr', 'docker']);

/**
 * Every daemon of the node's runtime, whatever it is (containerd and its shims, CRI-O and conmon,
 * dockerd and dockershim, rktlet and rkt, runc, crun, runsc, kata): the actors registered on the
 * host, so a runtime added later powers off with the node without being listed here.
 */
export function hostDaemons(sim: Simulation, host: string): string[] {
  return sim.network.actorsOn(host).filter((id) => !NOT_DAEMONS.has(componentOf(id)));
}

export function runNodeFault(sim: Simulation, kubelets: readonly Kubelet[], fault: Record<string, unknown>): void {
  const kubelet = kubelets.find((k) => k.host === String(fault['node']));
  if (!kubelet) throw new Error(`node fault: no node ${String(fault['node'])}`);
  if (fault['type'] === 'node-down') {
    // A machine that powers off closes no connection: the host goes down first, so the
    // kubelet's stream resets are lost (a killed process has its sockets closed by the kernel:
    // with kubelet-stop they arrive). Its daemons stop with it.
    sim.network.setHostDown(kubelet.host, true);
    for (const id of hostDaemons(sim, kubelet.host)) sim.recorder.record({ kind: 'state', actor: id, op: 'powered off', attrs: { machine: 'host', instance: kubelet.host } });
  }
  kubelet.stop();
}
