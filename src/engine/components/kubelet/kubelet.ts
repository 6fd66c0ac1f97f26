import { toRfc3339 } from '../../../base/time.ts';
import type { Node, Pod } from '../../../domain/k8s/objects.ts';
import { ApiClient } from '../../api/client.ts';
import { Informer } from '../../api/informer.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { NodeSpecInScenario } from '../../scenario/types.ts';
import { Containerd } from '../containerd/containerd.ts';
import { ContainerGC } from './container-gc.ts';
import { CriClient } from './cri-client.ts';
import { KubeletEventSink } from './event-sink.ts';
import { ImageManager } from './image-manager.ts';
import { kubeletMachine } from './kubelet.machine.ts';
import { NodeHeartbeat } from './node-heartbeat.ts';
import { GenericPleg } from './pleg.ts';
import { PodWorkers } from './pod-workers.ts';
import { ProberManager } from './prober-manager.ts';
import { KubeRuntimeManager } from './runtime-manager.ts';
import { StatusManager } from './status-manager.ts';

export const KUBELET_VERSION = 'v1.34.2';

/** What the kubelet knows of its node at registration. */
export interface NodeIdentity {
  spec: NodeSpecInScenario;
  internalIP: string;
  podCIDR: string;
  runtimeVersion: string;
  /** The CRI server's actor (--container-runtime-endpoint): containerd/<node> unless the node runs another, e.g. rktlet/<node>. */
  runtimeEndpoint?: string;
  /** The kubelet's release when the node runs an older one (a dockershim node: v1.23.17); KUBELET_VERSION otherwise. */
  kubeletVersion?: string;
}

/**
 * kubelet/<node>: registers its Node, watches the pods bound to it (fieldSelector
 * spec.nodeName=<node>) and runs one pod worker per pod (pod-workers.ts) through the CRI: the
 * runtime manager's SyncPod (runtime-manager.ts: sandbox, init containers one at a time, app
 * containers, each with its image (image-manager.ts), CrashLoopBackOff and image pull back-off),
 * the generic PLEG that notices what the runtime did (pleg.ts), the probes (prober-manager.ts),
 * the status manager's patches (status-manager.ts) and the Events, counted as client-go's
 * correlator does (event-sink.ts). A deleted pod's worker terminates it: Killing,
 * StopContainer with the grace period, StopPodSandbox, the terminal status, the final DELETE;
 * once the pod is gone from the API, RemoveContainer and RemovePodSandbox.
 */
export class Kubelet implements Actor {
  readonly id: string;
  readonly host: string;
  private readonly runtime: string;
  private readonly client: ApiClient;
  private readonly informer: Informer;
  /** The kubelet's own Node (fieldSelector metadata.name=<node>), read by the status loop. */
  private readonly nodeInformer: Informer;
  private readonly heartbeat: NodeHeartbeat;
  /** False once the kubelet stopped (kubelet-stop, node-down): it reads and sends nothing more. */
  private running = true;
  private readonly machine;
  private readonly cri: CriClient;
  private readonly pleg: GenericPleg;
  private readonly prober: ProberManager;
  private readonly pods: PodWorkers;
  private readonly gc: ContainerGC;
  private readonly events: KubeletEventSink;

  constructor(
    private readonly sim: Simulation,
    private readonly node: NodeIdentity,
  ) {
    const name = node.spec.name;
    this.id = `kubelet/${name}`;
    this.host = name;
    this.runtime = node.runtimeEndpoint ?? `containerd/${name}`;
    this.client = new ApiClient(sim, this.id, { user: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'], userAgent: `kubelet/${node.kubeletVersion ?? KUBELET_VERSION} (linux/amd64) kubernetes/kubelet` });
    const events = new KubeletEventSink(sim, this.id, this.client, { component: 'kubelet', host: name });
    this.events = events;
    const startedAt = sim.now;
    const originUs = Date.parse(sim.timeOrigin) * 1000;
    const nowUnix = (): number => originUs + sim.now;
    const running = (): boolean => this.running;
    // nodeInfo.containerRuntimeVersion is "<runtimeName>://<version>" from the runtime's Version
    // answer; the same name types the container IDs (kuberuntime's runtimeName).
    const runtimeName = node.runtimeVersion.split('://')[0] ?? 'containerd';
    this.cri = new CriClient(sim, this.id, this.runtime);
    const statuses = new StatusManager(sim, this.id, this.client);
    this.pleg = new GenericPleg(sim, this.id, this.cri, startedAt, {
      onEvents: (uid, evs, cause) => this.pods.onPlegEvents(uid, evs, cause),
      refOf: (uid) => {
        const pod = this.pods.pod(uid);
        return pod ? { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', uid } : undefined;
      },
    });
    const rng = sim.rng.fork(this.id);
    this.prober = new ProberManager(sim, this.id, this.cri, events, rng.fork('prober'), startedAt, {
      pod: (uid) => this.pods.pod(uid),
      status: (uid) => statuses.get(uid),
      connect: (ip, port, path) => this.runtimeActor()?.answerConnection(ip, port, path) ?? { refused: true },
      onResult: (uid, type, container, result, cause) => this.pods.onProbeResult(uid, type, container, result, cause),
      now: nowUnix,
      runtimeName,
    });
    const images = new ImageManager(sim, this.cri, events);
    const runtimeManager = new KubeRuntimeManager(sim, this.id, this.cri, events, images, { verdicts: (uid) => this.prober.verdicts(uid), nowUnix, podIP: () => node.internalIP });
    this.pods = new PodWorkers(sim, this.id, { cri: this.cri, client: this.client, pleg: this.pleg, statuses, runtime: runtimeManager, prober: this.prober, rng: rng.fork('pod-workers'), hostIP: node.internalIP, runtimeName, startedAt, nowUnix, running });
    this.gc = new ContainerGC(sim, this.id, this.cri, () => this.pods.live());
    this.informer = new Informer(
      this.client,
      '/api/v1/pods',
      {
        onAdd: (pod, cause) => this.pods.onPod(pod as Pod, cause),
        onUpdate: (_old, pod, cause) => this.pods.onPod(pod as Pod, cause),
        onDelete: (pod, cause) => this.pods.onPodRemoved(pod as Pod, cause),
      },
      `spec.nodeName=${name}`,
    );
    this.nodeInformer = new Informer(this.client, '/api/v1/nodes', { onAdd: (_node, cause) => this.heartbeat.onNodeObserved(cause) }, `metadata.name=${name}`);
    this.heartbeat = new NodeHeartbeat(sim, this.client, name, this.nodeInformer, () => this.statusConditions(toRfc3339(sim.timeOrigin, sim.now)));
    this.machine = sim.startMachine(kubeletMachine, { actor: this.id, machine: 'kubelet' });
  }

  /**
   * Registers the Node (POST /api/v1/nodes), then watches its pods and its Node, and starts
   * the heartbeats (node lease, node status).
   */
  start(): void {
    // The PLEG relists when the runtime has changed something (see pleg.ts).
    this.runtimeActor()?.onRuntimeChange((cause) => this.pleg.wake(cause));
    this.gc.start();
    this.client.request('POST', '/api/v1/nodes', { body: this.nodeObject() }, (res, delivery) => {
      this.machine.send({ type: res.code === 201 || res.code === 409 ? 'REGISTERED' : 'REGISTRATION_FAILED' }, delivery.seq);
      this.informer.start(this.machine.stateSeq);
      this.nodeInformer.start(this.machine.stateSeq);
      this.heartbeat.start(this.machine.stateSeq);
    });
  }

  /**
   * The kubelet process stops (systemctl stop kubelet, or the machine powers off): no more
   * heartbeats, and nothing it is sent is read. Containers it started keep running unless the
   * host went down with it.
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.heartbeat.stop();
    this.pleg.stop();
    this.gc.stop();
    // Its watches end with it: no re-watch or relist after a backoff.
    this.informer.stop();
    this.nodeInformer.stop();
    this.machine.send({ type: 'STOPPED' });
  }

  /**
   * The kubelet's OOM watcher (pkg/kubelet/oom/oom_watcher_linux.go) read a kernel OOM kill
   * whose constraint was the whole machine (cadvisor's oomparser: target container "/"), not a
   * memory cgroup's limit, and records a Warning SystemOOM Event on its Node (UID = node name,
   * as the kubelet's nodeRef has it). Returns the Event's trace seq.
   */
  systemOom(processName: string, pid: number, cause: number): number {
    if (!this.running) return cause;
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: this.host, uid: this.host } };
    return this.events.record(node, { type: 'Warning', reason: 'SystemOOM', message: `System OOM encountered, victim process: ${processName}, pid: ${pid}`, component: 'kubelet' }, cause);
  }

  /** The node's memory capacity (the scenario's), for the faults. */
  get memoryCapacity(): string {
    return this.node.spec.memory;
  }

  get isRunning(): boolean {
    return this.running;
  }

  receive(msg: Delivery): void {
    if (!this.running) return;
    if (this.cri.handle(msg)) return;
    this.client.handle(msg);
  }

  /** The node's runtime, for the PLEG's change notices and the probes' connections. */
  private runtimeActor(): Containerd | undefined {
    const actor = this.sim.network.actor(this.runtime);
    return actor instanceof Containerd || (actor && 'onRuntimeChange' in actor && 'answerConnection' in actor) ? (actor as Containerd) : undefined;
  }

  private nodeObject(): Node {
    const { spec, internalIP, podCIDR, runtimeVersion } = this.node;
    const capacity = { cpu: spec.cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: spec.memory, pods: String(spec.pods) };
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: spec.name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': spec.name,
          'kubernetes.io/os': 'linux',
          ...spec.labels,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR, podCIDRs: [podCIDR], ...(spec.taints.length ? { taints: spec.taints } : {}) },
      status: {
        capacity,
        allocatable: { ...capacity },
        conditions: this.statusConditions(now),
        addresses: [
          { type: 'InternalIP', address: internalIP },
          { type: 'Hostname', address: spec.name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          containerRuntimeVersion: runtimeVersion,
          kernelVersion: '6.12.48+deb13-amd64',
          kubeProxyVersion: '',
          kubeletVersion: this.node.kubeletVersion ?? KUBELET_VERSION,
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 13 (trixie)',
        },
      },
    };
  }

  /** The node conditions the kubelet's setters post (nodestatus/setters.go), stamped `now`. */
  private statusConditions(now: string): NonNullable<NonNullable<Node['status']>['conditions']> {
    const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
    return [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ];
  }
}
