import type { Simulation } from '../../runtime/simulation.ts';
import type { Kubelet } from './kubelet.ts';

/**
 * The node faults this release runs:
 * - `kubelet-stop`: the kubelet process stops (systemctl stop kubelet); containers keep running;
 * - `node-down`: the machine powers off: the kubelet, containerd, runc and every container
 *   with it; whatever is sent to the host is lost.
 * Either way the control plane only sees the heartbeats stop: the node lifecycle controller
 * takes it from there. Bringing a node back (a kubelet restart) comes with the node issue.
 */
export const NODE_FAULTS: readonly string[] = ['kubelet-stop', 'node-down'];

/** The node's other daemons, by actor id prefix, as the topology draws them. */
const HOST_DAEMONS = ['containerd', 'runc', 'crun'];

export function runNodeFault(sim: Simulation, kubelets: readonly Kubelet[], fault: Record<string, unknown>): void {
  const kubelet = kubelets.find((k) => k.host === String(fault['node']));
  if (!kubelet) throw new Error(`node fault: no node ${String(fault['node'])}`);
  if (fault['type'] === 'node-down') {
    // A machine that powers off closes no connection: the host goes down first, so the
    // kubelet's stream resets are lost (a killed process has its sockets closed by the kernel:
    // with kubelet-stop they arrive). Its daemons stop with it.
    sim.network.setHostDown(kubelet.host, true);
    for (const daemon of HOST_DAEMONS) {
      const id = `${daemon}/${kubelet.host}`;
      if (sim.network.actor(id)) sim.recorder.record({ kind: 'state', actor: id, op: 'powered off', attrs: { machine: 'host', instance: kubelet.host } });
    }
  }
  kubelet.stop();
}
