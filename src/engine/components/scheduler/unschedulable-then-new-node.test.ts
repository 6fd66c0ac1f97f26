// The issue's check, run on examples/unschedulable-then-new-node.scenario.yaml. Rules followed:
// pkg/scheduler/framework/types.go FitError.Error() (the message), schedule_one.go
// handleSchedulingFailure / updatePod (Event, PodScheduled=False), backend/queue/scheduling_queue.go
// (AddUnschedulableIfNotPresent → unschedulablePods, MoveAllToActiveOrBackoffQueue on NodeAdd with
// the NodeResourcesFit QueueingHint, backoffQ while backing off, PopFromBackoffQ when activeQ is empty).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

const FILE = 'examples/unschedulable-then-new-node.scenario.yaml';
const text = readFileSync(new URL('../../../../examples/unschedulable-then-new-node.scenario.yaml', import.meta.url), 'utf8');
const MESSAGE = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';

describe(FILE, () => {
  const result = runScenario(parseScenario(text, FILE));
  const out = (cmd: string) => result.outputs.find((o) => o.command === cmd)?.stdout ?? '';
  const sched = result.events.filter((e) => e.actor === 'scheduler' && e.ref?.name === 'big');
  const ops = sched.filter((e) => e.kind === 'span').map((e) => `${e.op}${e.attrs?.event ? `(${String(e.attrs.event)})` : ''}`);

  it('keeps the pod Pending with the FailedScheduling message kube-scheduler writes', () => {
    expect(out('kubectl get pods')).toMatch(/^big\s+0\/1\s+Pending\s/m);
    expect(out('kubectl get events')).toContain(`Warning   FailedScheduling   pod/big   ${MESSAGE}`);
    const ev = result.events.find((e) => e.kind === 'event' && e.op === 'FailedScheduling') as TraceEvent;
    expect(ev.attrs).toMatchObject({ type: 'Warning', reason: 'FailedScheduling', message: MESSAGE, source: { component: 'default-scheduler' } });
  });

  it('patches PodScheduled=False, reason Unschedulable, with the same message into the pod status', () => {
    const patch = sched.find((e) => e.kind === 'message' && e.op === 'PATCH /api/v1/namespaces/default/pods/big/status');
    expect(patch?.attrs?.body).toEqual({
      status: { conditions: [expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: MESSAGE, lastProbeTime: null })] },
    });
    const stored = result.events.filter((e) => e.kind === 'object' && e.ref?.name === 'big').map((e) => (e.attrs?.object as { status?: { conditions?: { type: string; reason?: string; message?: string }[] } }).status);
    expect(stored.some((s) => s?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable' && c.message === MESSAGE))).toBe(true);
  });

  it('moves the pod through the queues: unschedulablePods, then NodeAdd to backoffQ, popped from there', () => {
    const want = [
      'activeQ.add(UnschedulablePodAdd)',
      'activeQ.pop',
      'Filter',
      'PostFilter',
      'unschedulablePods.addOrUpdate(ScheduleAttemptFailure)',
      'backoffQ.add(NodeAdd)',
      'backoffQ.popBackoff(PopFromBackoffQ)',
      'Filter',
      'Reserve',
      'Permit',
      'PreBind',
      'Bind',
      'PostBind',
    ];
    let at = 0;
    for (const w of want) {
      const i = ops.indexOf(w, at);
      expect(i, `${w} after ${ops[at - 1] ?? 'the start'} in\n${ops.join('\n')}`).toBeGreaterThanOrEqual(0);
      at = i + 1;
    }
    const move = result.events.find((e) => e.kind === 'span' && e.op === 'MoveAllToActiveOrBackoffQueue');
    expect(move?.attrs).toMatchObject({ event: 'NodeAdd', unschedulablePods: 1 });
    expect(move?.ref?.name).toBe('node-3');
  });

  it('schedules the pod onto the node that joined, with the Scheduled event', () => {
    const scheduled = result.events.find((e) => e.kind === 'event' && e.op === 'Scheduled' && e.ref?.name === 'big');
    expect(scheduled?.attrs?.message).toBe('Successfully assigned default/big to node-3');
    expect(out('kubectl get pods -o wide')).toMatch(/^big\s+1\/1\s+Running\s.*\snode-3\s/m);
    expect(result.header.cluster?.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(result.settled).toBe(true);
  });

  it('registers the joined Node from its own kubelet', () => {
    const post = result.events.find((e) => e.kind === 'message' && e.actor === 'kubelet/node-3' && e.op === 'POST /api/v1/nodes');
    expect(post).toBeDefined();
  });
});
