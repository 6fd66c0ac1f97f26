import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/index.ts';
import { Timeline } from '../../src/timeline/index.ts';
import { nodeModel, type NodeModel } from '../../src/ui/node/model.ts';
import { nodeEventIndex } from '../../src/ui/node/nodeEvents.ts';
import { runtimeOf } from '../../src/ui/node/useNodeModel.ts';
import { NODE_NAME } from './support/cri/constants.ts';
import { filesOf, recordPodRun, type RecordedPodRun } from './support/replay/capture.ts';
import { runReplay, type ReplayRun } from './support/replay/replay-cli.ts';

/**
 * Issue 5's real check, end to end: a real containerd 1.6 (CRI plugin, runc 1.1.5 under a strace
 * wrapper) runs one pod driven over gRPC as the kubelet drives it, while `ctr events` and a real
 * etcd's `etcdctl watch` record (support/replay/capture.ts); then `kube-anatomy replay` (a child
 * process, as a user runs it) merges the recordings, and the merged trace, read back with
 * src/trace and folded by src/timeline and the node view's model (what the user sees), must
 * show what the real software answered: the sandbox and the container with the ids containerd
 * returned, the namespaces runc created and pivot_root, the etcd keys with the revisions etcd
 * returned, causes before effects; and a damaged file gives `file:line: reason` while its good
 * lines are still imported.
 */

const ARTIFACTS = new URL('./artifacts/replay/', import.meta.url).pathname;
const BUNDLE = join(ARTIFACTS, 'containerd-runc-pod');

let run: RecordedPodRun;
let replay: ReplayRun;
let events: TraceEvent[] = [];
let timeline: Timeline;
let inputs: string[] = [];

const files = (r: RecordedPodRun): string[] => r.manifest.files.map((f) => join(r.bundle, f.path));

beforeAll(async () => {
  rmSync(BUNDLE, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  run = await recordPodRun(BUNDLE);
  inputs = files(run);
  replay = runReplay(inputs, join(ARTIFACTS, 'containerd-runc-pod.kanatomy.jsonl'));
  events = replay.trace?.events ?? [];
  if (replay.trace) {
    timeline = new Timeline(replay.trace.header);
    timeline.append(events);
  }
}, 150_000);

const replayed = (): string => `kube-anatomy replay exited ${replay.code}\n${replay.stderr.slice(-3000)}`;

/** The node view's model of the recording node, from its events up to (not including) the first one matching `before`. */
function modelBefore(before: (e: TraceEvent) => boolean): NodeModel {
  const nodeEvents = nodeEventIndex(timeline).byNode.get(NODE_NAME) ?? [];
  const k = nodeEvents.findIndex(before);
  return nodeModel({ node: NODE_NAME, runtime: runtimeOf(timeline.header, NODE_NAME, nodeEvents), events: nodeEvents.slice(0, k < 0 ? nodeEvents.length : k) });
}

const isCall = (op: string) => (e: TraceEvent): boolean => e.kind === 'message' && e.actor === `kubelet/${NODE_NAME}` && e.op === op;

/** The revision an etcd write span stands for (etcd-keys.ts reads modRevision, else revision). */
const revisionOfSpan = (e: TraceEvent): number => Number(e.op === 'Put' ? (e.attrs?.['modRevision'] ?? e.attrs?.['revision']) : e.attrs?.['revision']);

const flagsOf = (e: TraceEvent): string[] => String(e.attrs?.['flags'] ?? '').split('|').map((f) => f.trim());

describe('a real containerd + runc pod and a real etcd watch, replayed with kube-anatomy replay', () => {
  it('records every source and merges them without a bad line', () => {
    expect(run.manifest.files.map((f) => f.format).sort()).toEqual(expect.arrayContaining(['ctr-events', 'etcd-watch', 'otlp', 'strace']));
    expect(filesOf(run.manifest, 'strace').length, 'runc create/start/kill/delete of the sandbox and the container').toBeGreaterThanOrEqual(8);
    expect(replay.code, replayed()).toBe(0);
    expect(replay.badLines, replayed()).toEqual([]);
    expect(replay.trace?.errors).toEqual([]);
    const sources = new Set(events.map((e) => e.src));
    for (const src of ['otlp', 'ctr-events', 'strace', 'etcd-watch']) expect(sources, `events from ${src}`).toContain(src);
  });

  it('replays the bundle folder record wrote as a whole, as the files one by one', () => {
    const whole = runReplay([run.bundle], join(ARTIFACTS, 'containerd-runc-pod.folder.kanatomy.jsonl'));
    expect(whole.code, whole.stderr).toBe(0);
    // Only recordings are read: the manifest lists them (record's runc wrapper script is not one).
    expect(whole.stderr).not.toMatch(/unknown trace format/);
    expect(whole.trace?.events.length).toBe(events.length);
  });

  it('names the sandbox and the container by the ids containerd returned, in every source', () => {
    const { sandboxId, containerId } = run.truth;
    // The kubelet's spans (the ids each call named or got back).
    const call = (op: string) => events.find(isCall(op));
    expect(call('RunPodSandbox')?.attrs?.['sandbox.id']).toBe(sandboxId);
    expect(call('CreateContainer')?.attrs).toMatchObject({ 'sandbox.id': sandboxId, 'container.id': containerId });
    // containerd's events: the pause container has the sandbox's id.
    const created = events.filter((e) => e.src === 'ctr-events' && e.kind === 'span' && (e.attrs?.['event'] as { topic?: string } | undefined)?.topic === '/containers/create');
    expect(created.map((e) => e.attrs?.['id'])).toEqual([sandboxId, containerId]);
    // runc's syscalls, attributed to the container they set up.
    const straceIds = new Set(events.filter((e) => e.src === 'strace').map((e) => e.attrs?.['containerId']));
    expect(straceIds).toContain(sandboxId);
    expect(straceIds).toContain(containerId);
  });

  it('shows the sandbox and the container with the ids containerd returned, in the node view', () => {
    expect(replay.code, replayed()).toBe(0);
    const nodeEvents = nodeEventIndex(timeline).byNode.get(NODE_NAME) ?? [];
    expect(runtimeOf(timeline.header, NODE_NAME, nodeEvents)).toBe('containerd+runc');
    // While the container runs: before the kubelet's StopContainer.
    const model = modelBefore(isCall('StopContainer'));
    const pod = model.pods.find((p) => p.sandboxId === run.truth.sandboxId);
    expect(pod, `pods in the node view: ${JSON.stringify(model.pods.map((p) => [p.sandboxId, p.name]))}`).toBeDefined();
    expect(pod).toMatchObject({ namespace: 'default', name: 'web', uid: run.truth.pod.uid });
    const byId = new Map(pod!.containers.map((c) => [c.id, c]));
    expect(byId.get(run.truth.sandboxId)?.pause, 'the pause container has the sandbox id').toBe(true);
    expect(byId.get(run.truth.containerId)).toMatchObject({ name: 'app', pause: false });
  });

  it('shows the namespaces runc created and pivot_root, from the strace of runc', () => {
    const syscalls = events.filter((e) => e.kind === 'span' && e.src === 'strace' && e.actor === `runc/${NODE_NAME}`);
    // The sandbox's runc init: a new mount, UTS, IPC and PID namespace; the pod's network
    // namespace is the one containerd made for CNI, joined with setns(CLONE_NEWNET).
    const { sandboxId, containerId } = run.truth;
    const of = (id: string, op: string): TraceEvent[] => syscalls.filter((e) => e.op === op && e.attrs?.['containerId'] === id);
    expect(of(sandboxId, 'unshare').map(flagsOf), 'unshare of the sandbox').toContainEqual(expect.arrayContaining(['CLONE_NEWNS', 'CLONE_NEWUTS', 'CLONE_NEWIPC', 'CLONE_NEWPID']));
    expect(of(sandboxId, 'setns').map((e) => e.attrs?.['nstype']), 'the sandbox joins the netns containerd made for CNI').toEqual(['CLONE_NEWNET']);
    // The app container: its own mount and PID namespaces, the sandbox's IPC, UTS and network.
    expect(of(containerId, 'unshare').map(flagsOf), 'unshare of the app container').toEqual([['CLONE_NEWNS', 'CLONE_NEWPID']]);
    expect(of(containerId, 'setns').map((e) => e.attrs?.['nstype']).sort()).toEqual(['CLONE_NEWIPC', 'CLONE_NEWNET', 'CLONE_NEWUTS']);
    expect(of(sandboxId, 'pivot_root').length, 'pivot_root of the sandbox').toBe(1);
    expect(of(containerId, 'pivot_root').length, 'pivot_root of the container').toBe(1);
  });

  it('draws the namespaces the sandbox created in the node view', () => {
    // And the node view draws them: the sandbox's pause container created mnt/uts/ipc/pid.
    const model = modelBefore(isCall('StopContainer'));
    const pod = model.pods.find((p) => p.sandboxId === run.truth.sandboxId);
    const createdByPause = (pod?.namespaces ?? []).filter((row) => row.boxes.some((b) => b.ns?.createdBy?.who === 'pause')).map((row) => row.kind);
    expect(createdByPause.sort(), JSON.stringify(pod?.namespaces.map((r) => [r.kind, r.boxes.map((b) => [b.from, b.to, b.relations, b.ns?.createdBy])]))).toEqual(expect.arrayContaining(['ipc', 'mnt', 'pid', 'uts']));
  });

  it('has the etcd keys with the revisions etcd returned', () => {
    const writes = run.truth.etcdWrites;
    const last = writes[writes.length - 1]!;
    const end = timeline.stateAt(events[events.length - 1]!.t);
    const leaseWrites = writes.filter((w) => w.key === run.truth.keys.lease);
    expect(end.etcdKeys.get(run.truth.keys.lease)).toMatchObject({ createRevision: leaseWrites[0]!.revision, modRevision: leaseWrites[leaseWrites.length - 1]!.revision, version: leaseWrites.length });
    expect(end.etcdKeys.has(run.truth.keys.pod), 'the Pod was deleted').toBe(false);
    expect(end.etcd.revision).toBe(last.revision);
    // The Pod's Running write, at the moment it was replayed.
    const podWrites = writes.filter((w) => w.key === run.truth.keys.pod && w.op === 'put');
    const running = podWrites[podWrites.length - 1]!;
    const put = events.find((e) => e.kind === 'span' && e.op === 'Put' && e.attrs?.['key'] === run.truth.keys.pod && revisionOfSpan(e) === running.revision);
    expect(put, `the Put of ${run.truth.keys.pod} at revision ${running.revision}`).toBeDefined();
    expect(timeline.stateAt(put!.t).etcdKeys.get(run.truth.keys.pod)).toMatchObject({ createRevision: podWrites[0]!.revision, modRevision: running.revision, version: podWrites.length });
  });

  it('puts every cause before its effect', () => {
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    const late = events.filter((e) => e.cause !== undefined && !(bySeq.has(e.cause) && e.cause < e.seq && bySeq.get(e.cause)!.t <= e.t));
    expect(late.map((e) => [e.seq, e.op, e.cause])).toEqual([]);
    expect(events.some((e) => e.cause !== undefined), 'some causal links').toBe(true);
  });

  it('reports a damaged line as file:line: reason and still imports the good lines', () => {
    const good = join(run.bundle, filesOf(run.manifest, 'etcd-watch')[0] ?? 'no etcd-watch file');
    const lines = readFileSync(good, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const damagedLine = 2;
    const revisionOf = (l: string): number => Number(/"revision":(\d+)/.exec(l)?.[1]);
    const damaged = join(ARTIFACTS, 'etcd-watch.damaged.jsonl');
    writeFileSync(damaged, `${lines.map((l, i) => (i === damagedLine - 1 ? l.slice(0, Math.floor(l.length / 2)) : l)).join('\n')}\n`);
    const r = runReplay([damaged, join(run.bundle, filesOf(run.manifest, 'ctr-events')[0] ?? 'no ctr-events file')], join(ARTIFACTS, 'damaged.kanatomy.jsonl'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.badLines.map((b) => [b.file, b.line])).toEqual([[damaged, damagedLine]]);
    expect(r.badLines[0]!.reason).not.toBe('');
    const revisions = new Set((r.trace?.events ?? []).filter((e) => e.src === 'etcd-watch' && (e.op === 'Put' || e.op === 'DeleteRange')).map(revisionOfSpan));
    for (const [i, l] of lines.entries()) {
      if (i === damagedLine - 1) expect(revisions.has(revisionOf(l)), 'the damaged line is skipped').toBe(false);
      else expect(revisions.has(revisionOf(l)), `line ${i + 1} (revision ${revisionOf(l)}) is imported`).toBe(true);
    }
    expect((r.trace?.events ?? []).some((e) => e.src === 'ctr-events'), 'the other file is imported').toBe(true);
  });
});
