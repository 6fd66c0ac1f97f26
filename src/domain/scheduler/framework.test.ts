import { describe, expect, it } from 'vitest';
import { createRng } from '../../base/rng.ts';
import { newCycleState } from './cycle-state.ts';
import { runFilterPlugins, runPreFilterPlugins } from './framework.ts';
import { makeNode, makePod } from './internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from './node-info.ts';
import type { FilterResult } from './types.ts';

describe('runPreFilterPlugins', () => {
  it('skips the Filters that have nothing to check for a plain pod', () => {
    const s = newCycleState(makePod('p'), []);
    expect(runPreFilterPlugins(s).skipped).toEqual(['NodeAffinity', 'NodePorts', 'PodTopologySpread']);
    expect(s.filterEnabled).toEqual([true, true, true, false, false, true, false]);
  });

  it('rejects the pod when node-name narrowing leaves nothing', () => {
    const pod = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] },
      { key: 'metadata.name', operator: 'In', values: ['b'] },
    ] }] } } } });
    const phase = runPreFilterPlugins(newCycleState(pod, []));
    expect(phase.status?.reasons).toEqual(['pod affinity terms conflict']);
    expect(phase.rejectingPlugin).toBe('NodeAffinity');
  });
});

describe('runFilterPlugins', () => {
  it('gives the same verdict on the fast path and the recording path', () => {
    const rng = createRng(7);
    const taints = [undefined, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' as const }], [{ key: 'x', effect: 'PreferNoSchedule' as const }]];
    for (let trial = 0; trial < 200; trial++) {
      const node = createNodeInfo(makeNode(`n${trial}`, {
        cpu: String(1 + rng.int(4)),
        pods: 1 + rng.int(3),
        labels: { disk: rng.next() < 0.5 ? 'ssd' : 'hdd' },
        unschedulable: rng.next() < 0.1,
        ...(taints[rng.int(3)] ? { taints: taints[rng.int(3)] ?? [] } : {}),
      }));
      for (let k = rng.int(3); k > 0; k--) addPodToNodeInfo(node, makePod(`e${trial}-${k}`, { cpu: `${rng.int(1500)}m`, ports: rng.next() < 0.3 ? [{ containerPort: 80, hostPort: 80 }] : [] }));
      const pod = makePod('p', {
        cpu: `${rng.int(3000)}m`,
        ...(rng.next() < 0.3 ? { nodeSelector: { disk: 'ssd' } } : {}),
        ...(rng.next() < 0.3 ? { ports: [{ containerPort: 80, hostPort: 80 }] } : {}),
        ...(rng.next() < 0.3 ? { tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] } : {}),
      });
      const fast = newCycleState(pod, [node]);
      runPreFilterPlugins(fast);
      const slow = newCycleState(pod, [node]);
      runPreFilterPlugins(slow);
      const record: FilterResult[] = [];
      const a = runFilterPlugins(fast, node);
      const b = runFilterPlugins(slow, node, record);
      expect(a).toEqual(b);
      if (a) expect(fast.failedPlugin).toBe(record.at(-1)?.plugin);
    }
  });
});

// framework/runtime/framework.go RunPreFilterPlugins: a record per PreFilter, Skip for plugins
// with nothing to check, and only the plugins that implement PreFilter.
describe('runPreFilterPlugins records', () => {
  it('records only the PreFilter plugins, in order', () => {
    const s = newCycleState(makePod('p', { nodeSelector: { disk: 'ssd' } }), []);
    const phase = runPreFilterPlugins(s);
    expect(phase.records.map((r) => `${r.plugin}:${r.code}`)).toEqual(['NodeAffinity:Success', 'NodePorts:Skip', 'NodeResourcesFit:Success', 'PodTopologySpread:Skip']);
    expect(phase.narrowingPlugins).toEqual([]);
  });

  it('names the narrowing plugin of a node-name affinity', () => {
    const pod = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b', 'a'] }] }] } } } });
    const phase = runPreFilterPlugins(newCycleState(pod, []));
    expect(phase.status).toBeNull();
    expect(phase.narrowingPlugins).toEqual(['NodeAffinity']);
    expect(phase.records[0]).toEqual({ plugin: 'NodeAffinity', code: 'Success', reasons: [], nodeNames: ['b', 'a'] });
  });
});
