import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { formatValue, IsolationFold } from './isolation.ts';
import { ISOLATION_PROFILES } from './runtimes.ts';

// Span shapes of domain/gvisor/runsc-steps.ts, domain/kata/kata-steps.ts and engine/components/rkt/cmd-run.ts.
let seq = 0;
const span = (actor: string, op: string, attrs: Record<string, unknown>): TraceEvent => ({ seq: ++seq, t: seq * 10, kind: 'span', actor, op, src: 'sim', attrs }) as TraceEvent;

describe('IsolationFold', () => {
  it('shows a band once a span of the node\'s runtime matches one of its rules, counting repeats', () => {
    const f = new IsolationFold('runsc/node-2', ISOLATION_PROFILES.runsc);
    expect(f.view()[1]?.facts).toEqual([]);
    f.apply(span('runsc/node-2', 'sentry boot', { proc: 'runsc-sandbox', kernel: 'sentry', platform: 'systrap' }));
    f.apply(span('runsc/node-2', 'execve', { proc: 'runsc-gofer' }));
    f.apply(span('runsc/node-2', 'execve', { proc: 'runsc-gofer' }));
    // Another node's runtime, or the wrong kernel for the rule: not this band's evidence.
    f.apply(span('runsc/node-3', 'sentry boot', { proc: 'runsc-sandbox', platform: 'ptrace' }));
    f.apply(span('runsc/node-2', 'execve', { proc: 'Sentry', kernel: 'host', filename: '/pause' }));
    const v = f.view();
    expect(v[1]?.facts.map((x) => [x.op, x.proc, x.detail, x.count])).toEqual([['sentry boot', 'runsc-sandbox', 'platform=systrap', 1]]);
    expect(v[2]?.facts.map((x) => [x.op, x.count])).toEqual([['execve', 2]]);
    expect(v[0]?.facts).toEqual([]);
  });

  it('names the VMM the trace shows (Firecracker), and matches rkt\'s execve by the file\'s name', () => {
    const kata = new IsolationFold('kata/node-3', ISOLATION_PROFILES.kata);
    kata.apply(span('kata/node-3', 'execve', { proc: 'firecracker', filename: '/opt/kata/bin/firecracker' }));
    expect(kata.view()[3]?.label).toBe('Firecracker · KVM');
    const kvm = new IsolationFold('rkt/kvm-1', ISOLATION_PROFILES['rkt-kvm']);
    kvm.apply(span('rkt/kvm-1', 'execve', { stage: 'stage1', filename: '/var/lib/rkt/pods/run/u/stage1/rootfs/lkvm', pod: 'u', flavour: 'kvm' }));
    expect(kvm.view()[3]?.label).toBe('lkvm · KVM');
  });

  it('on rkt, counts only pods of the node\'s stage1 flavour (an `app process` span names its pod, not its flavour)', () => {
    const fly = new IsolationFold('rkt/fly-1', ISOLATION_PROFILES['rkt-fly']);
    fly.apply(span('rkt/fly-1', 'chroot', { stage: 'stage1', path: '/x', pod: 'a', flavour: 'fly' }));
    fly.apply(span('rkt/fly-1', 'chroot', { stage: 'stage1', path: '/y', pod: 'b', flavour: 'coreos' }));
    fly.apply(span('rkt/fly-1', 'app process', { stage: 'stage2', pod: 'a', app: 'etcd', pid: 7, isolation: { namespaces: [], cgroups: false } }));
    fly.apply(span('rkt/fly-1', 'app process', { stage: 'stage2', pod: 'b', app: 'web', pid: 8 }));
    const v = fly.view();
    expect(v[1]?.facts.map((x) => x.detail)).toEqual(['path=/x']);
    expect(v[0]?.facts.map((x) => x.detail)).toEqual(['app=etcd pid=7 isolation={namespaces=[] cgroups=false}']);
  });

  it('writes attributes as one token each', () => {
    expect(formatValue(['mnt', 'pid'])).toBe('[mnt,pid]');
    expect(formatValue({ vm: true, n: [] })).toBe('{vm=true n=[]}');
  });
});
