import type { Network } from '../../runtime/network.ts';
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

export function runNodeFault(network: Network, kubelets: readonly Kubelet[], fault: Record<string, unknown>): void {
  const kubelet = kubelets.find((k) => k.host === String(fault['node']));
  if (!kubelet) throw new Error(`node fault: no node ${String(fault['node'])}`);
  // A machine that powers off closes no connection: the host goes down first, so the kubelet's
  // stream resets are lost. A killed process has its sockets closed by the kernel: those arrive.
  if (fault['type'] === 'node-down') network.setHostDown(kubelet.host, true);
  kubelet.stop();
}
