import { describe, expect, it } from 'vitest';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { containerNamespaces, sandboxNamespaces } from '../oci/namespaces.ts';
import { containerSpec, sandboxSpec } from '../oci/spec.ts';
import { runscArgv } from './runsc-cli.ts';
import { runscCreateSteps, runscDeleteSteps, runscStartSteps, sandboxIdOf, startsSandbox } from './runsc-steps.ts';

// gvisor runsc/container/container.go (New, createGoferProcess), runsc/sandbox/sandbox.go
// (createSandboxProcess), runsc/boot/controller.go (containerManager.*), runsc/container/
// state_file.go (buildPath), pkg/shim/runsccmd/runsc.go (the shim's command lines).
const SB = 'a'.repeat(64);
const CID = 'c'.repeat(64);
const bundle = (id: string) => `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`;
const parent = '/kubepods/besteffort/pod5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';
const pod = nginxPod();
const sbSpec = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });
const ctrSpec = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID) });
const ctx = (id: string) => ({ id, bundle: bundle(id), namespace: 'k8s.io', goferPid: 4102, sandboxPid: 4104 });

describe('runsc command lines (pkg/shim/runsccmd/runsc.go)', () => {
  it('puts the global flags first, with =', () => {
    expect(runscArgv('create', { id: SB, bundle: bundle(SB), namespace: 'k8s.io' }).join(' ')).toBe(`runsc --root=/run/containerd/runsc/k8s.io --log=${bundle(SB)}/log.json --log-format=json create --bundle ${bundle(SB)} --pid-file ${bundle(SB)}/init.pid ${SB}`);
    expect(runscArgv('kill', { id: SB, bundle: bundle(SB), namespace: 'k8s.io', signal: 9 }).slice(-3)).toEqual(['kill', SB, '9']);
  });
});

describe('runsc create', () => {
  it('tells the sandbox container from the others by the CRI annotations (specutils.ShouldCreateSandbox)', () => {
    expect(startsSandbox(sbSpec)).toBe(true);
    expect(startsSandbox(ctrSpec)).toBe(false);
    expect(sandboxIdOf(ctrSpec, CID)).toBe(SB);
  });

  it('starts the gofer, then the sandbox in new namespaces with the pod netns joined, then the Sentry under seccomp', () => {
    const steps = runscCreateSteps(sbSpec, ctx(SB));
    const i = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const gofer = i((s) => s.op === 'execve' && s.proc === 'runsc-gofer');
    const setns = i((s) => s.op === 'setns');
    const sandbox = i((s) => s.op === 'execve' && s.proc === 'runsc-sandbox');
    const boot = i((s) => s.op === 'sentry boot');
    const seccomp = i((s) => s.op === 'seccomp' && s.proc === 'runsc-sandbox');
    expect([gofer, setns, sandbox, boot, seccomp].every((n, k, a) => n >= 0 && (k === 0 || n > (a[k - 1] as number)))).toBe(true);
    expect(steps[gofer - 1]?.attrs['flags']).toBe('CLONE_VM|CLONE_VFORK|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET|SIGCHLD');
    // The sandbox: no new netns (it joins the pod's), a new user namespace where it is nobody.
    expect(steps[sandbox - 1]?.attrs['flags']).not.toMatch(/CLONE_NEWNET/);
    expect(steps[sandbox - 1]?.attrs['flags']).toMatch(/CLONE_NEWUSER/);
    expect(steps[setns]?.attrs['path']).toBe('/var/run/netns/cni-1');
    expect(steps[sandbox]?.attrs['argv']).toEqual(expect.arrayContaining(['runsc-sandbox', '--platform=systrap', 'boot', `--bundle=${bundle(SB)}`]));
    expect(steps[sandbox]?.attrs['uid']).toBe(65534);
    expect(steps.find((s) => s.op === 'write' && String(s.attrs['file']).endsWith('.state'))?.attrs['file']).toBe(`/run/containerd/runsc/k8s.io/${SB}_sandbox:${SB}.state`);
  });

  it('creates another container of the pod inside the running sandbox: its own gofer and one uRPC', () => {
    const steps = runscCreateSteps(ctrSpec, ctx(CID));
    expect(steps.some((s) => s.proc === 'runsc-sandbox')).toBe(false);
    expect(steps.filter((s) => s.proc === 'runsc-gofer').length).toBeGreaterThan(0);
    expect(steps.find((s) => s.op === 'urpc')?.attrs).toMatchObject({ method: 'containerManager.CreateSubcontainer', sandbox: SB });
    expect(steps.find((s) => s.op === 'connect')?.attrs['path']).toBe(`/run/containerd/runsc/k8s.io/runsc-${SB}.sock`);
    expect(steps.find((s) => s.op === 'write' && String(s.attrs['file']).endsWith('init.pid'))?.attrs['value']).toBe('4104');
  });
});

describe('runsc start', () => {
  it('starts the root container with StartRoot after the network, the others with StartSubcontainer; the app is the Sentry\'s', () => {
    const root = runscStartSteps(sbSpec, ctx(SB)).filter((s) => s.op === 'urpc').map((s) => s.attrs['method']);
    expect(root).toEqual(['Network.CreateLinksAndRoutes', 'containerManager.StartRoot']);
    const sub = runscStartSteps(ctrSpec, ctx(CID));
    expect(sub.filter((s) => s.op === 'urpc').map((s) => s.attrs['method'])).toEqual(['containerManager.StartSubcontainer']);
    const exec = sub.find((s) => s.op === 'execve' && s.proc === 'Sentry');
    expect(exec?.attrs).toMatchObject({ kernel: 'sentry', servedBy: 'Sentry' });
  });
});

describe('runsc delete', () => {
  it('kills the sandbox only with the sandbox container; a subcontainer is destroyed over uRPC', () => {
    const sb = runscDeleteSteps({ id: SB, sandbox: SB, namespace: 'k8s.io', bundle: bundle(SB), sandboxPid: 4104, goferPid: 4102 });
    expect(sb.find((s) => s.op === 'kill')?.attrs['pid']).toBe(4104);
    const sub = runscDeleteSteps({ id: CID, sandbox: SB, namespace: 'k8s.io', bundle: bundle(CID), sandboxPid: 4104 });
    expect(sub.some((s) => s.op === 'kill')).toBe(false);
    expect(sub.find((s) => s.op === 'urpc')?.attrs['method']).toBe('containerManager.DestroySubcontainer');
  });
});
