import { describe, expect, it } from 'vitest';
import { STAGE1_IMAGES } from './flavours.ts';
import { prepareAndRunSteps } from './stage0-plan.ts';
import { appStartSteps, bootSteps, gcSteps, stopSteps } from './stage1-plan.ts';

const U = '1f752f5c-6046-4458-8105-832227a07cfa';
const POD = `/var/lib/rkt/pods/run/${U}`;
const apps = [{ name: 'etcd', exec: ['/etcd'] }];

describe('stage0 (stage0/run.go Prepare and Run, pkg/pod/pods.go)', () => {
  it('makes the embryo, locks and renames it to prepare, renders stage1 and the apps, writes the manifest, moves to run and execs stage1', () => {
    const steps = prepareAndRunSteps({ dataDir: '/var/lib/rkt', uuid: U, stage1: STAGE1_IMAGES.coreos, stage1Id: 'sha512-s1', apps: [{ name: 'etcd', imageId: 'sha512-e', imageName: 'coreos.com/etcd:v3.1.7' }], mutable: false, stage1Args: ['--net=default'] });
    expect(steps.map((s) => s.op)).toEqual(['mkdir', 'flock', 'rename', 'prepareStage1Image', 'prepareAppImage', 'write pod manifest', 'rename', 'mount', 'mount', 'execve']);
    expect(steps[2]?.attrs).toMatchObject({ newpath: `/var/lib/rkt/pods/prepare/${U}` });
    expect(steps[6]?.attrs).toMatchObject({ newpath: POD, state: 'running' });
    expect(steps[9]?.attrs?.argv).toEqual([`${POD}/stage1/rootfs/init`, '--net=default', '--local-config=/etc/rkt', U]);
    expect(steps.every((s) => s.stage === 'stage0')).toBe(true);
  });

  it('passes --mutable for a sandbox and execs fly\'s /run entrypoint', () => {
    const argv = prepareAndRunSteps({ dataDir: '/var/lib/rkt', uuid: U, stage1: STAGE1_IMAGES.fly, stage1Id: 'x', apps: [], mutable: true, stage1Args: [] }).at(-1)?.attrs?.argv;
    expect(argv).toEqual([`${POD}/stage1/rootfs/run`, '--local-config=/etc/rkt', '--mutable', U]);
  });
});

describe('stage1 per flavour (stage1/init/init.go, stage1_fly/run/main.go, networking/)', () => {
  const net = { netns: 'cni-e0f06652-1a94-2cfd-3ccc-c684c473992f', ip: '172.16.28.2', hostVeth: 'veth1234' };

  it('coreos: a new netns with the ptp default network, then systemd-nspawn in new mount, PID, UTS and IPC namespaces, systemd ready', () => {
    const ops = bootSteps({ flavour: 'coreos', uuid: U, podDir: POD, apps, mutable: false, net, hostname: `rkt-${U}` });
    const names = ops.map((s) => s.op);
    expect(names.indexOf('unshare')).toBeLessThan(names.indexOf('exec net plugin'));
    expect(ops.find((s) => s.op === 'exec net plugin')?.attrs).toMatchObject({ plugin: 'ptp', network: 'default' });
    expect(ops.find((s) => s.op === 'clone')?.attrs).toMatchObject({ flags: 'CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUTS|CLONE_NEWIPC' });
    expect(ops.find((s) => s.op === 'execve')?.attrs?.argv).toContain('--boot');
    expect(names.at(-1)).toBe('sd_notify');
    expect(ops.find((s) => s.op === 'ImmutableEnv')?.attrs?.units).toContain('etcd.service');
  });

  it('fly: no namespace and no systemd; bind mounts, chroot, execve of the app itself', () => {
    const ops = bootSteps({ flavour: 'fly', uuid: U, podDir: POD, apps, mutable: false, hostname: 'h' });
    expect(ops.some((s) => s.op === 'unshare' || s.op === 'clone')).toBe(false);
    expect(ops.map((s) => s.op).slice(-4)).toEqual(['chroot', 'setresgid', 'setresuid', 'execve']);
    expect(ops.at(-1)?.attrs).toMatchObject({ argv: ['/etcd'], namespaces: 'host' });
    expect(ops.filter((s) => s.op === 'mount').map((s) => s.attrs?.source)).toEqual(['/dev', '/proc', '/sys', 'tmpfs']);
  });

  it('kvm: a tap device instead of a netns, lkvm with the stage1 kernel, a guest systemd', () => {
    const ops = bootSteps({ flavour: 'kvm', uuid: U, podDir: POD, apps, mutable: false, net: { ...net, netns: '' }, hostname: 'h' });
    expect(ops.some((s) => s.op === 'unshare')).toBe(false);
    expect(ops.find((s) => s.op === 'ioctl TUNSETIFF')?.attrs?.name).toBe('rkt-1f75-tap0');
    expect(ops.find((s) => s.op === 'execve')?.attrs?.argv).toEqual(expect.arrayContaining(['run', '--kernel', `${POD}/stage1/rootfs/bzImage`]));
    expect(ops.map((s) => s.op)).toContain('boot guest kernel');
  });

  it('starts an app as a systemd unit that chroots into its rootfs (stage2)', () => {
    expect(appStartSteps('coreos', 'etcd', ['/etcd']).map((s) => [s.op, s.stage])).toEqual([
      ['start unit', 'stage1'],
      ['prepare-app', 'stage1'],
      ['chroot', 'stage2'],
      ['execve', 'stage2'],
    ]);
  });

  it('stops as each flavour does (stage1-implementors-guide.md "rkt stop")', () => {
    expect(stopSteps('coreos', false)[0]?.attrs).toMatchObject({ signal: 'SIGTERM' });
    expect(stopSteps('coreos', true)[0]?.attrs).toMatchObject({ signal: 'SIGKILL' });
    expect(stopSteps('kvm', false)[0]?.attrs?.command).toEqual(['systemctl', 'halt']);
  });

  it('gc tears the network down: CNI DEL, then the netns unmounted and removed', () => {
    const ops = gcSteps('coreos', U, net).map((s) => s.op);
    expect(ops).toEqual(['exec gc entrypoint', 'exec net plugin', 'iptables', 'umount2', 'unlink']);
  });
});
