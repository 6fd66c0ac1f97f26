import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { ChainFold, chainOf } from './chain.ts';
import { parseRuntime } from './runtimes.ts';

// The request paths of pkg/kubelet/dockershim (≤ 1.23: kubelet → dockershim in-process →
// dockerd's Engine API → containerd → containerd-shim-runc-v2 → runc), cri-o (conmon per
// container) and containerd's CRI plugin, by the engine's actor ids.
let seq = 0;
const msg = (actor: string, to: string, op: string, attrs: Record<string, unknown> = {}): TraceEvent => ({ seq: ++seq, t: seq * 10, kind: 'message', actor, to, op, src: 'sim', attrs }) as TraceEvent;

describe('chainOf', () => {
  it('names each runtime\'s hops by the actor components, the daemons marked', () => {
    const names = (choice: string) => chainOf(parseRuntime(choice))?.hops.map((h) => `${h.name}${h.daemon ? '*' : ''}${h.via ? `<${h.via}` : ''}`);
    expect(names('dockershim')).toEqual(['kubelet*', 'dockershim<in-process', 'dockerd*<engine-api', 'containerd*<grpc', 'containerd-shim-runc-v2<ttrpc', 'runc<fork-exec']);
    expect(names('cri-o+crun')).toEqual(['kubelet*', 'crio*<cri', 'conmon<fork-exec', 'crun<fork-exec']);
    expect(names('containerd+runsc')).toEqual(['kubelet*', 'containerd*<cri', 'runsc<fork-exec']);
    expect(names('docker')).toEqual(['docker', 'dockerd*<engine-api', 'containerd*<grpc', 'containerd-shim-runc-v2<ttrpc', 'runc<fork-exec']);
  });
});

describe('ChainFold', () => {
  it('counts the calls down each link of a dockershim node, not the replies nor other nodes\' messages', () => {
    const f = new ChainFold('node-3', parseRuntime('dockershim'));
    const events = [
      msg('kubelet/node-3', 'dockershim/node-3', 'RunPodSandbox'),
      msg('dockershim/node-3', 'dockerd/node-3', 'POST /v1.41/containers/create'),
      msg('dockerd/node-3', 'dockershim/node-3', 'HTTP 201', { replyTo: 2 }),
      msg('dockerd/node-3', 'containerd/node-3', 'containerd.services.containers.v1.Containers/Create'),
      msg('containerd/node-3', 'containerd-shim-runc-v2/node-3', 'containerd.task.v2.Task/Create'),
      msg('containerd-shim-runc-v2/node-3', 'runc/node-3', 'create', { containerId: 'a'.repeat(64) }),
      msg('kubelet/node-1', 'containerd/node-1', 'RunPodSandbox'),
    ];
    f.apply(events[0] as TraceEvent, undefined);
    for (const e of events.slice(1)) f.apply(e, e.actor.startsWith('containerd-shim') ? 'a'.repeat(64) : undefined);
    expect(f.daemons()).toEqual(['kubelet', 'dockerd', 'containerd']);
    const v = f.view();
    expect(v?.links.map((l) => l.calls)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(v?.links.map((l) => l.firstOp)).toEqual([undefined, 'RunPodSandbox', 'POST /v1.41/containers/create', 'containerd.services.containers.v1.Containers/Create', 'containerd.task.v2.Task/Create', 'create']);
    expect(v?.links[5]?.containers).toBe(1);
  });

  it('has no chain for a runtime the table does not know', () => {
    expect(new ChainFold('n', parseRuntime('frakti+runv')).view()).toBeUndefined();
  });
});
