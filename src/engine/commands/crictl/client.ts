import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { CriClient, type CriResponse } from '../../components/kubelet/cri-client.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { DEFAULT_ENDPOINT, fatal, isCrictlArgsError, parseCrictlArgs, type CrictlCommand } from './args.ts';
import * as pj from './protojson.ts';
import {
  compareImages,
  containerStatusForInspect,
  containerStatusTable,
  imagesTable,
  podsTable,
  protoJson,
  protoYaml,
  psTable,
  sandboxStatusForInspect,
  sandboxStatusTable,
  statusData,
} from './print.ts';
import { containerStatsTable, goJsonOfProto, podStatsTable, ramInBytes, versionText } from './print-stats.ts';

type Json = Record<string, unknown>;

/** The socket crictl dials, and the runtime actor behind it on this node. */
const ENDPOINTS: Record<string, string> = { [DEFAULT_ENDPOINT]: 'containerd', 'unix:///var/run/containerd/containerd.sock': 'containerd', 'unix:///var/run/crio/crio.sock': 'crio', 'unix:///var/run/rktlet.sock': 'rktlet', 'unix:///var/run/dockershim.sock': 'dockershim' };

/**
 * crictl/<node>: crictl run as root on the node, a CRI client of the node's runtime
 * (cri-tools v1.34 cmd/crictl). Every RPC it makes is a message to containerd/<node> and back,
 * so a `crictl ps` shows in the trace next to the kubelet's own calls.
 */
export class Crictl implements Actor {
  readonly id: string;
  private readonly clients = new Map<string, CriClient>();
  /** Connections to the runtime's streaming server (crictl exec without -s), by message id. */
  private readonly streams = new Map<number, (payload: Json, d: Delivery) => void>();

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.id = `crictl/${host}`;
  }

  /** The actor for `host`, registered on first use (a binary on the node, run when typed). */
  static on(sim: Simulation, host: string): Crictl {
    const existing = sim.network.actor(`crictl/${host}`);
    if (existing instanceof Crictl) return existing;
    const c = new Crictl(sim, host);
    sim.network.register(c);
    return c;
  }

  receive(msg: Delivery): void {
    const stream = msg.replyTo !== undefined ? this.streams.get(msg.replyTo) : undefined;
    if (stream && msg.replyTo !== undefined) {
      this.streams.delete(msg.replyTo);
      stream(msg.payload as Json, msg);
      return;
    }
    for (const c of this.clients.values()) if (c.handle(msg)) return;
  }

  /** An HTTP request to the streaming server the runtime named (the URL of an Exec answer). */
  private stream(runtime: string, url: string, cause: number, then: (payload: Json, d: Delivery) => void): void {
    const path = url.replace(/^http:\/\/[^/]+/, '');
    const { id } = this.sim.network.send(this.id, runtime, `POST ${path}`, { cause, attrs: { url, upgrade: 'SPDY/3.1' } });
    this.streams.set(id, then);
  }

  execute(input: { argv: string[]; cause: number }, done: (r: CommandResult) => void): void {
    const cmd = parseCrictlArgs(input.argv);
    if (isCrictlArgsError(cmd)) {
      done({ exitCode: cmd.exitCode, stdout: '', stderr: cmd.error });
      return;
    }
    const runtime = ENDPOINTS[cmd.endpoint] !== undefined ? `${ENDPOINTS[cmd.endpoint] as string}/${this.host}` : undefined;
    if (!runtime || !this.sim.network.actor(runtime)) {
      // cri-client's validateServiceConnection: the dial fails when nothing listens on the socket.
      const path = cmd.endpoint.replace(/^unix:\/\//, '');
      done({ exitCode: 1, stdout: '', stderr: fatal(`validate service connection: validate CRI v1 runtime API for endpoint "${cmd.endpoint}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${path}: connect: no such file or directory"`) });
      return;
    }
    let cri = this.clients.get(runtime);
    if (!cri) {
      cri = new CriClient(this.sim, this.id, runtime);
      this.clients.set(runtime, cri);
    }
    new Run(this.sim, cri, cmd, done, (url, cause, then) => this.stream(runtime, url, cause, then)).start(input.cause);
  }
}

/** One crictl process: its RPCs in order, then what it prints. */
class Run {
  constructor(
    private readonly sim: Simulation,
    private readonly cri: CriClient,
    private readonly cmd: CrictlCommand,
    private readonly done: (r: CommandResult) => void,
    private readonly stream: (url: string, cause: number, then: (payload: Json, d: Delivery) => void) => void,
  ) {}

  private flag(name: string): string | undefined {
    const v = this.cmd.flags[name];
    return typeof v === 'string' ? v : undefined;
  }

  private bool(name: string): boolean {
    return this.cmd.flags[name] === true;
  }

  private fail(message: string): void {
    this.done({ exitCode: 1, stdout: '', stderr: fatal(message) });
  }

  private ok(stdout: string, stderr = ''): void {
    this.done({ exitCode: 0, stdout, stderr });
  }

  /** The node's clock, Unix µs. */
  private now(): number {
    return Date.parse(this.sim.timeOrigin) * 1000 + this.sim.now;
  }

  private call(op: string, request: Json, cause: number, then: (res: CriResponse, seq: number) => void, wrap: (e: string) => string): void {
    this.cri.call(op, request, cause, undefined, (res, d) => {
      if (res.error) this.fail(wrap(res.error));
      else then(res, d.seq);
    });
  }

  start(cause: number): void {
    // cri-client NewRemoteRuntimeService checks the runtime speaks CRI v1 with a Version call.
    // The image commands only dial the image service.
    if (this.cmd.verb === 'images') return this.images(cause);
    if (this.cmd.verb === 'rmi') return this.rmi(cause);
    if (this.cmd.verb === 'imagefsinfo') return this.imagefsinfo(cause);
    this.call('Version', { version: '' }, cause, (_r, seq) => {
      const verb = this.cmd.verb;
      if (verb === 'pods') this.pods(seq);
      else if (verb === 'ps') this.ps(seq);
      else if (verb === 'inspectp') this.inspectp(seq);
      else if (verb === 'version') this.version(seq);
      else if (verb === 'info') this.info(seq);
      else if (verb === 'stats') this.stats(seq);
      else if (verb === 'statsp') this.statsp(seq);
      else if (verb === 'exec') this.exec(seq);
      else if (verb === 'update') this.update(seq);
      else this.inspect(seq);
    }, (e) => `validate service connection: validate CRI v1 runtime API for endpoint "${this.cmd.endpoint}": ${e}`);
  }

  private output(): string {
    return this.flag('output') ?? 'table';
  }

  /** sandbox.go ListPodSandboxes: the filter to the runtime, then name/namespace regexps, newest first, --latest/--last. */
  private listSandboxes(cause: number, then: (items: Json[], seq: number) => void, wrap: (e: string) => string): void {
    const filter: Json = {};
    const id = this.flag('id');
    if (id) filter.id = id;
    const state = this.flag('state');
    if (state !== undefined && state !== '') {
      const s = state.toLowerCase();
      if (s !== 'ready' && s !== 'notready') {
        this.fail('--state should be ready or notready');
        return;
      }
      filter.state = { state: s === 'ready' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY' };
    }
    const labels = this.labels();
    if (labels === undefined) return;
    filter.labelSelector = labels;
    this.call('ListPodSandbox', { filter }, cause, (res, seq) => {
      const items = ((res.items ?? []) as Json[]).map(pj.podSandbox).filter((p) => matches(this.flag('name'), String((p.metadata as Json).name)) && matches(this.flag('namespace'), String((p.metadata as Json).namespace)));
      then(this.latest(newestFirst(items)), seq);
    }, (e) => wrap(`call list sandboxes RPC: ${e}`));
  }

  /** container.go ListContainers: running only unless -a or --state (or --latest/--last). */
  private listContainers(cause: number, then: (items: Json[], seq: number) => void, wrap: (e: string) => string): void {
    const filter: Json = {};
    const id = this.flag('id');
    if (id) filter.id = id;
    const pod = this.flag('pod');
    if (pod) filter.podSandboxId = pod;
    const state = this.flag('state');
    if (!this.bool('all') && !state) filter.state = { state: 'CONTAINER_RUNNING' };
    if (state) {
      const known: Record<string, string> = { created: 'CONTAINER_CREATED', running: 'CONTAINER_RUNNING', exited: 'CONTAINER_EXITED', unknown: 'CONTAINER_UNKNOWN' };
      const s = known[state.toLowerCase()];
      if (!s) {
        this.fail('--state should be one of created, running, exited or unknown');
        return;
      }
      filter.state = { state: s };
    }
    if (this.bool('latest') || this.flag('last') !== undefined) delete filter.state;
    const labels = this.labels();
    if (labels === undefined) return;
    filter.labelSelector = labels;
    this.call('ListContainers', { filter }, cause, (res, seq) => {
      const items = ((res.containers ?? []) as Json[]).map(pj.container).filter((c) => matches(this.flag('name'), String((c.metadata as Json).name)) && matches(this.flag('namespace'), ((c.labels ?? {}) as Record<string, string>)['io.kubernetes.pod.namespace'] ?? 'unknown'));
      then(this.latest(newestFirst(items)), seq);
    }, (e) => wrap(`call list containers RPC: ${e}`));
  }

  /** util.go parseLabelStringSlice. */
  private labels(): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    for (const l of (this.cmd.flags.label as string[] | undefined) ?? []) {
      const pair = l.split('=');
      if (pair.length !== 2) {
        this.fail(`incorrectly specified label: ${l}`);
        return undefined;
      }
      out[pair[0] as string] = pair[1] as string;
    }
    return out;
  }

  private latest<T>(items: T[]): T[] {
    let n = items.length;
    if (this.bool('latest')) n = 1;
    const last = Number(this.flag('last') ?? 0);
    if (last > 0) n = last;
    return items.slice(0, Math.min(n, items.length));
  }

  private pods(cause: number): void {
    const format = this.output();
    this.listSandboxes(cause, (items) => {
      if (format === 'json') return this.ok(protoJson({ items }));
      if (format === 'yaml') return this.ok(protoYaml({ items }));
      if (format !== 'table') return this.fail(`listing pod sandboxes: unsupported output format "${format}"`);
      this.ok(podsTable(items, this.now(), { quiet: this.bool('quiet'), noTrunc: this.bool('no-trunc') }));
    }, (e) => `listing pod sandboxes: list pod sandboxes: ${e}`);
  }

  private ps(cause: number): void {
    const format = this.output();
    this.listContainers(cause, (containers) => {
      if (format === 'json') return this.ok(protoJson({ containers }));
      if (format === 'yaml') return this.ok(protoYaml({ containers }));
      if (format !== 'table') return this.fail(`listing containers: unsupported output format "${format}"`);
      this.ok(psTable(containers, this.now(), { quiet: this.bool('quiet'), noTrunc: this.bool('no-trunc') }));
    }, (e) => `listing containers: list containers: ${e}`);
  }

  /** image.go ListImages: the name filter goes to the runtime; sorted by reference. */
  private images(cause: number): void {
    if (this.cmd.args.length > 1) return this.fail('crictl images takes at most one argument: [REPOSITORY[:TAG]]');
    this.call('ListImages', { filter: { image: { image: this.cmd.args[0] ?? '' } } }, cause, (res) => {
      const images = ((res.images ?? []) as Json[]).map(pj.image).sort(compareImages);
      const format = this.flag('output');
      if (format === 'json') return this.ok(protoJson({ images }));
      if (format === 'yaml') return this.ok(protoYaml({ images }));
      this.ok(imagesTable(images, { quiet: this.bool('quiet'), noTrunc: this.bool('no-trunc') }));
    }, (e) => `listing images: ${e}`);
  }

  /** sandbox.go podSandboxStatus: verbose unless -q, JSON by default, one status per id. */
  private inspectp(cause: number): void {
    this.statuses(cause, 'pod', (ids, seq) => this.each(ids, seq, 'PodSandboxStatus', (id) => ({ podSandboxId: id }), pj.podSandboxStatus, sandboxStatusForInspect, sandboxStatusTable, 'get the status of pod sandboxes: get pod sandbox status: '));
  }

  private inspect(cause: number): void {
    this.statuses(cause, 'container', (ids, seq) => this.each(ids, seq, 'ContainerStatus', (id) => ({ containerId: id }), pj.containerStatus, containerStatusForInspect, (s, info, verbose) => containerStatusTable(s, info, verbose, this.now()), 'get the status of containers: get container status: '));
  }

  /** version.go: Version with the CRI version "v1", printed field by field. */
  private version(cause: number): void {
    if (this.cmd.args.length > 0) return this.fail('crictl version takes no arguments');
    this.call('Version', { version: 'v1' }, cause, (res) => this.ok(versionText(res as Json)), (e) => `getting the runtime version: ${e}`);
  }

  /** info.go: Status (verbose unless -q) with the status, runtime handlers, features and the info map. */
  private info(cause: number): void {
    const format = this.flag('output') || 'json';
    if (format !== 'json' && format !== 'yaml') return this.fail(`getting status of runtime: unsupported format: "${format}"`);
    this.call('Status', { verbose: !this.bool('quiet') }, cause, (res) => {
      const features = goJsonOfProto(res.features ?? {}) as Json;
      this.ok(statusData([{ status: (res.status ?? {}) as Json, info: (res.info ?? {}) as Record<string, string>, runtimeHandlers: goJsonOfProto(res.runtimeHandlers ?? []) as unknown[], features }], format));
    }, (e) => `getting status of runtime: ${e}`);
  }

  /** imagefsinfo.go: ImageFsInfo as outputStatusData ({"status": …}). */
  private imagefsinfo(cause: number): void {
    const format = this.flag('output') || 'json';
    if (format !== 'json' && format !== 'yaml') return this.fail(`unsupported format: "${format}"`);
    this.call('ImageFsInfo', {}, cause, (res) => this.ok(statusData([{ status: res as Json, info: {} }], format)), (e) => `image filesystem info: ${e}`);
  }

  /**
   * image.go removeImageCommand: each id resolved by ImageStatus, removed by its image id, and
   * every tag printed as "Deleted: …"; --all removes every image, --prune those no container uses.
   */
  private rmi(cause: number): void {
    const removeAll = this.bool('all') || this.bool('prune');
    if (!removeAll && this.cmd.args.length === 0) return this.fail('No IDs provided');
    const run = (ids: string[], seq: number): void => {
      let out = '';
      let errors = '';
      const next = (i: number, s: number): void => {
        const id = ids[i];
        if (id === undefined) {
          if (errors) this.done({ exitCode: 1, stdout: out, stderr: `${errors}${fatal('unable to remove the image(s)')}` });
          else this.ok(out);
          return;
        }
        this.cri.call('ImageStatus', { image: { image: id }, verbose: false }, s, undefined, (st, d) => {
          const image = st.image as Json | null | undefined;
          if (st.error || !image) {
            errors += st.error ? `ERRO[0000] image status for ${JSON.stringify(id)} request: ${st.error}\n` : `ERRO[0000] no such image ${id}\n`;
            return next(i + 1, d.seq);
          }
          this.cri.call('RemoveImage', { image: { image: String(image.id) } }, d.seq, undefined, (rm, d2) => {
            if (rm.error) errors += `ERRO[0000] error of removing image ${JSON.stringify(id)}: ${rm.error}\n`;
            else {
              const tags = (image.repoTags ?? []) as string[];
              out += tags.length === 0 ? `Deleted: ${id}\n` : tags.map((t) => `Deleted: ${t}\n`).join('');
            }
            next(i + 1, d2.seq);
          });
        });
      };
      next(0, seq);
    };
    if (!removeAll) return run(this.cmd.args, cause);
    this.call('ListImages', {}, cause, (res, seq) => {
      const images = (res.images ?? []) as Json[];
      if (!this.bool('prune')) return run(images.map((i) => String(i.id)), seq);
      // --prune: the images no container (of any state) was created from.
      this.call('Version', { version: '' }, seq, (_v, s2) => {
        this.call('ListContainers', { filter: {} }, s2, (lc, s3) => {
          const used = new Set(((lc.containers ?? []) as Json[]).map((c) => String(c.imageRef)));
          run(images.filter((i) => !used.has(String(i.id))).map((i) => String(i.id)), s3);
        }, (e) => `listing containers: ${e}`);
      }, (e) => `validate service connection: ${e}`);
    }, (e) => `listing images: ${e}`);
  }

  /** container_stats.go: ListContainerStats twice, --seconds apart (json/yaml: once, as is). */
  private stats(cause: number): void {
    const labels = this.labels();
    if (labels === undefined) return;
    const filter: Json = { id: this.flag('id') ?? this.cmd.args[0] ?? '', podSandboxId: this.flag('pod') ?? '', labelSelector: labels };
    this.sampled('ListContainerStats', { filter }, cause, (before, after) => containerStatsTable(before, after, { all: this.bool('all') }), 'get container stats: ', '');
  }

  /** pod_stats.go: ListPodSandboxStats twice, --seconds apart. */
  private statsp(cause: number): void {
    const labels = this.labels();
    if (labels === undefined) return;
    const filter: Json = { ...(this.flag('id') ? { id: this.flag('id') } : {}), labelSelector: labels };
    this.sampled('ListPodSandboxStats', { filter }, cause, podStatsTable, 'get pod stats: ', 'list pod sandbox stats: ');
  }

  /** `prefix`: the command's error wrap; `rpcPrefix`: the RPC helper's own (pod_stats.go getPodSandboxStats). */
  private sampled(op: string, request: Json, cause: number, table: (before: Json[], after: Json[]) => string | { error: string }, prefix: string, rpcPrefix: string): void {
    const format = this.flag('output');
    const seconds = Number(this.flag('seconds') ?? 1);
    this.call(op, request, cause, (first, seq) => {
      const before = (first.stats ?? []) as Json[];
      if (format === 'json') return this.ok(protoJson({ stats: before }));
      if (format === 'yaml') return this.ok(protoYaml({ stats: before }));
      // time.Sleep(opts.sample) between the two samples.
      this.sim.after(seconds * 1_000_000, () => {
        this.call(op, request, seq, (second) => {
          const out = table(before, (second.stats ?? []) as Json[]);
          if (typeof out !== 'string') return this.fail(`${prefix}${out.error}`);
          this.ok(out);
        }, (e) => `${prefix}${rpcPrefix}${e}`);
      });
    }, (e) => `${prefix}${rpcPrefix}${e}`);
  }

  /**
   * exec.go: with -s, ExecSync and its output and exit code; without, Exec for the streaming
   * server's URL, then the connection to it (the runtime runs the command and streams it back).
   */
  private exec(cause: number): void {
    const [id, ...cmd] = this.cmd.args;
    if (id === undefined || cmd.length === 0) return this.fail('Incorrect Usage: exec requires a container ID and a command');
    if (this.bool('sync')) {
      this.call('ExecSync', { containerId: id, cmd, timeout: String(Number(this.flag('timeout') ?? 0)) }, cause, (res) => {
        const exitCode = Number(res.exitCode ?? 0);
        const stdout = decodeBase64(String(res.stdout ?? ''));
        const stderr = decodeBase64(String(res.stderr ?? ''));
        // cli.Exit("non-zero exit code", exitCode): urfave/cli prints the message and exits with the code.
        this.done({ exitCode, stdout, stderr: exitCode !== 0 ? `${stderr}non-zero exit code\n` : stderr });
      }, (e) => `execing command in container synchronously: ${e}`);
      return;
    }
    const tty = this.bool('tty');
    this.call('Exec', { containerId: id, cmd, tty, stdin: this.bool('interactive'), stdout: true, stderr: !tty }, cause, (res, seq) => {
      this.stream(String(res.url ?? ''), seq, (out) => {
        if (out.error) return this.fail(`execing command in container: ${String(out.error)}`);
        const exitCode = Number(out.exitCode ?? 0);
        const stdout = String(out.stdout ?? '');
        const stderr = String(out.stderr ?? '');
        if (exitCode !== 0) return this.done({ exitCode: 1, stdout, stderr: `${stderr}${fatal(`execing command in container: command terminated with exit code ${exitCode}`)}` });
        this.done({ exitCode: 0, stdout, stderr });
      });
    }, (e) => `execing command in container: ${e}`);
  }

  /** container.go updateContainerCommand: UpdateContainerResources for each id, the id printed. */
  private update(cause: number): void {
    if (this.cmd.args.length === 0) return this.fail('ID cannot be empty');
    const linux: Json = {};
    const int = (flag: string, field: string): void => {
      const v = this.flag(flag);
      if (v !== undefined && Number(v) !== 0) linux[field] = Number(v);
    };
    int('cpu-period', 'cpuPeriod');
    int('cpu-quota', 'cpuQuota');
    int('cpu-share', 'cpuShares');
    if (this.flag('cpuset-cpus')) linux.cpusetCpus = this.flag('cpuset-cpus');
    if (this.flag('cpuset-mems')) linux.cpusetMems = this.flag('cpuset-mems');
    const memory = this.flag('memory');
    if (memory) {
      const bytes = ramInBytes(memory);
      if (bytes === undefined) return this.fail(`invalid size: '${memory}'`);
      linux.memoryLimitInBytes = bytes;
    }
    let out = '';
    const next = (i: number, seq: number): void => {
      const id = this.cmd.args[i];
      if (id === undefined) return this.ok(out);
      this.call('UpdateContainerResources', { containerId: id, linux }, seq, (_r, s2) => {
        out += `${id}\n`;
        next(i + 1, s2);
      }, (e) => `updating container resources for ${JSON.stringify(id)}: ${e}`);
    };
    next(0, cause);
  }

  /** The ids given, or those the list filters find (inspect/inspectp without arguments). */
  private statuses(cause: number, kind: 'pod' | 'container', then: (ids: string[], seq: number) => void): void {
    if (this.cmd.args.length > 0) {
      then(this.cmd.args, cause);
      return;
    }
    const found = (items: Json[], seq: number): void => {
      if (items.length === 0) {
        this.ok('', 'ERRO[0000] No IDs provided or nothing found per filter\n');
        return;
      }
      then(items.map((i) => String(i.id)), seq);
    };
    if (kind === 'pod') this.listSandboxes(cause, found, (e) => `listing pod sandboxes: ${e}`);
    else this.listContainers(cause, found, (e) => `listing containers: ${e}`);
  }

  private each(ids: string[], cause: number, op: string, request: (id: string) => Json, shape: (v: unknown) => Json, forInspect: (s: Json) => Json, asTable: (s: Json, info: Record<string, string>, verbose: boolean) => string, errorPrefix: string): void {
    const verbose = !this.bool('quiet');
    const format = this.flag('output') || 'json';
    const entries: { status: Json; info: Record<string, string> }[] = [];
    let tableOut = '';
    const next = (i: number, seq: number): void => {
      const id = ids[i];
      if (id === undefined) {
        if (format === 'table') return this.ok(tableOut);
        if (format !== 'json' && format !== 'yaml') return this.fail(`unsupported format: "${format}"`);
        return this.ok(statusData(entries, format));
      }
      this.call(op, { ...request(id), verbose }, seq, (res, s2) => {
        const status = shape(res.status);
        const info = (res.info ?? {}) as Record<string, string>;
        if (format === 'table') tableOut += asTable(status, info, verbose);
        else entries.push({ status: forInspect(status), info });
        next(i + 1, s2);
      }, (e) => `${errorPrefix}${e}`);
    };
    next(0, cause);
  }
}

/** sandboxByCreated / containerByCreated: newest first. */
function newestFirst(items: Json[]): Json[] {
  return [...items].sort((a, b) => {
    const x = BigInt(String(a.createdAt));
    const y = BigInt(String(b.createdAt));
    return x > y ? -1 : x < y ? 1 : 0;
  });
}

/** util.go matchesRegex: an empty pattern matches; a pattern that does not compile matches nothing. */
function matches(pattern: string | undefined, target: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(target);
  } catch {
    return false;
  }
}

/** protojson's bytes are base64; crictl writes them out raw. */
function decodeBase64(b64: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of b64.replace(/=+$/, '')) {
    const v = abc.indexOf(ch);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
