import type { OciSpec } from '../../../domain/oci/spec.ts';
import type { RuncStep } from '../../../domain/oci/runc-steps.ts';
import { runscCreateSteps, runscDeleteSteps, runscKillSteps, runscStartSteps, type RunscContext } from '../../../domain/gvisor/runsc-steps.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { RuncInvocation } from '../runc/runc.ts';
import { SandboxedRuntime, type SandboxedContainer } from './sandboxed-runtime.ts';

/** containerd's namespace for the CRI; the shim's runsc root is /run/containerd/runsc/<ns>. */
const NAMESPACE = 'k8s.io';

/**
 * runsc/<node>: gVisor's runtime as containerd-shim-runsc-v1 runs it. The pod's sandbox
 * (pause) container starts the sandbox: a gofer, then `runsc-sandbox` (the Sentry) in its own
 * namespaces under seccomp; each other container of the pod gets a gofer and is created and
 * started inside the running Sentry over its control socket. The container's process is a task
 * of the Sentry: its system calls never reach the host kernel. Steps: domain/gvisor/runsc-steps.ts.
 */
export class Runsc extends SandboxedRuntime {
  /** The sandbox process's pid, by sandbox id. */
  private readonly sandboxes = new Map<string, number>();

  constructor(sim: Simulation, host: string, firstPid = 4100) {
    super(sim, host, 'runsc', firstPid);
  }

  protected prepare(_inv: RuncInvocation, spec: OciSpec, sandboxId: string): { pid: number; helperPid: number } | { error: string } {
    const sub = spec.annotations?.['io.kubernetes.cri.container-type'] === 'container';
    const goferPid = (this.nextPid += 2);
    if (!sub) {
      const sandboxPid = (this.nextPid += 2);
      this.sandboxes.set(sandboxId, sandboxPid);
      return { pid: sandboxPid, helperPid: goferPid };
    }
    const sandboxPid = this.sandboxes.get(sandboxId);
    // container.go New: a subcontainer loads its sandbox from the state files; none means no sandbox.
    if (sandboxPid === undefined) return { error: `creating container: cannot create sandbox: sandbox "${sandboxId}" not found` };
    return { pid: sandboxPid, helperPid: goferPid };
  }

  private ctx(c: SandboxedContainer, inv: RuncInvocation): RunscContext {
    return { id: c.id, bundle: inv.bundle, namespace: NAMESPACE, goferPid: c.helperPid ?? 0, sandboxPid: c.pid };
  }

  protected createSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[] {
    return runscCreateSteps(spec, this.ctx(c, inv));
  }

  protected startSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[] {
    return runscStartSteps(spec, this.ctx(c, inv));
  }

  protected killSteps(c: SandboxedContainer, signal: number, inv: RuncInvocation): RuncStep[] {
    return runscKillSteps({ id: c.id, sandbox: c.sandboxId, signal, namespace: NAMESPACE, bundle: inv.bundle });
  }

  protected deleteSteps(c: SandboxedContainer, inv: RuncInvocation): RuncStep[] {
    return runscDeleteSteps({ id: c.id, sandbox: c.sandboxId, namespace: NAMESPACE, bundle: inv.bundle, sandboxPid: c.pid, ...(c.helperPid !== undefined ? { goferPid: c.helperPid } : {}) });
  }

  protected deleted(c: SandboxedContainer): void {
    if (c.id === c.sandboxId) this.sandboxes.delete(c.sandboxId);
  }
}
