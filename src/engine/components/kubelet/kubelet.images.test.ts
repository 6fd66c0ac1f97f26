import { describe, expect, it } from 'vitest';
import { criCalls, output, podEvents, podVersions, runPods, SECOND, watchRows } from './test-scenarios.ts';

/**
 * Image pulls that fail, against pkg/kubelet/images/image_manager.go (EnsureImageExists: the
 * `<uid>_<image>` back-off of 10 s doubling to 300 s, IsInBackOffSinceUpdate, the Failed and
 * BackOff events, the last pull error in the ImagePullBackOff message),
 * kuberuntime_container.go startContainer ("Error: ErrImagePull") and containerd 2.1's CRI plugin
 * (internal/cri/server/images/image_pull.go, core/remotes/docker/resolver.go).
 */

const NOT_FOUND = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found';

describe('a tag the registry does not have', () => {
  const r = runPods(`apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers: [{name: web, image: "nginx:doesnotexist"}]`, `  - until: settled
  - wait: 2m
  - run: kubectl describe pod bad
`);

  it('records Pulling, Failed with containerd\'s error, Error: ErrImagePull, then BackOff and Error: ImagePullBackOff', () => {
    expect(podEvents(r, 'bad').slice(0, 6)).toEqual([
      'Pulling: Pulling image "nginx:doesnotexist"',
      `Failed: Failed to pull image "nginx:doesnotexist": ${NOT_FOUND}`,
      'Failed: Error: ErrImagePull',
      'BackOff: Back-off pulling image "nginx:doesnotexist"',
      'Failed: Error: ImagePullBackOff',
      expect.stringMatching(/^(BackOff|Pulling): /),
    ]);
  });

  it('resolves the reference against Docker Hub and gets a 404 for the manifest', () => {
    const heads = r.events.filter((e) => e.kind === 'span' && e.actor === 'containerd/node-1' && e.op === 'HEAD');
    expect(heads.slice(0, 2).map((e) => e.attrs?.status)).toEqual([401, 404]);
    expect(heads[1]?.attrs?.url).toBe('https://registry-1.docker.io/v2/library/nginx/manifests/doesnotexist');
  });

  it('shows ErrImagePull then ImagePullBackOff in kubectl get pods -w, the pod Pending', () => {
    const statuses = watchRows(r, 'bad').map(([s]) => s);
    expect(statuses.slice(2, 7)).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff']);
    expect(podVersions(r, 'bad').at(-1)?.pod.status?.phase).toBe('Pending');
  });

  it('pulls again only after the back-off since the last failure: 10 s, then 20 s, then 40 s', () => {
    const pulls = criCalls(r, 'PullImage').map((e) => e.t);
    expect(pulls.length).toBeGreaterThanOrEqual(4);
    const gaps = pulls.slice(1).map((t, i) => t - (pulls[i] as number));
    [10, 20, 40].forEach((b, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(b * SECOND);
      expect(gaps[i]).toBeLessThanOrEqual((b + 16) * SECOND);
    });
  });

  it('waits with the ImagePullBackOff reason and the last pull error in its message', () => {
    const waiting = podVersions(r, 'bad')
      .map((v) => v.pod.status?.containerStatuses?.[0]?.state.waiting)
      .filter((w) => w?.reason === 'ImagePullBackOff');
    expect(waiting[0]?.message).toBe(`Back-off pulling image "nginx:doesnotexist": ErrImagePull: ${NOT_FOUND}`);
    const errPull = podVersions(r, 'bad').map((v) => v.pod.status?.containerStatuses?.[0]?.state.waiting).find((w) => w?.reason === 'ErrImagePull');
    expect(errPull?.message).toBe(NOT_FOUND);
  });

  it('counts the repeated events in kubectl describe, in the order they came', () => {
    const describe = output(r, 'kubectl describe pod bad');
    const lines = describe.slice(describe.indexOf('Events:')).split('\n').slice(3).filter(Boolean);
    expect(lines.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['Normal Scheduled', 'Normal Pulling', 'Warning Failed', 'Warning Failed', 'Normal BackOff', 'Warning Failed']);
    expect(lines[1]).toMatch(/\(x4 over 2m(\d+s)?\)\s+kubelet\s+Pulling image "nginx:doesnotexist"$/);
    expect(lines[5]).toMatch(/\(x\d+ over 2m(\d+s)?\)\s+kubelet\s+Error: ImagePullBackOff$/);
  });
});

describe('a repository Docker Hub does not have', () => {
  const r = runPods(`apiVersion: v1
kind: Pod
metadata: {name: nosuch}
spec:
  containers: [{name: app, image: busybox888}]`, `  - wait: 5s
`);

  it('fails with pull access denied, code Unknown', () => {
    expect(podEvents(r, 'nosuch')[1]).toBe(
      'Failed: Failed to pull image "busybox888": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/busybox888:latest": failed to resolve reference "docker.io/library/busybox888:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });
});

describe('imagePullPolicy: Never without the image', () => {
  const r = runPods(`apiVersion: v1
kind: Pod
metadata: {name: local}
spec:
  containers: [{name: app, image: "busybox:1.37", imagePullPolicy: Never}]`, `  - wait: 5s
`);

  it('never pulls; ErrImageNeverPull', () => {
    expect(criCalls(r, 'PullImage')).toHaveLength(0);
    expect(podEvents(r, 'local')).toContain('ErrImageNeverPull: Container image "busybox:1.37" is not present with pull policy of Never');
    expect(watchRows(r, 'local').map(([s]) => s)).toContain('ErrImageNeverPull');
  });
});
