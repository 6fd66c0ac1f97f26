import { describe, expect, it } from 'vitest';
import { nginxPod } from '../../../domain/cri/test-fixtures.ts';
import { sandboxNamespaces } from '../../../domain/oci/namespaces.ts';
import { sandboxSpec } from '../../../domain/oci/spec.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { Runc, type RuncExit, type RuncInvocation } from './runc.ts';

// The runc/crun actor against its domain rules: domain/oci/lifecycle.ts (runc 1.1.5 and crun 1.8.1
// texts, checked against the real ones by tests/real/{runc,crun}-lifecycle.test.ts), signals.ts,
// runc-steps.ts and crun-steps.ts (checked by tests/real/{runc,crun}-strace.test.ts).
const ROOT = '/run/containerd/runc/k8s.io';
const ID = 'a'.repeat(64);
const BUNDLE = `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${ID}`;
const spec = sandboxSpec({ id: ID, pod: nginxPod(), namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: `kubepods-besteffort-podu.slice:cri-containerd:${ID}`, pauseImage: 'registry.k8s.io/pause:3.10' });

/** A shim that sends invocations and keeps what comes back. */
class Shim implements Actor {
  readonly id = 'containerd/node-1';
  readonly host = 'node-1';
  readonly got: Delivery[] = [];
  receive(msg: Delivery): void {
    this.got.push(msg);
  }
}

function setup(flavour: 'runc' | 'crun') {
  const sim = new Simulation({ seed: 1, timeOrigin: '2026-01-01T00:00:00Z' });
  const rt = new Runc(sim, 'node-1', 4100, flavour);
  const shim = new Shim();
  sim.network.register(rt);
  sim.network.register(shim);
  const call = (inv: Partial<RuncInvocation> & { op: RuncInvocation['op'] }): RuncExit => {
    const before = shim.got.length;
    sim.network.send(shim.id, rt.id, inv.op, { payload: { id: ID, bundle: BUNDLE, root: ROOT, argv: '', spec, ...inv } });
    sim.runUntilSettled(10_000_000);
    const reply = shim.got.slice(before).find((m) => m.replyTo !== undefined);
    return reply?.payload as RuncExit;
  };
  return { sim, rt, call };
}

describe('the low-level runtime actor', () => {
  it('is runc/<node> or crun/<node>, and plays its own steps', () => {
    const runc = setup('runc');
    const crun = setup('crun');
    expect([runc.rt.id, crun.rt.id]).toEqual(['runc/node-1', 'crun/node-1']);
    runc.call({ op: 'create' });
    crun.call({ op: 'create' });
    const ops = (s: Simulation, actor: string) => s.recorder.events.filter((e) => e.kind === 'span' && e.actor === actor).map((e) => e.op);
    expect(ops(runc.sim, 'runc/node-1')).toContain('nsexec stage-0');
    expect(ops(crun.sim, 'crun/node-1')).not.toContain('nsexec stage-0');
    expect(crun.sim.recorder.events.find((e) => e.kind === 'span' && e.op === 'clone')?.attrs?.['flags']).toBe('CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|SIGCHLD');
    expect(crun.rt.status(ID)).toBe('created');
  });

  it('answers with each runtime\'s texts', () => {
    const runc = setup('runc');
    const crun = setup('crun');
    expect(runc.call({ op: 'start' })).toMatchObject({ exitCode: 1, stderr: 'container does not exist' });
    expect(crun.call({ op: 'start' })).toMatchObject({ exitCode: 1, stderr: `error opening file \`${ROOT}/${ID}/status\`: No such file or directory` });
    runc.call({ op: 'create' });
    crun.call({ op: 'create' });
    expect(runc.call({ op: 'create' }).stderr).toBe('runc create failed: container with given ID already exists');
    expect(crun.call({ op: 'create' }).stderr).toBe(`container \`${ID}\` already exists`);
  });

  // runc libcontainer/cgroups/systemd/common.go getUnitName: the unit comes from the cgroupsPath's
  // <prefix>:<name>, whoever made the spec; an empty slice is system.slice (v2.go Apply).
  it('removes the cgroup the spec named: crio-<id>.scope, docker-<id>.scope, one under system.slice for an empty slice', () => {
    for (const [cgroupsPath, unit] of [
      [`kubepods-besteffort-podu.slice:crio:${ID}`, `crio-${ID}.scope`],
      [`system.slice:docker:${ID}`, `docker-${ID}.scope`],
      [`:cri-containerd:${ID}`, `cri-containerd-${ID}.scope`],
    ] as const) {
      const { sim, call } = setup('runc');
      const named = { ...spec, linux: { ...spec.linux, cgroupsPath } };
      expect(call({ op: 'create', spec: named }).exitCode).toBe(0);
      expect(call({ op: 'delete', spec: named }).exitCode).toBe(0);
      const destroy = sim.recorder.events.find((e) => e.kind === 'span' && e.op === 'destroy cgroup');
      expect(destroy?.attrs?.['cgroup']).toBe(unit);
    }
  });

  it('pauses and resumes through the freezer, as `state` then reports', () => {
    const { rt, call } = setup('runc');
    call({ op: 'create' });
    call({ op: 'start' });
    expect(call({ op: 'pause' }).exitCode).toBe(0);
    expect(call({ op: 'state' })).toMatchObject({ exitCode: 0, status: 'paused' });
    expect(call({ op: 'pause' }).stderr).toBe('container not running');
    expect(call({ op: 'resume' }).exitCode).toBe(0);
    expect(rt.status(ID)).toBe('running');
  });

  it('keeps a created crun container created when paused (crun reads exec.fifo first)', () => {
    const { rt, call } = setup('crun');
    call({ op: 'create' });
    expect(call({ op: 'pause' }).exitCode).toBe(0);
    expect(rt.status(ID)).toBe('created');
  });

  it('stops a created runc container on SIGTERM (its Go init exits) but not a created crun one', () => {
    const runc = setup('runc');
    runc.call({ op: 'create' });
    runc.call({ op: 'kill', signal: 15 });
    expect(runc.rt.status(ID)).toBe('stopped');
    const crun = setup('crun');
    crun.call({ op: 'create' });
    crun.call({ op: 'kill', signal: 15 });
    expect(crun.rt.status(ID)).toBe('created');
    crun.call({ op: 'kill', signal: 9 });
    expect(crun.rt.status(ID)).toBe('stopped');
  });
});

describe("the runtime's state directory (what `runc list` / `runc state` read: runc list.go, state.go)", () => {
  it('holds a container from the end of create to delete, under the --root it was created with', () => {
    const { sim, rt, call } = setup('runc');
    expect(rt.stateDirectory(ROOT)).toEqual([]);
    call({ op: 'create' });
    const created = Date.parse('2026-01-01T00:00:00Z') * 1000;
    expect(rt.stateDirectory(ROOT)).toEqual([{ id: ID, status: 'created', pid: 4103, bundle: BUNDLE, createdUnixMicros: expect.any(Number) as unknown as number, annotations: spec.annotations ?? {} }]);
    expect(rt.stateDirectory(ROOT)[0]?.createdUnixMicros).toBeGreaterThanOrEqual(created);
    expect(rt.stateDirectory(ROOT)[0]?.createdUnixMicros).toBeLessThan(created + sim.now);
    expect(rt.stateDirectory('/run/runc')).toEqual([]);
    call({ op: 'start' });
    expect(rt.stateDirectory(ROOT)[0]?.status).toBe('running');
    call({ op: 'kill', signal: 9 });
    expect(rt.stateDirectory(ROOT)[0]?.status).toBe('stopped');
    call({ op: 'delete' });
    expect(rt.stateDirectory(ROOT)).toEqual([]);
  });
});
