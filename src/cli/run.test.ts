import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../trace/jsonl.ts';
import { main } from './main.ts';
import { memoryIO } from './test-io.ts';

/**
 * Integration: the real example through the real engine, as `kube-anatomy run` does it.
 * Checks what a user sees, not exact ages or pod names, so engine tuning does not break it.
 */
const EXAMPLE = 'examples/hello-deployment.scenario.yaml';
const text = readFileSync(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');

describe('kube-anatomy run examples/hello-deployment.scenario.yaml (real engine)', () => {
  it('creates the Deployment and ends with 3 Running pods on node-1 and node-2', async () => {
    const io = memoryIO({ [EXAMPLE]: text });
    expect(await main(['run', EXAMPLE, '--trace', 'hello.kanatomy.jsonl'], io)).toBe(0);
    const out = io.stdout;
    expect(out).toMatch(/^\$ kubectl apply -f -\ndeployment\.apps\/web created\n\$ kubectl get deployments\n/);
    expect(out).toMatch(/\nNAME {3}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nweb {4}3\/3 {5}3 {12}3 {11}\S+\n/);
    expect(out).toMatch(/\$ kubectl get replicasets\nNAME +DESIRED +CURRENT +READY +AGE\nweb-[bcdfghjklmnpqrstvwxz2456789]+ +3 +3 +3 +\S+\n/);
    const pods = out.split('$ kubectl get pods -o wide\n')[1]?.split('$ kubectl get events\n')[0] ?? '';
    const rows = pods.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    expect(rows).toHaveLength(4);
    for (const row of rows.slice(1)) {
      expect(row).toMatch(/^web-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5} +1\/1 +Running +0 +\S+ +10\.244\.\d+\.\d+ +node-[12] +<none> +<none>$/);
    }
    expect(out).toMatch(/\$ kubectl get events\nLAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n/);
    expect(out).toContain('ScalingReplicaSet');
    expect(io.stderr).toBe('');

    const trace = decodeTrace(io.files.get('hello.kanatomy.jsonl') ?? '');
    expect(trace.errors).toEqual([]);
    expect(trace.header).toMatchObject({ format: 'kube-anatomy-trace', version: 1, seed: 1 });
    expect(trace.events.length).toBeGreaterThan(100);
    expect(trace.events.filter((e) => e.kind === 'command' && e.attrs?.['phase'] === 'exit')).toHaveLength(5);
  });

  it('gives the same output and trace twice (determinism)', async () => {
    const a = memoryIO({ [EXAMPLE]: text });
    const b = memoryIO({ [EXAMPLE]: text });
    await main(['run', EXAMPLE, '--trace', 't.jsonl'], a);
    await main(['run', EXAMPLE, '--trace', 't.jsonl'], b);
    expect(b.stdout).toBe(a.stdout);
    expect(b.files.get('t.jsonl')).toBe(a.files.get('t.jsonl'));
  });
});
