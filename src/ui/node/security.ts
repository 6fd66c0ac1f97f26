import type { TraceEvent } from '../../trace/schema.ts';

/**
 * What else the runtime's init did to confine a container, from its spans (runc
 * standard_init_linux.go: sethostname in the new UTS namespace, PR_SET_NO_NEW_PRIVS, the
 * seccomp filter, the capability sets, the uid it drops to before exec).
 */
export interface ContainerSecurity {
  hostname?: string;
  seccomp?: { readonly defaultAction?: string; readonly rules: number };
  /** The effective capabilities kept (`capset`). */
  capabilities?: readonly string[];
  noNewPrivs?: boolean;
  uid?: number;
}

/**
 * Processes of a sandboxed runtime that confine themselves, not a container: gVisor's Sentry
 * (runsc-sandbox: its seccomp filter and uid 65534, runsc/boot/filter, runsc/sandbox/sandbox.go)
 * and gofers (runsc/fsgofer/filter), Kata's VMM (firecracker's per-thread filters). Their spans
 * come during the sandbox (pause) container's create, but they belong to the pod's sandbox and
 * show in the isolation stack (runtimes.ts), not in one container's security.
 */
const SANDBOX_PROCESSES = new Set(['runsc-sandbox', 'runsc-gofer', 'firecracker']);

export class SecurityFold {
  readonly byContainer = new Map<string, ContainerSecurity>();

  constructor(private readonly ociActor: string) {}

  apply(e: TraceEvent, container: string | undefined): void {
    if (e.kind !== 'span' || e.actor !== this.ociActor || !container) return;
    const a = e.attrs ?? {};
    if (typeof a['proc'] === 'string' && SANDBOX_PROCESSES.has(a['proc'])) return;
    const get = () => {
      let s = this.byContainer.get(container);
      if (!s) this.byContainer.set(container, (s = {}));
      return s;
    };
    if (e.op === 'sethostname' && typeof a['name'] === 'string') get().hostname = a['name'];
    else if (e.op === 'seccomp') get().seccomp = { ...(typeof a['defaultAction'] === 'string' ? { defaultAction: a['defaultAction'] } : {}), rules: typeof a['rules'] === 'number' ? a['rules'] : 0 };
    else if (e.op === 'capset' && Array.isArray(a['effective'])) get().capabilities = (a['effective'] as unknown[]).map(String);
    else if (e.op === 'prctl' && a['option'] === 'PR_SET_NO_NEW_PRIVS') get().noNewPrivs = true;
    else if (e.op === 'setresuid' && typeof a['euid'] === 'number') get().uid = a['euid'];
  }
}
