import { describe, expect, it } from 'vitest';
import { CONTAINER_TYPE_LABEL_KEY, SANDBOX_ID_LABEL_KEY, extractLabels, makeContainerName, makeLabels, makeSandboxName, parseContainerName, parseSandboxName } from './naming.ts';

// kubernetes v1.23.17 pkg/kubelet/dockershim/naming.go, helpers.go (makeLabels, extractLabels).
describe('dockershim naming', () => {
  const pod = { name: 'web-7d4b9c8f5-x2k9p', namespace: 'default', uid: '5f0c8a3e-1d2b-4c6f-9a7e-3b1d0c2e4f60', attempt: 0 };

  it('names the sandbox k8s_POD_<pod>_<ns>_<uid>_<attempt> and parses it back from Docker\'s "/…" name', () => {
    const name = makeSandboxName(pod);
    expect(name).toBe('k8s_POD_web-7d4b9c8f5-x2k9p_default_5f0c8a3e-1d2b-4c6f-9a7e-3b1d0c2e4f60_0');
    expect(parseSandboxName(`/${name}`)).toEqual(pod);
  });

  it('names a container k8s_<container>_<pod>_<ns>_<uid>_<attempt> with the container\'s attempt', () => {
    const name = makeContainerName(pod, { name: 'nginx', attempt: 3 });
    expect(name).toBe('k8s_nginx_web-7d4b9c8f5-x2k9p_default_5f0c8a3e-1d2b-4c6f-9a7e-3b1d0c2e4f60_3');
    expect(parseContainerName(`/${name}`)).toEqual({ name: 'nginx', attempt: 3 });
  });

  it('refuses names it did not make', () => {
    expect(parseContainerName('/ecstatic_turing')).toEqual({ error: 'failed to parse the container name: "/ecstatic_turing"' });
    expect(parseSandboxName('/x_POD_a_b_c_0')).toEqual({ error: 'failed to parse the sandbox name: container is not managed by kubernetes: "/x_POD_a_b_c_0"' });
  });

  it('keeps annotations as "annotation."-prefixed labels and drops its own labels on the way back', () => {
    const labels = makeLabels({ 'io.kubernetes.container.name': 'nginx' }, { 'io.kubernetes.container.hash': 'abc' });
    expect(labels).toEqual({ 'io.kubernetes.container.name': 'nginx', 'annotation.io.kubernetes.container.hash': 'abc' });
    expect(extractLabels({ ...labels, [CONTAINER_TYPE_LABEL_KEY]: 'container', [SANDBOX_ID_LABEL_KEY]: 'f'.repeat(64) })).toEqual({
      labels: { 'io.kubernetes.container.name': 'nginx' },
      annotations: { 'io.kubernetes.container.hash': 'abc' },
    });
  });
});
