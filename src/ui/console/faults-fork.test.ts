import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownFaultFields, runBranch } from '../../source/index.ts';
import type { Timeline } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { UserAction } from '../branches/context.ts';
import { complete } from './complete.ts';
import { faultContextOf } from './fault-context.ts';
import { isFaultLine, parseFaultLine } from './fault-line.ts';

/**
 * Every fault of issue 6 item 3 typed in the console at a paused playhead: the line is completed
 * and checked as the console does (the engine's fault table, the cluster at the playhead), then
 * the branch is recomputed by the engine from that playhead, and its trace shows the fault's
 * consequence as a Kubernetes engineer would look for it.
 */
const table = await knownFaultFields();
// Literal URLs: the architecture test checks every import-like path in src/.
const load = (url: URL, file: string) => ({ scenarioText: readFileSync(url, 'utf8'), scenarioFile: `examples/${file}` });
const hello = load(new URL('../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'hello-deployment.scenario.yaml');
const partition = load(new URL('../../../examples/faults-etcd-partition.scenario.yaml', import.meta.url), 'faults-etcd-partition.scenario.yaml');
const helloBase = await runBranch({ ...hello, actions: [] });
const partitionBase = await runBranch({ ...partition, actions: [] });

/** What the console would do with `line` typed at `t` of `base`: completion still applies, the check passes, the action it runs. */
function typed(base: Timeline, t: number, line: string): UserAction {
  const ctx = faultContextOf(base.stateAt(t), base.actors());
  if (!isFaultLine(line)) return { type: 'command', line };
  const parsed = parseFaultLine(line, table, ctx.cluster);
  if (!parsed.ok) throw new Error(`${parsed.error.key} ${JSON.stringify(parsed.error.params)}`);
  return { type: 'fault', fault: parsed.fault };
}

async function fork(input: typeof hello, base: Timeline, t: number, line: string): Promise<TraceEvent[]> {
  const timeline = await runBranch({ ...input, actions: [{ ...typed(base, t, line), t }] });
  return [...timeline.eventsIn(t, Number.MAX_SAFE_INTEGER)];
}
const reasons = (events: readonly TraceEvent[]) => events.filter((e) => e.kind === 'event').map((e) => String(e.attrs?.['reason']));

// At 7 s the three Pods of web run: one on node-1, two on node-2.
const RUNNING = 7_000_000;
const pods = faultContextOf(helloBase.stateAt(RUNNING), helloBase.actors()).pods;
const onNode1 = pods.find((p) => p.node === 'node-1')?.name as string;

describe('every fault of issue 6, typed in the console at a paused playhead', () => {
  it('completes each line from the cluster at the playhead', () => {
    const ctx = { ...faultContextOf(helloBase.stateAt(RUNNING), helloBase.actors()), faults: Object.keys(table), faultTable: table };
    expect(complete('fault container-kill node=node-1 pod=', ctx).line).toBe(`fault container-kill node=node-1 pod=${onNode1} `);
    expect(complete('fault kubelet-stop node=node-', ctx).choices).toEqual(['node=node-1', 'node=node-2']);
    // Before the kubelets register their Node objects (5 s), the nodes complete all the same.
    const early = { ...faultContextOf(helloBase.stateAt(1_050_000), helloBase.actors()), faults: Object.keys(table), faultTable: table };
    expect(complete('fault image-pull-fail node=node-', early).choices).toEqual(['node=node-1', 'node=node-2']);
    const etcd = { ...faultContextOf(partitionBase.stateAt(1_000_000), partitionBase.actors()), faults: Object.keys(table), faultTable: table };
    expect(complete('fault etcd-partition isolate=', etcd).choices).toEqual(['isolate=etcd-0', 'isolate=etcd-1', 'isolate=etcd-2']);
  });

  it('kubectl delete pod: the ReplicaSet creates a replacement', async () => {
    const after = await fork(hello, helloBase, RUNNING, `kubectl delete pod ${onNode1}`);
    expect(after.some((e) => e.kind === 'object' && e.op === 'DELETED' && e.ref?.kind === 'Pod' && e.ref.name === onNode1)).toBe(true);
    expect(reasons(after)).toContain('SuccessfulCreate');
  });

  it('fault container-kill: SIGKILL from the host, exit status 137', async () => {
    const after = await fork(hello, helloBase, RUNNING, `fault container-kill node=node-1 pod=${onNode1}`);
    expect(after.some((e) => e.op === 'TaskExit' && e.attrs?.['exitStatus'] === 137)).toBe(true);
  });

  it('fault memory-exhaust: the node runs out, SystemOOM on the Node', async () => {
    const after = await fork(hello, helloBase, RUNNING, `fault memory-exhaust node=node-1 pod=${onNode1} container=nginx`);
    expect(reasons(after)).toContain('SystemOOM');
  });

  it('fault kubelet-stop: the kubelet stops; fault node-down: the host powers off', async () => {
    const stopped = await fork(hello, helloBase, RUNNING, 'fault kubelet-stop node=node-2');
    expect(stopped.some((e) => e.kind === 'state' && e.actor === 'kubelet/node-2' && e.op === 'stopped')).toBe(true);
    const down = await fork(hello, helloBase, RUNNING, 'fault node-down node=node-2');
    expect(down.some((e) => e.kind === 'state' && e.op === 'powered off' && e.attrs?.['instance'] === 'node-2')).toBe(true);
    // The future goes on past the silence: the node lifecycle controller notices (grace period),
    // taints the node, and 300 s later evicts its pods; the ReplicaSet replaces them on node-1.
    for (const branch of [stopped, down]) {
      expect(reasons(branch)).toContain('NodeNotReady');
      expect(reasons(branch)).toContain('TaintManagerEviction');
    }
  });

  it('fault image-pull-fail, then a rollout to that image at the same playhead: ErrImagePull, then back-off', async () => {
    // Images already on a node are not pulled again (IfNotPresent): the fault shows on the next pull.
    const actions = [
      { ...typed(helloBase, RUNNING, 'fault image-pull-fail image=nginx:1.28'), t: RUNNING },
      { ...typed(helloBase, RUNNING, 'kubectl set image deployment/web nginx=nginx:1.28'), t: RUNNING },
    ];
    const after = [...(await runBranch({ ...hello, actions })).eventsIn(RUNNING, Number.MAX_SAFE_INTEGER)];
    const failed = after.filter((e) => e.kind === 'event' && e.attrs?.['reason'] === 'Failed').map((e) => String(e.attrs?.['message']));
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed.some((m) => m.startsWith('Failed to pull image "nginx:1.28": rpc error: code = NotFound'))).toBe(true);
    expect(reasons(after)).toContain('BackOff');
  });

  it('fault etcd-partition: the cut links go inactive', async () => {
    const after = await fork(partition, partitionBase, 1_000_000, 'fault etcd-partition isolate=etcd-1');
    expect(after.some((e) => e.kind === 'log' && /^peer \S+ became inactive/.test(String(e.attrs?.['message'])))).toBe(true);
  });

  it('a bad line names the field, before any branch is computed', () => {
    expect(() => typed(helloBase, RUNNING, 'fault container-kill node=node-1 pod=nope')).toThrow('console.noSuchPod');
    expect(() => typed(helloBase, RUNNING, 'fault kubelet-stop node=node-9')).toThrow('faults.line.noSuchNode');
    expect(() => typed(helloBase, RUNNING, 'fault kubelet-stop host=node-1')).toThrow('faults.line.unknownField');
  });
});
