import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { ISOLATION_PROFILES, parseRuntime, profileOf } from './runtimes.ts';

// The runtime choices of docs/scenario-format.md (the `runtime` key of a node).
const CHOICES = ['containerd+runc', 'containerd+crun', 'containerd+runsc', 'containerd+kata', 'cri-o+runc', 'cri-o+crun', 'dockershim', 'rktlet+rkt(stage1-coreos)', 'rktlet+rkt(stage1-fly)', 'rktlet+rkt(stage1-kvm)', 'rktlet+rkt-coreos', 'rktlet+rkt-fly', 'rktlet+rkt-kvm'];

describe('parseRuntime', () => {
  it('splits every documented runtime choice into its CRI and low-level runtime', () => {
    expect(CHOICES.map((c) => [parseRuntime(c).high, parseRuntime(c).low, parseRuntime(c).kind])).toEqual([
      ['containerd', 'runc', 'runc'],
      ['containerd', 'crun', 'crun'],
      ['containerd', 'runsc', 'runsc'],
      ['containerd', 'kata', 'kata'],
      ['cri-o', 'runc', 'runc'],
      ['cri-o', 'crun', 'crun'],
      // dockershim → dockerd → containerd → runc
      ['dockershim', 'runc', 'runc'],
      ['rktlet', 'rkt', 'rkt-coreos'],
      ['rktlet', 'rkt', 'rkt-fly'],
      ['rktlet', 'rkt', 'rkt-kvm'],
      // The spelling of docs/scenario-format.md and the examples.
      ['rktlet', 'rkt', 'rkt-coreos'],
      ['rktlet', 'rkt', 'rkt-fly'],
      ['rktlet', 'rkt', 'rkt-kvm'],
    ]);
  });

  it('leaves an unknown low-level runtime without a profile', () => {
    const r = parseRuntime('containerd+youki');
    expect(r.low).toBe('youki');
    expect(profileOf(r)).toBeUndefined();
  });
});

describe('isolation profiles', () => {
  it('put the boundary on a band of the stack, the host kernel at the bottom', () => {
    for (const p of Object.values(ISOLATION_PROFILES)) {
      expect(p.boundary, p.kind).toBeGreaterThan(0);
      expect(p.boundary, p.kind).toBeLessThan(p.layers.length - 1);
      expect(p.layers[0]?.kind, p.kind).toBe('app');
      expect(p.layers[p.layers.length - 1]?.host, p.kind).toBe(true);
      for (const l of p.layers) expect(en[l.noteKey], `${p.kind} ${l.name}`).toBeTruthy();
      expect(en[p.summaryKey]).toBeTruthy();
    }
  });

  it('share the host kernel for runc, crun and the rkt chroot/nspawn flavours, not for gVisor, Kata or rkt kvm', () => {
    const shared = Object.values(ISOLATION_PROFILES)
      .filter((p) => p.hostKernelShared)
      .map((p) => p.kind);
    expect(shared).toEqual(['runc', 'crun', 'rkt-fly', 'rkt-coreos']);
  });

  it('draw a VM boundary for Kata and rkt kvm and a user-space kernel (the Sentry) for gVisor', () => {
    expect(ISOLATION_PROFILES.kata.layers[ISOLATION_PROFILES.kata.boundary]?.kind).toBe('vmm');
    expect(ISOLATION_PROFILES['rkt-kvm'].layers[ISOLATION_PROFILES['rkt-kvm'].boundary]?.kind).toBe('vmm');
    expect(ISOLATION_PROFILES.runsc.layers[ISOLATION_PROFILES.runsc.boundary]?.name).toBe('Sentry');
    expect(ISOLATION_PROFILES.runsc.layers.map((l) => l.name)).toContain('Gofer');
    // A guest kernel sits above the VMM: the containers never reach the host kernel's syscalls.
    const kata = ISOLATION_PROFILES.kata.layers.map((l) => l.kind);
    expect(kata.indexOf('kernel')).toBeLessThan(kata.indexOf('vmm'));
  });

  it('mark runc, runsc, kata and rkt\'s flavours as traced by the simulator (engine components runc, runsc, kata, rkt)', () => {
    expect(Object.values(ISOLATION_PROFILES).filter((p) => p.traced).map((p) => p.kind)).toEqual(['runc', 'runsc', 'kata', 'rkt-fly', 'rkt-coreos', 'rkt-kvm']);
  });

  it('give every band between the app and the host kernel a rule that the trace can show it by', () => {
    for (const p of Object.values(ISOLATION_PROFILES)) {
      for (const l of p.layers.slice(1, -1)) expect(l.seenBy?.length ?? 0, `${p.kind} ${l.name}`).toBeGreaterThan(0);
    }
  });
});
