/**
 * Image names as containerd's CRI plugin spells them, and the bits of well-known images' OCI
 * config the spec generation needs (entrypoint, cmd, env, user, working dir) when a scenario
 * does not give them.
 */

/**
 * Normalize a reference the way docker/distribution reference.ParseNormalizedNamed does:
 * no registry → docker.io, a single path component → library/, no tag or digest → :latest.
 */
export function normalizeImageRef(ref: string): string {
  let name = ref;
  let suffix = '';
  const at = name.indexOf('@');
  if (at !== -1) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  } else {
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      suffix = name.slice(colon);
      name = name.slice(0, colon);
    } else {
      suffix = ':latest';
    }
  }
  const first = name.split('/')[0] ?? '';
  const hasDomain = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  return name + suffix;
}

/** The repository part (no tag/digest) of a normalized reference. */
export function repositoryOf(normalized: string): string {
  const at = normalized.indexOf('@');
  if (at !== -1) return normalized.slice(0, at);
  const colon = normalized.lastIndexOf(':');
  return colon > normalized.lastIndexOf('/') ? normalized.slice(0, colon) : normalized;
}

/** The fields of an OCI image config (image-spec config.md `config`) that shape a container. */
export interface ImageConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  User?: string;
  WorkingDir?: string;
  StopSignal?: string;
}

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Configs of images the default scenarios use, from their published image configs (only the
 * fields above; version-specific variables such as NGINX_VERSION are left out on purpose).
 */
export const WELL_KNOWN_IMAGE_CONFIGS: Readonly<Record<string, ImageConfig>> = {
  'registry.k8s.io/pause': { Entrypoint: ['/pause'], Env: [PATH_ENV], User: '65535:65535', WorkingDir: '/' },
  'docker.io/library/nginx': { Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], Env: [PATH_ENV], StopSignal: 'SIGQUIT' },
  'docker.io/library/busybox': { Cmd: ['sh'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
  'docker.io/library/redis': { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['redis-server'], Env: [PATH_ENV], WorkingDir: '/data' },
  // Without a Cmd the spec has no process.args, which runc refuses ("args must not be empty").
  'docker.io/library/httpd': { Cmd: ['httpd-foreground'], Env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], WorkingDir: '/usr/local/apache2', StopSignal: 'SIGWINCH' },
  'docker.io/library/postgres': { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['postgres'], Env: [PATH_ENV], StopSignal: 'SIGINT' },
  'docker.io/library/alpine': { Cmd: ['/bin/sh'], Env: [PATH_ENV] },
  'docker.io/library/ubuntu': { Cmd: ['/bin/bash'], Env: [PATH_ENV] },
};

/**
 * The config of a known image; an unknown one gets PATH only, no Entrypoint or Cmd (a pod that
 * names no command then fails CreateContainer with "no command specified", as containerd does).
 */
export function imageConfigFor(ref: string): ImageConfig {
  return WELL_KNOWN_IMAGE_CONFIGS[repositoryOf(normalizeImageRef(ref))] ?? { Env: [PATH_ENV] };
}
