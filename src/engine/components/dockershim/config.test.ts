import { describe, expect, it } from 'vitest';
import { CHECKPOINT_DIR, containerCreateConfig, sandboxCheckpoint, sandboxCreateConfig } from './config.ts';

// kubernetes v1.23.17 pkg/kubelet/dockershim/docker_sandbox.go (makeSandboxDockerConfig),
// security_context.go (modifySandboxNamespaceOptions, modifyContainerNamespaceOptions),
// docker_container.go (CreateContainer), docker_checkpoint.go (PodSandboxCheckpoint).
const sandboxConfig = {
  metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', attempt: 0 },
  hostname: 'web-1',
  labels: { app: 'web', 'io.kubernetes.pod.name': 'web-1' },
  annotations: { 'kubernetes.io/config.source': 'api' },
  logDirectory: '/var/log/pods/default_web-1_u-1',
  linux: { securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
};

describe('dockershim create configs', () => {
  it('makes the sandbox a pause container named k8s_POD_…, labelled podsandbox, with NetworkMode none for CNI', () => {
    const { name, body } = sandboxCreateConfig(sandboxConfig, 'registry.k8s.io/pause:3.9');
    expect(name).toBe('k8s_POD_web-1_default_u-1_0');
    expect(body.Image).toBe('registry.k8s.io/pause:3.9');
    expect(body.HostConfig?.NetworkMode).toBe('none');
    expect(body.Labels).toMatchObject({ 'io.kubernetes.docker.type': 'podsandbox', 'io.kubernetes.container.name': 'POD', app: 'web', 'annotation.kubernetes.io/config.source': 'api' });
    const host = sandboxCreateConfig({ ...sandboxConfig, linux: { securityContext: { namespaceOptions: { network: 'NODE' } } } }, 'p');
    expect(host.body.HostConfig?.NetworkMode).toBe('host');
  });

  it('makes a container join the sandbox (container:<id>) with command as Entrypoint, args as Cmd and its labels', () => {
    const sid = 'a'.repeat(64);
    const config = { metadata: { name: 'nginx', attempt: 2 }, image: { image: 'sha256:' + 'b'.repeat(64) }, command: ['nginx'], args: ['-g', 'daemon off;'], envs: [{ key: 'A', value: '1' }], labels: { 'io.kubernetes.container.name': 'nginx' }, logPath: 'nginx/2.log' };
    const { name, body } = containerCreateConfig(sid, config, sandboxConfig);
    expect(name).toBe('k8s_nginx_web-1_default_u-1_2');
    expect(body).toMatchObject({ Image: config.image.image, Entrypoint: ['nginx'], Cmd: ['-g', 'daemon off;'], Env: ['A=1'] });
    expect(body.HostConfig).toEqual({ NetworkMode: `container:${sid}`, IpcMode: `container:${sid}` });
    expect(body.Labels).toEqual({
      'io.kubernetes.container.name': 'nginx',
      'io.kubernetes.docker.type': 'container',
      'io.kubernetes.container.logpath': '/var/log/pods/default_web-1_u-1/nginx/2.log',
      'io.kubernetes.sandbox.id': sid,
    });
    const shared = containerCreateConfig(sid, config, { ...sandboxConfig, linux: { securityContext: { namespaceOptions: { pid: 'POD' } } } });
    expect(shared.body.HostConfig?.PidMode).toBe(`container:${sid}`);
  });

  it('checkpoints the sandbox under /var/lib/dockershim/sandbox/<id> with schema v1', () => {
    const cp = sandboxCheckpoint(sandboxConfig);
    expect(cp.path('f'.repeat(64))).toBe(`${CHECKPOINT_DIR}/${'f'.repeat(64)}`);
    expect(CHECKPOINT_DIR).toBe('/var/lib/dockershim/sandbox');
    expect(cp.content).toMatchObject({ version: 'v1', name: 'web-1', namespace: 'default', data: {} });
    expect(typeof cp.content.checksum).toBe('number');
    const ports = sandboxCheckpoint({ ...sandboxConfig, portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort: 8080 }] });
    expect(ports.content.data).toEqual({ port_mappings: [{ protocol: 'TCP', container_port: 80, host_port: 8080, host_ip: '' }] });
    expect(ports.content.checksum).not.toBe(cp.content.checksum);
  });
});
