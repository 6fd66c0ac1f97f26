import { imageConfigFor, type ImageConfig } from '../containerd/images.ts';
import type { NamespaceEntry } from '../oci/namespaces.ts';
import { CONTAINERD_DEFAULT_CAPS, CONTAINERD_DEFAULT_MASKED_PATHS, CONTAINERD_DEFAULT_READONLY_PATHS, defaultMounts, type OciSpec } from '../oci/spec.ts';

/**
 * The config.json dockerd hands containerd for a `docker run` (moby oci/defaults.go
 * DefaultLinuxSpec, daemon/oci_linux.go createSpec): the image's entrypoint and cmd (or the
 * user's), PATH and HOSTNAME first in the env (container.CreateDaemonEnvironment), the
 * hostname = the first 12 hex of the ID, new mount, network (the netns libnetwork made, by path),
 * uts, pid, ipc and — on cgroup v2 — cgroup namespaces, the systemd cgroup
 * `system.slice:docker:<id>` (cgroup driver systemd), and the three files Docker bind-mounts
 * from /var/lib/docker/containers/<id>/. Docker's default capabilities are the same 14 as
 * containerd's (moby oci/caps/defaults.go).
 */
export interface DockerSpecInput {
  id: string;
  image: string;
  /** What the user typed after the image (replaces the image's Cmd). */
  cmd: readonly string[];
  /** The network namespace libnetwork created: /var/run/docker/netns/<sandbox key>. */
  netnsPath: string;
}

export const DOCKER_ROOT = '/var/lib/docker';

export function dockerContainerSpec(input: DockerSpecInput): OciSpec {
  const config: ImageConfig = imageConfigFor(input.image);
  const args = [...(config.Entrypoint ?? []), ...(input.cmd.length > 0 ? input.cmd : (config.Cmd ?? []))];
  const imageEnv = (config.Env ?? []).filter((e) => !e.startsWith('PATH='));
  const path = (config.Env ?? []).find((e) => e.startsWith('PATH=')) ?? 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const hostname = input.id.slice(0, 12);
  const dir = `${DOCKER_ROOT}/containers/${input.id}`;
  const namespaces: NamespaceEntry[] = [{ type: 'mount' }, { type: 'network', path: input.netnsPath }, { type: 'uts' }, { type: 'pid' }, { type: 'ipc' }, { type: 'cgroup' }];
  return {
    ociVersion: '1.2.1',
    process: {
      user: { uid: 0, gid: 0 },
      args,
      env: [path, `HOSTNAME=${hostname}`, ...imageEnv],
      cwd: config.WorkingDir || '/',
      capabilities: { bounding: [...CONTAINERD_DEFAULT_CAPS], effective: [...CONTAINERD_DEFAULT_CAPS], permitted: [...CONTAINERD_DEFAULT_CAPS] },
      apparmorProfile: 'docker-default',
      oomScoreAdj: 0,
    },
    root: { path: 'rootfs' },
    hostname,
    mounts: [
      ...defaultMounts(),
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] },
      { destination: '/etc/resolv.conf', type: 'bind', source: `${dir}/resolv.conf`, options: ['rbind', 'rprivate'] },
      { destination: '/etc/hostname', type: 'bind', source: `${dir}/hostname`, options: ['rbind', 'rprivate'] },
      { destination: '/etc/hosts', type: 'bind', source: `${dir}/hosts`, options: ['rbind', 'rprivate'] },
    ],
    linux: {
      cgroupsPath: `system.slice:docker:${input.id}`,
      namespaces,
      maskedPaths: [...CONTAINERD_DEFAULT_MASKED_PATHS],
      readonlyPaths: [...CONTAINERD_DEFAULT_READONLY_PATHS],
    },
  };
}

/** The EXPOSE of well-known images (their Dockerfiles), as the image config's ExposedPorts keys. */
const EXPOSED: Readonly<Record<string, readonly string[]>> = {
  'docker.io/library/nginx': ['80/tcp'],
  'docker.io/library/httpd': ['80/tcp'],
};

export function exposedPorts(repository: string): readonly string[] {
  return EXPOSED[repository] ?? [];
}
