import { describe, expect, it } from 'vitest';
import { nginxPod } from '../../../domain/cri/test-fixtures.ts';
import { sandboxNamespaces } from '../../../domain/oci/namespaces.ts';
import { sandboxSpec, type OciSpec } from '../../../domain/oci/spec.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { Runc, type RuncExit } from './runc.ts';

// runc refuses a config.json it cannot convert before it forks runc init
// (libcontainer/specconv/spec_linux.go CreateLibcontainerConfig; domain/oci/validate.ts runcSpecError).
const ID = 'c'.repeat(64);
const good = sandboxSpec({ id: ID, pod: nginxPod(), namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: `kubepods-besteffort-podu.slice:cri-containerd:${ID}`, pauseImage: 'registry.k8s.io/pause:3.10' });

class Shim implements Actor {
  readonly id = 'containerd/node-1';
  readonly host = 'node-1';
  readonly got: Delivery[] = [];
  receive(msg: Delivery): void {
    this.got.push(msg);
  }
}

function create(spec: OciSpec): { exit: RuncExit; status: string | undefined; spans: string[] } {
  const sim = new Simulation({ seed: 1, timeOrigin: '2026-01-01T00:00:00Z' });
  const rt = new Runc(sim, 'node-1', 4100, 'runc');
  const shim = new Shim();
  sim.network.register(rt);
  sim.network.register(shim);
  sim.network.send(shim.id, rt.id, 'create', { payload: { op: 'create', id: ID, bundle: `/run/b/${ID}`, root: '/run/containerd/runc/k8s.io', argv: 'runc --systemd-cgroup create', spec } });
  sim.runUntilSettled(10_000_000);
  const exit = shim.got.find((m) => m.replyTo !== undefined)?.payload as RuncExit;
  return { exit, status: rt.status(ID), spans: sim.recorder.events.filter((e) => e.kind === 'span' && e.actor === rt.id).map((e) => e.op) };
}

describe('runc create on an invalid config.json', () => {
  it('fails with runc\'s message, creates nothing and leaves no container', () => {
    const dup = structuredClone(good);
    dup.linux.namespaces.push({ type: 'pid' });
    const r = create(dup);
    expect(r.exit).toMatchObject({ exitCode: 1, stderr: 'runc create failed: malformed spec file: duplicated ns {"pid" ""}' });
    expect(r.status).toBeUndefined();
    expect(r.spans).not.toContain('nsexec stage-0');
  });

  it('creates the container from the spec containerd generates', () => {
    expect(create(good).status).toBe('created');
  });
});
