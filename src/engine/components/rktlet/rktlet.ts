import { uuid as randomUUID } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import type { AppView, PodView } from '../../../domain/rkt/pod-view.ts';
import { STAGE1_IMAGES, type Stage1Flavour } from '../../../domain/rkt/flavours.ts';
import {
  appAddArgs,
  appSandboxArgs,
  applyDefaultImageTag,
  isKubernetesPod,
  parseContainerID,
  RKTLET_VERSION,
  rktCommand,
  systemdRunArgv,
  toContainerStatus,
  toPodSandboxStatus,
  buildContainerID,
  buildAppName,
} from '../../../domain/rkt/rktlet.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { base64 } from '../containerd/cri-views.ts';
import type { Rkt, RktExec, RktExit } from '../rkt/rkt.ts';
import { parsePodJson, parsePodsJson, parseAppJson, parseImagesJson } from './rkt-json.ts';

/**
 * rktlet/<node>: the CRI server of a node whose runtime is rkt (kubernetes-retired/rktlet). It
 * holds no pods: every CRI call is one or more `rkt` command lines, run as child processes
 * (rktlet/cli/cli.go RunCommand) or, for the sandbox, as a systemd unit through systemd-run
 * (rktlet/cli/init.go StartProcess), and the answer is read from their output
 * (`--format=json`). The command lines are in the trace, on the `execve` messages to rkt/<node>.
 *
 *   RunPodSandbox    systemd-run … rkt app … sandbox --uuid-file-save=…; rkt status … --wait-ready=10s
 *   CreateContainer  rkt app … add <uuid> <image id> --name=<attempt>-<name> …
 *   Start/Stop/RemoveContainer  rkt app … start|stop|rm <uuid> --app=<attempt>-<name>
 *   StopPodSandbox   rkt stop … --force=false <uuid>; RemovePodSandbox: rkt stop --force=true, rkt rm
 *   Status / List    rkt status|list|app status … --format=json
 *   PullImage        rkt image fetch … --pull-policy=update --full=true docker://<image>
 */
export class Rktlet implements Actor {
  readonly id: string;
  private readonly rkt: string;
  private readonly rng: Rng;
  private readonly pending = new Map<number, { onExit: (exit: RktExit, d: Delivery) => void; onReady?: (d: Delivery) => void }>();
  private readonly listeners: ((cause: number) => void)[] = [];
  /** The stage1 rktlet passes to `rkt app sandbox` (rktlet's --stage1-name, from the node's runtime). */
  readonly stage1Name: string;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    flavour: Stage1Flavour,
  ) {
    this.id = `rktlet/${host}`;
    this.rkt = `rkt/${host}`;
    this.rng = sim.rng.fork(this.id);
    const s1 = STAGE1_IMAGES[flavour];
    this.stage1Name = `${s1.name}:${s1.version}`;
  }

  /** Starts relaying the host's rkt changes (the kubelet's PLEG listens through onRuntimeChange). */
  start(): void {
    this.rktActor()?.onRuntimeChange((cause) => {
      for (const l of this.listeners) l(cause);
    });
  }

  private rktActor(): Rkt | undefined {
    return this.sim.network.actor(this.rkt) as Rkt | undefined;
  }

  onRuntimeChange(listener: (cause: number) => void): void {
    this.listeners.push(listener);
  }

  /** The kubelet's probes connect to the pod's IP: the host's network answers (see Rkt.answerConnection). */
  answerConnection(ip: string, port: number, path?: string): { status: number } | { refused: true } | { notHttp: true } {
    return this.rktActor()?.answerConnection(ip, port, path) ?? { refused: true };
  }

  receive(msg: Delivery): void {
    if (msg.from === this.rkt && msg.replyTo !== undefined) {
      const p = this.pending.get(msg.replyTo);
      if (!p) return;
      if (msg.op === 'ready') {
        p.onReady?.(msg);
        return;
      }
      this.pending.delete(msg.replyTo);
      p.onExit(msg.payload as RktExit, msg);
      return;
    }
    this.rpc(msg, (msg.payload ?? {}) as Record<string, unknown>);
  }

  /** RunCommand: `rkt <subcmd> <global flags> <args>` as a child of rktlet. */
  private run(subcmd: string, args: string[], cause: number, ref: ObjectRef | undefined, then: (exit: RktExit, seq: number) => void, unit?: string, onReady?: (d: Delivery) => void): void {
    const argv = rktCommand(subcmd, ...args);
    const exec: RktExec = { argv, env: { RKT_EXPERIMENT_APP: 'true' }, ...(unit ? { unit } : {}), ...(ref ? { ref } : {}) };
    const { id } = this.sim.network.send(this.id, this.rkt, 'execve', { payload: exec, cause, ...(ref ? { ref } : {}), attrs: { argv: argv.join(' '), ...(unit ? { unit } : {}) } });
    this.pending.set(id, { onExit: (exit, d) => then(exit, d.seq), ...(onReady ? { onReady } : {}) });
  }

  /** cli.go RunCommand's error: `failed to run <subcmd> <args>: exit status N\noutput: …`. */
  private static runError(subcmd: string, args: string[], exit: RktExit): string {
    return `failed to run ${subcmd} [${args.join(' ')}]: exit status ${exit.exitCode}\noutput: ${exit.stdout}${exit.stderr}`;
  }

  private reply(msg: Delivery, response: Record<string, unknown>, cause: number): void {
    const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
    this.sim.network.send(this.id, msg.from, op, { replyTo: msg.id, cause, payload: response, attrs: { response }, ...(msg.ref ? { ref: msg.ref } : {}) });
  }

  /** gRPC's status for a Go error: code Unknown. */
  private fail(msg: Delivery, err: string, cause: number): void {
    this.reply(msg, { error: `rpc error: code = Unknown desc = ${err}` }, cause);
  }

  private rpc(msg: Delivery, req: Record<string, unknown>): void {
    switch (msg.op) {
      case 'Version':
        this.reply(msg, { version: RKTLET_VERSION, runtimeName: 'rkt', runtimeVersion: RKTLET_VERSION, runtimeApiVersion: RKTLET_VERSION }, msg.seq);
        return;
      case 'Status':
        this.reply(msg, { status: { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true }] } }, msg.seq);
        return;
      case 'RunPodSandbox':
        this.runPodSandbox(msg, req);
        return;
      case 'PodSandboxStatus':
        this.podSandboxStatus(req.podSandboxId as string, msg.seq, msg.ref, (r, s) => this.reply(msg, 'error' in r ? r : { status: r.status, info: {} }, s));
        return;
      case 'ListPodSandbox':
        this.listPodSandbox(msg, req);
        return;
      case 'StopPodSandbox':
        this.stopPodSandbox(msg, req.podSandboxId as string, false, msg.seq, (err, s) => (err ? this.fail(msg, err, s) : this.reply(msg, {}, s)));
        return;
      case 'RemovePodSandbox':
        this.removePodSandbox(msg, req.podSandboxId as string);
        return;
      case 'CreateContainer':
        this.createContainer(msg, req);
        return;
      case 'StartContainer':
      case 'StopContainer':
      case 'RemoveContainer':
        this.appOp(msg, req.containerId as string, msg.op === 'StartContainer' ? 'start' : msg.op === 'StopContainer' ? 'stop' : 'rm');
        return;
      case 'ContainerStatus':
        this.containerStatus(req.containerId as string, msg.seq, msg.ref, (r, s) => this.reply(msg, 'error' in r && typeof r.error === 'string' ? r : { status: r, info: {} }, s));
        return;
      case 'ListContainers':
        this.listContainers(msg, req);
        return;
      case 'ImageStatus':
        this.imageStatus(msg, req);
        return;
      case 'ListImages':
        this.listImages(msg.seq, msg.ref, (images, s) => ('error' in images ? this.fail(msg, images.error, s) : this.reply(msg, { images }, s)));
        return;
      case 'PullImage':
        this.pullImage(msg, req);
        return;
      case 'ExecSync':
        this.execSync(msg, req);
        return;
      default:
        this.reply(msg, { error: `rpc error: code = Unimplemented desc = unknown method ${msg.op} for service runtime.v1.RuntimeService` }, msg.seq);
    }
  }

  // ------------------------------------------------------------------ sandboxes

  /**
   * pod_sandbox.go RunPodSandbox: a temp file for the UUID, `rkt app sandbox` as a systemd unit
   * (systemd-run returns once the unit is up: Type=notify, READY=1 from the pod's systemd
   * through nspawn), the UUID read back, then `rkt status --wait-ready=10s`.
   */
  private runPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const config = (req.config ?? {}) as Parameters<typeof appSandboxArgs>[0];
    const uid = config.metadata?.uid ?? '';
    const uuidFile = `/tmp/rktlet_${uid}${String(this.rng.int(1_000_000_000)).padStart(9, '0')}`;
    const args = appSandboxArgs(config, uuidFile, this.stage1Name, this.host);
    const unitUUID = randomUUID(this.rng);
    const command = rktCommand('app', ...args);
    const argv = systemdRunArgv(unitUUID, config.linux?.cgroupParent ?? '', command);
    if (!Array.isArray(argv)) {
      this.fail(msg, argv.error, msg.seq);
      return;
    }
    const unit = `rktlet-${unitUUID}.service`;
    const span = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'systemd-run', dur: 2_000, cause: msg.seq, ...(msg.ref ? { ref: msg.ref } : {}), attrs: { argv: argv.join(' '), unit, why: 'StartTransientUnit: the pod runs as a systemd unit, not a child of rktlet' } });
    let readyUUID: string | undefined;
    this.run(
      'app',
      args,
      span,
      msg.ref,
      (exit, s) => {
        if (readyUUID !== undefined) return;
        // The unit failed before READY=1: systemd-run reports the job failure.
        // init.go StartProcess: `failed to run systemd-run <command> <args>: <err>\noutput: <systemd-run's output>`.
        const out = `Job for ${unit} failed because the control process exited with error code.\nSee "systemctl status ${unit}" and "journalctl -xe" for details.\n`;
        this.fail(msg, `failed to run systemd-run ${command[0] ?? ''} [${command.slice(1).join(' ')}]: exit status 1\noutput: ${out}`, s);
      },
      unit,
      (d) => {
        readyUUID = (d.payload as { uuid: string }).uuid;
        const read = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'read', dur: 100, cause: d.seq, ...(msg.ref ? { ref: msg.ref } : {}), attrs: { path: uuidFile, content: readyUUID, why: 'the rkt pod UUID (--uuid-file-save)' } });
        this.sim.after(100, () =>
          this.podSandboxStatus(readyUUID as string, read, msg.ref, (r, s) => {
            if ('error' in r) {
              this.reply(msg, { error: `rpc error: code = Unknown desc = unable to get status: ${r.error}` }, s);
              return;
            }
            if ((r.status as { state?: string }).state !== 'SANDBOX_READY') {
              this.fail(msg, 'sandbox timeout: <nil>', s);
              return;
            }
            this.reply(msg, { podSandboxId: readyUUID }, s);
          }),
        );
      },
    );
  }

  private podSandboxStatus(id: string, cause: number, ref: ObjectRef | undefined, then: (r: { status: Record<string, unknown> } | { error: string }, seq: number) => void): void {
    const args = [id, '--format=json', '--wait-ready=10s'];
    this.run('status', args, cause, ref, (exit, s) => {
      if (exit.exitCode !== 0) {
        then({ error: Rktlet.runError('status', args, exit) }, s);
        return;
      }
      const pod = parsePodJson(exit.stdout);
      const status = toPodSandboxStatus(pod);
      if ('error' in status) {
        then({ error: `error converting pod status: ${status.error}` }, s);
        return;
      }
      then({ status }, s);
    });
  }

  private listPods(cause: number, ref: ObjectRef | undefined, then: (pods: PodView[] | { error: string }, seq: number) => void): void {
    this.run('list', ['--format=json'], cause, ref, (exit, s) => {
      if (exit.exitCode !== 0) then({ error: Rktlet.runError('list', ['--format=json'], exit) }, s);
      else then(parsePodsJson(exit.stdout), s);
    });
  }

  private listPodSandbox(msg: Delivery, req: Record<string, unknown>): void {
    const filter = (req.filter ?? {}) as { id?: string; state?: { state?: string }; labelSelector?: Record<string, string> };
    this.listPods(msg.seq, msg.ref, (pods, s) => {
      if ('error' in pods) {
        this.fail(msg, pods.error, s);
        return;
      }
      const items: Record<string, unknown>[] = [];
      for (const p of pods) {
        if (!isKubernetesPod(p)) continue;
        const st = toPodSandboxStatus(p);
        if ('error' in st) continue;
        if (filter.id && filter.id !== st.id) continue;
        if (filter.state?.state && filter.state.state !== st.state) continue;
        const labels = st.labels as Record<string, string>;
        if (Object.entries(filter.labelSelector ?? {}).some(([k, v]) => labels[k] !== v)) continue;
        items.push({ id: st.id, labels: st.labels, metadata: st.metadata, state: st.state, createdAt: st.createdAt, annotations: st.annotations });
      }
      this.reply(msg, { items }, s);
    });
  }

  /** stopPodSandbox: `rkt stop --force=<force> <id>`, "already stopped" and "not exist" ignored; then its status. */
  private stopPodSandbox(msg: Delivery, id: string, force: boolean, cause: number, then: (err: string | undefined, seq: number) => void): void {
    const args = [`--force=${force}`, id];
    this.run('stop', args, cause, msg.ref, (exit, s) => {
      const notExist = /no matches found/.test(exit.stderr);
      if (exit.exitCode !== 0 && !notExist) {
        then(Rktlet.runError('stop', args, exit), s);
        return;
      }
      if (notExist) {
        then(undefined, s);
        return;
      }
      this.run('status', [id, '--format=json'], s, msg.ref, (e2, s2) => then(e2.exitCode === 0 ? undefined : Rktlet.runError('status', [id, '--format=json'], e2), s2));
    });
  }

  /** RemovePodSandbox: a forced stop (its error ignored), then `rkt rm`. */
  private removePodSandbox(msg: Delivery, id: string): void {
    this.stopPodSandbox(msg, id, true, msg.seq, (_err, s) => {
      this.run('rm', [id], s, msg.ref, (exit, s2) => {
        if (exit.exitCode !== 0 && !/no matches found/.test(exit.stderr)) this.fail(msg, Rktlet.runError('rm', [id], exit), s2);
        else this.reply(msg, {}, s2);
      });
    });
  }

  // ------------------------------------------------------------------ containers

  private createContainer(msg: Delivery, req: Record<string, unknown>): void {
    const config = (req.config ?? {}) as Parameters<typeof appAddArgs>[1];
    const sandbox = req.podSandboxId as string;
    const volumes = (config.mounts ?? []).map(() => randomUUID(this.rng));
    const args = appAddArgs(sandbox, config, volumes);
    this.run('app', args, msg.seq, msg.ref, (exit, s) => {
      if (exit.exitCode !== 0) {
        this.fail(msg, Rktlet.runError('app', args, exit), s);
        return;
      }
      this.reply(msg, { containerId: buildContainerID(sandbox, buildAppName(config.metadata?.attempt ?? 0, config.metadata?.name ?? '')) }, s);
    });
  }

  private appOp(msg: Delivery, containerId: string, op: 'start' | 'stop' | 'rm'): void {
    const parsed = parseContainerID(containerId ?? '');
    if ('error' in parsed) {
      this.fail(msg, parsed.error, msg.seq);
      return;
    }
    const args = [op, parsed.uuid, `--app=${parsed.appName}`];
    this.run('app', args, msg.seq, msg.ref, (exit, s) => {
      if (exit.exitCode !== 0) this.fail(msg, Rktlet.runError('app', args, exit), s);
      else this.reply(msg, {}, s);
    });
  }

  private containerStatus(containerId: string, cause: number, ref: ObjectRef | undefined, then: (r: Record<string, unknown>, seq: number) => void): void {
    const parsed = parseContainerID(containerId ?? '');
    if ('error' in parsed) {
      then({ error: `rpc error: code = Unknown desc = ${parsed.error}` }, cause);
      return;
    }
    const args = ['status', parsed.uuid, `--app=${parsed.appName}`, '--format=json'];
    this.run('app', args, cause, ref, (exit, s) => {
      if (exit.exitCode !== 0) {
        then({ error: `rpc error: code = Unknown desc = ${Rktlet.runError('app', args, exit)}` }, s);
        return;
      }
      const app: AppView = parseAppJson(exit.stdout);
      const st = toContainerStatus(parsed.uuid, app);
      then('error' in st ? { error: `rpc error: code = Unknown desc = failed to convert to container status: ${String(st.error)}` } : st, s);
    });
  }

  /**
   * rkt_runtime.go ListContainers: `rkt list`, then `rkt app status` of every app of every pod
   * (rktlet's own TODO says so), filtered like passFilter.
   */
  private listContainers(msg: Delivery, req: Record<string, unknown>): void {
    const filter = (req.filter ?? {}) as { id?: string; podSandboxId?: string; state?: { state?: string }; labelSelector?: Record<string, string> };
    this.listPods(msg.seq, msg.ref, (pods, s) => {
      if ('error' in pods) {
        this.fail(msg, pods.error, s);
        return;
      }
      const targets = pods.flatMap((p) => (p.apps ?? []).filter((a) => !a.name.startsWith('rktletinternal-')).map((a) => ({ uuid: p.uuid, app: a.name })));
      const containers: Record<string, unknown>[] = [];
      const next = (i: number, c: number): void => {
        const t = targets[i];
        if (!t) {
          this.reply(msg, { containers }, c);
          return;
        }
        this.containerStatus(buildContainerID(t.uuid, t.app), c, msg.ref, (st, c2) => {
          if (!('error' in st)) {
            const container = { id: st.id, podSandboxId: t.uuid, metadata: st.metadata, image: st.image, imageRef: st.imageRef, state: st.state, createdAt: st.createdAt, labels: st.labels, annotations: st.annotations };
            const labels = st.labels as Record<string, string>;
            const pass = (!filter.id || filter.id === st.id) && (!filter.state?.state || filter.state.state === st.state) && (!filter.podSandboxId || filter.podSandboxId === t.uuid) && Object.entries(filter.labelSelector ?? {}).every(([k, v]) => labels[k] === v);
            if (pass) containers.push(container);
          }
          next(i + 1, c2);
        });
      };
      next(0, s);
    });
  }

  /** exec.go ExecSync: `rkt enter --app=<app> <uuid> <cmd…>`, its output and exit code. */
  private execSync(msg: Delivery, req: Record<string, unknown>): void {
    const parsed = parseContainerID((req.containerId as string) ?? '');
    if ('error' in parsed) {
      this.fail(msg, parsed.error, msg.seq);
      return;
    }
    const cmd = (req.cmd ?? []) as string[];
    this.run('enter', [`--app=${parsed.appName}`, parsed.uuid, ...cmd], msg.seq, msg.ref, (exit, s) => {
      this.reply(msg, { stdout: base64(exit.stdout), stderr: base64(exit.stderr), exitCode: exit.exitCode }, s);
    });
  }

  // ------------------------------------------------------------------ images

  /** imagestore.go ListImages: `rkt image list --full --format=json --sort=importtime`, then each image's manifest for its original name. */
  private listImages(cause: number, ref: ObjectRef | undefined, then: (images: Record<string, unknown>[] | { error: string }, seq: number) => void): void {
    const args = ['list', '--full', '--format=json', '--sort=importtime'];
    this.run('image', args, cause, ref, (exit, s) => {
      if (exit.exitCode !== 0) {
        then({ error: `couldn't list images: ${Rktlet.runError('image', args, exit)}` }, s);
        return;
      }
      const entries = parseImagesJson(exit.stdout);
      const images: Record<string, unknown>[] = [];
      const next = (i: number, c: number): void => {
        const e = entries[i];
        if (!e) {
          then(images, c);
          return;
        }
        this.run('image', ['cat-manifest', e.id], c, ref, (m, c2) => {
          const original = /"name": "appc\.io\/docker\/originalname",\s*"value": "([^"]+)"/.exec(m.stdout)?.[1];
          images.push({ id: e.id, repoTags: [original ? applyDefaultImageTag(original) : e.name], repoDigests: [e.id], size: String(e.size), username: '' });
          next(i + 1, c2);
        });
      };
      next(0, s);
    });
  }

  private imageStatus(msg: Delivery, req: Record<string, unknown>): void {
    const wanted = applyDefaultImageTag(((req.image ?? {}) as { image?: string }).image ?? '');
    this.listImages(msg.seq, msg.ref, (images, s) => {
      if ('error' in images) {
        this.fail(msg, images.error, s);
        return;
      }
      const image = images.find((i) => (i.repoTags as string[]).includes(wanted));
      this.reply(msg, image ? { image, info: {} } : {}, s);
    });
  }

  /** PullImage: `rkt image fetch --pull-policy=update --full=true docker://<image>`; the id is the last line printed. */
  private pullImage(msg: Delivery, req: Record<string, unknown>): void {
    const canonical = applyDefaultImageTag(((req.image ?? {}) as { image?: string }).image ?? '');
    const args = ['fetch', '--pull-policy=update', '--full=true', `docker://${canonical}`];
    this.run('image', args, msg.seq, msg.ref, (exit, s) => {
      if (exit.exitCode !== 0) {
        this.fail(msg, `unable to fetch image ${JSON.stringify(canonical)}\noutput: ${exit.stdout}${exit.stderr}\nerr: exit status ${exit.exitCode}`, s);
        return;
      }
      const lines = exit.stdout.trim().split('\n');
      this.reply(msg, { imageRef: lines[lines.length - 1] }, s);
    });
  }
}
