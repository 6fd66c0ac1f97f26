import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { EventQueue } from './event-queue.ts';
import { DEFAULT_LATENCY, Network } from './network.ts';
import { Recorder } from './recorder.ts';

const actor = (id: string, host: string): Actor => ({ id, host, receive: () => undefined });

function network(...actors: Actor[]): Network {
  const net = new Network(new EventQueue(), new Recorder(() => 0, { keepEvents: false }), () => 0);
  for (const a of actors) net.register(a);
  return net;
}

const latency = (from: string, to: string, host = 'node-1'): number => network().latencyBetween(actor(`${from}/${host}`, host), actor(`${to}/${host}`, host));

describe('Network latencies by link kind', () => {
  // cri-o internal/oci/runtime_oci.go forks conmon; conmon src/conmon.c execs the OCI runtime.
  it('takes fork/exec for CRI-O → conmon, conmon → runc/crun and the shim → runc, both ways', () => {
    for (const [a, b] of [['crio', 'conmon'], ['conmon', 'runc'], ['conmon', 'crun'], ['containerd-shim-runc-v2', 'runc'], ['containerd', 'runsc'], ['containerd', 'kata'], ['crio', 'crun']]) {
      expect(latency(a as string, b as string)).toBe(DEFAULT_LATENCY.forkExec);
      expect(latency(b as string, a as string)).toBe(DEFAULT_LATENCY.forkExec);
    }
  });

  // The CRI-O actor is crio/<node> (crio.ts), listening on /var/run/crio/crio.sock;
  // moby daemon/daemon.go dials /run/containerd/containerd.sock; the shim serves ttrpc.
  it('takes the unix-socket latency for kubelet ↔ crio, dockerd ↔ containerd, containerd ↔ its shim', () => {
    for (const [a, b] of [['kubelet', 'crio'], ['crio', 'kubelet'], ['dockerd', 'containerd'], ['containerd', 'dockerd'], ['containerd', 'containerd-shim-runc-v2'], ['containerd-shim-runc-v2', 'containerd'], ['docker', 'dockerd']]) {
      expect(latency(a as string, b as string)).toBe(DEFAULT_LATENCY.localSocket);
    }
    expect(latency('kubelet', 'cri-o')).toBe(DEFAULT_LATENCY.sameHost);
  });

  // pkg/kubelet/dockershim ran inside the kubelet process (kubelet.go NewMainKubelet, ≤ 1.23).
  it('takes an in-process call for kubelet ↔ dockershim, far below a socket', () => {
    expect(latency('kubelet', 'dockershim')).toBe(DEFAULT_LATENCY.inProcess);
    expect(latency('dockershim', 'kubelet')).toBe(DEFAULT_LATENCY.inProcess);
    expect(DEFAULT_LATENCY.inProcess).toBeLessThan(DEFAULT_LATENCY.localSocket);
  });

  it('takes the LAN hop for any pair on two hosts', () => {
    expect(network().latencyBetween(actor('crio/node-1', 'node-1'), actor('conmon/node-2', 'node-2'))).toBe(DEFAULT_LATENCY.crossHost);
  });
});

describe('Network.actorsOn', () => {
  it('lists the actors of one host in registration order and none of another', () => {
    const net = network(actor('kubelet/node-1', 'node-1'), actor('crio/node-1', 'node-1'), actor('kubelet/node-2', 'node-2'), actor('conmon/node-1', 'node-1'));
    expect(net.actorsOn('node-1')).toEqual(['kubelet/node-1', 'crio/node-1', 'conmon/node-1']);
    expect(net.actorsOn('node-3')).toEqual([]);
  });
});
