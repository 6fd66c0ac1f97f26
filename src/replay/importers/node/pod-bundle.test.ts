import { describe, expect, it } from 'vitest';
import { podBundleFiles } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import type { RawEvent } from '../../types.ts';
import { ctrEventsImporter } from './ctr-events.ts';
import { otlpImporter } from './otlp.ts';
import { runImporter } from './run-importer.ts';
import { straceImporter } from './strace.ts';

// The bundle of a real pod (containerd 1.6 CRI plugin, runc 1.1.5 under strace, the kubelet's
// CRI spans over OTLP) that `npm run record:fixtures` records into public/traces: what the node
// view needs from each importer, in the simulator's vocabulary.
describe('node importers on a recorded containerd + runc pod', () => {
  const spans = runImporter(otlpImporter, podBundleFiles('otlp')[0]!.text);
  const ctr = runImporter(ctrEventsImporter, podBundleFiles('ctr-events')[0]!.text);
  const straces = podBundleFiles('strace').map((f) => ({ path: f.path, ...runImporter(straceImporter, f.text) }));
  const call = (op: string): RawEvent | undefined => spans.events.find((e) => e.kind === 'message' && e.op === op);
  const answer = (req: RawEvent | undefined): RawEvent | undefined => spans.events.find((e) => e.attrs?.['replyTo'] === req?.attrs?.['id']);
  const sandboxId = call('RunPodSandbox')?.attrs?.['sandbox.id'] as string;
  const containerId = call('CreateContainer')?.attrs?.['container.id'] as string;

  it('OTLP: the kubelet CRI calls carry CRI request bodies, and containerd answers each with <RPC>Response or <RPC> error', () => {
    expect(spans.errors).toEqual([]);
    expect(sandboxId).toMatch(/^[0-9a-f]{64}$/);
    const run = call('RunPodSandbox');
    expect(run?.attrs?.['request']).toEqual({ config: { metadata: { name: 'web', namespace: 'default', uid: run?.attrs?.['pod.uid'] } } });
    expect(answer(run)).toMatchObject({ kind: 'message', actor: 'containerd/node-1', to: 'kubelet/node-1', op: 'RunPodSandboxResponse', attrs: { response: { podSandboxId: sandboxId } } });
    expect(answer(run)?.at).toBe((run?.at as number) + (run?.dur as number));
    const create = call('CreateContainer');
    expect(create?.attrs?.['request']).toEqual({ podSandboxId: sandboxId, config: { metadata: { name: 'app' } } });
    expect(answer(create)?.attrs?.['response']).toEqual({ containerId });
    expect(call('StopContainer')?.attrs?.['request']).toEqual({ containerId });
    expect(call('RemovePodSandbox')?.attrs?.['request']).toEqual({ podSandboxId: sandboxId });
    // containerd 1.6 has no GetContainerEvents: the call's gRPC status 12 is its answer.
    expect(answer(call('GetContainerEvents'))).toMatchObject({ op: 'GetContainerEvents error', attrs: { response: { error: 'rpc error: code = Unimplemented desc = method GetContainerEvents not implemented' } } });
    // Every request has its own id; every answer names one request.
    const ids = spans.events.filter((e) => e.kind === 'message').map((e) => e.attrs?.['id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ctr events: the pod sandbox (labelled by the CRI plugin) and the app container as cri-sandbox / cri-container, and the sandbox shim', () => {
    expect(ctr.errors).toEqual([]);
    const states = ctr.events.filter((e) => e.kind === 'state');
    const sandbox = states.filter((e) => e.attrs?.['instance'] === sandboxId);
    expect(sandbox.map((e) => e.op)).toEqual(['creating', 'SANDBOX_READY', 'SANDBOX_NOTREADY', 'removed']);
    expect(sandbox[0]?.ref).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default', uid: call('RunPodSandbox')?.attrs?.['pod.uid'] });
    expect(states.filter((e) => e.attrs?.['instance'] === containerId).map((e) => [e.attrs?.['machine'], e.op])).toEqual([
      ['cri-container', 'creating'],
      ['cri-container', 'CONTAINER_CREATED'],
      ['cri-container', 'CONTAINER_RUNNING'],
      ['cri-container', 'CONTAINER_EXITED'],
      ['cri-container', 'removed'],
    ]);
    const shim = ctr.events.find((e) => e.op === 'start shim');
    expect(shim).toMatchObject({ inferred: true, attrs: { id: sandboxId, argv: `containerd-shim-runc-v2 -namespace k8s.io -id ${sandboxId} start` } });
    const firstTask = ctr.events.find((e) => e.op === 'TaskCreate');
    expect(shim?.at).toBeLessThan(firstTask?.at as number);
  });

  it('strace: every file reads without an error (a call cut by its thread\'s exit is dropped, as strace leaves it)', () => {
    for (const s of straces) expect(s.errors, s.path).toEqual([]);
    // The recording has such calls: a Go thread's nanosleep still open when runc exits.
    const cut = podBundleFiles('strace').some((f) => /nanosleep\([^\n]*<unfinished \.\.\.>\n(?:(?!<\.\.\. nanosleep resumed>)[^\n]*\n)*?\s*\d+\s+[\d.]+ \+\+\+ exited/.test(f.text));
    expect(cut).toBe(true);
  });

  it('strace: runc create of the sandbox in the simulator\'s vocabulary (nsexec stages by pid, the init\'s execve, exit_group)', () => {
    const create = straces.find((s) => s.events[0]?.op === 'execve' && s.events[0]?.attrs?.['proc'] === 'runc create' && s.events[0]?.attrs?.['containerId'] === sandboxId);
    expect(create, 'the sandbox\'s runc create').toBeDefined();
    const ev = create!.events;
    expect(ev.every((e) => e.attrs?.['containerId'] === sandboxId && e.actor === 'runc/node-1')).toBe(true);
    const stages = ev.filter((e) => e.op.startsWith('nsexec stage-'));
    expect(stages.map((e) => [e.op, e.attrs?.['proc']])).toEqual([
      ['nsexec stage-0', 'runc:[0:PARENT]'],
      ['nsexec stage-1', 'runc:[1:CHILD]'],
      ['nsexec stage-2', 'runc:[2:INIT]'],
    ]);
    // Each stage is the child the previous one cloned (CLONE_PARENT).
    const cloneBy = (proc: string) => ev.find((e) => e.op === 'clone' && e.attrs?.['proc'] === proc)?.attrs?.['child'];
    expect(stages[1]?.attrs?.['pid']).toBe(cloneBy('runc:[0:PARENT]'));
    expect(stages[2]?.attrs?.['pid']).toBe(cloneBy('runc:[1:CHILD]'));
    // The init execs the pause program: by the init's name, as runc-steps.ts writes it; nothing of the program after it.
    const exec = ev.find((e) => e.op === 'execve' && e.attrs?.['proc'] === 'runc:[2:INIT]');
    expect(exec?.attrs).toMatchObject({ pid: stages[2]?.attrs?.['pid'], filename: '/pause' });
    expect(ev.every((e) => String(e.attrs?.['proc']).startsWith('runc'))).toBe(true);
    expect(ev.slice(ev.indexOf(exec!) + 1).every((e) => e.op === 'exit_group' || e.op === 'exit')).toBe(true);
    // runc's processes end with exit_group (status), the node view drops them then.
    expect(ev.filter((e) => e.op === 'exit_group').map((e) => e.attrs?.['proc'])).toEqual(expect.arrayContaining(['runc:[1:CHILD]', 'runc:[0:PARENT]', 'runc create']));
  });
});
