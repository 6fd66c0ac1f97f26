import { describe, expect, it } from 'vitest';
import { conmonArgs, HANDLERS, needsInfra, pinnedNamespaces, pinnedPath, pinnsArgv, pullErrorText, runtimeCmdArgv, runtimeCreateArgv } from './config.ts';
import { crioPullSteps, layerIds } from './pull.ts';

const ID = 'a'.repeat(64);

describe('conmon arguments (cri-o internal/oci/runtime_oci.go CreateContainer)', () => {
  it('passes bundle, id, exit dir, log, name, pidfiles, persist dir, runtime and its root, in that order, with -s for systemd', () => {
    const argv = conmonArgs({ id: ID, name: 'nginx', logPath: '/var/log/pods/x/nginx/0.log', handler: HANDLERS.crun });
    expect(argv[0]).toBe('/usr/libexec/crio/conmon');
    const flags = argv.filter((a) => a.startsWith('-'));
    expect(flags).toEqual(['-b', '-c', '--exit-dir', '-l', '--log-level', '-n', '-P', '-p', '--persist-dir', '-r', '--runtime-arg', '--root=/run/crun', '--socket-dir-path', '--syslog', '-u', '-s']);
    expect(argv[argv.indexOf('--exit-dir') + 1]).toBe('/var/run/crio/exits');
    expect(argv[argv.indexOf('-b') + 1]).toBe(`/run/containers/storage/overlay-containers/${ID}/userdata`);
    expect(argv[argv.indexOf('--persist-dir') + 1]).toBe(`/var/lib/containers/storage/overlay-containers/${ID}/userdata`);
    expect(argv[argv.indexOf('--runtime-arg') + 1]).toBe('--root=/run/crun');
    expect(argv[argv.indexOf('-r') + 1]).toBe('/usr/libexec/crio/crun');
  });

  it('has conmon run create, and CRI-O itself start, kill and delete --force', () => {
    expect(runtimeCreateArgv(HANDLERS.runc, ID)).toBe(`/usr/libexec/crio/runc --root=/run/runc --systemd-cgroup create --bundle /run/containers/storage/overlay-containers/${ID}/userdata --pid-file /run/containers/storage/overlay-containers/${ID}/userdata/pidfile ${ID}`);
    expect(runtimeCmdArgv(HANDLERS.runc, 'start', ID)).toBe(`/usr/libexec/crio/runc --root=/run/runc --systemd-cgroup start ${ID}`);
    expect(runtimeCmdArgv(HANDLERS.crun, 'kill', ID, 3)).toMatch(/ kill a+ 3$/);
    expect(runtimeCmdArgv(HANDLERS.crun, 'delete', ID)).toMatch(/ delete --force a+$/);
  });
});

describe('pinns (cri-o internal/config/nsmgr/nsmgr_linux.go)', () => {
  it('pins ipc, net and uts under /var/run/<type>ns/<uuid>, net as netns', () => {
    const types = pinnedNamespaces({ hostNetwork: false, hostIPC: false });
    expect(types).toEqual(['ipc', 'net', 'uts']);
    expect(pinnsArgv('u-1', types)).toEqual(['/usr/bin/pinns', '-d', '/var/run', '-f', 'u-1', '-i', '-n', '-u']);
    expect(pinnedPath('net', 'u-1')).toBe('/var/run/netns/u-1');
    expect(pinnedPath('ipc', 'u-1')).toBe('/var/run/ipcns/u-1');
    expect(pinnedPath('uts', 'u-1')).toBe('/var/run/utsns/u-1');
  });

  it('leaves the host network and IPC namespaces alone for host pods; sysctls go with -s', () => {
    expect(pinnedNamespaces({ hostNetwork: true, hostIPC: true })).toEqual(['uts']);
    expect(pinnsArgv('u', ['net'], { 'net.ipv4.ip_forward': '1', 'kernel.shm_rmid_forced': '1' }).slice(-2)).toEqual(['-s', 'net.ipv4.ip_forward=1+kernel.shm_rmid_forced=1']);
  });
});

describe('the infra container (cri-o internal/lib/sandbox/sandbox.go NeedsInfra, pkg/config DropInfraCtr)', () => {
  it('is dropped unless the pod shares one PID namespace', () => {
    expect(needsInfra(undefined)).toBe(false);
    expect(needsInfra('CONTAINER')).toBe(false);
    expect(needsInfra('POD')).toBe(true);
  });
});

describe('image pulls into containers/storage (containers/image docker_image_src.go, storage overlay driver)', () => {
  it('applies each layer as its own overlay layer, bottom first, named by chain ID', () => {
    const image = { normalized: 'docker.io/library/nginx:1.27', id: 'sha256:' + 'c'.repeat(64), layers: [{ digest: 'sha256:' + '1'.repeat(64), size: 1000 }, { digest: 'sha256:' + '2'.repeat(64), size: 2000 }] };
    const steps = crioPullSteps(image, 1_000_000);
    expect(steps.map((s) => s.op)).toEqual(['GET', 'GET', 'GET', 'storage apply layer', 'GET', 'storage apply layer', 'storage create image']);
    const ids = layerIds(image);
    expect(steps[3]?.attrs['path']).toBe(`/var/lib/containers/storage/overlay/${ids[0]}/diff`);
    expect(ids[0]).not.toBe(ids[1]);
    expect(steps[0]?.attrs['url']).toBe('https://registry-1.docker.io/v2/library/nginx/manifests/1.27');
  });

  it('fails with containers/image\'s text for a missing tag or repository', () => {
    expect(pullErrorText('docker.io/library/nginx:9.99', 404)).toBe('rpc error: code = Unknown desc = reading manifest 9.99 in docker.io/library/nginx: manifest unknown');
    expect(pullErrorText('docker.io/library/nope:1', 401)).toMatch(/requested access to the resource is denied$/);
  });
});
