import { parseImageReference, repositoryName } from './reference.ts';

/**
 * What the well-known images contain and what their programs do, so the simulator can tell what
 * a container's process does (domain/pod/process.ts): which executables are on $PATH, which shell
 * the image has, and how each server program behaves (the ports it listens on, the paths it
 * answers, the signals it handles).
 *
 * Facts from the images' published configs and Dockerfiles (docker-library/official-images:
 * nginx, httpd, redis, postgres, busybox, alpine, ubuntu; kubernetes/kubernetes build/pause):
 * - nginx: ENTRYPOINT /docker-entrypoint.sh, CMD nginx -g 'daemon off;', STOPSIGNAL SIGQUIT;
 *   nginx listens on 80 and serves /usr/share/nginx/html (index.html, 50x.html), 404 otherwise.
 *   QUIT is a graceful shutdown, TERM and INT a fast one, both exit 0.
 * - httpd: CMD httpd-foreground, STOPSIGNAL SIGWINCH (graceful stop); "It works!" on 80.
 * - redis: ENTRYPOINT docker-entrypoint.sh, CMD redis-server; 6379; TERM saves and exits 0.
 * - postgres: ENTRYPOINT docker-entrypoint.sh, CMD postgres, STOPSIGNAL SIGINT; the entrypoint
 *   refuses to initialise a database without POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)
 *   and exits 1; otherwise initdb runs, then postgres listens on 5432.
 * - busybox: CMD sh (busybox ash); alpine: CMD /bin/sh; ubuntu: CMD /bin/bash. Without a TTY or
 *   stdin a shell reads end-of-file at once and exits 0.
 * - pause: ENTRYPOINT /pause; it waits for signals, exits 0 on INT and TERM (build/pause/linux/pause.c).
 *
 * Start-up times are estimates (the time from execve to the listening socket on a small VM).
 */

/** How a shell's and the core utilities' messages read: busybox applets or Debian's dash and coreutils. */
export type Userland = 'busybox' | 'debian';

/** A network endpoint a server program opens. */
export interface ListenSpec {
  port: number;
  /** 'http' answers HTTP GETs; 'tcp' only accepts connections (redis, postgres). */
  protocol: 'http' | 'tcp';
  /** µs from the program's start until it accepts connections. */
  after: number;
  /** HTTP status by path; other paths get `otherStatus`. */
  paths?: Readonly<Record<string, number>>;
  otherStatus?: number;
}

/** What a program does once exec'd as the container's process. */
export interface ProgramBehaviour {
  listens: readonly ListenSpec[];
  /** Signals the program handles by exiting: after how many µs, with which exit code. */
  signals: Readonly<Record<string, { after: number; exitCode: number }>>;
  /**
   * A condition under which the program gives up at start (postgres without a password): the env
   * variables of which one must be set, the exit code, and its message on stderr.
   */
  requiresEnv?: { anyOf: readonly string[]; exitCode: number; after: number; stderr: string };
  /** An exec'd wrapper that ends by exec'ing its arguments (docker-entrypoint.sh "$@"). */
  execsArgs?: boolean;
}

/** The contents of one image, as far as the simulator needs it. */
export interface ImagePrograms {
  userland: Userland;
  /** Executables found on $PATH (by name) and at their absolute paths. */
  binaries: ReadonlyMap<string, string>;
  /** Files present in the image (beyond the ones every container gets: /etc/hosts, /etc/hostname…). */
  files: readonly string[];
  /** Entrypoint + Cmd, used when the OCI spec comes with no args (configs domain/containerd lacks). */
  defaultArgv: readonly string[];
}

const BUSYBOX_APPLETS = ['sh', 'ash', 'sleep', 'cat', 'echo', 'touch', 'rm', 'true', 'false', 'ls', 'env', 'mkdir', 'test', '[', 'date', 'wget', 'nc', 'tail', 'printf', 'kill', 'ps', 'hostname'];
const DEBIAN_BASE = ['sh', 'dash', 'bash', 'sleep', 'cat', 'echo', 'touch', 'rm', 'true', 'false', 'ls', 'env', 'mkdir', 'test', '[', 'date', 'tail', 'printf', 'kill', 'hostname'];

function paths(names: readonly string[], dirs: Readonly<Record<string, string>>, fallbackDir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of names) m.set(n, `${dirs[n] ?? fallbackDir}/${n}`);
  return m;
}

const EXIT_AT_ONCE = 30_000;

/** Server programs, by executable name. */
export const PROGRAMS: Readonly<Record<string, ProgramBehaviour>> = {
  nginx: {
    listens: [{ port: 80, protocol: 'http', after: 40_000, paths: { '/': 200, '/index.html': 200, '/50x.html': 200 }, otherStatus: 404 }],
    signals: { SIGQUIT: { after: EXIT_AT_ONCE, exitCode: 0 }, SIGTERM: { after: 10_000, exitCode: 0 }, SIGINT: { after: 10_000, exitCode: 0 } },
  },
  'httpd-foreground': {
    listens: [{ port: 80, protocol: 'http', after: 60_000, paths: { '/': 200, '/index.html': 200 }, otherStatus: 404 }],
    signals: { SIGWINCH: { after: EXIT_AT_ONCE, exitCode: 0 }, SIGTERM: { after: 20_000, exitCode: 0 }, SIGINT: { after: 20_000, exitCode: 0 } },
  },
  'redis-server': {
    listens: [{ port: 6379, protocol: 'tcp', after: 15_000 }],
    signals: { SIGTERM: { after: 20_000, exitCode: 0 }, SIGINT: { after: 20_000, exitCode: 0 } },
  },
  postgres: {
    // initdb and the first start of a new cluster take a few seconds.
    listens: [{ port: 5432, protocol: 'tcp', after: 2_800_000 }],
    signals: { SIGINT: { after: 200_000, exitCode: 0 }, SIGTERM: { after: 200_000, exitCode: 0 }, SIGQUIT: { after: 10_000, exitCode: 0 } },
    requiresEnv: {
      anyOf: ['POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD'],
      exitCode: 1,
      after: 25_000,
      stderr: 'Error: Database is uninitialized and superuser password is not specified.\n',
    },
  },
  pause: { listens: [], signals: { SIGINT: { after: 1_000, exitCode: 0 }, SIGTERM: { after: 1_000, exitCode: 0 } } },
  'docker-entrypoint.sh': { listens: [], signals: {}, execsArgs: true },
  // The example operator's manager (controller-runtime): metrics on :8080, health probes on :8081;
  // on SIGTERM it stops its controllers and exits.
  manager: {
    listens: [{ port: 8080, protocol: 'http', after: 50_000, paths: { '/metrics': 200 }, otherStatus: 404 }, { port: 8081, protocol: 'http', after: 50_000, paths: { '/healthz': 200, '/readyz': 200 }, otherStatus: 404 }],
    signals: { SIGTERM: { after: 100_000, exitCode: 0 }, SIGINT: { after: 100_000, exitCode: 0 } },
  },
};

const NGINX_FILES = ['/usr/share/nginx/html/index.html', '/usr/share/nginx/html/50x.html', '/etc/nginx/nginx.conf', '/etc/nginx/conf.d/default.conf'];

const IMAGES: Readonly<Record<string, ImagePrograms>> = {
  'docker.io/library/busybox': { userland: 'busybox', binaries: paths(BUSYBOX_APPLETS, {}, '/bin'), files: [], defaultArgv: ['sh'] },
  'docker.io/library/alpine': { userland: 'busybox', binaries: paths(BUSYBOX_APPLETS, {}, '/bin'), files: ['/etc/alpine-release'], defaultArgv: ['/bin/sh'] },
  'docker.io/library/ubuntu': { userland: 'debian', binaries: paths(DEBIAN_BASE, {}, '/usr/bin'), files: ['/etc/os-release'], defaultArgv: ['/bin/bash'] },
  'docker.io/library/nginx': {
    userland: 'debian',
    binaries: paths([...DEBIAN_BASE, 'nginx', 'nginx-debug', 'curl', 'docker-entrypoint.sh'], { nginx: '/usr/sbin', 'nginx-debug': '/usr/sbin', 'docker-entrypoint.sh': '' }, '/usr/bin'),
    files: NGINX_FILES,
    defaultArgv: ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'],
  },
  'docker.io/library/httpd': {
    userland: 'debian',
    binaries: paths([...DEBIAN_BASE, 'httpd-foreground', 'httpd'], { 'httpd-foreground': '/usr/local/bin', httpd: '/usr/local/apache2/bin' }, '/usr/bin'),
    files: ['/usr/local/apache2/htdocs/index.html', '/usr/local/apache2/conf/httpd.conf'],
    defaultArgv: ['httpd-foreground'],
  },
  'docker.io/library/redis': {
    userland: 'debian',
    binaries: paths([...DEBIAN_BASE, 'redis-server', 'redis-cli', 'docker-entrypoint.sh'], { 'redis-server': '/usr/local/bin', 'redis-cli': '/usr/local/bin', 'docker-entrypoint.sh': '/usr/local/bin' }, '/usr/bin'),
    files: [],
    defaultArgv: ['docker-entrypoint.sh', 'redis-server'],
  },
  'docker.io/library/postgres': {
    userland: 'debian',
    binaries: paths([...DEBIAN_BASE, 'postgres', 'psql', 'pg_isready', 'docker-entrypoint.sh'], { postgres: '/usr/lib/postgresql/17/bin', psql: '/usr/bin', 'docker-entrypoint.sh': '/usr/local/bin' }, '/usr/bin'),
    files: [],
    defaultArgv: ['docker-entrypoint.sh', 'postgres'],
  },
  // distroless/static: no shell, only the operator's binary.
  'example.com/bluegreen-controller': { userland: 'busybox', binaries: new Map([['manager', '/manager']]), files: [], defaultArgv: ['/manager'] },
  'registry.k8s.io/pause': { userland: 'busybox', binaries: new Map([['pause', '/pause']]), files: [], defaultArgv: ['/pause'] },
};

/** The programs of an image (by any reference to it), or undefined for an image the simulator does not know. */
export function imagePrograms(ref: string): ImagePrograms | undefined {
  try {
    return IMAGES[repositoryName(parseImageReference(ref))];
  } catch {
    return undefined;
  }
}

/**
 * exec.LookPath as runc's init runs it before execve: a name with a '/' must exist at that path;
 * a bare name is searched on $PATH. Returns the program's name (basename) or the error runc prints.
 */
export function lookPath(programs: ImagePrograms, file: string): { name: string } | { error: string } {
  if (file.includes('/')) {
    for (const [name, path] of programs.binaries) if (path === file || path.replace(/^\/usr/, '') === file) return { name };
    return { error: `exec: ${JSON.stringify(file)}: stat ${file}: no such file or directory` };
  }
  if (programs.binaries.has(file)) return { name: file };
  return { error: `exec: ${JSON.stringify(file)}: executable file not found in $PATH` };
}
