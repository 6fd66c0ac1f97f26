import { describe, expect, it } from 'vitest';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { Runc } from '../runc/runc.ts';
import { Containerd } from './containerd.ts';
import { ContainerdShim } from './native-api-shim.ts';
import { CONTAINERS, IMAGES, SNAPSHOTS, TASKS } from './native-api.ts';

/**
 * containerd's native API driven as ctr or dockerd drive it (api/services/containers/v1,
 * tasks/v1; errors as core/metadata/containers.go and services/tasks/local.go word them):
 * namespaces keep their containers apart, a task needs its container, a running task cannot be
 * deleted, and the shim's events come back to the subscriber.
 */
class Client implements Actor {
  readonly id = 'client/n1';
  readonly host = 'n1';
  answers = new Map<number, Record<string, unknown>>();
  events: string[] = [];
  receive(msg: Delivery): void {
    if (msg.replyTo !== undefined) this.answers.set(msg.replyTo, msg.payload as Record<string, unknown>);
    else this.events.push(msg.op);
  }
}

function host() {
  const sim = new Simulation({ seed: 5, timeOrigin: '2026-12-01T00:00:00Z' });
  const client = new Client();
  const containerd = new Containerd(sim, 'n1', '10.88.0.0/16');
  const runc = new Runc(sim, 'n1');
  for (const a of [client, containerd, runc, new ContainerdShim(sim, 'n1', containerd.id, runc.id)]) sim.network.register(a);
  const call = (op: string, payload: Record<string, unknown>): Record<string, unknown> => {
    const { id } = sim.network.send(client.id, containerd.id, op, { payload });
    sim.runWhile(() => !client.answers.has(id), 60_000_000);
    const a = client.answers.get(id);
    if (!a) throw new Error(`no answer to ${op}`);
    return a;
  };
  return { sim, client, call };
}

const spec = { ociVersion: '1.2.1', process: { user: { uid: 0, gid: 0 }, args: ['sleep', '3600'], cwd: '/' }, root: { path: 'rootfs' }, mounts: [], linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }], cgroupsPath: 'system.slice:docker:c1' } };

describe('containerd native API', () => {
  it('keeps each namespace\'s containers apart and words its errors', () => {
    const { call } = host();
    call(`${IMAGES}/Create`, { namespace: 'moby', image: { name: 'docker.io/library/busybox:latest' } });
    call(`${SNAPSHOTS}/Prepare`, { namespace: 'moby', key: 'c1', image: 'docker.io/library/busybox:latest' });
    expect(call(`${CONTAINERS}/Create`, { namespace: 'moby', container: { id: 'c1', image: 'busybox', spec, runtime: { name: 'io.containerd.runc.v2' } } })).toMatchObject({ container: { id: 'c1' } });
    expect(call(`${CONTAINERS}/Create`, { namespace: 'moby', container: { id: 'c1', spec } })).toEqual({ error: 'rpc error: code = AlreadyExists desc = container "c1": already exists' });
    expect(call(`${CONTAINERS}/List`, { namespace: 'moby' })).toMatchObject({ containers: [{ id: 'c1', image: 'busybox', runtime: { name: 'io.containerd.runc.v2' } }] });
    expect(call(`${CONTAINERS}/List`, { namespace: 'default' })).toEqual({ containers: [] });
    expect(call(`${CONTAINERS}/Get`, { namespace: 'default', id: 'c1' })).toEqual({ error: 'rpc error: code = NotFound desc = container "c1" in namespace "default": not found' });
    expect(call(`${TASKS}/Create`, { namespace: 'default', containerId: 'c1' })).toEqual({ error: 'rpc error: code = NotFound desc = container "c1" in namespace "default": not found' });
  });

  it('runs a task through the shim and runc, and refuses to delete it while it runs', () => {
    const { call, client, sim } = host();
    // A stream: no answer, the events come as they are published.
    sim.network.send(client.id, 'containerd/n1', 'containerd.services.events.v1.Events/Subscribe', { payload: { namespace: 'moby' } });
    call(`${SNAPSHOTS}/Prepare`, { namespace: 'moby', key: 'c1', image: 'docker.io/library/busybox:latest' });
    call(`${CONTAINERS}/Create`, { namespace: 'moby', container: { id: 'c1', image: 'busybox', spec } });
    const created = call(`${TASKS}/Create`, { namespace: 'moby', containerId: 'c1' });
    expect(created.pid).toBeGreaterThan(4000);
    call(`${TASKS}/Start`, { namespace: 'moby', containerId: 'c1' });
    expect(call(`${TASKS}/List`, { namespace: 'moby' })).toEqual({ tasks: [{ id: 'c1', pid: created.pid, status: 'RUNNING' }] });
    expect(call(`${TASKS}/Delete`, { namespace: 'moby', containerId: 'c1' })).toEqual({ error: 'rpc error: code = FailedPrecondition desc = cannot delete running task c1: failed precondition' });
    call(`${TASKS}/Kill`, { namespace: 'moby', containerId: 'c1', signal: 9 });
    sim.runWhile(() => !client.events.includes('/tasks/exit'), 10_000_000);
    expect(call(`${TASKS}/Delete`, { namespace: 'moby', containerId: 'c1' })).toMatchObject({ id: 'c1', exitStatus: 137 });
    expect(client.events).toEqual(['/containers/create', '/tasks/create', '/tasks/start', '/tasks/exit', '/tasks/delete']);
    const runcArgv = sim.recorder.events.filter((e) => e.kind === 'message' && e.to === 'runc/n1').map((e) => String(e.attrs?.['argv']).split(' ').slice(0, 3).join(' '));
    expect(new Set(runcArgv)).toEqual(new Set(['runc --root /run/containerd/runc/moby']));
  });
});
