import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import { helloScenario } from '../testing/hello-scenario.ts';
import { runScenario, type UserActionInRun } from './runner.ts';

/** A playhead mid-scenario: the Deployment is applied (t = 1 s), its Pods are still being started. */
const PAUSED_AT = 3_000_000;
const SCALE: UserActionInRun = { t: PAUSED_AT, type: 'command', line: 'kubectl scale deployment/web --replicas=5' };

function runningPods(stdout: string): string[] {
  return stdout.trim().split('\n').slice(1).filter((row) => row.split(/\s+/)[2] === 'Running');
}

describe('runScenario with user actions (forking at a playhead)', () => {
  const base = runScenario(helloScenario());
  const forked = runScenario(helloScenario(), { actions: [SCALE, { t: 60_000_000, type: 'command', line: 'kubectl get pods' }] });

  it('gives the same trace, byte for byte, for the same scenario, seed and actions', () => {
    const again = runScenario(helloScenario(), { actions: [SCALE, { t: 60_000_000, type: 'command', line: 'kubectl get pods' }] });
    expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(forked.header, forked.events));
  });

  it('leaves the run without actions as it was', () => {
    const none = runScenario(helloScenario(), { actions: [] });
    expect(encodeTrace(none.header, none.events)).toBe(encodeTrace(base.header, base.events));
  });

  it('replays everything before the playhead exactly as the base run did', () => {
    const before = (evs: typeof base.events) => JSON.stringify(evs.filter((e) => e.t < PAUSED_AT));
    expect(before(forked.events)).toBe(before(base.events));
  });

  it('scales the Deployment to 5 Running pods, while the scenario as written keeps 3', () => {
    const scaled = forked.outputs.find((o) => o.command === 'kubectl scale deployment/web --replicas=5');
    expect(scaled).toMatchObject({ typed: true, step: -1, t: PAUSED_AT, exitCode: 0, stdout: 'deployment.apps/web scaled\n' });
    const pods = forked.outputs.find((o) => o.command === 'kubectl get pods');
    expect(runningPods(pods?.stdout ?? '')).toHaveLength(5);
    const basePods = base.outputs.find((o) => o.command === 'kubectl get pods -o wide');
    expect(runningPods(basePods?.stdout ?? '')).toHaveLength(3);
    expect(forked.settled).toBe(true);
  });

  it('does not run the scripted steps that would start after the user took over', () => {
    expect(forked.outputs.map((o) => o.command)).toEqual(['kubectl apply -f -', 'kubectl scale deployment/web --replicas=5', 'kubectl get pods']);
  });

  it('records typed commands as command events marked typed, without a step index', () => {
    const typed = forked.events.filter((e) => e.kind === 'command' && e.op === SCALE.line);
    expect(typed.map((e) => e.attrs?.['phase'])).toEqual(['start', 'exit']);
    for (const e of typed) {
      expect(e.attrs?.['typed']).toBe(true);
      expect(e.attrs).not.toHaveProperty('step');
    }
  });

  it('runs an action taken before the first command time at 1 s', () => {
    const early = runScenario(helloScenario(), { actions: [{ t: 0, type: 'command', line: 'kubectl get nodes' }] });
    expect(early.outputs[0]).toMatchObject({ command: 'kubectl get nodes', t: 1_000_000, typed: true });
    // The user took over before the script's first step: it never ran.
    expect(early.outputs).toHaveLength(1);
  });

  it('cuts a scripted `until: settled` short at the playhead and stops the script there', () => {
    // t = 1.5 s falls inside the scenario's `until: settled` (1.1 s … 8 s).
    const mid = runScenario(helloScenario(), { actions: [{ t: 1_500_000, type: 'command', line: 'kubectl get deployments' }] });
    expect(mid.outputs.map((o) => [o.command, o.t])).toEqual([
      ['kubectl apply -f -', 1_000_000],
      ['kubectl get deployments', 1_500_000],
    ]);
  });

  it('runs a fault action through the same path as a scenario fault step', () => {
    const f = runScenario(helloScenario(), { actions: [{ t: PAUSED_AT, type: 'fault', fault: { type: 'kubelet-stop', node: 'node-1' } }] });
    const after = f.events.filter((e) => e.t >= PAUSED_AT);
    expect(after.some((e) => e.actor === 'kubelet/node-1')).toBe(true);
    expect(f.settled).toBe(true);
  });

  it('rejects an unknown fault type, naming the known ones', () => {
    expect(() => runScenario(helloScenario(), { actions: [{ t: PAUSED_AT, type: 'fault', fault: { type: 'meteor' } }] })).toThrow(/unknown fault "meteor" \(known: .*node-down/);
  });
});
