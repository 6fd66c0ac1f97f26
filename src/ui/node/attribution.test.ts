import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { ContainerAttribution, explicitContainerId } from './attribution.ts';

/**
 * Which container a runtime event works for. The trace format's causal edge (`cause`,
 * docs/trace-format.md) chains runc's syscall spans to the `oci-container` machine or the shim's
 * invocation that started them (src/engine/components/runc/runc.ts plays each step caused by the
 * previous one).
 */

const C1 = '1'.repeat(64);
const C2 = '2'.repeat(64);
const ev = (seq: number, actor: string, op: string, extra: Partial<TraceEvent> = {}): TraceEvent => ({ seq, t: seq, kind: 'span', actor, op, src: 'sim', ...extra });

describe('ContainerAttribution', () => {
  it('follows the cause chain from the machine state through the syscall spans', () => {
    const a = new ContainerAttribution((actor) => !actor.startsWith('kubelet/'));
    expect(a.apply(ev(1, 'runc/node-1', 'creating', { kind: 'state', attrs: { machine: 'oci-container', instance: C1 } }))).toBe(C1);
    expect(a.apply(ev(2, 'runc/node-1', 'execve', { cause: 1 }))).toBe(C1);
    expect(a.apply(ev(3, 'runc/node-1', 'clone', { cause: 2 }))).toBe(C1);
  });

  it('crosses from the shim\'s invocation message to the runtime that receives it', () => {
    const a = new ContainerAttribution((actor) => !actor.startsWith('kubelet/'));
    expect(a.apply(ev(1, 'containerd/node-1', 'start', { kind: 'message', to: 'runc/node-1', attrs: { id: C2, argv: 'runc start' } }))).toBe(C2);
    expect(a.apply(ev(2, 'runc/node-1', 'execve', { cause: 1 }))).toBe(C2);
  });

  it('does not run through the kubelet, so one container\'s chain never names the next', () => {
    const a = new ContainerAttribution((actor) => !actor.startsWith('kubelet/'));
    a.apply(ev(1, 'containerd/node-1', 'CONTAINER_RUNNING', { kind: 'state', attrs: { machine: 'cri-container', instance: C1 } }));
    a.apply(ev(2, 'containerd/node-1', 'StartContainerResponse', { kind: 'message', to: 'kubelet/node-1', cause: 1 }));
    expect(a.apply(ev(3, 'kubelet/node-1', 'CreateContainer', { kind: 'message', to: 'containerd/node-1', cause: 2 }))).toBeUndefined();
    expect(a.apply(ev(4, 'containerd/node-1', 'creating', { kind: 'state', cause: 3, attrs: { machine: 'cri-container', instance: C2 } }))).toBe(C2);
  });

  it('reads the ids events carry themselves: snapshot keys, CNI_CONTAINERID; not a numeric message id', () => {
    expect(explicitContainerId(ev(1, 'containerd/node-1', 'snapshot prepare', { attrs: { key: C1 } }))).toBe(C1);
    expect(explicitContainerId(ev(1, 'containerd/node-1', 'ADD', { attrs: { env: { CNI_CONTAINERID: C2 } } }))).toBe(C2);
    expect(explicitContainerId(ev(1, 'runc/node-1', 'exit status 0', { kind: 'message', attrs: { id: 383, replyTo: 379 } }))).toBeUndefined();
    expect(explicitContainerId(ev(1, 'containerd/node-1', 'create', { kind: 'message', attrs: { id: 382, containerId: C1, argv: 'runc create' } }))).toBe(C1);
    expect(explicitContainerId(ev(1, 'containerd/node-1', 'Prepare', { attrs: { key: 'extract-1 sha256:abc' } }))).toBeUndefined();
  });
});
