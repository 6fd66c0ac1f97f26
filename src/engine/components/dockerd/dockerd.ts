import { hexId } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import { imageConfigFor, repositoryOf } from '../../../domain/containerd/images.ts';
import { familiarRef } from '../../../domain/docker/pull-progress.ts';
import { uniqueName } from '../../../domain/docker/names.ts';
import { bridgeJoinSteps, DOCKER0, hostVethName, nextBridgeIP } from '../../../domain/docker/network.ts';
import { DOCKER_ROOT, dockerContainerSpec, exposedPorts } from '../../../domain/docker/spec.ts';
import { imageInfo, normalizeImageName, type ImageInfo } from '../../../domain/images/catalog.ts';
import { sha256Hex } from '../../../domain/containerd/sha256.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps } from '../../runtime/steps.ts';
import { DOCKER_VERSION, ENGINE_API_VERSION, type ContainerCreateBody, type ContainerSummary, type EngineRequest, type EngineResponse, type ImageSummary } from './engine-api.ts';
import { pullImage } from './pull.ts';
import { stateString } from './status.ts';

/** dockerd's containerd namespace (moby daemon/daemon.go ContainersNamespace). */
export const MOBY_NAMESPACE = 'moby';
const SIGNALS: Record<string, number> = { SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

interface DockerContainer {
  id: string;
  /** With the leading "/" the daemon keeps (container.Name). */
  name: string;
  /** Config.Image, as the user typed it. */
  image: string;
  info: ImageInfo;
  cmd: string[];
  args: string[];
  created: number;
  state: 'created' | 'running' | 'exited' | 'removing';
  pid?: number;
  exitCode?: number;
  startedAt?: number;
  finishedAt?: number;
  ip?: string;
  netnsPath?: string;
  veth?: string;
  ports: { hostIp: string; hostPort: number; containerPort: number; proto: string }[];
  exposed: string[];
  stopSignal: string;
  labels: Record<string, string>;
  env: string[];
  /** HostConfig.NetworkMode / IpcMode / PidMode as sent ("default" when absent). */
  networkMode: string;
  ipcMode: string;
  pidMode: string;
  /** Who waits for the exit (stop, rm -f). */
  waiters: ((seq: number) => void)[];
}

/**
 * dockerd/<host>: Docker Engine 28.5 with the containerd image store (the `containerd-snapshotter`
 * feature, Docker 29's default): images live in containerd's content store and overlayfs
 * snapshots in namespace `moby`, so the whole path is dockerd → containerd → shim → runc and
 * `ctr -n moby` sees what Docker made. It serves the Engine API the docker CLI (and dockershim)
 * call: containers create/start/stop/delete/json/inspect, images create (pull) and json.
 * As in moby, `create` only makes dockerd's record and the rootfs snapshot; `start` creates the
 * containerd container and its task (daemon/start.go), and an exit deletes both again
 * (daemon/monitor.go handleContainerExit → Cleanup).
 */
export class Dockerd implements Actor {
  readonly id: string;
  private readonly rng: Rng;
  private readonly containers = new Map<string, DockerContainer>();
  private readonly images = new Map<string, { info: ImageInfo; created: number }>();
  private readonly ips = new Set<string>([DOCKER0.gateway]);
  private readonly pending = new Map<number, (res: Record<string, unknown>, seq: number) => void>();
  private readonly changeListeners: ((id: string, cause: number) => void)[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly containerd: string,
  ) {
    this.id = `dockerd/${host}`;
    this.rng = sim.rng.fork(this.id);
  }

  /** Boot: the default bridge, and the event stream from containerd (namespace moby). */
  start(): void {
    const steps = [
      { op: 'create bridge', dur: 2_000, attrs: { name: DOCKER0.name, address: `${DOCKER0.gateway}/16`, subnet: DOCKER0.subnet } },
      { op: 'iptables', dur: 3_000, attrs: { table: 'nat', chains: ['DOCKER'], rule: `-A POSTROUTING -s ${DOCKER0.subnet} ! -o docker0 -j MASQUERADE` } },
    ];
    playSteps(this.sim, this.id, steps, 0, undefined, (last) => {
      this.sim.network.send(this.id, this.containerd, 'containerd.services.events.v1.Events/Subscribe', { cause: last, payload: { namespace: MOBY_NAMESPACE, filters: [`namespace==${MOBY_NAMESPACE}`] } });
    });
  }

  receive(msg: Delivery): void {
    if (msg.from === this.containerd && msg.replyTo !== undefined) {
      const then = this.pending.get(msg.replyTo);
      this.pending.delete(msg.replyTo);
      then?.(msg.payload as Record<string, unknown>, msg.seq);
      return;
    }
    if (msg.from === this.containerd) {
      const ev = msg.payload as { topic: string; event: Record<string, unknown> };
      if (ev.topic === '/tasks/exit') this.onExit(String(ev.event.container_id ?? ''), Number(ev.event.exit_status ?? 0), msg.seq);
      return;
    }
    this.serve(msg, msg.payload as EngineRequest);
  }

  private serve(msg: Delivery, req: EngineRequest): void {
    const answer = (res: EngineResponse, cause: number): void => {
      this.sim.network.send(this.id, msg.from, `HTTP ${res.status}`, { replyTo: msg.id, cause, payload: res, attrs: { status: res.status } });
    };
    const parts = req.path.split('/').filter(Boolean);
    if (req.method === 'POST' && req.path === '/containers/create') return this.create(req, msg.seq, answer);
    if (req.method === 'GET' && req.path === '/containers/json') return answer({ status: 200, body: this.list(req.query?.all === '1', parseFilters(req.query?.filters)) }, msg.seq);
    if (req.method === 'POST' && req.path === '/images/create') return this.pull(req, msg.seq, answer);
    if (req.method === 'GET' && req.path === '/images/json') return answer({ status: 200, body: this.imageList() }, msg.seq);
    if (req.method === 'GET' && req.path === '/version') return answer({ status: 200, body: versionBody() }, msg.seq);
    if (req.method === 'GET' && parts[0] === 'images' && parts[parts.length - 1] === 'json' && parts.length > 2) return answer(this.imageInspect(decodeURIComponent(parts.slice(1, -1).join('/'))), msg.seq);
    if (parts[0] === 'containers' && parts[1] !== undefined) {
      const found = this.lookup(decodeURIComponent(parts[1]));
      if ('error' in found) return answer({ status: found.status, body: { message: found.error } }, msg.seq);
      const c = found.c;
      if (req.method === 'POST' && parts[2] === 'start') return this.startContainer(c, msg.seq, answer);
      if (req.method === 'POST' && parts[2] === 'stop') return this.stop(c, Number(req.query?.t ?? 10), msg.seq, answer);
      if (req.method === 'DELETE' && parts.length === 2) return this.remove(c, req.query?.force === '1', msg.seq, answer);
      if (req.method === 'GET' && parts[2] === 'json') return answer({ status: 200, body: this.inspect(c) }, msg.seq);
      if (req.method === 'POST' && parts[2] === 'wait') return this.wait(c, msg.seq, answer);
    }
    answer({ status: 404, body: { message: 'page not found' } }, msg.seq);
  }

  /** daemon.GetContainer: a full ID, a name, or an unambiguous ID prefix. */
  private lookup(ref: string): { c: DockerContainer } | { error: string; status: number } {
    const byId = this.containers.get(ref);
    if (byId) return { c: byId };
    const byName = [...this.containers.values()].find((c) => c.name === `/${ref.replace(/^\//, '')}`);
    if (byName) return { c: byName };
    const prefixed = ref.length > 0 ? [...this.containers.values()].filter((c) => c.id.startsWith(ref)) : [];
    if (prefixed.length === 1 && prefixed[0]) return { c: prefixed[0] };
    if (prefixed.length > 1) return { error: `Multiple IDs found with provided prefix: ${ref}`, status: 400 };
    return { error: `No such container: ${ref}`, status: 404 };
  }

  // ---------------------------------------------------------------- images

  private pull(req: EngineRequest, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    const ref = `${req.query?.fromImage ?? ''}:${req.query?.tag ?? 'latest'}`;
    const info = imageInfo(ref);
    pullImage(this.sim, this.id, ref, info, this.images.has(info.normalized), cause, (op, payload, c, then) => this.callContainerd(op, payload, c, then), (result, seq) => {
      if (!result.ok) return answer({ status: result.status, body: { message: result.message } }, seq);
      if (!this.images.has(info.normalized)) this.images.set(info.normalized, { info, created: imageCreated(info, Date.parse(this.sim.timeOrigin) * 1000) });
      answer({ status: 200, stream: result.stream }, seq);
    });
  }

  private imageList(): ImageSummary[] {
    return [...this.images.values()]
      .map(({ info, created }) => ({ Id: info.repoDigest.slice(info.repoDigest.indexOf('@') + 1), RepoTags: [familiarRef(info.normalized)], RepoDigests: [familiarRef(info.repoDigest)], Created: Math.floor(created / 1_000_000), Size: info.sizeBytes }))
      .sort((a, b) => b.Created - a.Created);
  }

  // ---------------------------------------------------------------- containers

  private create(req: EngineRequest, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    const body = (req.body ?? {}) as ContainerCreateBody;
    // An image ID (sha256:…, what dockershim passes on from the kubelet) or a reference.
    const info = this.imageById(body.Image) ?? imageInfo(body.Image);
    if (!this.images.has(info.normalized)) return answer({ status: 404, body: { message: `No such image: ${familiarRef(body.Image)}` } }, cause);
    const wanted = req.query?.name;
    const clash = wanted !== undefined ? [...this.containers.values()].find((c) => c.name === `/${wanted}`) : undefined;
    if (clash) return answer({ status: 409, body: { message: `Conflict. The container name "/${wanted}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.` } }, cause);
    const id = hexId(this.rng);
    const name = wanted ?? uniqueName(this.rng, (n) => [...this.containers.values()].some((c) => c.name === `/${n}`), id);
    const config = imageConfigFor(info.normalized);
    // An Entrypoint in the request replaces the image's and drops its Cmd (daemon/create.go merge).
    const entrypoint = body.Entrypoint && body.Entrypoint.length > 0 ? body.Entrypoint : (config.Entrypoint ?? []);
    const cmd = body.Cmd && body.Cmd.length > 0 ? body.Cmd : body.Entrypoint && body.Entrypoint.length > 0 ? [] : (config.Cmd ?? []);
    const args = [...entrypoint, ...cmd];
    const ports = Object.entries(body.HostConfig?.PortBindings ?? {}).flatMap(([port, bindings]) => bindings.map((b) => ({ hostIp: b.HostIp || '0.0.0.0', hostPort: Number(b.HostPort), containerPort: Number(port.split('/')[0]), proto: port.split('/')[1] ?? 'tcp' })));
    const exposed = [...new Set([...exposedPorts(repositoryOf(info.normalized)), ...Object.keys(body.ExposedPorts ?? {})])];
    const c: DockerContainer = {
      id, name: `/${name}`, image: body.Image, info, cmd, args, created: this.sim.now, state: 'created', ports, exposed, stopSignal: config.StopSignal ?? 'SIGTERM', waiters: [],
      labels: { ...(body.Labels ?? {}) }, env: [...(body.Env ?? [])],
      networkMode: body.HostConfig?.NetworkMode || 'default', ipcMode: body.HostConfig?.IpcMode ?? '', pidMode: body.HostConfig?.PidMode ?? '',
    };
    const steps = [{ op: 'create container', dur: 3_000, attrs: { id, name: c.name, dir: `${DOCKER_ROOT}/containers/${id}`, files: ['config.v2.json', 'hostconfig.json', 'hostname', 'hosts', 'resolv.conf'] } }];
    playSteps(this.sim, this.id, steps, cause, undefined, (last) => {
      this.callContainerd('containerd.services.snapshots.v1.Snapshots/Prepare', { namespace: MOBY_NAMESPACE, key: id, image: info.normalized }, last, (_res, seq) => {
        this.containers.set(id, c);
        answer({ status: 201, body: { Id: id, Warnings: [] } }, seq);
      });
    });
  }

  private startContainer(c: DockerContainer, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    if (c.state === 'running') return answer({ status: 304 }, cause);
    // "container:<id>" modes join the other container's namespaces by its pid (daemon/oci_linux.go WithNamespaces).
    const joined = (mode: string): DockerContainer | undefined => (mode.startsWith('container:') ? this.containers.get(mode.slice('container:'.length)) : undefined);
    const netOf = joined(c.networkMode);
    if (c.networkMode.startsWith('container:') && netOf?.state !== 'running') {
      return answer({ status: 409, body: { message: `cannot join network namespace of a non running container: container ${c.networkMode.slice('container:'.length)} is exited` } }, cause);
    }
    let steps: { op: string; dur: number; attrs: Record<string, unknown> }[] = [];
    if (netOf) {
      c.netnsPath = `/proc/${netOf.pid ?? 0}/ns/net`;
    } else if (c.networkMode === 'host') {
      // The host's network stack: no namespace of its own (daemon/oci_linux.go leaves it out of the spec).
      delete c.netnsPath;
    } else {
      const sandboxKey = hexId(this.rng).slice(0, 12);
      c.netnsPath = `/var/run/docker/netns/${sandboxKey}`;
      steps.push({ op: 'create network namespace', dur: 1_500, attrs: { path: c.netnsPath, syscall: 'unshare(CLONE_NEWNET)' } });
      if (c.networkMode === 'none') {
        // The null driver: the namespace has only lo (libnetwork drivers/null).
        steps.push({ op: 'configure interface', dur: 100, attrs: { iface: 'lo', netns: c.netnsPath, network: 'none' } });
      } else {
        c.ip = nextBridgeIP(this.ips);
        this.ips.add(c.ip);
        c.veth = hostVethName(hexId(this.rng, 8));
        steps.push(...bridgeJoinSteps({ veth: c.veth, netnsPath: c.netnsPath, ip: c.ip }));
      }
    }
    steps = [
      ...steps,
      ...c.ports.map((p) => ({ op: 'publish port', dur: 1_200, attrs: { rule: `-A DOCKER ! -i docker0 -p ${p.proto} -m ${p.proto} --dport ${p.hostPort} -j DNAT --to-destination ${c.ip}:${p.containerPort}`, proxy: `/usr/bin/docker-proxy -proto ${p.proto} -host-ip ${p.hostIp} -host-port ${p.hostPort} -container-ip ${c.ip} -container-port ${p.containerPort}` } })),
    ];
    const spec = dockerContainerSpec({ id: c.id, image: c.info.normalized, cmd: c.cmd, netnsPath: c.netnsPath ?? '' });
    if (c.networkMode === 'host') spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== 'network');
    if (spec.process) {
      spec.process.args = [...c.args];
      if (c.env.length > 0) spec.process.env = [...(spec.process.env ?? []).filter((e) => !c.env.some((x) => x.split('=')[0] === e.split('=')[0])), ...c.env];
    }
    for (const [type, mode] of [['ipc', c.ipcMode], ['pid', c.pidMode]] as const) {
      const other = joined(mode);
      if (other) spec.linux.namespaces = spec.linux.namespaces.map((n) => (n.type === type ? { type, path: `/proc/${other.pid ?? 0}/ns/${type}` } : n));
    }
    playSteps(this.sim, this.id, steps, cause, undefined, (last) => {
      // Config.Image as given; for one created from an image ID, the name (plumbing: the shim's runc plans the process from it).
      const container = { id: c.id, image: c.image.startsWith('sha256:') ? c.info.normalized : c.image, runtime: { name: 'io.containerd.runc.v2' }, spec, snapshotKey: c.id, labels: {} };
      this.callContainerd('containerd.services.containers.v1.Containers/Create', { namespace: MOBY_NAMESPACE, container }, last, (res, s1) => {
        if (res.error) return answer({ status: 500, body: { message: String(res.error) } }, s1);
        this.callContainerd('containerd.services.tasks.v1.Tasks/Create', { namespace: MOBY_NAMESPACE, containerId: c.id }, s1, (created, s2) => {
          if (created.error) return answer({ status: 500, body: { message: String(created.error) } }, s2);
          this.callContainerd('containerd.services.tasks.v1.Tasks/Start', { namespace: MOBY_NAMESPACE, containerId: c.id }, s2, (started, s3) => {
            if (started.error) return answer({ status: 500, body: { message: String(started.error) } }, s3);
            c.state = 'running';
            c.pid = Number(started.pid ?? created.pid ?? 0);
            c.startedAt = this.sim.now;
            this.notifyChange(c.id, s3);
            answer({ status: 204 }, s3);
          });
        });
      });
    });
  }

  /** POST /containers/{id}/stop (daemon/stop.go): the stop signal, SIGKILL after the timeout. */
  private stop(c: DockerContainer, timeout: number, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    if (c.state !== 'running') return answer({ status: 304 }, cause);
    let done = false;
    c.waiters.push((seq) => {
      done = true;
      answer({ status: 204 }, seq);
    });
    this.kill(c, SIGNALS[c.stopSignal] ?? 15, cause);
    const timer = this.sim.after(timeout * 1_000_000, () => {
      if (!done && c.state === 'running') this.kill(c, 9, cause);
    });
    c.waiters.push(() => this.sim.cancel(timer));
  }

  private kill(c: DockerContainer, signal: number, cause: number): void {
    this.callContainerd('containerd.services.tasks.v1.Tasks/Kill', { namespace: MOBY_NAMESPACE, containerId: c.id, signal }, cause, () => {
      // The exit comes as the /tasks/exit event.
    });
  }

  /** handleContainerExit: delete the task and the containerd container, release the network. */
  private onExit(id: string, exitStatus: number, cause: number): void {
    const c = this.containers.get(id);
    if (!c) return;
    this.callContainerd('containerd.services.tasks.v1.Tasks/Delete', { namespace: MOBY_NAMESPACE, containerId: id }, cause, (_r, s1) => {
      this.callContainerd('containerd.services.containers.v1.Containers/Delete', { namespace: MOBY_NAMESPACE, id }, s1, (_r2, s2) => {
        const steps = [
          ...(c.veth ? [{ op: 'delete veth', dur: 800, attrs: { iface: c.veth } }, { op: 'release address', dur: 100, attrs: { pool: DOCKER0.subnet, address: c.ip } }] : []),
          ...(c.networkMode.startsWith('container:') || c.networkMode === 'host' ? [] : [{ op: 'remove network namespace', dur: 500, attrs: { path: c.netnsPath } }]),
        ];
        playSteps(this.sim, this.id, steps, s2, undefined, (last) => {
          if (c.ip) this.ips.delete(c.ip);
          c.state = 'exited';
          c.exitCode = exitStatus;
          c.finishedAt = this.sim.now;
          delete c.pid;
          this.notifyChange(c.id, last);
          for (const w of c.waiters.splice(0)) w(last);
        });
      });
    });
  }

  /** POST /containers/{id}/wait (daemon/wait.go, condition not-running): answered at the exit. */
  private wait(c: DockerContainer, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    if (c.state !== 'running') return answer({ status: 200, body: { StatusCode: c.exitCode ?? 0, Error: null } }, cause);
    c.waiters.push((seq) => answer({ status: 200, body: { StatusCode: c.exitCode ?? 0, Error: null } }, seq));
  }

  /** DELETE /containers/{id} (daemon/delete.go): a running one only with force (SIGKILL first). */
  private remove(c: DockerContainer, force: boolean, cause: number, answer: (res: EngineResponse, cause: number) => void): void {
    if (c.state === 'running' && !force) {
      return answer({ status: 409, body: { message: `cannot remove container "${c.name}": container is running: stop the container before removing or force remove` } }, cause);
    }
    const removeNow = (seq: number): void => {
      c.state = 'removing';
      this.callContainerd('containerd.services.snapshots.v1.Snapshots/Remove', { namespace: MOBY_NAMESPACE, key: c.id }, seq, (_r, s1) => {
        playSteps(this.sim, this.id, [{ op: 'remove container directory', dur: 2_000, attrs: { path: `${DOCKER_ROOT}/containers/${c.id}` } }], s1, undefined, (last) => {
          this.containers.delete(c.id);
          this.notifyChange(c.id, last);
          answer({ status: 204 }, last);
        });
      });
    };
    if (c.state === 'running') {
      c.waiters.push(removeNow);
      this.kill(c, 9, cause);
      return;
    }
    removeNow(cause);
  }

  private list(all: boolean, filters: Record<string, string[]> = {}): ContainerSummary[] {
    const origin = Date.parse(this.sim.timeOrigin) * 1000;
    // daemon/list.go: every label filter must match; id by prefix; status by state name.
    const keep = (c: DockerContainer): boolean =>
      (filters.label ?? []).every((l) => (l.includes('=') ? c.labels[l.slice(0, l.indexOf('='))] === l.slice(l.indexOf('=') + 1) : l in c.labels)) &&
      (filters.id === undefined || filters.id.some((p) => c.id.startsWith(p))) &&
      (filters.status === undefined || filters.status.includes(c.state));
    return [...this.containers.values()]
      .filter((c) => all || filters.status !== undefined || c.state === 'running')
      .filter(keep)
      .sort((a, b) => b.created - a.created)
      .map((c) => ({
        Id: c.id,
        Names: [c.name],
        Image: c.image,
        Command: c.args.join(' '),
        Created: Math.floor((origin + c.created) / 1_000_000),
        Ports: c.state === 'running' ? this.ports(c) : [],
        State: c.state,
        Status: stateString(c, this.sim.now),
        Labels: { ...c.labels },
      }));
  }

  /**
   * A running container's ports (NetworkSettings.Ports, filled when it joins its network): each
   * published port bound on 0.0.0.0 and [::] (Docker 28 binds both families), the image's other
   * EXPOSEd ports unbound. A stopped container has none, nor one sharing another's network.
   */
  private ports(c: DockerContainer): ContainerSummary['Ports'] {
    // A container on the host's or another container's network has no port settings of its own.
    if (c.networkMode === 'host' || c.networkMode.startsWith('container:')) return [];
    const published = c.ports.flatMap((p) => [{ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto }, { IP: '::', PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto }]);
    const unbound = c.exposed.filter((e) => !c.ports.some((p) => `${p.containerPort}/${p.proto}` === e)).map((e) => ({ PrivatePort: Number(e.split('/')[0]), Type: e.split('/')[1] ?? 'tcp' }));
    return [...published, ...unbound];
  }

  /** GET /containers/{id}/json: the fields dockershim and `docker inspect` read. */
  private inspect(c: DockerContainer): Record<string, unknown> {
    const at = (us?: number): string => (us === undefined ? '0001-01-01T00:00:00Z' : toRfc3339(this.sim.timeOrigin, us));
    return {
      Id: c.id,
      Name: c.name,
      Created: at(c.created),
      Path: c.args[0] ?? '',
      Args: c.args.slice(1),
      State: { Status: c.state, Running: c.state === 'running', OOMKilled: false, Pid: c.pid ?? 0, ExitCode: c.exitCode ?? 0, StartedAt: at(c.startedAt), FinishedAt: at(c.finishedAt) },
      // With the containerd image store the image ID is the digest of the image's index.
      Image: c.info.repoDigest.slice(c.info.repoDigest.indexOf('@') + 1),
      Config: { Image: c.image, Cmd: c.cmd, Hostname: c.id.slice(0, 12), Labels: { ...c.labels }, Env: [...c.env] },
      HostConfig: { NetworkMode: c.networkMode, IpcMode: c.ipcMode, PidMode: c.pidMode },
      ResolvConfPath: `${DOCKER_ROOT}/containers/${c.id}/resolv.conf`,
      NetworkSettings: { IPAddress: c.state === 'running' && c.ip ? c.ip : '', Gateway: c.state === 'running' && c.ip ? DOCKER0.gateway : '', SandboxKey: c.netnsPath ?? '' },
    };
  }

  private callContainerd(op: string, payload: Record<string, unknown>, cause: number, then: (res: Record<string, unknown>, seq: number) => void): void {
    const about = payload.containerId ?? payload.key ?? payload.id ?? (payload.container as { id?: string } | undefined)?.id ?? payload.image;
    const { id } = this.sim.network.send(this.id, this.containerd, op, { cause, payload, attrs: { namespace: String(payload.namespace ?? ''), ...(about !== undefined ? { id: typeof about === 'string' ? about : (about as { name?: string }).name } : {}) } });
    this.pending.set(id, then);
  }

  /** GET /images/{name}/json (daemon/images/image.go GetImage): by reference, or 404 No such image. */
  private imageInspect(ref: string): EngineResponse {
    let info: ImageInfo | undefined = this.imageById(ref);
    try {
      info ??= this.images.get(imageInfo(ref).normalized)?.info;
    } catch {
      info = undefined;
    }
    if (!info) return { status: 404, body: { message: `No such image: ${ref}` } };
    const config = imageConfigFor(info.normalized);
    return { status: 200, body: { Id: info.repoDigest.slice(info.repoDigest.indexOf('@') + 1), RepoTags: [familiarRef(info.normalized)], RepoDigests: [familiarRef(info.repoDigest)], Size: info.sizeBytes, Config: { User: '', Env: config.Env ?? [], Cmd: config.Cmd ?? null, Entrypoint: config.Entrypoint ?? null } } };
  }

  /** An image by its ID (the digest of its index with the containerd image store). */
  private imageById(id: string): ImageInfo | undefined {
    return id.startsWith('sha256:') ? [...this.images.values()].find((i) => i.info.repoDigest.endsWith(`@${id}`))?.info : undefined;
  }

  /** Plumbing: the normalized name of the image with this ID (dockershim's process model needs the name). */
  imageNameOfId(id: string): string | undefined {
    return this.imageById(id)?.normalized;
  }

  /**
   * Simulator plumbing, not the Engine API: a listener told of each container's start, exit and
   * removal (dockershim forwards it to the kubelet's PLEG, as containerd's onRuntimeChange does).
   */
  onContainerChange(listener: (id: string, cause: number) => void): void {
    this.changeListeners.push(listener);
  }

  private notifyChange(id: string, cause: number): void {
    for (const l of this.changeListeners) l(id, cause);
  }

  /** Plumbing for the probes' connections: since when the container runs (µs), or undefined. */
  runningSince(id: string): number | undefined {
    const c = this.containers.get(id);
    return c?.state === 'running' ? c.startedAt : undefined;
  }

  /** The image names the daemon has, for tests and views. */
  imageNames(): string[] {
    return [...this.images.keys()].map((n) => normalizeImageName(n));
  }
}

/**
 * The image config's `created`. The catalog has no build dates, so it is a stand-in derived
 * from the image's digest: one to eight weeks before the scenario's time origin (in µs).
 */
export function imageCreated(info: ImageInfo, originMicros: number): number {
  const days = 7 + (parseInt(sha256Hex(info.repoDigest).slice(0, 4), 16) % 50);
  return originMicros - days * 86_400_000_000;
}

/** GET /version (api/server/router/system getVersion): the engine's and the API's versions. */
function versionBody(): Record<string, unknown> {
  return { Version: DOCKER_VERSION, ApiVersion: ENGINE_API_VERSION, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '6.12.48+deb13-amd64', GoVersion: 'go1.24.8' };
}

/** The `filters` query (a JSON map of name → {value: true}, or the older name → [values]). */
function parseFilters(raw: string | undefined): Record<string, string[]> {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as Record<string, Record<string, boolean> | string[]>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x])]));
  } catch {
    return {};
  }
}
