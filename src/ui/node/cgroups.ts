import { expandSlice, V1_HIERARCHIES } from '../../domain/oci/cgroups.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/**
 * The node's cgroup tree under `/sys/fs/cgroup`, from what the trace shows being made:
 *
 * - the pod's slice comes from the CRI `cgroupParent` (`kubepods-<qos>-pod<uid>.slice`, which
 *   systemd expands to `kubepods.slice/kubepods-<qos>.slice/…`); the kubelet's container
 *   manager creates `kubepods.slice` and the QoS slices at start and the pod slice before
 *   RunPodSandbox (kubelet SyncPod step 2), none of which the trace records as spans; the pod
 *   slice goes with `SyncTerminatedPod` (`destroy pod cgroup`);
 * - each container's scope (`cri-containerd-<id>.scope`) from the runtime's `mkdir` (by systemd
 *   for the systemd driver, after `StartTransientUnit`), the pid written to `cgroup.procs`, the
 *   limit files written at the procHooks sync (runc libcontainer/cgroups fs2 Set), and its
 *   removal (`destroy cgroup` at `runc delete`).
 *
 * Guaranteed pods sit directly under kubepods.slice; Burstable and BestEffort under their QoS
 * slice (kubelet pkg/kubelet/cm/qos_container_manager_linux.go, pod_container_manager_linux.go).
 */

export const CGROUP_ROOT = '/sys/fs/cgroup';

export interface ScopeInfo {
  /** Relative to the cgroup root, without a v1 hierarchy: `kubepods.slice/…/cri-containerd-<id>.scope`. */
  readonly path: string;
  readonly container?: string;
  /** Who made the directory: `systemd` (systemd driver) or the runtime (cgroupfs). */
  readonly madeBy: string;
  readonly t: number;
  /** Files written in it, by name (`cpu.weight` → `1`). */
  readonly files: Map<string, string>;
  /** Pids moved in (`cgroup.procs`). */
  readonly procs: number[];
  /** The v1 hierarchies it was made in (empty on cgroup v2). */
  readonly hierarchies: string[];
}

export class CgroupFold {
  readonly scopes = new Map<string, ScopeInfo>();
  /** Pod slices the kubelet removed (`SyncTerminatedPod`), by slice name. */
  readonly destroyedSlices = new Set<string>();

  constructor(private readonly ociActor: string) {}

  apply(e: TraceEvent, container: string | undefined): void {
    if (e.kind !== 'span') return;
    const a = e.attrs ?? {};
    if (e.op === 'SyncTerminatedPod' && typeof a['cgroup'] === 'string') {
      this.destroyedSlices.add(a['cgroup']);
      return;
    }
    if (e.actor !== this.ociActor) return;
    if (e.op === 'mkdir' && typeof a['path'] === 'string') {
      const rel = cgroupRelative(a['path']);
      if (!rel) return;
      const existing = this.scopes.get(rel.path);
      if (existing) {
        if (rel.hierarchy && !existing.hierarchies.includes(rel.hierarchy)) existing.hierarchies.push(rel.hierarchy);
        return;
      }
      this.scopes.set(rel.path, { path: rel.path, madeBy: String(a['proc'] ?? ''), t: e.t, files: new Map(), procs: [], hierarchies: rel.hierarchy ? [rel.hierarchy] : [], ...(container ? { container } : {}) });
    } else if (e.op === 'write' && typeof a['file'] === 'string') {
      const file = a['file'];
      const slash = file.lastIndexOf('/');
      const rel = cgroupRelative(file.slice(0, slash));
      const scope = rel ? this.scopes.get(rel.path) : undefined;
      if (!scope) return;
      const name = file.slice(slash + 1);
      const value = String(a['value'] ?? '');
      if (name === 'cgroup.procs') {
        const pid = Number(value);
        if (Number.isInteger(pid) && !scope.procs.includes(pid)) scope.procs.push(pid);
      } else scope.files.set(name, value);
    } else if (e.op === 'destroy cgroup' && typeof a['cgroup'] === 'string') {
      for (const [path, s] of this.scopes) if (path.endsWith(`/${a['cgroup']}`) || (container !== undefined && s.container === container)) this.scopes.delete(path);
    }
  }
}

/** `/sys/fs/cgroup[/<v1 hierarchy>]/<path>` → the path below the root (and the hierarchy). */
export function cgroupRelative(dir: string): { path: string; hierarchy?: string } | undefined {
  if (!dir.startsWith(`${CGROUP_ROOT}/`)) return undefined;
  const rest = dir.slice(CGROUP_ROOT.length + 1);
  const [first = '', ...tail] = rest.split('/');
  if (V1_HIERARCHIES.includes(first) || first === 'systemd' || first === 'unified') return tail.length > 0 ? { path: tail.join('/'), hierarchy: first } : undefined;
  return rest ? { path: rest } : undefined;
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The QoS class a pod slice name says: `kubepods-burstable-pod…` or `kubepods-pod…` (Guaranteed). */
export function qosOfSlice(slice: string): QosClass | undefined {
  if (/^kubepods-besteffort-pod/.test(slice)) return 'BestEffort';
  if (/^kubepods-burstable-pod/.test(slice)) return 'Burstable';
  if (/^kubepods-pod/.test(slice)) return 'Guaranteed';
  // cgroupfs driver: /kubepods/<qos>/pod<uid>
  const m = /^\/?kubepods\/(besteffort|burstable)\/pod/.exec(slice);
  if (m) return m[1] === 'besteffort' ? 'BestEffort' : 'Burstable';
  if (/^\/?kubepods\/pod/.test(slice)) return 'Guaranteed';
  return undefined;
}

/** The directory of a CRI cgroupParent below the root: systemd slices are expanded, cgroupfs paths kept. */
export function cgroupParentPath(cgroupParent: string): string | undefined {
  if (cgroupParent.endsWith('.slice')) {
    try {
      return expandSlice(cgroupParent);
    } catch {
      return undefined;
    }
  }
  return cgroupParent.replace(/^\/+/, '') || undefined;
}
