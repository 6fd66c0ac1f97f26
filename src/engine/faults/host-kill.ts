import { signalName } from '../../domain/oci/signals.ts';
import type { ObjectRef } from '../../trace/schema.ts';
import { Runc } from '../components/runc/runc.ts';
import type { Simulation } from '../runtime/simulation.ts';

/**
 * kill(2) from a node's root shell at a container's process (`kill -9 <pid>`): the one path of
 * the `container-kill` fault and of the shell's `kill` builtin (commands/rkt/terminal.ts). Only
 * the processes the low-level runtimes on the host started have pids here (each container's
 * init, a sandbox's pause); the runtime is not asked, so only the init's death tells the shim.
 */

/** The pod a runtime's container belongs to, from containerd's (io.kubernetes.cri.*) or CRI-O's (io.kubernetes.cri-o.*) annotations. */
export function podOfAnnotations(a: Readonly<Record<string, string>>): { namespace: string; pod: string; container: string; type: string } | undefined {
  if (a['io.kubernetes.cri.container-type'] !== undefined) {
    return { namespace: a['io.kubernetes.cri.sandbox-namespace'] ?? '', pod: a['io.kubernetes.cri.sandbox-name'] ?? '', container: a['io.kubernetes.cri.container-name'] ?? '', type: a['io.kubernetes.cri.container-type'] };
  }
  if (a['io.kubernetes.cri-o.ContainerType'] !== undefined) {
    // CRI-O's Name is k8s_<container>_<pod>_<namespace>_<uid>_<attempt> (k8s_POD_… for the infra container).
    const name = (a['io.kubernetes.cri-o.Name'] ?? '').split('_');
    return { namespace: a['io.kubernetes.cri-o.Namespace'] ?? '', pod: a['io.kubernetes.cri-o.KubeName'] ?? '', container: name[0] === 'k8s' ? (name[1] ?? '') : '', type: a['io.kubernetes.cri-o.ContainerType'] };
  }
  return undefined;
}

export interface HostProcess {
  runtime: Runc;
  /** The runtime's container id. */
  id: string;
  ref?: ObjectRef;
  container: string;
}

/** The running container init with this pid on the host, or undefined (the shell's ESRCH). */
export function hostProcess(sim: Simulation, host: string, pid: number): HostProcess | undefined {
  for (const actor of sim.network.actorsOn(host)) {
    const runtime = sim.network.actor(actor);
    if (!(runtime instanceof Runc)) continue;
    const id = runtime.containerOfPid(pid);
    if (id === undefined) continue;
    const init = runtime.runningInits().find((x) => x.id === id);
    const pod = podOfAnnotations(init?.annotations ?? {});
    return { runtime, id, container: pod?.container ?? '', ...(pod?.pod ? { ref: { apiVersion: 'v1', kind: 'Pod', namespace: pod.namespace || 'default', name: pod.pod } } : {}) };
  }
  return undefined;
}

/**
 * Sends `signal` to `pid` as `argv` typed in terminal/<host> did. Records the kill(2) (with
 * ESRCH when no such process runs) and returns whether the process existed. Signal 0 only
 * checks that it exists. The signal reaches the init as one from an ancestor PID namespace:
 * SIGKILL always ends it, another only when the process handles it (runc signalFromHost).
 */
export function killFromHost(sim: Simulation, host: string, pid: number, signal: number, argv: string, cause?: number): boolean {
  const target = hostProcess(sim, host, pid);
  const shell = `terminal/${host}`;
  const actor = sim.network.actor(shell) || !target ? shell : target.runtime.id;
  const syscall = `kill(${pid}, ${signal === 0 ? '0' : signalName(signal)})`;
  const seq = sim.recorder.record({
    kind: 'span', actor, op: 'kill', dur: 0,
    ...(cause !== undefined ? { cause } : {}),
    ...(target?.ref ? { ref: target.ref } : {}),
    attrs: { proc: 'kill', argv, syscall, pid, ...(target ? { container: target.container, id: target.id } : { error: 'ESRCH' }) },
  });
  if (target && signal !== 0) target.runtime.signalFromHost(target.id, signal, seq);
  return target !== undefined;
}
