import { describe, expect, it } from 'vitest';
import { toContainerStatus, toDockerContainerStatus, toPullableImageId, toRuntimeContainer, toRuntimeSandbox, type DockerInspect } from './convert.ts';

// kubernetes v1.23.17 pkg/kubelet/dockershim/docker_container.go (ContainerStatus),
// convert.go (toRuntimeAPIContainer, toRuntimeAPISandbox, toDockerContainerStatus),
// docker_image.go (toPullableImageID).
const ZERO = '0001-01-01T00:00:00Z';
const image = { Id: 'sha256:' + 'e'.repeat(64), RepoTags: ['nginx:1.27'], RepoDigests: ['nginx@sha256:' + 'd'.repeat(64)], Size: 1 };
function inspect(state: Partial<DockerInspect['State']>): DockerInspect {
  return {
    Id: 'c'.repeat(64),
    Name: '/k8s_nginx_web-1_default_u-1_1',
    Created: '2026-01-01T09:00:00Z',
    State: { Status: 'created', Running: false, Pid: 0, ExitCode: 0, StartedAt: ZERO, FinishedAt: ZERO, ...state },
    Image: image.Id,
    Config: { Image: image.Id, Labels: { 'io.kubernetes.docker.type': 'container', 'io.kubernetes.container.logpath': '/var/log/pods/x/nginx/1.log', 'io.kubernetes.sandbox.id': 's', 'io.kubernetes.container.name': 'nginx', 'annotation.io.kubernetes.container.restartCount': '1' } },
  };
}

describe('dockershim ContainerStatus from docker inspect', () => {
  it('reads the state: running, exited (Completed / Error), could not run, created', () => {
    expect(toContainerStatus(inspect({ Running: true, Status: 'running', StartedAt: '2026-01-01T09:00:01Z' }), image)).toMatchObject({ state: 'CONTAINER_RUNNING', reason: '', startedAt: '1767258001000000000' });
    expect(toContainerStatus(inspect({ Status: 'exited', StartedAt: '2026-01-01T09:00:01Z', FinishedAt: '2026-01-01T09:00:05Z' }), image)).toMatchObject({ state: 'CONTAINER_EXITED', reason: 'Completed' });
    expect(toContainerStatus(inspect({ Status: 'exited', ExitCode: 1, StartedAt: '2026-01-01T09:00:01Z', FinishedAt: '2026-01-01T09:00:05Z' }), image)).toMatchObject({ state: 'CONTAINER_EXITED', reason: 'Error', exitCode: 1 });
    expect(toContainerStatus(inspect({ ExitCode: 127, Error: 'exec: "nope": executable file not found in $PATH' }), image)).toMatchObject({ state: 'CONTAINER_EXITED', reason: 'ContainerCannotRun', startedAt: '1767258000000000000', finishedAt: '1767258000000000000' });
    expect(toContainerStatus(inspect({}), image)).toMatchObject({ state: 'CONTAINER_CREATED', startedAt: '0', finishedAt: '0' });
  });

  it('takes metadata from the name, labels and annotations from the labels, the image as tag and pullable digest', () => {
    expect(toContainerStatus(inspect({ Running: true }), image)).toMatchObject({
      metadata: { name: 'nginx', attempt: 1 },
      image: { image: 'nginx:1.27' },
      imageRef: 'docker-pullable://nginx@sha256:' + 'd'.repeat(64),
      labels: { 'io.kubernetes.container.name': 'nginx' },
      annotations: { 'io.kubernetes.container.restartCount': '1' },
      logPath: '/var/log/pods/x/nginx/1.log',
    });
    expect(toPullableImageId(image.Id, { ...image, RepoDigests: [] })).toBe(`docker://${image.Id}`);
  });

  it('converts docker ps items and refuses names it did not make', () => {
    const item = { Id: 'c'.repeat(64), Names: ['/k8s_nginx_web-1_default_u-1_0'], Image: 'sha256:x', Created: 1_767_258_000, State: 'exited', Labels: { 'io.kubernetes.sandbox.id': 's' } };
    expect(toRuntimeContainer(item)).toMatchObject({ podSandboxId: 's', metadata: { name: 'nginx', attempt: 0 }, state: 'CONTAINER_EXITED', createdAt: '1767258000000000000' });
    expect(toRuntimeContainer({ ...item, Names: ['/web'] })).toBeUndefined();
    expect(toRuntimeSandbox({ ...item, Names: ['/k8s_POD_web-1_default_u-1_0'], State: 'running' })).toMatchObject({ metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', attempt: 0 }, state: 'SANDBOX_READY' });
    expect(toDockerContainerStatus('CONTAINER_RUNNING')).toBe('running');
    expect(toDockerContainerStatus('CONTAINER_EXITED')).toBe('exited');
  });
});
