import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

/**
 * Rollouts through the whole simulated control plane, checked against the rules of
 * pkg/controller/deployment/rolling.go and recreate.go (DOMAIN.md 3.2).
 */

function scenario(strategy: string, replicas: number): string {
  return `seed: 7
cluster:
  nodes:
    - {name: node-1, cpu: "8", memory: 16Gi}
    - {name: node-2, cpu: "8", memory: 16Gi}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: ${replicas}
        strategy:
${strategy}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: httpd
                image: httpd:2.2
  - until: settled
  - run: kubectl get rs -w
  - run: kubectl set image deployment/web httpd=httpd:2.4
  - until: settled
  - run: kubectl get rs
`;
}

/** The ScalingReplicaSet events of the run, as "up new 0→3" / "down old 10→8". */
function scalings(events: TraceEvent[], oldName: string): string[] {
  return events
    .filter((e) => e.kind === 'event' && e.attrs?.reason === 'ScalingReplicaSet')
    .map((e) => {
      const m = /Scaled (up|down) replica set (\S+) from (\d+) to (\d+)/.exec(String(e.attrs?.message)) as RegExpExecArray;
      return `${m[1]} ${m[2] === oldName ? 'old' : 'new'} ${m[3]}→${m[4]}`;
    });
}

/** The ReplicaSets' spec and available counts after every change the apiserver made. */
function replicaSetHistory(events: TraceEvent[]): { t: number; sizes: Map<string, { spec: number; available: number }> }[] {
  const current = new Map<string, { spec: number; available: number }>();
  const out: { t: number; sizes: Map<string, { spec: number; available: number }> }[] = [];
  for (const e of events) {
    if (e.kind !== 'object' || e.ref?.kind !== 'ReplicaSet' || e.actor !== 'kube-apiserver') continue;
    const rs = e.attrs?.object as { metadata: { name: string }; spec: { replicas?: number }; status?: { availableReplicas?: number } };
    if (e.op === 'DELETED') current.delete(rs.metadata.name);
    else current.set(rs.metadata.name, { spec: rs.spec.replicas ?? 0, available: rs.status?.availableReplicas ?? 0 });
    out.push({ t: e.t, sizes: new Map(current) });
  }
  return out;
}

describe('RollingUpdate of 10 replicas, maxSurge 25% (3), maxUnavailable 25% (2)', () => {
  const result = runScenario(parseScenario(scenario('          type: RollingUpdate\n          rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}', 10), 'rolling.scenario.yaml'));
  const watch = result.outputs.find((o) => o.command === 'kubectl get rs -w')?.stdout ?? '';
  const [, oldName, newName] = /^(web-\w+)\s+10\s+10\s+10[\s\S]*?\n(web-\w+)\s+3\s+0\s+0/m.exec(watch) ?? [];

  it('creates the new ReplicaSet at the surge limit and cuts the old one to the availability floor in the same sync', () => {
    expect(oldName).toBeDefined();
    expect(newName).toBeDefined();
    const steps = scalings(result.events, oldName as string).filter((s) => !s.startsWith('up old'));
    // NewRSNewReplicas: min(10 + 3 − 10, 10 − 0) = 3; then maxScaledDown = 13 − 8 − 3 = 2 and
    // available − minAvailable = 10 − 8 = 2: old 10 → 8.
    expect(steps.slice(0, 2)).toEqual(['up new 0→3', 'down old 10→8']);
    // The next sync scales the new one up again: 13 − (8 + 3) = 2 more, before any new pod is available.
    expect(steps[2]).toBe('up new 3→5');
  });

  it('produces the whole sequence sync by sync, ending at new 10 and old 0', () => {
    const steps = scalings(result.events, oldName as string).filter((s) => !s.startsWith('up old'));
    // With the simulated timing (old pods terminate gracefully; new ones become available as
    // their images are pulled and the next PLEG relist sees them running, one by one), each step
    // is what rolling.go allows at that sync, from the ReplicaSets' status at the time:
    // 8→7: new 5 with 1 available, maxScaledDown = 13 − 8 − 4 = 1; 5→6: 13 − (7 + 5) = 1 more;
    // 7→3: new 6 with 5 available, 13 − 8 − 1 = 4; 6→10: 13 − (3 + 6) = 4 more; then the old
    // one shrinks as the new pods become available.
    expect(steps).toEqual(['up new 0→3', 'down old 10→8', 'up new 3→5', 'down old 8→7', 'up new 5→6', 'down old 7→3', 'up new 6→10', 'down old 3→2', 'down old 2→0']);
  });

  it('never has more than 13 replicas desired, nor fewer than 8 available once the rollout started', () => {
    let started = false;
    for (const { sizes } of replicaSetHistory(result.events)) {
      const spec = [...sizes.values()].reduce((n, s) => n + s.spec, 0);
      const available = [...sizes.values()].reduce((n, s) => n + s.available, 0);
      if (sizes.has(newName as string)) started = true;
      if (!started) continue;
      expect(spec).toBeLessThanOrEqual(13);
      expect(available).toBeGreaterThanOrEqual(8);
    }
  });

  it('shows in `kubectl get rs -w` each DESIRED size in the order of the ScalingReplicaSet events', () => {
    const desired: string[] = [];
    const last = new Map<string, string>();
    for (const line of watch.trim().split('\n').slice(1)) {
      const [name, d] = line.split(/\s+/) as [string, string];
      if (last.get(name) !== d) desired.push(`${name === oldName ? 'old' : 'new'} ${d}`);
      last.set(name, d);
    }
    const fromEvents = scalings(result.events, oldName as string)
      .filter((s) => !s.startsWith('up old'))
      .map((s) => `${s.split(' ')[1]} ${s.split('→')[1]}`);
    expect(desired.slice(2)).toEqual(fromEvents.slice(1));
  });

  it('ends with the old ReplicaSet kept at 0 for rollback (revisionHistoryLimit 10)', () => {
    const rs = result.outputs.find((o) => o.command === 'kubectl get rs')?.stdout ?? '';
    expect(rs).toMatch(new RegExp(`${oldName}\\s+0\\s+0\\s+0`));
    expect(rs).toMatch(new RegExp(`${newName}\\s+10\\s+10\\s+10`));
  });
});

describe('Recreate', () => {
  const result = runScenario(parseScenario(scenario('          type: Recreate', 3), 'recreate.scenario.yaml'));
  const watch = result.outputs.find((o) => o.command === 'kubectl get rs -w')?.stdout ?? '';
  const oldName = /^(web-\w+)\s+3\s+3\s+3/m.exec(watch)?.[1] as string;

  it('scales the old ReplicaSet to 0 before the new one is created with all replicas', () => {
    expect(scalings(result.events, oldName).filter((s) => !s.startsWith('up old'))).toEqual(['down old 3→0', 'up new 0→3']);
  });

  it('creates no new pod while an old pod is still running (recreate.go oldPodsRunning)', () => {
    // A pod being deleted counts until the kubelet reports it terminal (Succeeded or Failed).
    const oldPhases = new Map<string, string>();
    let sawNewPod = false;
    for (const e of result.events) {
      if (e.kind !== 'object' || e.ref?.kind !== 'Pod' || e.actor !== 'kube-apiserver') continue;
      const name = e.ref.name;
      const phase = (e.attrs?.object as { status?: { phase?: string } } | undefined)?.status?.phase ?? 'Pending';
      if (name.startsWith(`${oldName}-`)) {
        if (e.op === 'DELETED') oldPhases.delete(name);
        else oldPhases.set(name, phase);
      } else if (e.op === 'ADDED') {
        if (!sawNewPod) expect([...oldPhases.values()].filter((p) => p !== 'Succeeded' && p !== 'Failed')).toEqual([]);
        sawNewPod = true;
      }
    }
    expect(sawNewPod).toBe(true);
  });
});
