import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { COMPONENT_FAMILIES, FAMILY_SOFT_VAR, FAMILY_VAR, familyOfActor, familyOfEvent } from './families.ts';
import { themeVariables } from './contrast.ts';
import { THEMES } from './themes.ts';

describe('component families', () => {
  it('puts each component in its family', () => {
    expect(['user', 'kubectl', 'kube-apiserver', 'etcd/etcd-0', 'kube-controller-manager/deployment-controller', 'scheduler', 'kubelet/node-1', 'containerd/node-1', 'crio/node-2', 'runc/node-1', 'rkt/node-1'].map(familyOfActor)).toEqual([
      'client', 'client', 'control-plane', 'control-plane', 'control-plane', 'control-plane', 'node', 'runtime', 'runtime', 'runtime', 'runtime',
    ]);
    expect(familyOfEvent({ actor: 'runc/node-1', kind: 'span', op: 'pivot_root' })).toBe('kernel');
    expect(familyOfEvent({ actor: 'runc/node-1', kind: 'span', op: 'create' })).toBe('runtime');
    expect(familyOfEvent({ actor: 'runc/node-1', kind: 'message', op: 'pivot_root' })).toBe('runtime');
  });

  it('has a colour and a soft colour for every family in every theme', () => {
    const themes = themeVariables(readFileSync(new URL('../styles.css', import.meta.url), 'utf8'));
    for (const t of THEMES) for (const f of COMPONENT_FAMILIES) {
      expect(themes.get(t)?.get(FAMILY_VAR[f]), `${t} ${f}`).toMatch(/^#/);
      expect(themes.get(t)?.get(FAMILY_SOFT_VAR[f]), `${t} ${f}`).toMatch(/^#/);
    }
  });
});
