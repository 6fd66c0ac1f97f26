import { describe, expect, it } from 'vitest';
import { allStates, machineGraphs } from './machine-graphs.ts';

// Every machine module of the engine, found by the bundler (a new file is picked up by itself).
const MODULES = import.meta.glob<Record<string, unknown>>('../engine/components/**/*.machine.ts', { eager: true });

interface ConfigNode {
  initial?: string;
  states?: Record<string, ConfigNode>;
  on?: Record<string, unknown>;
}
/** States counted from the machine's config (what the author wrote), not from its state nodes. */
function countConfigStates(c: ConfigNode): number {
  return 1 + Object.values(c.states ?? {}).reduce((n, s) => n + countConfigStates(s), 0);
}
function countConfigOn(c: ConfigNode): number {
  return Object.keys(c.on ?? {}).length + Object.values(c.states ?? {}).reduce((n, s) => n + countConfigOn(s), 0);
}

describe('machineGraphs', () => {
  it('has every machine of every engine *.machine.ts file, with the states and transitions of its definition', () => {
    const files = Object.entries(MODULES);
    expect(files.length).toBeGreaterThanOrEqual(9);
    const graphs = machineGraphs();
    let seen = 0;
    for (const [f, mod] of files) {
      for (const [name, value] of Object.entries(mod)) {
        const m = value as { id?: unknown; root?: unknown; config?: ConfigNode } | null;
        if (!m || typeof m !== 'object' || !('root' in m) || !m.config || typeof m.id !== 'string') continue;
        seen++;
        const g = graphs.get(m.id);
        expect(g, `${f}: ${name} (${m.id}) is missing from ENGINE_MACHINES`).toBeDefined();
        if (!g) continue;
        expect(allStates(g).length, m.id).toBe(countConfigStates(m.config));
        // Every `on` key becomes one edge (the engine's machines have no guarded alternatives).
        expect(g.transitions.filter((e) => e.delay === undefined).length, m.id).toBe(countConfigOn(m.config));
      }
    }
    expect(seen).toBe(graphs.size);
  });

  it('walks nested states, initial states and transitions declared at a compound level', () => {
    const pw = machineGraphs().get('pod-worker');
    expect(pw?.root.initial).toBe('syncPod');
    const syncPod = pw?.root.children.find((c) => c.key === 'syncPod');
    expect(syncPod).toMatchObject({ path: 'syncPod', type: 'compound', initial: 'syncing' });
    expect(syncPod?.children.map((c) => c.key)).toContain('backOff');
    expect(pw?.transitions).toContainEqual({ source: 'syncPod', targets: ['syncPod.backOff'], event: 'BACK_OFF' });
    expect(pw?.transitions).toContainEqual({ source: 'syncPod', targets: ['terminatingPod'], event: 'TERMINATE' });
    const deleted = allStates(pw!).find((s) => s.path === 'terminatedPod.deleted');
    expect(deleted?.type).toBe('final');
  });

  it('resolves #id targets to paths', () => {
    const s = machineGraphs().get('scheduler');
    expect(s?.transitions).toContainEqual({ source: 'schedulingCycle.permit', targets: ['idle'], event: 'PERMITTED' });
    expect(s?.transitions).toContainEqual({ source: 'schedulingCycle.filter', targets: ['schedulingCycle.score'], event: 'FILTERED' });
    const req = machineGraphs().get('apiserver-request');
    expect(req?.transitions).toContainEqual({ source: 'storage', targets: ['responded'], event: 'STORED' });
  });
});
