import type { ProcessPlan } from '../../../domain/pod/process.ts';
import type { AciImage } from '../../../domain/rkt/images.ts';
import type { Stage1Flavour, Stage1Image } from '../../../domain/rkt/flavours.ts';
import type { PodState } from '../../../domain/rkt/lifecycle.ts';
import type { PodManifest } from '../../../domain/rkt/manifest.ts';
import type { NetInfo } from '../../../domain/rkt/network.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { rktAppMachine, rktPodMachine } from './pod.machine.ts';

/**
 * What rkt keeps on a host's disk and in its kernel, as the simulator holds it: per data
 * directory (`--dir`, /var/lib/rkt by default, /var/lib/rktlet/data for rktlet) the pods and
 * the image store; for the whole host the trusted keys (/etc/rkt/trustedkeys), the network
 * namespaces (/var/run/netns), the default network's address allocations and the processes.
 */

export interface RktApp {
  name: string;
  image: AciImage;
  /** The exec of the runtime app (manifest), for the process it becomes. */
  exec: string[];
  /** appsinfo/<app>/created, …/started, stage1 rkt/status/<app> (Unix µs). */
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  pid?: number;
  plan?: ProcessPlan;
  exitTimer?: ScheduledItem;
  machine: MachineInstance<typeof rktAppMachine>;
}

export interface RktPod {
  uuid: string;
  dataDir: string;
  stage1: Stage1Image;
  flavour: Stage1Flavour;
  machine: MachineInstance<typeof rktPodMachine>;
  manifest?: PodManifest;
  mutable: boolean;
  apps: Map<string, RktApp>;
  createdAt?: number;
  startedAt?: number;
  /** When gc or rm moved it to exited-garbage (its ctime). */
  gcMarkedAt?: number;
  /** The stage0 → stage1 process (rkt run, or the systemd unit of rkt app sandbox). */
  pid?: number;
  /** PID 1 of the pod (systemd in stage1) for coreos; the VM for kvm; the app for fly. */
  pid1?: number;
  supervisorReady: boolean;
  /** The pod's network: netns (coreos) or tap (kvm), its IP, the nsid `ip netns list` shows. */
  net?: { netns?: string; ip: string; hostVeth: string; nsid?: number; tap?: string };
  nets: NetInfo[];
  hostname: string;
  /** --uuid-file-save: where its UUID was written. */
  uuidFile?: string;
  /** The systemd unit that runs it (rktlet's systemd-run), if any. */
  unit?: string;
  ref?: ObjectRef;
  /** Told when the pod's stage1 process ends (its exit code). */
  onExit: ((code: number, seq: number) => void)[];
}

export interface StoredAci {
  image: AciImage;
  importedAt: number;
  lastUsedAt: number;
}

export class DataDir {
  readonly pods = new Map<string, RktPod>();
  readonly images = new Map<string, StoredAci>();

  constructor(readonly path: string) {}

  podsInState(...states: PodState[]): RktPod[] {
    return [...this.pods.values()].filter((p) => states.includes(p.machine.state as PodState));
  }

  /** The image of a name and version, a docker name and tag, or an id (prefix). */
  findImage(name: string, version: string | undefined): StoredAci | undefined {
    return [...this.images.values()].find((s) => s.image.name === name && (version === undefined || s.image.version === version || (version === 'latest' && s.image.version === 'latest')));
  }

  findImageById(id: string): StoredAci | undefined {
    const matches = [...this.images.values()].filter((s) => s.image.id.startsWith(id));
    return matches.length === 1 ? matches[0] : undefined;
  }
}

export interface HostProcess {
  pid: number;
  ppid: number;
  comm: string;
  argv: string[];
  /** The pod it belongs to, and in which stage. */
  pod?: string;
  stage?: 'stage0' | 'stage1' | 'stage2';
}

export class HostState {
  readonly dataDirs = new Map<string, DataDir>();
  /** Prefixes with a trusted key (/etc/rkt/trustedkeys/prefix.d/<prefix>/<fingerprint>). */
  readonly trustedPrefixes = new Map<string, string>();
  readonly allocatedIPs = new Set<string>();
  readonly processes = new Map<number, HostProcess>();
  private nextPid: number;

  constructor(firstPid: number) {
    this.nextPid = firstPid;
  }

  dataDir(path: string): DataDir {
    let d = this.dataDirs.get(path);
    if (!d) {
      d = new DataDir(path);
      this.dataDirs.set(path, d);
    }
    return d;
  }

  spawn(p: Omit<HostProcess, 'pid'>): HostProcess {
    const proc = { ...p, pid: this.nextPid++ };
    this.processes.set(proc.pid, proc);
    return proc;
  }

  reap(pid: number | undefined): void {
    if (pid !== undefined) this.processes.delete(pid);
  }

  /** Every pod of every data directory. */
  allPods(): RktPod[] {
    return [...this.dataDirs.values()].flatMap((d) => [...d.pods.values()]);
  }

  usedNsids(): Set<number> {
    return new Set(this.allPods().flatMap((p) => (p.net?.nsid !== undefined && p.net.netns ? [p.net.nsid] : [])));
  }
}
