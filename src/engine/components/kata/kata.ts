import type { OciSpec } from '../../../domain/oci/spec.ts';
import type { RuncStep } from '../../../domain/oci/runc-steps.ts';
import { kataCreateContainerSteps, kataDeleteSteps, kataKillSteps, kataSandboxSteps, kataStartSteps, type KataContext } from '../../../domain/kata/kata-steps.ts';
import { FC_DISK_POOL_SIZE } from '../../../domain/kata/firecracker.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { RuncInvocation } from '../runc/runc.ts';
import { SandboxedRuntime, type SandboxedContainer } from '../runsc/sandboxed-runtime.ts';

interface KataSandbox {
  vmmPid: number;
  /** Next free pool drive and the guest's next pid. */
  nextDrive: number;
  nextGuestPid: number;
}

/**
 * kata/<node>: containerd-shim-kata-v2 with Firecracker. The shim is the runtime: it answers
 * containerd's task calls itself (the invocations arrive with the same protocol as runc's, so
 * containerd's side is unchanged). The pod's sandbox container boots the microVM (Firecracker,
 * the guest kernel, the kata-agent) and every container is then made by the agent inside the
 * guest, with its own namespaces there; on the host each container is the VMM process. One
 * actor, not three: the topology draws one low-level runtime box per node, and the spans' `proc`
 * (containerd-shim-kata-v2, firecracker, guest kernel, kata-agent) name the layers for the node
 * view. Steps: domain/kata/kata-steps.ts.
 */
export class Kata extends SandboxedRuntime {
  private readonly sandboxes = new Map<string, KataSandbox>();

  constructor(sim: Simulation, host: string, firstPid = 4100) {
    super(sim, host, 'kata', firstPid);
  }

  protected prepare(_inv: RuncInvocation, spec: OciSpec, sandboxId: string): { pid: number; helperPid: number; drive: number } | { error: string } {
    const sub = spec.annotations?.['io.kubernetes.cri.container-type'] === 'container';
    let sb = this.sandboxes.get(sandboxId);
    if (!sb) {
      if (sub) return { error: `rpc error: code = NotFound desc = sandbox ${sandboxId} not found` };
      sb = { vmmPid: (this.nextPid += 3), nextDrive: 0, nextGuestPid: 70 };
      this.sandboxes.set(sandboxId, sb);
    }
    // fc.go: the pool has 8 drives; a pod with more containers cannot get a rootfs device.
    if (sb.nextDrive >= FC_DISK_POOL_SIZE) return { error: `no free drive in the Firecracker pool of ${FC_DISK_POOL_SIZE}` };
    return { pid: sb.vmmPid, helperPid: (sb.nextGuestPid += 7), drive: sb.nextDrive++ };
  }

  private ctx(c: SandboxedContainer, inv: RuncInvocation): KataContext {
    return { id: c.id, bundle: inv.bundle, sandboxId: c.sandboxId, vmmPid: c.pid, drive: c.drive ?? 0, guestPid: c.helperPid ?? 1 };
  }

  protected createSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[] {
    const ctx = this.ctx(c, inv);
    const vm = c.id === c.sandboxId ? kataSandboxSteps(spec, ctx).steps : [];
    return [...vm, ...kataCreateContainerSteps(spec, ctx)];
  }

  protected startSteps(c: SandboxedContainer, spec: OciSpec, inv: RuncInvocation): RuncStep[] {
    return kataStartSteps(spec, this.ctx(c, inv));
  }

  protected killSteps(c: SandboxedContainer, signal: number): RuncStep[] {
    return kataKillSteps({ id: c.id, signal });
  }

  protected deleteSteps(c: SandboxedContainer): RuncStep[] {
    return kataDeleteSteps({ id: c.id, sandboxId: c.sandboxId, vmmPid: c.pid });
  }

  protected deleted(c: SandboxedContainer): void {
    if (c.id === c.sandboxId) this.sandboxes.delete(c.sandboxId);
  }
}
