import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { parseFaultLine, isFaultLine } from './fault-line.ts';
import { browseHistory, EMPTY_HISTORY, pushHistory } from './history.ts';
import { transcriptOf } from './transcript.ts';

const cmd = (seq: number, t: number, op: string, attrs: Record<string, unknown>, cause?: number): TraceEvent => ({ seq, t, kind: 'command', actor: 'user', op, src: 'sim', attrs, ...(cause !== undefined ? { cause } : {}) }) as TraceEvent;

describe('transcriptOf', () => {
  const events = [
    cmd(10, 1_000_000, 'kubectl apply -f -', { phase: 'start', step: 0 }),
    cmd(20, 1_000_900, 'kubectl apply -f -', { phase: 'exit', step: 0, exitCode: 0, stdout: 'deployment.apps/web created\n', stderr: '' }, 10),
    cmd(30, 3_000_000, 'kubectl get pod nope', { phase: 'start', typed: true }),
    cmd(31, 3_000_700, 'kubectl get pod nope', { phase: 'exit', typed: true, exitCode: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' }, 30),
    cmd(40, 3_200_000, 'kubectl get pods', { phase: 'start', typed: true }),
  ];

  it('pairs each start with its exit, keeps running commands without output', () => {
    const tr = transcriptOf(events);
    expect(tr.map((e) => [e.line, e.typed, e.exit?.exitCode])).toEqual([
      ['kubectl apply -f -', false, 0],
      ['kubectl get pod nope', true, 1],
      ['kubectl get pods', true, undefined],
    ]);
    expect(tr[1]?.exit?.stderr).toContain('NotFound');
  });

  it('leaves out what `clear` cleared', () => {
    expect(transcriptOf(events, 20).map((e) => e.seq)).toEqual([30, 40]);
  });
});

describe('history', () => {
  it('walks back and forth and gives the draft back past the newest', () => {
    let h = pushHistory(pushHistory(pushHistory(EMPTY_HISTORY, 'kubectl get pods'), 'kubectl get nodes'), 'kubectl get nodes');
    expect(h.lines).toEqual(['kubectl get pods', 'kubectl get nodes']);
    let r = browseHistory(h, -1, 'kubectl sc');
    expect(r.line).toBe('kubectl get nodes');
    r = browseHistory(r.history, -1, r.line);
    expect(r.line).toBe('kubectl get pods');
    r = browseHistory(r.history, -1, r.line);
    expect(r.line).toBe('kubectl get pods');
    r = browseHistory(r.history, 1, r.line);
    r = browseHistory(r.history, 1, r.line);
    expect(r.line).toBe('kubectl sc');
    h = pushHistory(r.history, '  ');
    expect(h.lines).toHaveLength(2);
  });
});

describe('parseFaultLine', () => {
  const known = ['node-down', 'kubelet-stop', 'etcd-member-stop'];
  it('reads the fields as a scenario fault step has them', () => {
    expect(isFaultLine('fault node-down node=node-2')).toBe(true);
    expect(isFaultLine('faulty')).toBe(false);
    expect(parseFaultLine('fault node-down node=node-2 after=30', known)).toEqual({ ok: true, fault: { type: 'node-down', node: 'node-2', after: 30 } });
  });

  it('names the known types for an unknown one, and rejects a field without =', () => {
    expect(parseFaultLine('fault meteor', known)).toEqual({ ok: false, error: { key: 'console.unknownFault', params: { type: 'meteor', known: 'node-down, kubelet-stop, etcd-member-stop' } } });
    expect(parseFaultLine('fault', known)).toMatchObject({ ok: false, error: { key: 'console.faultUsage' } });
    expect(parseFaultLine('fault node-down node-2', known)).toMatchObject({ ok: false, error: { key: 'console.badField', params: { field: 'node-2' } } });
  });
});
