import { describe, expect, it } from 'vitest';
import { createRng } from '../../base/rng.ts';
import { flavourOfRuntime, stage1ByName, supportsMutable, STAGE1_IMAGES } from './flavours.ts';
import { allocateDefaultIP, fmtNets, kvmTapName, lowestFreeNsid, newNetnsName } from './network.ts';

describe('the default network (stage1 etc/rkt/net.d/99-default.conf, networking/)', () => {
  it('gives the first pod 172.16.28.2 and reuses a freed address, as the talk shows', () => {
    expect(allocateDefaultIP(new Set())).toBe('172.16.28.2');
    expect(allocateDefaultIP(new Set(['172.16.28.2']))).toBe('172.16.28.3');
    expect(fmtNets([{ netName: 'default', ip: '172.16.28.2' }])).toBe('default:ip4=172.16.28.2');
    expect(fmtNets([])).toBe('');
  });

  it('names netns like CNI ns.NewNS and kvm taps like setupTapDevice', () => {
    expect(newNetnsName(createRng(1))).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(kvmTapName('1f752f5c-6046')).toBe('rkt-1f75-tap0');
    expect(lowestFreeNsid(new Set([0, 2]))).toBe(1);
  });
});

describe('stage1 flavours (stage1/aci/aci-manifest.in, stage1_fly/aci/aci-manifest.in)', () => {
  it('fly declares no app entrypoints, so it cannot host a mutable pod', () => {
    expect(supportsMutable(STAGE1_IMAGES.coreos)).toBe(true);
    expect(supportsMutable(STAGE1_IMAGES.kvm)).toBe(true);
    expect(supportsMutable(STAGE1_IMAGES.fly)).toBe(false);
  });

  it('finds a flavour by --stage1-name and by node runtime', () => {
    expect(stage1ByName('coreos.com/rkt/stage1-fly:1.30.0')?.flavour).toBe('fly');
    expect(stage1ByName('coreos.com/rkt/stage1-fly:1.29.0')).toBeUndefined();
    expect(flavourOfRuntime('rktlet+rkt-kvm')).toBe('kvm');
    expect(flavourOfRuntime('rktlet+rkt(stage1-coreos)')).toBe('coreos');
    expect(flavourOfRuntime('containerd+runc')).toBeUndefined();
  });
});
