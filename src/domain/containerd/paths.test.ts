import { describe, expect, it } from 'vitest';
import { bundlePath, cgroupsPathFor, netnsPath, runcRoot, sandboxHostnamePath, sandboxShmPath } from './paths.ts';
import { imageConfigFor, normalizeImageRef, repositoryOf } from './images.ts';

describe('containerd paths', () => {
  it('uses the CRI namespace k8s.io by default', () => {
    expect(runcRoot()).toBe('/run/containerd/runc/k8s.io');
    expect(bundlePath('abc')).toBe('/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc');
    expect(sandboxHostnamePath('s')).toBe('/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/s/hostname');
    expect(sandboxShmPath('s')).toBe('/run/containerd/io.containerd.grpc.v1.cri/sandboxes/s/shm');
    expect(netnsPath('1-2')).toBe('/var/run/netns/cni-1-2');
    expect(netnsPath('1-2', true)).toBe('/run/containerd/netns/cni-1-2');
  });
  it('builds systemd and cgroupfs cgroupsPaths like getCgroupsPath', () => {
    expect(cgroupsPathFor('kubepods-besteffort-podu.slice', 'id')).toBe('kubepods-besteffort-podu.slice:cri-containerd:id');
    expect(cgroupsPathFor('/kubepods/besteffort/podu', 'id')).toBe('/kubepods/besteffort/podu/id');
  });
});

describe('image references', () => {
  it('normalizes like the docker reference library', () => {
    expect(normalizeImageRef('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImageRef('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImageRef('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImageRef('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(normalizeImageRef('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeImageRef('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc');
    expect(repositoryOf('localhost:5000/app:1')).toBe('localhost:5000/app');
  });
  it('knows the default images', () => {
    expect(imageConfigFor('registry.k8s.io/pause:3.10').Entrypoint).toEqual(['/pause']);
    expect(imageConfigFor('nginx:1.27').Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(imageConfigFor('example.com/unknown:1').Entrypoint).toBeUndefined();
  });
});
