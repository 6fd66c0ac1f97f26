import { familiarRef, displayJsonMessages } from '../../../domain/docker/pull-progress.ts';
import { parseImageReference } from '../../../domain/images/reference.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { EngineApiClient, type ContainerCreateBody, type ContainerSummary, type EngineResponse, type ImageSummary } from '../../components/dockerd/engine-api.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { isDockerArgsError, parseDockerArgs, type DockerCommand } from './args.ts';
import { imagesTable, psTable } from './print.ts';

type Done = (r: CommandResult) => void;

/**
 * docker/<host>: the docker CLI (28.5) run on a Docker host, a client of dockerd's Engine API
 * over /var/run/docker.sock. What it prints follows docker/cli: the ID or the names given on
 * stdout, "Error response from daemon: …" on stderr, `docker run`'s own pull when the image is
 * missing (cli/command/container/create.go: "Unable to find image … locally", the pull's
 * progress on stderr, then the create again).
 */
export class DockerCli implements Actor {
  readonly id: string;
  private readonly api: EngineApiClient;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.id = `docker/${host}`;
    this.api = new EngineApiClient(sim, this.id, `dockerd/${host}`);
  }

  /** The CLI of `host`, registered on first use. */
  static on(sim: Simulation, host: string): DockerCli {
    const existing = sim.network.actor(`docker/${host}`);
    if (existing instanceof DockerCli) return existing;
    const cli = new DockerCli(sim, host);
    sim.network.register(cli);
    return cli;
  }

  receive(msg: Delivery): void {
    this.api.handle(msg);
  }

  execute(input: { argv: string[]; cause: number; detach?: (interrupt: () => CommandResult) => void }, done: Done): void {
    const cmd = parseDockerArgs(input.argv);
    if (isDockerArgsError(cmd)) return done({ exitCode: cmd.exitCode, stdout: '', stderr: cmd.error });
    if (!this.sim.network.actor(this.api.dockerd)) {
      return done({ exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' });
    }
    this.run(cmd, input, done);
  }

  private now(): number {
    return Date.parse(this.sim.timeOrigin) * 1000 + this.sim.now;
  }

  private run(cmd: DockerCommand, input: { cause: number; detach?: (interrupt: () => CommandResult) => void }, done: Done): void {
    const cause = input.cause;
    switch (cmd.cmd) {
      case 'ps':
        return this.api.containerList(cmd.all, cause, (res) => done({ exitCode: 0, stdout: psTable(res.body as ContainerSummary[], this.now()), stderr: '' }));
      case 'images':
        return this.api.imageList(cause, (res) => done({ exitCode: 0, stdout: imagesTable(res.body as ImageSummary[], this.now()), stderr: '' }));
      case 'pull': {
        const r = parseImageReference(cmd.image);
        const head = r.tag === undefined && r.digest === undefined ? 'Using default tag: latest\n' : '';
        return this.pull(cmd.image, cause, (res) => {
          if (res.status !== 200) return done({ exitCode: 1, stdout: head, stderr: daemonError(res) });
          done({ exitCode: 0, stdout: `${head}${displayJsonMessages(res.stream ?? [])}${normalized(cmd.image)}\n`, stderr: '' });
        });
      }
      case 'stop':
        return this.each(cmd.targets, (t, next) => this.api.containerStop(t, cause, next, cmd.timeout), done);
      case 'rm':
        return this.each(cmd.targets, (t, next) => this.api.containerRemove(t, cmd.force, cause, next), done, cmd.force);
      case 'run':
        return this.dockerRun(cmd, input, done);
    }
  }

  /** stop/rm: one call per argument, in order; each success prints the argument, each failure its error. */
  private each(targets: readonly string[], call: (t: string, next: (res: EngineResponse) => void) => void, done: Done, ignoreNotFound = false): void {
    let stdout = '';
    let stderr = '';
    const step = (i: number): void => {
      const t = targets[i];
      if (t === undefined) return done({ exitCode: stderr ? 1 : 0, stdout, stderr });
      call(t, (res) => {
        if (res.status < 300 || res.status === 304) stdout += `${t}\n`;
        else if (!(ignoreNotFound && res.status === 404)) stderr += daemonError(res);
        step(i + 1);
      });
    };
    step(0);
  }

  private pull(image: string, cause: number, then: (res: EngineResponse) => void): void {
    const r = parseImageReference(image);
    const familiar = familiarRef(image);
    const repo = familiar.slice(0, familiar.lastIndexOf(r.digest ? '@' : ':'));
    this.api.imageCreate(repo, r.digest ?? r.tag ?? 'latest', cause, then);
  }

  private dockerRun(cmd: Extract<DockerCommand, { cmd: 'run' }>, input: { cause: number; detach?: (interrupt: () => CommandResult) => void }, done: Done): void {
    const body: ContainerCreateBody = { Image: cmd.image, ...(cmd.args.length > 0 ? { Cmd: cmd.args } : {}) };
    for (const p of cmd.publish) {
      const parts = p.split(':');
      const container = parts[parts.length - 1] ?? '';
      const key = container.includes('/') ? container : `${container}/tcp`;
      const hostPort = parts.length >= 2 ? (parts[parts.length - 2] ?? '') : '';
      const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
      body.ExposedPorts = { ...(body.ExposedPorts ?? {}), [key]: {} };
      body.HostConfig = { PortBindings: { ...(body.HostConfig?.PortBindings ?? {}), [key]: [{ HostIp: hostIp, HostPort: hostPort }] } };
    }
    let stderr = '';
    const fail = (res: EngineResponse): void => done({ exitCode: 125, stdout: '', stderr: `${stderr}docker: ${daemonError(res)}\nRun 'docker run --help' for more information\n` });
    const create = (pulled: boolean): void => {
      this.api.containerCreate(cmd.name, body, input.cause, (res) => {
        if (res.status === 404 && !pulled) {
          stderr += `Unable to find image '${familiarRef(cmd.image)}' locally\n`;
          return this.pull(cmd.image, input.cause, (p) => {
            if (p.status !== 200) return fail(p);
            stderr += displayJsonMessages(p.stream ?? []);
            create(true);
          });
        }
        if (res.status !== 201) return fail(res);
        const id = String((res.body as { Id?: string }).Id ?? '');
        this.api.containerStart(id, input.cause, (started) => {
          if (started.status >= 300 && started.status !== 304) return fail(started);
          if (cmd.detach || !input.detach) return done({ exitCode: 0, stdout: cmd.detach ? `${id}\n` : '', stderr });
          // Attached: the command goes on in a second terminal until the container exits (its
          // exit code is docker run's) or the script ends (Ctrl-C: 130).
          input.detach(() => ({ exitCode: 130, stdout: '', stderr }));
          this.api.containerWait(id, input.cause, (w) => done({ exitCode: Number((w.body as { StatusCode?: number } | undefined)?.StatusCode ?? 0), stdout: '', stderr }));
        });
      });
    };
    create(false);
  }
}

/** How the CLI prints a daemon error: "Error response from daemon: <message>". */
function daemonError(res: EngineResponse): string {
  return `Error response from daemon: ${String((res.body as { message?: string } | undefined)?.message ?? `status ${res.status}`)}\n`;
}

/** The reference `docker pull` prints last: docker.io/library/nginx:latest. */
function normalized(image: string): string {
  const r = parseImageReference(image);
  return `${r.domain}/${r.path}${r.digest ? `@${r.digest}` : `:${r.tag ?? 'latest'}`}`;
}
