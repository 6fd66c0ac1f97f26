import { describe, expect, it } from 'vitest';
import { fixture } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import { runImporter } from './run-importer.ts';
import { runcStateImporter } from './runc-state.ts';

describe('runc/crun state and runc events importer on real output', () => {
  it('runc state at each step → oci-container states with the recorded id and pid', () => {
    const text = ['created', 'running', 'stopped'].map((s) => fixture(`runc.state.${s}.json`)).join('\n');
    const r = runImporter(runcStateImporter, text);
    expect(r.errors).toEqual([]);
    const created = JSON.parse(fixture('runc.state.created.json')) as { id: string; pid: number; created: string };
    expect(r.events.map((e) => e.op)).toEqual(['created', 'running', 'stopped']);
    expect(r.events.every((e) => e.kind === 'state' && e.actor === 'runc/node-1' && e.attrs?.['machine'] === 'oci-container' && e.attrs['instance'] === created.id)).toBe(true);
    expect(r.events[0]?.keys).toEqual([`container:${created.id}`, `pid:node-1/${created.pid}`]);
    expect(r.events[0]?.at).toBe(Date.parse(created.created) * 1000 + Number(/\.\d{3}(\d{3})/.exec(created.created)?.[1]));
    expect(r.events[2]?.keys).toEqual([`container:${created.id}`]); // a stopped container's pid is 0
  });

  it('crun state (its systemd-scope field) → crun/<node>', () => {
    const r = runImporter(runcStateImporter, fixture('crun.state.created.json'));
    expect(r.errors).toEqual([]);
    expect(r.events[0]).toMatchObject({ actor: 'crun/node-1', op: 'created' });
  });

  it('runc events --stats and --interval → stats spans of the container', () => {
    const id = (JSON.parse(fixture('runc.state.created.json')) as { id: string }).id;
    const once = runImporter(runcStateImporter, fixture('runc.events.stats.created.json'));
    const stream = runImporter(runcStateImporter, fixture('runc.events.interval.jsonl'));
    expect(once.errors).toEqual([]);
    expect(stream.errors).toEqual([]);
    expect(stream.events.length).toBeGreaterThanOrEqual(2);
    for (const e of [...once.events, ...stream.events]) {
      expect(e).toMatchObject({ kind: 'span', op: 'stats', attrs: { id }, keys: [`container:${id}`] });
      expect((e.attrs?.['data'] as { cpu?: unknown }).cpu).toBeDefined();
    }
  });

  it('runc state after delete printed an error, not JSON: reported', () => {
    const r = runImporter(runcStateImporter, fixture('runc.state.deleted.stderr.txt'));
    expect(r.events).toEqual([]);
    expect(r.errors[0]?.reason).toMatch(/not JSON/);
  });
});
