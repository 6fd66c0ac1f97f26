/**
 * The component families every view colours by (one accent each, CSS variables in styles.css):
 * `client` (user, kubectl: --client), `control-plane` (kube-apiserver, etcd, controllers,
 * kube-scheduler: --cp), `node` (the node agents: kubelet, kube-proxy: --node), `runtime`
 * (CRI and OCI runtimes: containerd, CRI-O, conmon, dockerd, runc, crun, runsc, kata, rkt:
 * --rt) and `kernel` (what the runtime asks Linux for: namespaces, cgroups, mounts, the
 * syscalls: --kernel). Pure names; a view uses `var(--${FAMILY_VAR[f]})` or the class
 * `ka-fam-<family>`.
 */
export type ComponentFamily = 'client' | 'control-plane' | 'node' | 'runtime' | 'kernel';
export const COMPONENT_FAMILIES: readonly ComponentFamily[] = ['client', 'control-plane', 'node', 'runtime', 'kernel'];
export const FAMILY_VAR: Record<ComponentFamily, string> = { client: '--client', 'control-plane': '--cp', node: '--node', runtime: '--rt', kernel: '--kernel' };
export const FAMILY_SOFT_VAR: Record<ComponentFamily, string> = { client: '--client-soft', 'control-plane': '--cp-soft', node: '--node-soft', runtime: '--rt-soft', kernel: '--kernel-soft' };

const CONTROL_PLANE = new Set(['kube-apiserver', 'etcd', 'kube-controller-manager', 'scheduler', 'kube-scheduler', 'cloud-controller-manager']);
const NODE_AGENTS = new Set(['kubelet', 'kube-proxy']);
const CLIENTS = new Set(['user', 'kubectl', 'etcdctl', 'crictl']);
const KERNEL = new Set(['kernel', 'linux']);

/** The family of an actor id (`kubelet/node-1` → node). Unknown components count as runtimes. */
export function familyOfActor(actor: string): ComponentFamily {
  const component = actor.split('/')[0] ?? actor;
  if (CLIENTS.has(component)) return 'client';
  if (CONTROL_PLANE.has(component)) return 'control-plane';
  if (NODE_AGENTS.has(component)) return 'node';
  if (KERNEL.has(component)) return 'kernel';
  return 'runtime';
}

/**
 * Syscalls and kernel objects a runtime's spans are named after (runc's and crun's container
 * setup, see DOMAIN.md): a span with one of these ops is the kernel's work, coloured as such.
 */
const KERNEL_OPS = new Set(['clone', 'clone3', 'unshare', 'setns', 'pivot_root', 'chroot', 'mount', 'umount2', 'mkdir', 'execve', 'prctl', 'capset', 'seccomp', 'sethostname', 'cgroup', 'write cgroup', 'kill', 'wait4', 'overlay']);

/** The family an event is drawn in: the kernel's for syscall spans, else its actor's. */
export function familyOfEvent(e: { actor: string; kind?: string; op?: string }): ComponentFamily {
  if (e.kind === 'span' && e.op !== undefined && KERNEL_OPS.has(e.op)) return 'kernel';
  return familyOfActor(e.actor);
}
