import { describe, it, expect } from 'vitest';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { helloEvents } from '../fixtures/helloTrace.ts';
import { layoutTopology } from './layout.ts';
import { topologyModel, maxPodsPerNode, labelWidth, wrapText, groupText, shownProgress, MAX_LABELS } from './model.ts';

const tl = helloTimeline();
const layout = layoutTopology({ nodes: tl.header.cluster?.nodes ?? [], maxPodsPerNode: maxPodsPerNode(helloEvents) });

describe('topologyModel', () => {
  it('shows no Pods before the apply and three Running Pods at the end', () => {
    expect(topologyModel(layout, tl.stateAt(0)).pods).toHaveLength(0);
    const end = topologyModel(layout, tl.stateAt(tl.endTime));
    expect(end.pods.map((p) => p.summary.status)).toEqual(['Running', 'Running', 'Running']);
    expect(end.pods.map((p) => p.summary.phase)).toEqual(['Running', 'Running', 'Running']);
  });

  it('puts unbound Pods in the unscheduled tray and bound Pods in their node', () => {
    const firstPod = helloEvents.find((e) => e.kind === 'object' && e.ref?.kind === 'Pod');
    const m = topologyModel(layout, tl.stateAt(firstPod!.t));
    const card = m.pods[0]!;
    expect(card.summary.nodeName).toBeUndefined();
    expect(card.rect.x).toBeLessThan(layout.unscheduled.x + layout.unscheduled.w);
    const end = topologyModel(layout, tl.stateAt(tl.endTime));
    for (const p of end.pods) {
      const node = layout.nodes.find((n) => n.name === p.summary.nodeName)!;
      expect(p.rect.x).toBeGreaterThanOrEqual(node.rect.x);
      expect(p.rect.x + p.rect.w).toBeLessThanOrEqual(node.rect.x + node.rect.w);
    }
  });

  it('puts a dot on the wire for each message in flight, at its progress', () => {
    const msg = helloEvents.find((e) => e.kind === 'message' && e.actor === 'kubectl')!;
    const mid = msg.t + (msg.dur ?? 0) / 2;
    const m = topologyModel(layout, tl.stateAt(mid));
    const dot = m.dots.find((d) => d.seq === msg.seq)!;
    expect(dot.label).toBe('POST …/deployments');
    expect(dot.at.x).toBeCloseTo((dot.from.x + dot.to.x) / 2);
    expect(m.activity.get('kubectl')?.busy).toBe(true);
  });

  it('lights the apiserver stage a request is in', () => {
    const span = helloEvents.find((e) => e.kind === 'span' && e.op === 'authorization')!;
    const m = topologyModel(layout, tl.stateAt(span.t));
    expect([...m.apiserverStages]).toEqual([1]);
  });

  it('keeps message labels from overlapping', () => {
    for (let t = 0; t < tl.endTime; t += 997) {
      const m = topologyModel(layout, tl.stateAt(t));
      const rects = m.labels.map((d) => ({ x: d.labelAt.x, y: d.labelAt.y - 9, w: labelWidth(d.text, 12), h: 18 }));
      for (let i = 0; i < rects.length; i++)
        for (let j = i + 1; j < rects.length && j < 12; j++) {
          const a = rects[i]!;
          const b = rects[j]!;
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          if (i < 12) expect(overlap, `t=${t}`).toBe(false);
        }
    }
  });

  it('gives all messages between the same two boxes one label with a count, and at most MAX_LABELS labels', () => {
    for (let t = 0; t < tl.endTime; t += 499) {
      const m = topologyModel(layout, tl.stateAt(t));
      expect(m.labels.length).toBeLessThanOrEqual(MAX_LABELS);
      expect(new Set(m.labels.map((l) => l.key)).size).toBe(m.labels.length);
      for (const l of m.labels) {
        const members = m.dots.filter((d) => d.group === l.key);
        expect(l.count).toBe(members.length);
        expect(l.ops).toEqual(members.map((d) => d.op));
      }
      const groups = new Set(m.dots.map((d) => d.group));
      expect(m.labels.length).toBe(Math.min(MAX_LABELS, groups.size));
      expect(m.unlabelled).toBe(groups.size - m.labels.length);
    }
  });

  it('names a group by its op, its common verb, or its latest op', () => {
    expect(groupText(['GET …/pods'])).toBe('GET …/pods');
    expect(groupText(['GET …/pods', 'GET …/pods'])).toBe('GET …/pods ×2');
    expect(groupText(['GET …/pods', 'GET …/nodes', 'GET …/secrets'])).toBe('GET ×3');
    expect(groupText(['GET …/pods', 'WATCH ADDED'])).toBe('WATCH ADDED +1');
  });

  it('moves dots in three steps with reduced motion', () => {
    expect([0, 0.2, 0.34, 0.5, 0.7, 1].map((p) => shownProgress(p, true))).toEqual([1 / 6, 1 / 6, 0.5, 0.5, 5 / 6, 5 / 6]);
    expect(shownProgress(0.42, false)).toBe(0.42);
    const msg = helloEvents.find((e) => e.kind === 'message' && e.actor === 'kubectl')!;
    const a = topologyModel(layout, tl.stateAt(msg.t + (msg.dur ?? 0) * 0.4), 12, { reducedMotion: true }).dots.find((d) => d.seq === msg.seq)!;
    const b = topologyModel(layout, tl.stateAt(msg.t + (msg.dur ?? 0) * 0.6), 12, { reducedMotion: true }).dots.find((d) => d.seq === msg.seq)!;
    expect(a.at).toEqual(b.at);
  });

  it('leaves out Pods on nodes of the cluster that a partial layout does not show', () => {
    const only1 = layoutTopology({ nodes: [{ name: 'node-1', runtime: 'containerd+runc' }] });
    const end = topologyModel(only1, tl.stateAt(tl.endTime), 12, { allNodes: new Set(['node-1', 'node-2']) });
    expect(end.pods.map((p) => p.summary.nodeName)).toEqual(['node-1', 'node-1']);
  });

  it('counts objects and etcd keys', () => {
    const end = topologyModel(layout, tl.stateAt(tl.endTime));
    expect(end.objectCounts).toEqual([
      { kind: 'Deployment', count: 1 },
      { kind: 'ReplicaSet', count: 1 },
      { kind: 'Pod', count: 3 },
    ]);
    expect(end.etcd.keys).toBeGreaterThan(0);
  });

  it('sizes nodes for the most Pods one node holds', () => {
    expect(maxPodsPerNode(helloEvents)).toBe(2);
  });

  it('counts Pods per node as they are bound, move and are deleted', () => {
    const pod = (seq: number, name: string, op: string, nodeName?: string) => ({
      seq, t: seq, kind: 'object' as const, actor: 'kube-apiserver', op, src: 'audit' as const,
      ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name },
      ...(nodeName ? { attrs: { object: { spec: { nodeName } } } } : {}),
    });
    const events = [
      pod(1, 'a', 'ADDED'), // not bound yet
      pod(2, 'a', 'MODIFIED', 'node-1'),
      pod(3, 'b', 'ADDED', 'node-1'),
      pod(4, 'b', 'MODIFIED'), // keeps its node when the object has no spec
      pod(5, 'a', 'DELETED'),
      pod(6, 'c', 'ADDED', 'node-1'),
      pod(7, 'd', 'ADDED', 'node-2'),
      pod(8, 'c', 'MODIFIED', 'node-2'),
      pod(9, 'e', 'ADDED', 'node-2'),
    ];
    // node-1 held 2 at most (a+b, then b+c); node-2 holds d, c and e at the end.
    expect(maxPodsPerNode(events)).toBe(3);
    expect(maxPodsPerNode(events.slice(0, 8))).toBe(2);
  });
});

describe('terminal', () => {
  it('shows the command, then its output once it exited', () => {
    const start = helloEvents.find((e) => e.kind === 'command')!;
    const during = topologyModel(layout, tl.stateAt(start.t)).terminal;
    expect(during).toEqual({ command: 'kubectl apply -f web.yaml', output: [], exitCode: undefined, seq: start.seq });
    const after = topologyModel(layout, tl.stateAt(tl.endTime)).terminal;
    expect(after.output).toEqual(['deployment.apps/web created']);
    expect(after.exitCode).toBe(0);
  });
  it('wraps at spaces', () => {
    expect(wrapText('$ kubectl apply -f web.yaml', 12)).toEqual(['$ kubectl', 'apply -f', 'web.yaml']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
