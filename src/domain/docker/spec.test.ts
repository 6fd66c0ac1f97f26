import { describe, expect, it } from 'vitest';
import { dockerContainerSpec, exposedPorts } from './spec.ts';

// moby oci/defaults.go DefaultLinuxSpec, daemon/oci_linux.go, container.CreateDaemonEnvironment.
describe('the OCI spec dockerd writes', () => {
  const id = 'f6d92733f49c' + '0'.repeat(52);
  const spec = dockerContainerSpec({ id, image: 'docker.io/library/nginx:latest', cmd: [], netnsPath: '/var/run/docker/netns/1234567890ab' });

  it('runs the image entrypoint and cmd, with PATH and HOSTNAME first', () => {
    expect(spec.process.args).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(spec.process.env?.slice(0, 2)).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=f6d92733f49c']);
    expect(spec.hostname).toBe('f6d92733f49c');
  });

  it('joins the netns libnetwork made and gets the systemd cgroup docker-<id>.scope', () => {
    expect(spec.linux.namespaces).toContainEqual({ type: 'network', path: '/var/run/docker/netns/1234567890ab' });
    expect(spec.linux.namespaces.map((n) => n.type)).toEqual(['mount', 'network', 'uts', 'pid', 'ipc', 'cgroup']);
    expect(spec.linux.cgroupsPath).toBe(`system.slice:docker:${id}`);
  });

  it('knows what well-known images EXPOSE', () => {
    expect(exposedPorts('docker.io/library/nginx')).toEqual(['80/tcp']);
    expect(exposedPorts('docker.io/library/busybox')).toEqual([]);
  });
});
