import { describe, expect, it } from 'vitest';
import { containerConfig } from '../cri/requests.ts';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { containerNamespaces, sandboxNamespaces } from './namespaces.ts';
import { containerSpec, sandboxSpec } from './spec.ts';
import { runcSpecError, validateSpec } from './validate.ts';

const SB = 'a'.repeat(64);
const CID = 'b'.repeat(64);
const parent = 'kubepods-besteffort-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice';

function specs(): { sandbox: Record<string, unknown>; container: Record<string, unknown> } {
  const pod = nginxPod();
  const container = pod.spec.containers[0]!;
  const sandbox = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });
  const criConfig = containerConfig(pod, container, { restartCount: 0, imageRef: 'sha256:cfg' });
  const app = containerSpec({ id: CID, pod, container, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID), criConfig });
  return { sandbox: structuredClone(sandbox) as unknown as Record<string, unknown>, container: structuredClone(app) as unknown as Record<string, unknown> };
}

/** A config.json as parsed JSON: any field may be reached and set to anything (to break it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test mutates parsed JSON freely
type Loose = any;

/** A deep copy of the container spec with one change applied. */
function broken(change: (s: Loose) => void): Record<string, unknown> {
  const s: Loose = specs().container;
  change(s);
  return s;
}

function paths(spec: unknown): string[] {
  return validateSpec(spec).map((v) => v.path);
}

describe('validateSpec (runtime-spec config.md, config-linux.md, schema/config-schema.json)', () => {
  it('accepts the pause container\'s and an app container\'s config.json as containerd generates them', () => {
    const { sandbox, container } = specs();
    expect(validateSpec(sandbox)).toEqual([]);
    expect(validateSpec(container)).toEqual([]);
  });

  // config.md Specification version: REQUIRED, SemVer v2.0.0.
  it('requires ociVersion in SemVer form', () => {
    expect(paths(broken((s) => delete s.ociVersion))).toEqual(['ociVersion']);
    expect(validateSpec(broken((s) => (s.ociVersion = '1.0')))[0]?.message).toBe('ociVersion: "1.0" is not SemVer v2.0.0 (config.md Specification version)');
  });

  // config.md Root (path REQUIRED), Mounts (destination REQUIRED, absolute), Process (cwd absolute, args, env KEY=value).
  it('names the JSON path and the rule of each broken field', () => {
    expect(validateSpec(broken((s) => delete s.root.path))).toEqual([{ path: 'root.path', rule: 'config.md Root', message: 'root.path: is required (config.md Root)' }]);
    expect(paths(broken((s) => (s.mounts[0].destination = 'proc')))).toEqual(['mounts[0].destination']);
    expect(paths(broken((s) => (s.mounts[1].options = ['nosuid', 7])))).toEqual(['mounts[1].options[1]']);
    expect(paths(broken((s) => delete s.mounts[2].destination))).toEqual(['mounts[2].destination']);
    expect(paths(broken((s) => (s.process.cwd = 'usr')))).toEqual(['process.cwd']);
    expect(paths(broken((s) => (s.process.args = [])))).toEqual(['process.args']);
    const envCount = (specs().container['process'] as { env: string[] }).env.length;
    expect(paths(broken((s) => s.process.env.push('NOEQUALS')))).toEqual([`process.env[${envCount}]`]);
    expect(paths(broken((s) => (s.process.user.uid = -1)))).toEqual(['process.user.uid']);
    expect(paths(broken((s) => delete s.process.user.gid))).toEqual(['process.user.gid']);
    expect(paths(broken((s) => (s.hostname = 7)))).toEqual(['hostname']);
    expect(paths(broken((s) => (s.annotations = { a: 1 })))).toEqual(['annotations.a']);
  });

  // config-linux.md Namespaces: the eight types, a duplicate type is an error, path absolute.
  it('checks namespace types, duplicates and paths', () => {
    expect(validateSpec(broken((s) => s.linux.namespaces.push({ type: 'pid' })))[0]?.message).toMatch(/^linux\.namespaces\[\d+\]\.type: duplicate namespace type "pid" \(config-linux\.md Namespaces\)$/);
    expect(validateSpec(broken((s) => (s.linux.namespaces[0].type = 'process')))[0]?.message).toBe('linux.namespaces[0].type: "process" is not one of pid, network, mount, ipc, uts, user, cgroup, time (config-linux.md Namespaces)');
    expect(paths(broken((s) => (s.linux.namespaces[0].path = 'proc/1/ns/pid')))).toEqual(['linux.namespaces[0].path']);
  });

  // config.md rlimits (RLIMIT_* names, soft/hard, no duplicates) and capabilities (CAP_* names).
  it('checks rlimit and capability names', () => {
    expect(paths(broken((s) => (s.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 1024 }, { type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }])))).toEqual(['process.rlimits[1].type']);
    expect(paths(broken((s) => (s.process.rlimits = [{ type: 'NOFILE', soft: 1024 }])))).toEqual(['process.rlimits[0].hard', 'process.rlimits[0].type']);
    expect(validateSpec(broken((s) => s.process.capabilities.bounding.push('CAP_FLY')))[0]?.message).toMatch(/"CAP_FLY" is not a capability name \(config\.md Linux process capabilities\)$/);
    expect(paths(broken((s) => (s.process.capabilities.extra = [])))).toEqual(['process.capabilities.extra']);
  });

  // config-linux.md Control groups: memory/cpu integer types, pids.limit REQUIRED, hugepage sizes, devices.allow REQUIRED.
  it('checks the linux.resources shapes', () => {
    expect(paths(broken((s) => (s.linux.resources.memory = { limit: '128Mi' })))).toEqual(['linux.resources.memory.limit']);
    expect(paths(broken((s) => (s.linux.resources.cpu = { shares: -2 })))).toEqual(['linux.resources.cpu.shares']);
    expect(paths(broken((s) => (s.linux.resources.pids = {})))).toEqual(['linux.resources.pids.limit']);
    expect(paths(broken((s) => (s.linux.resources.hugepageLimits = [{ pageSize: '2M', limit: 0 }])))).toEqual(['linux.resources.hugepageLimits[0].pageSize']);
    expect(paths(broken((s) => (s.linux.resources.devices = [{ access: 'rwx' }])))).toEqual(['linux.resources.devices[0].allow', 'linux.resources.devices[0].access']);
    expect(paths(broken((s) => (s.linux.resources.unified = { 'memory.high': 5 })))).toEqual(['linux.resources.unified.memory.high']);
  });

  // config-linux.md Seccomp, rootfsPropagation, maskedPaths; config.md hooks.
  it('checks seccomp actions, propagation, masked paths and hooks', () => {
    expect(paths(broken((s) => (s.linux.seccomp = { defaultAction: 'SCMP_ACT_DENY' })))).toEqual(['linux.seccomp.defaultAction']);
    expect(paths(broken((s) => (s.linux.rootfsPropagation = 'rprivate')))).toEqual(['linux.rootfsPropagation']);
    expect(paths(broken((s) => s.linux.maskedPaths.push('proc/kcore')))).toHaveLength(1);
    expect(paths(broken((s) => (s.hooks = { prestart: [{ path: 'hook' }], later: [] })))).toEqual(['hooks.prestart[0].path', 'hooks.later']);
  });
});

describe('runcSpecError (runc utils_linux.go validateProcessSpec, libcontainer/specconv/spec_linux.go)', () => {
  it('accepts what containerd generates', () => {
    const { sandbox, container } = specs();
    expect(runcSpecError(sandbox, { systemdCgroup: true })).toBeUndefined();
    expect(runcSpecError(container, { systemdCgroup: true })).toBeUndefined();
  });

  it('refuses as runc says it', () => {
    const sys = { systemdCgroup: true };
    expect(runcSpecError(broken((s) => delete s.process), sys)).toBe('process property must not be empty');
    expect(runcSpecError(broken((s) => (s.process.cwd = '')), sys)).toBe('Cwd property must not be empty');
    expect(runcSpecError(broken((s) => (s.process.cwd = 'tmp')), sys)).toBe('Cwd must be an absolute path');
    expect(runcSpecError(broken((s) => (s.process.args = [])), sys)).toBe('args must not be empty');
    expect(runcSpecError(broken((s) => delete s.root), sys)).toBe('root must be specified');
    expect(runcSpecError(broken((s) => (s.linux.cgroupsPath = '/kubepods/x')), sys)).toBe('expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got "/kubepods/x" instead');
    expect(runcSpecError(broken((s) => (s.linux.cgroupsPath = '/kubepods/x')), { systemdCgroup: false })).toBeUndefined();
    expect(runcSpecError(broken((s) => (s.linux.namespaces[0].type = 'process')), sys)).toBe('namespace {"process" ""} does not exist');
    expect(runcSpecError(broken((s) => s.linux.namespaces.push({ type: 'ipc', path: '/proc/1/ns/ipc' })), sys)).toBe('malformed spec file: duplicated ns {"ipc" "/proc/1/ns/ipc"}');
    expect(runcSpecError(broken((s) => (s.process.rlimits = [{ type: 'RLIMIT_FOO', soft: 1, hard: 1 }])), sys)).toBe('wrong rlimit value: RLIMIT_FOO');
    expect(runcSpecError(broken((s) => (s.linux.rootfsPropagation = 'everywhere')), sys)).toBe('rootfsPropagation=everywhere is not supported');
  });

  // specconv: unknown capabilities and relative mount destinations are only warned about by runc.
  it('lets through what runc only warns about', () => {
    const spec = broken((s) => {
      s.process.capabilities.bounding.push('CAP_FLY');
      s.mounts[0].destination = 'proc';
    });
    expect(validateSpec(spec)).toHaveLength(2);
    expect(runcSpecError(spec, { systemdCgroup: true })).toBeUndefined();
  });
});
