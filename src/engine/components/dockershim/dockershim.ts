import { cniAddSteps, cniDelSteps, hostLocalNextIP } from '../../../domain/cni/bridge.ts';
import { imageConfigFor } from '../../../domain/containerd/images.ts';
import { familiarRef } from '../../../domain/docker/pull-progress.ts';
import { normalizeImageName } from '../../../domain/images/catalog.ts';
import { execIn, planProcess, podConnectionAnswer, type ProcessPlan } from '../../../domain/pod/process.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps, type PlannedStep } from '../../runtime/steps.ts';
import { base64 } from '../containerd/cri-views.ts';
import type { Dockerd } from '../dockerd/dockerd.ts';
import { EngineApiClient, type ContainerCreateBody, type EngineResponse } from '../dockerd/engine-api.ts';
import { SANDBOX_GRACE_PERIOD_SECONDS, containerCreateConfig, isHostNetwork, podMetaOf, sandboxCheckpoint, sandboxCreateConfig } from './config.ts';
import { toContainerStatus, toDockerContainerStatus, toRuntimeContainer, toRuntimeSandbox, type DockerImage, type DockerInspect, type DockerSummary } from './convert.ts';
import { CONTAINER_TYPE_LABEL_CONTAINER, CONTAINER_TYPE_LABEL_KEY, CONTAINER_TYPE_LABEL_SANDBOX, SANDBOX_ID_LABEL_KEY, parseSandboxName } from './naming.ts';

type Json = Record<string, unknown>;
type Filters = Record<string, Record<string, boolean>>;

/**
 * The kubelet's own version on a dockershim node: dockershim was removed in v1.24, so the node
 * runs the last v1.23 patch release. Against this 1.34 control plane that is outside the
 * version-skew policy (a kubelet may be at most three minor versions older); the node models the
 * historical path anyway.
 */
export const DOCKERSHIM_KUBELET_VERSION = 'v1.23.17';
/**
 * The Engine API version dockershim's client speaks: the docker client v20.10 that kubernetes
 * v1.23 vendors tops out at 1.41 and negotiates down to it with a newer daemon.
 */
export const DOCKERSHIM_CLIENT_API_VERSION = '1.41';
/**
 * The sandbox image: `--pod-infra-container-image`, which kubeadm writes into
 * /var/lib/kubelet/kubeadm-flags.env on a Docker node (v1.23's own default is pause:3.6; the
 * simulator's registry holds 3.9 and 3.10).
 */
export const DOCKERSHIM_PAUSE_IMAGE = 'registry.k8s.io/pause:3.9';
/** The CNI network of the node (/etc/cni/net.d, read by the kubelet's in-process CNI plugin): a bridge conflist named like flannel's. */
export const DOCKERSHIM_CNI_NETWORK = 'cbr0';

interface SandboxNet {
  ip: string;
  netns: string;
}

/**
 * dockershim/<node>: the CRI server that lived inside the kubelet until v1.23
 * (pkg/kubelet/dockershim, docker_service.go). The kubelet's CRI calls reach it in-process
 * (it served them on unix:///var/run/dockershim.sock, which crictl dials); dockershim turns each
 * into Engine API calls to dockerd on /var/run/docker.sock — a sandbox is a running pause
 * container `k8s_POD_…`, a container `k8s_<name>_…` that joins it with NetworkMode
 * `container:<sandbox id>` — and networks the pod itself with the kubelet's CNI plugin
 * (network/cni/cni.go) in the pause container's netns `/proc/<pid>/ns/net`. It keeps almost no
 * state: names, labels and `docker inspect` say everything; a checkpoint file per sandbox keeps
 * what teardown needs.
 */
export class Dockershim implements Actor {
  readonly id: string;
  private readonly engine: EngineApiClient;
  /** docker_service.go networkReady: sandbox id → whether its network is set up. */
  private readonly networkReady = new Map<string, boolean>();
  /** What the CNI plugin gave each sandbox (the plugin's own record; GetPodNetworkStatus reads the netns). */
  private readonly nets = new Map<string, SandboxNet>();
  private readonly allocatedIPs = new Set<string>();
  /** Simulator plumbing for probes and ExecSync: what each container's process does. */
  private readonly plans = new Map<string, { sandboxId: string; plan: ProcessPlan }>();
  private readonly changeListeners: ((cause: number) => void)[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly podCIDR: string,
    private readonly dockerd: Dockerd,
  ) {
    this.id = `dockershim/${host}`;
    this.engine = new EngineApiClient(sim, this.id, dockerd.id, DOCKERSHIM_CLIENT_API_VERSION);
    dockerd.onContainerChange((_id, cause) => this.notifyChange(cause));
  }

  receive(msg: Delivery): void {
    if (this.engine.handle(msg)) return;
    const req = (msg.payload ?? {}) as Json;
    switch (msg.op) {
      case 'Version': return this.version(msg);
      case 'Status': return this.status(msg);
      case 'RunPodSandbox': return this.runPodSandbox(msg, req);
      case 'PodSandboxStatus': return this.podSandboxStatus(msg, req);
      case 'ListPodSandbox': return this.listPodSandbox(msg, req);
      case 'StopPodSandbox': return this.stopPodSandbox(msg, req);
      case 'RemovePodSandbox': return this.removePodSandbox(msg, req);
      case 'CreateContainer': return this.createContainer(msg, req);
      case 'StartContainer': return this.startContainer(msg, req);
      case 'StopContainer': return this.stopContainer(msg, req);
      case 'RemoveContainer': return this.removeContainer(msg, req);
      case 'ContainerStatus': return this.containerStatus(msg, req);
      case 'ListContainers': return this.listContainers(msg, req);
      case 'ExecSync': return this.execSync(msg, req);
      case 'ImageStatus': return this.imageStatus(msg, req);
      case 'PullImage': return this.pullImage(msg, req);
      case 'ListImages': return this.listImages(msg);
      default:
        // The cri-api v1 RPCs newer than v1.23's dockershim are unknown to its gRPC server.
        this.reply(msg, { error: `rpc error: code = Unimplemented desc = unknown method ${msg.op} for service runtime.v1.RuntimeService` }, msg.seq);
    }
  }

  // ---------------------------------------------------------------- runtime

  /** docker_service.go Version: the CRI's version, "docker", the engine's version and its API version. */
  private version(msg: Delivery): void {
    this.engine.version(msg.seq, (res, seq) => {
      if (res.status !== 200) return this.reply(msg, { error: engineError(res) }, seq);
      const v = res.body as { Version: string; ApiVersion: string };
      this.reply(msg, { version: '0.1.0', runtimeName: 'docker', runtimeVersion: v.Version, runtimeApiVersion: v.ApiVersion }, seq);
    });
  }

  /** docker_service.go Status: RuntimeReady when dockerd answers /version, NetworkReady from the CNI plugin's status. */
  private status(msg: Delivery): void {
    this.engine.version(msg.seq, (res, seq) => {
      const ok = res.status === 200;
      const runtime = { type: 'RuntimeReady', status: ok, reason: ok ? '' : 'DockerDaemonNotReady', message: ok ? '' : `docker: failed to get docker version: ${engineError(res)}` };
      this.reply(msg, { status: { conditions: [runtime, { type: 'NetworkReady', status: true, reason: '', message: '' }] }, info: {} }, seq);
    });
  }

  // ---------------------------------------------------------------- sandboxes

  /**
   * docker_sandbox.go RunPodSandbox: (1) the pause image, pulled only if absent; (2) the
   * sandbox container created; (3) its checkpoint written; (4) started; (5) unless the pod uses
   * the host's network, the CNI plugin sets the pod up in the pause process's netns.
   */
  private runPodSandbox(msg: Delivery, req: Json): void {
    const config = (req.config ?? {}) as Json;
    const ref = refOf(config);
    const fail = (text: string, seq: number): void => this.reply(msg, { error: `rpc error: code = Unknown desc = ${text}` }, seq);
    this.ensureSandboxImage(msg.seq, ref, (err, s1) => {
      if (err) return fail(err, s1);
      const { name, body } = sandboxCreateConfig(config, DOCKERSHIM_PAUSE_IMAGE);
      this.engine.containerCreate(name, body, s1, (created, s2) => {
        if (created.status !== 201) return fail(`failed to create a sandbox for pod ${JSON.stringify(podMetaOf(config).name)}: ${engineError(created)}`, s2);
        const id = (created.body as { Id: string }).Id;
        this.networkReady.set(id, false);
        const checkpoint = sandboxCheckpoint(config);
        const write: PlannedStep[] = [{ op: 'write checkpoint', dur: 300, attrs: { path: checkpoint.path(id), content: checkpoint.content } }];
        playSteps(this.sim, this.id, write, s2, ref, (s3) => {
          this.engine.containerStart(id, s3, (started, s4) => {
            if (started.status !== 204 && started.status !== 304) return fail(`failed to start sandbox container for pod ${JSON.stringify(podMetaOf(config).name)}: ${engineError(started)}`, s4);
            const done = (seq: number): void => {
              this.networkReady.set(id, true);
              this.notifyChange(seq);
              this.reply(msg, { podSandboxId: id }, seq);
            };
            if (isHostNetwork(config)) return done(s4);
            this.setUpPod(id, config, ref, s4, done);
          });
        });
      });
    });
  }

  /** docker_sandbox.go ensureSandboxImageExists: inspect the image, pull it when Docker has none. */
  private ensureSandboxImage(cause: number, ref: ObjectRef | undefined, then: (err: string | undefined, seq: number) => void): void {
    this.engine.imageInspect(DOCKERSHIM_PAUSE_IMAGE, cause, (res, seq) => {
      if (res.status === 200) return then(undefined, seq);
      const [fromImage, tag] = pullRef(DOCKERSHIM_PAUSE_IMAGE);
      const start = this.log(`Pulling the image ${DOCKERSHIM_PAUSE_IMAGE}`, seq, ref);
      this.engine.imageCreate(fromImage, tag, start, (pulled, s2) => {
        if (pulled.status !== 200) return then(`failed pulling image ${JSON.stringify(DOCKERSHIM_PAUSE_IMAGE)}: ${engineError(pulled)}`, s2);
        then(undefined, s2);
      });
    });
  }

  /**
   * network/cni/cni.go SetUpPod: the network namespace is the pause process's
   * (docker_service.go GetNetNS → `/proc/<pid>/ns/net` from `docker inspect`), then loopback and
   * the default network's plugins run with CNI_CONTAINERID = the sandbox id.
   */
  private setUpPod(id: string, config: Json, ref: ObjectRef | undefined, cause: number, then: (seq: number) => void): void {
    this.engine.containerInspect(id, cause, (res, seq) => {
      const pid = (res.body as DockerInspect | undefined)?.State?.Pid ?? 0;
      const netns = `/proc/${pid}/ns/net`;
      const ip = hostLocalNextIP(this.podCIDR, this.allocatedIPs);
      this.allocatedIPs.add(ip);
      this.nets.set(id, { ip, netns });
      const meta = podMetaOf(config);
      const steps: PlannedStep[] = [
        logStep(`Setting up pod ${meta.namespace}/${meta.name} (CNI network "${DOCKERSHIM_CNI_NETWORK}")`),
        ...cniAddSteps({ containerId: id, netnsPath: netns, ifName: 'eth0', podIP: ip, subnet: this.podCIDR, bridge: 'cni0', networkName: DOCKERSHIM_CNI_NETWORK, bridgeExists: this.nets.size > 1 }).map((s) => ({ op: s.op, dur: s.dur, attrs: { plugin: s.plugin, ...s.attrs } })),
      ];
      playSteps(this.sim, this.id, steps, seq, ref, then);
    });
  }

  /**
   * docker_sandbox.go PodSandboxStatus: `docker inspect` of the pause container (its name gives
   * the metadata, Running gives the state) and the IP from the CNI plugin, which reads eth0 in
   * the netns (GetPodNetworkStatus → getOnePodIP runs nsenter … ip -o -4 addr show dev eth0).
   */
  private podSandboxStatus(msg: Delivery, req: Json): void {
    const id = String(req.podSandboxId ?? '');
    this.engine.containerInspect(id, msg.seq, (res, seq) => {
      if (res.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      const r = res.body as DockerInspect;
      const meta = parseSandboxName(r.Name);
      if ('error' in meta) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${meta.error}` }, seq);
      const hostNet = r.HostConfig?.NetworkMode === 'host';
      const net = this.nets.get(id);
      const answer = (ip: string, s: number): void => {
        const labels = toRuntimeSandbox({ Id: r.Id, Names: [r.Name], Image: r.Config.Image, Created: 0, State: r.State.Status, Labels: r.Config.Labels ?? {} }) as { labels: Json; annotations: Json } | undefined;
        const status = {
          id: r.Id,
          metadata: meta,
          state: r.State.Running ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
          createdAt: String(BigInt(Date.parse(r.Created)) * 1_000_000n),
          network: { ip, additionalIps: [] },
          linux: { namespaces: { options: { network: hostNet ? 'NODE' : 'POD', pid: 'CONTAINER', ipc: 'POD', targetId: '' } } },
          labels: labels?.labels ?? {},
          annotations: labels?.annotations ?? {},
          runtimeHandler: '',
        };
        this.reply(msg, { status, info: {} }, s);
      };
      if (hostNet || this.networkReady.get(id) === false || !net || !r.State.Running) return answer('', seq);
      const steps: PlannedStep[] = [{ op: 'exec', dur: 2_000, attrs: { proc: 'nsenter', argv: ['nsenter', `--net=${net.netns}`, '-F', '--', 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0', 'scope', 'global'] } }];
      playSteps(this.sim, this.id, steps, seq, msg.ref, (s) => answer(net.ip, s));
    });
  }

  /** docker_sandbox.go ListPodSandbox: `docker ps -a` of the containers labelled podsandbox. */
  private listPodSandbox(msg: Delivery, req: Json): void {
    const filter = (req.filter ?? {}) as { id?: string; state?: { state?: string }; labelSelector?: Record<string, string> };
    const filters: Filters = { label: { [`${CONTAINER_TYPE_LABEL_KEY}=${CONTAINER_TYPE_LABEL_SANDBOX}`]: true } };
    if (filter.id) filters.id = { [filter.id]: true };
    if (filter.state?.state) filters.status = { [filter.state.state === 'SANDBOX_READY' ? 'running' : 'exited']: true };
    for (const [k, v] of Object.entries(filter.labelSelector ?? {})) (filters.label as Record<string, boolean>)[`${k}=${v}`] = true;
    this.engine.containerList(true, msg.seq, (res, seq) => {
      const items = ((res.body ?? []) as DockerSummary[]).map(toRuntimeSandbox).filter((x): x is Json => x !== undefined);
      this.reply(msg, { items }, seq);
    }, filters);
  }

  /**
   * docker_sandbox.go StopPodSandbox: the CNI teardown first (while the pause process still
   * holds the netns), then the pause container stopped with the 10 s grace period.
   */
  private stopPodSandbox(msg: Delivery, req: Json): void {
    const id = String(req.podSandboxId ?? '');
    this.engine.containerInspect(id, msg.seq, (res, seq) => {
      const r = res.status === 200 ? (res.body as DockerInspect) : undefined;
      const meta = r ? parseSandboxName(r.Name) : undefined;
      const hostNet = r?.HostConfig?.NetworkMode === 'host';
      const net = this.nets.get(id);
      const ready = this.networkReady.get(id);
      const stop = (s: number): void => {
        this.engine.containerStop(id, s, (stopped, s2) => {
          if (stopped.status === 404) return this.removeCheckpoint(id, s2, msg.ref, (s3) => this.reply(msg, {}, s3));
          this.reply(msg, {}, s2);
        }, SANDBOX_GRACE_PERIOD_SECONDS);
      };
      if (hostNet || !net || ready === false) return stop(seq);
      const ns = meta && !('error' in meta) ? `${meta.namespace}/${meta.name}` : id;
      const steps: PlannedStep[] = [
        logStep(`Tearing down pod ${ns} (CNI network "${DOCKERSHIM_CNI_NETWORK}")`),
        ...cniDelSteps({ containerId: id, netnsPath: net.netns, ifName: 'eth0', bridge: 'cni0', podIP: net.ip, subnet: this.podCIDR, networkName: DOCKERSHIM_CNI_NETWORK }).map((s) => ({ op: s.op, dur: s.dur, attrs: { plugin: s.plugin, ...s.attrs } })),
      ];
      playSteps(this.sim, this.id, steps, seq, msg.ref, (s) => {
        this.networkReady.set(id, false);
        this.allocatedIPs.delete(net.ip);
        this.nets.delete(id);
        stop(s);
      });
    });
  }

  /** docker_sandbox.go RemovePodSandbox: its containers (by the sandbox-id label), then the pause container, then the checkpoint. */
  private removePodSandbox(msg: Delivery, req: Json): void {
    const id = String(req.podSandboxId ?? '');
    this.engine.containerList(true, msg.seq, (res, seq) => {
      const inside = ((res.body ?? []) as DockerSummary[]).map((c) => c.Id);
      const next = (i: number, s: number): void => {
        const cid = inside[i];
        if (cid !== undefined) return this.removeDockerContainer(cid, s, msg.ref, (_err, s2) => next(i + 1, s2));
        this.engine.call({ method: 'DELETE', path: `/containers/${id}`, query: { v: '1', force: '1' } }, s, (_removed, s2) => {
          this.networkReady.delete(id);
          this.removeCheckpoint(id, s2, msg.ref, (s3) => this.reply(msg, {}, s3));
        });
      };
      next(0, seq);
    }, { label: { [`${SANDBOX_ID_LABEL_KEY}=${id}`]: true } });
  }

  private removeCheckpoint(id: string, cause: number, ref: ObjectRef | undefined, then: (seq: number) => void): void {
    playSteps(this.sim, this.id, [{ op: 'remove checkpoint', dur: 200, attrs: { path: sandboxCheckpoint({}).path(id) } }], cause, ref, then);
  }

  // ---------------------------------------------------------------- containers

  /** docker_container.go CreateContainer: `docker create` with the k8s_ name, the labels and the sandbox's namespaces. */
  private createContainer(msg: Delivery, req: Json): void {
    const sandboxId = String(req.podSandboxId ?? '');
    const config = (req.config ?? {}) as Json;
    const { name, body } = containerCreateConfig(sandboxId, config, (req.sandboxConfig ?? {}) as Json);
    const image = this.resolveImageName(body.Image);
    this.engine.containerCreate(name, body, msg.seq, (res, seq) => {
      if (res.status !== 201) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      const id = (res.body as { Id: string }).Id;
      this.plans.set(id, { sandboxId, plan: planProcess({ image, args: argsOf(image, body), env: body.Env ?? [] }) });
      this.reply(msg, { containerId: id }, seq);
    });
  }

  /** docker_container.go StartContainer: `docker start`, then the log symlink at the kubelet's path to Docker's json-file log. */
  private startContainer(msg: Delivery, req: Json): void {
    const id = String(req.containerId ?? '');
    this.engine.containerStart(id, msg.seq, (res, seq) => {
      if (res.status !== 204 && res.status !== 304) return this.reply(msg, { error: `rpc error: code = Unknown desc = failed to start container ${JSON.stringify(id)}: ${engineError(res)}` }, seq);
      this.engine.containerInspect(id, seq, (ins, s2) => {
        const logPath = (ins.body as DockerInspect | undefined)?.Config?.Labels?.['io.kubernetes.container.logpath'] ?? '';
        if (!logPath) return this.reply(msg, {}, s2);
        const link: PlannedStep[] = [{ op: 'symlink', dur: 100, attrs: { target: `/var/lib/docker/containers/${id}/${id}-json.log`, link: logPath } }];
        playSteps(this.sim, this.id, link, s2, msg.ref, (s3) => this.reply(msg, {}, s3));
      });
    });
  }

  /** docker_container.go StopContainer: `docker stop -t <timeout>` (dockerd sends the stop signal, SIGKILL after the timeout). */
  private stopContainer(msg: Delivery, req: Json): void {
    const id = String(req.containerId ?? '');
    this.engine.containerStop(id, msg.seq, (res, seq) => {
      if (res.status !== 204 && res.status !== 304) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      this.reply(msg, {}, seq);
    }, Number(req.timeout ?? 0));
  }

  private removeContainer(msg: Delivery, req: Json): void {
    this.removeDockerContainer(String(req.containerId ?? ''), msg.seq, msg.ref, (err, seq) => this.reply(msg, err ? { error: `rpc error: code = Unknown desc = ${err}` } : {}, seq));
  }

  /** docker_container.go RemoveContainer: the log symlink removed, then `docker rm -v -f`. */
  private removeDockerContainer(id: string, cause: number, ref: ObjectRef | undefined, then: (err: string | undefined, seq: number) => void): void {
    this.engine.containerInspect(id, cause, (ins, seq) => {
      if (ins.status !== 200) return then(`failed to get container ${JSON.stringify(id)} log path: failed to inspect container ${JSON.stringify(id)}: ${engineError(ins)}`, seq);
      const logPath = (ins.body as DockerInspect).Config.Labels?.['io.kubernetes.container.logpath'] ?? '';
      const unlink: PlannedStep[] = logPath ? [{ op: 'remove', dur: 100, attrs: { path: logPath } }] : [];
      playSteps(this.sim, this.id, unlink, seq, ref, (s2) => {
        this.engine.call({ method: 'DELETE', path: `/containers/${id}`, query: { v: '1', force: '1' } }, s2, (res, s3) => {
          if (res.status !== 204) return then(`failed to remove container ${JSON.stringify(id)}: ${engineError(res)}`, s3);
          this.plans.delete(id);
          then(undefined, s3);
        });
      });
    });
  }

  /** docker_container.go ContainerStatus: `docker inspect` of the container and of its image (for the pullable image id). */
  private containerStatus(msg: Delivery, req: Json): void {
    const id = String(req.containerId ?? '');
    this.engine.containerInspect(id, msg.seq, (res, seq) => {
      if (res.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      const r = res.body as DockerInspect;
      this.engine.imageInspect(r.Image, seq, (img, s2) => {
        if (img.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = unable to inspect docker image ${JSON.stringify(r.Image)} while inspecting docker container ${JSON.stringify(id)}: ${engineError(img)}` }, s2);
        const status = toContainerStatus(r, img.body as DockerImage);
        if ('error' in status) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${String(status.error)}` }, s2);
        this.reply(msg, { status, info: {} }, s2);
      });
    });
  }

  /** docker_container.go ListContainers: `docker ps -a` filtered by labels (type container, sandbox id, the selector), id and status. */
  private listContainers(msg: Delivery, req: Json): void {
    const filter = (req.filter ?? {}) as { id?: string; state?: { state?: string }; podSandboxId?: string; labelSelector?: Record<string, string> };
    const label: Record<string, boolean> = { [`${CONTAINER_TYPE_LABEL_KEY}=${CONTAINER_TYPE_LABEL_CONTAINER}`]: true };
    if (filter.podSandboxId) label[`${SANDBOX_ID_LABEL_KEY}=${filter.podSandboxId}`] = true;
    for (const [k, v] of Object.entries(filter.labelSelector ?? {})) label[`${k}=${v}`] = true;
    const filters: Filters = { label };
    if (filter.id) filters.id = { [filter.id]: true };
    if (filter.state?.state) filters.status = { [toDockerContainerStatus(filter.state.state)]: true };
    this.engine.containerList(true, msg.seq, (res, seq) => {
      const containers = ((res.body ?? []) as DockerSummary[]).map(toRuntimeContainer).filter((x): x is Json => x !== undefined);
      this.reply(msg, { containers }, seq);
    }, filters);
  }

  /**
   * ExecSync (exec.go NativeExecHandler: docker exec create, start, inspect). The Engine API's
   * exec endpoints are not modelled in dockerd yet: the command runs against the container's
   * planned process (domain/pod/process.ts) here, traced as one `exec` span.
   */
  private execSync(msg: Delivery, req: Json): void {
    const id = String(req.containerId ?? '');
    const p = this.plans.get(id);
    const since = this.dockerd.runningSince(id);
    if (!p || since === undefined) {
      this.reply(msg, { error: `rpc error: code = Unknown desc = container not running (${id})` }, msg.seq);
      return;
    }
    const cmd = (req.cmd ?? []) as string[];
    const result = execIn(p.plan, cmd, this.sim.now - since);
    playSteps(this.sim, this.id, [{ op: 'exec', dur: 4_000, attrs: { containerId: id, cmd, engineApi: ['POST /containers/{id}/exec', 'POST /exec/{id}/start', 'GET /exec/{id}/json'] } }], msg.seq, msg.ref, (seq) => {
      if ('error' in result) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${result.error}` }, seq);
      if ('timedOut' in result) return this.reply(msg, { error: `rpc error: code = DeadlineExceeded desc = command timed out` }, seq);
      this.reply(msg, { stdout: base64(result.stdout), stderr: base64(result.stderr), exitCode: result.exitCode }, seq);
    });
  }

  // ---------------------------------------------------------------- images

  /** docker_image.go ImageStatus: `docker image inspect`; an image Docker does not have is an empty answer, not an error. */
  private imageStatus(msg: Delivery, req: Json): void {
    const image = ((req.image ?? {}) as { image?: string }).image ?? '';
    this.engine.imageInspect(image, msg.seq, (res, seq) => {
      if (res.status === 404) return this.reply(msg, {}, seq);
      if (res.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      this.reply(msg, { image: toRuntimeImage(res.body as DockerImage) }, seq);
    });
  }

  /** docker_image.go PullImage: `docker pull` through dockerd, then the image's ID (getImageRef) as imageRef. */
  private pullImage(msg: Delivery, req: Json): void {
    const image = ((req.image ?? {}) as { image?: string }).image ?? '';
    let fromImage: string;
    let tag: string;
    try {
      [fromImage, tag] = pullRef(image);
    } catch (e) {
      this.reply(msg, { error: `rpc error: code = Unknown desc = ${(e as Error).message}` }, msg.seq);
      return;
    }
    this.engine.imageCreate(fromImage, tag, msg.seq, (res, seq) => {
      if (res.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(res)}` }, seq);
      this.engine.imageInspect(image, seq, (img, s2) => {
        if (img.status !== 200) return this.reply(msg, { error: `rpc error: code = Unknown desc = ${engineError(img)}` }, s2);
        this.reply(msg, { imageRef: (img.body as DockerImage).Id }, s2);
      });
    });
  }

  /** docker_image.go ListImages: `docker images`. */
  private listImages(msg: Delivery): void {
    this.engine.imageList(msg.seq, (res, seq) => {
      this.reply(msg, { images: ((res.body ?? []) as DockerImage[]).map(toRuntimeImage) }, seq);
    });
  }

  // ---------------------------------------------------------------- probes and PLEG plumbing (as containerd's)

  /** The pod's processes answer the kubelet's HTTP and TCP probes (simulator plumbing, see containerd.ts). */
  answerConnection(podIP: string, port: number, path?: string): { status: number } | { refused: true } | { notHttp: true } {
    const sandboxId = [...this.nets.entries()].find(([id, n]) => n.ip === podIP && this.networkReady.get(id) === true)?.[0];
    if (!sandboxId) return { refused: true };
    const running = [...this.plans].flatMap(([id, p]) => {
      const since = this.dockerd.runningSince(id);
      return p.sandboxId === sandboxId && since !== undefined ? [{ plan: p.plan, at: this.sim.now - since }] : [];
    });
    return podConnectionAnswer(running, port, path);
  }

  /** The kubelet's PLEG is told of every container start, exit and removal dockerd reports (not a CRI call). */
  onRuntimeChange(listener: (cause: number) => void): void {
    this.changeListeners.push(listener);
  }

  private notifyChange(cause: number): void {
    for (const l of this.changeListeners) l(cause);
  }

  // ---------------------------------------------------------------- plumbing

  /** The kubelet passes the image ID (sha256:…) from PullImage; the process model needs the name. */
  private resolveImageName(ref: string): string {
    return ref.startsWith('sha256:') ? (this.dockerd.imageNameOfId(ref) ?? ref) : ref;
  }

  private log(message: string, cause: number, ref: ObjectRef | undefined): number {
    return this.sim.recorder.record({ kind: 'log', actor: this.id, op: 'log', cause, ...(ref ? { ref } : {}), attrs: { level: 'info', message } });
  }

  private reply(msg: Delivery, response: Json, cause: number): void {
    const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
    this.sim.network.send(this.id, msg.from, op, { replyTo: msg.id, cause, payload: response, attrs: { response }, ...(msg.ref ? { ref: msg.ref } : {}) });
  }
}

/** The Go docker client's error text: `Error response from daemon: <message>`, or `Error: No such container: <id>` for a 404 on a container. */
function engineError(res: EngineResponse): string {
  const message = String((res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`);
  if (res.status === 404 && message.startsWith('No such container')) return `Error: ${message}`;
  return `Error response from daemon: ${message}`;
}

/** fromImage and tag of POST /images/create as the docker client sends them (FamiliarName and the tag). */
function pullRef(image: string): [string, string] {
  const familiar = familiarRef(normalizeImageName(image));
  const i = familiar.lastIndexOf(':');
  return [familiar.slice(0, i), familiar.slice(i + 1)];
}

/** What runs: Entrypoint + Cmd after Docker's merge with the image config (as dockerd does at create). */
function argsOf(image: string, body: ContainerCreateBody): string[] {
  const config = imageConfigFor(image);
  const entrypoint = body.Entrypoint && body.Entrypoint.length > 0 ? body.Entrypoint : (config.Entrypoint ?? []);
  const cmd = body.Cmd && body.Cmd.length > 0 ? body.Cmd : body.Entrypoint && body.Entrypoint.length > 0 ? [] : (config.Cmd ?? []);
  return [...entrypoint, ...cmd];
}

/** convert.go imageToRuntimeAPIImage. */
function toRuntimeImage(image: DockerImage): Json {
  return { id: image.Id, repoTags: image.RepoTags, repoDigests: image.RepoDigests, size: String(image.Size), username: image.Config?.User ?? '', pinned: false };
}

function logStep(message: string): PlannedStep {
  return { op: 'log', dur: 0, attrs: { level: 'info', message } };
}

function refOf(config: Json): ObjectRef | undefined {
  const m = podMetaOf(config);
  return m.name ? { apiVersion: 'v1', kind: 'Pod', name: m.name, namespace: m.namespace, ...(m.uid ? { uid: m.uid } : {}) } : undefined;
}
