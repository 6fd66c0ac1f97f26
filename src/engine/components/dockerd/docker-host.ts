import { NodeTerminal } from '../../commands/rkt/terminal.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { Containerd } from '../containerd/containerd.ts';
import { ContainerdShim } from '../containerd/native-api-shim.ts';
import { Runc } from '../runc/runc.ts';
import { Dockerd } from './dockerd.ts';

/**
 * A Docker host without Kubernetes (cluster.docker in a scenario): dockerd, containerd (Docker's
 * containerd.io package ships it with the CRI plugin disabled, so only its native API is used),
 * the runc shim, runc, and a root shell with the docker and ctr CLIs. Returns the shell.
 */
export function createDockerHost(sim: Simulation, name: string): NodeTerminal {
  const runc = new Runc(sim, name);
  // The CRI plugin's pod CIDR is never used on a Docker host; containerd's own default is given.
  const containerd = new Containerd(sim, name, '10.88.0.0/16');
  const shim = new ContainerdShim(sim, name, containerd.id, runc.id);
  const dockerd = new Dockerd(sim, name, containerd.id);
  const terminal = new NodeTerminal(sim, name, { runtime: 'docker' });
  for (const a of [runc, containerd, shim, dockerd, terminal]) sim.network.register(a);
  dockerd.start();
  return terminal;
}
