import { describe, expect, it } from 'vitest';
import { sameNodeHealth, samePodCards, sameTerminal } from './layers.ts';
import type { PodCard } from './model.ts';

const card = (name: string, status = 'Running', x = 10): PodCard => ({
  key: `default/Pod/${name}`,
  rect: { x, y: 20, w: 120, h: 48 },
  summary: { name, namespace: 'default', phase: 'Running', status, ready: '1/1', restarts: 0, nodeName: 'node-1' },
});

describe('the base layer keeps its identity while what it shows is unchanged', () => {
  it('Pod cards: equal by value, different on status, place or order', () => {
    expect(samePodCards([card('web-1'), card('web-2')], [card('web-1'), card('web-2')])).toBe(true);
    expect(samePodCards([card('web-1')], [card('web-1', 'ContainerCreating')])).toBe(false);
    expect(samePodCards([card('web-1')], [card('web-1', 'Running', 11)])).toBe(false);
    expect(samePodCards([card('web-1'), card('web-2')], [card('web-2'), card('web-1')])).toBe(false);
    expect(samePodCards([card('web-1')], [])).toBe(false);
    const restarted = card('web-1');
    restarted.summary.restarts = 1;
    expect(samePodCards([card('web-1')], [restarted])).toBe(false);
  });

  it('node health: equal by value, different on status or taints', () => {
    const a = new Map([['node-1', { status: 'Ready', unhealthy: false, taints: [] as string[] }]]);
    expect(sameNodeHealth(a, new Map([['node-1', { status: 'Ready', unhealthy: false, taints: [] }]]))).toBe(true);
    expect(sameNodeHealth(a, new Map([['node-1', { status: 'NotReady', unhealthy: true, taints: [] }]]))).toBe(false);
    expect(sameNodeHealth(a, new Map([['node-1', { status: 'Ready', unhealthy: false, taints: ['node.kubernetes.io/unreachable:NoSchedule'] }]]))).toBe(false);
    expect(sameNodeHealth(a, new Map())).toBe(false);
  });

  it('terminal: equal by value, different on a new command or its output', () => {
    const run = { command: 'kubectl apply -f web.yaml', output: ['deployment.apps/web created'], exitCode: 0, seq: 4 };
    expect(sameTerminal(run, { ...run, output: [...run.output] })).toBe(true);
    expect(sameTerminal(run, { ...run, output: [] })).toBe(false);
    expect(sameTerminal(run, { ...run, exitCode: undefined })).toBe(false);
    expect(sameTerminal(run, { ...run, command: 'kubectl get pods', seq: 9 })).toBe(false);
  });
});
