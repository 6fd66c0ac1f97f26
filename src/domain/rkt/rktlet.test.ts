import { describe, expect, it } from 'vitest';
import { appAddArgs, appSandboxArgs, applyDefaultImageTag, buildContainerID, cgroupParentToSliceName, getIP, parseAppName, parseContainerID, rktCommand, systemdRunArgv, toContainerStatus, toPodSandboxStatus } from './rktlet.ts';
import type { PodView } from './pod-view.ts';

const U = 'c77b3f3b-1111-4222-8333-444455556666';

describe('rktlet command lines (rktlet/cli/cli.go, init.go, runtime/helpers.go)', () => {
  it('puts the global flags after the first word: rkt <subcmd> --debug=false --dir=/var/lib/rktlet/data --insecure-options=image,ondisk …', () => {
    expect(rktCommand('status', U, '--format=json')).toEqual(['/usr/bin/rkt', 'status', '--debug=false', '--dir=/var/lib/rktlet/data', '--insecure-options=image,ondisk', U, '--format=json']);
  });

  it('starts the sandbox through systemd-run in the pod slice; a cgroupfs parent is refused', () => {
    expect(systemdRunArgv('u1', 'kubepods-besteffort-podabc.slice', ['rkt'])).toEqual(['/usr/bin/systemd-run', '--unit=rktlet-u1', '--setenv=RKT_EXPERIMENT_APP=true', '--service-type=notify', '--slice=kubepods-besteffort-podabc.slice', 'rkt']);
    expect(cgroupParentToSliceName('/kubepods/besteffort/podabc')).toEqual({ error: 'cgroup "/kubepods/besteffort/podabc" not convertible to slice name: please start the Kubelet with --cgroup-driver=systemd' });
  });

  it('generateAppSandboxCommand: uuid file, stage1, hostname, DNS, the reserved annotations and the labels', () => {
    const args = appSandboxArgs({ metadata: { name: 'web', uid: 'uid-1', namespace: 'default', attempt: 0 }, hostname: 'web', dnsConfig: { servers: ['10.96.0.10'] }, labels: { app: 'web' } }, '/tmp/rktlet_uid-1', 'coreos.com/rkt/stage1-coreos:1.30.0', 'node-1');
    expect(args).toEqual([
      'sandbox',
      '--uuid-file-save=/tmp/rktlet_uid-1',
      '--stage1-name=coreos.com/rkt/stage1-coreos:1.30.0',
      '--hostname=web',
      '--dns=10.96.0.10',
      '--user-annotation=k8s.io/reserved/pod-uid=uid-1',
      '--user-annotation=k8s.io/reserved/pod-name=web',
      '--user-annotation=k8s.io/reserved/pod-namespace=default',
      '--user-annotation=k8s.io/reserved/pod-attempt=0',
      '--user-label=app=web',
    ]);
    expect(appSandboxArgs({ linux: { securityContext: { namespaceOptions: { network: 'NODE' } } } }, '/tmp/x', '', 'node-1')).toEqual(expect.arrayContaining(['--net=host', '--hosts-entry=host', '--hostname=node-1']));
  });

  it('generateAppAddCommand: app add <uuid> <image id> --name=<attempt>-<name>, annotations, env, mounts, exec and args', () => {
    const args = appAddArgs(U, { metadata: { name: 'redis', attempt: 1 }, image: { image: 'sha512-abc', userSpecifiedImage: 'redis:7.4' }, command: ['redis-server'], args: ['--port', '6380'], envs: [{ key: 'A', value: 'b' }], mounts: [{ containerPath: '/etc/hosts', hostPath: '/var/lib/kubelet/pods/u/etc-hosts' }] }, ['vol-1']);
    expect(args).toEqual(['add', U, 'sha512-abc', '--name=1-redis', '--user-annotation=k8s.io/reserved/image-name=redis:7.4', '--environment=A=b', '--mnt-volume=name=vol-1,kind=host,source=/var/lib/kubelet/pods/u/etc-hosts,target=/etc/hosts,readOnly=false', '--exec=redis-server', '--', '--port', '6380', '---']);
  });

  it('names containers <uuid>:<attempt>-<name>', () => {
    expect(buildContainerID(U, '0-nginx')).toBe(`${U}:0-nginx`);
    expect(parseContainerID(`${U}:0-nginx`)).toEqual({ uuid: U, appName: '0-nginx' });
    expect(parseAppName('12-my-app')).toEqual({ attempt: 12, name: 'my-app' });
    expect(parseAppName('nginx')).toEqual({ error: 'invalid appName "nginx"' });
  });

  it('adds :latest to an untagged image (util.ApplyDefaultImageTag)', () => {
    expect(applyDefaultImageTag('nginx')).toBe('nginx:latest');
    expect(applyDefaultImageTag('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(applyDefaultImageTag('nginx:1.27')).toBe('nginx:1.27');
  });
});

describe("CRI answers from rkt's JSON (helpers.go toPodSandboxStatus, toContainerStatus, getIP)", () => {
  const pod: PodView = {
    uuid: U,
    state: 'running',
    nets: [{ netName: 'default', netConf: '', pluginPath: '', ifName: 'eth0', ip: '172.16.28.2', args: '', mask: '' }],
    startedAt: 1_767_258_000_500_000,
    mutable: true,
    userAnnotations: { 'k8s.io/reserved/pod-uid': 'uid-1', 'k8s.io/reserved/pod-name': 'web', 'k8s.io/reserved/pod-namespace': 'default', 'k8s.io/reserved/pod-attempt': '0', 'kubernetes.io/config.source': 'api' },
    userLabels: { 'io.kubernetes.pod.uid': 'uid-1' },
  };

  it('a running rkt pod is a READY sandbox with the pod IP; createdAt is the start time in seconds, as rktlet sent it', () => {
    expect(toPodSandboxStatus(pod)).toEqual({
      id: U,
      metadata: { name: 'web', uid: 'uid-1', namespace: 'default', attempt: 0 },
      state: 'SANDBOX_READY',
      createdAt: '1767258000',
      network: { ip: '172.16.28.2' },
      labels: { 'io.kubernetes.pod.uid': 'uid-1' },
      annotations: { 'kubernetes.io/config.source': 'api' },
    });
    expect(toPodSandboxStatus({ ...pod, state: 'exited' })).toMatchObject({ state: 'SANDBOX_NOTREADY' });
  });

  it('prefers the rkt.kubernetes.io network, then default', () => {
    expect(getIP([{ netName: 'a', ip: '1.1.1.1' }, { netName: 'default', ip: '2.2.2.2' }])).toBe('2.2.2.2');
    expect(getIP([{ netName: 'default', ip: '2.2.2.2' }, { netName: 'rkt.kubernetes.io', ip: '3.3.3.3' }])).toBe('3.3.3.3');
  });

  it('maps app states onto CRI container states with ns times', () => {
    const st = toContainerStatus(U, { name: '0-nginx', imageName: '', imageId: 'sha512-x', state: 'exited', createdAt: 1_000, startedAt: 2_000, finishedAt: 3_000, exitCode: 143, userAnnotations: { 'k8s.io/reserved/image-name': 'nginx:1.27' } });
    expect(st).toMatchObject({ id: `${U}:0-nginx`, metadata: { name: 'nginx', attempt: 0 }, state: 'CONTAINER_EXITED', createdAt: '1000000', finishedAt: '3000000', exitCode: 143, image: { image: 'nginx:1.27' }, imageRef: 'sha512-x', annotations: {} });
  });
});
