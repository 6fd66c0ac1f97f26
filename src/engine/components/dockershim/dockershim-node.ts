import type { Simulation } from '../../runtime/simulation.ts';
import { Containerd } from '../containerd/containerd.ts';
import { ContainerdShim } from '../containerd/native-api-shim.ts';
import { Dockerd } from '../dockerd/dockerd.ts';
import { DOCKER_VERSION } from '../dockerd/engine-api.ts';
import { Runc } from '../runc/runc.ts';
import { DOCKERSHIM_KUBELET_VERSION, Dockershim } from './dockershim.ts';

/**
 * The runtime half of a `dockershim` node, registered on the network: runc, containerd (only
 * its native API: Docker's containerd runs with the CRI plugin disabled), the runc shim, dockerd
 * with its containerd image store, and dockershim — the CRI server in the kubelet process. The
 * kubelet is built by the cluster with what is returned here.
 */
export function createDockershimNode(sim: Simulation, name: string, podCIDR: string): { runtimeEndpoint: string; runtimeVersion: string; kubeletVersion: string } {
  const runc = new Runc(sim, name);
  // containerd's CRI plugin is off on this node; its pod CIDR is never used.
  const containerd = new Containerd(sim, name, '10.88.0.0/16');
  const shim = new ContainerdShim(sim, name, containerd.id, runc.id);
  const dockerd = new Dockerd(sim, name, containerd.id);
  const dockershim = new Dockershim(sim, name, podCIDR, dockerd);
  for (const a of [runc, containerd, shim, dockerd, dockershim]) sim.network.register(a);
  dockerd.start();
  // nodeInfo.containerRuntimeVersion: docker://<engine version> (dockershim's Version answer).
  return { runtimeEndpoint: dockershim.id, runtimeVersion: `docker://${DOCKER_VERSION}`, kubeletVersion: DOCKERSHIM_KUBELET_VERSION };
}
