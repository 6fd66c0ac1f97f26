import { describe, expect, it } from 'vitest';
import { defaultCollapsed, groupActors, layoutRows, nodeOf } from './groups.ts';

const ACTORS = ['user', 'kubectl', 'kube-apiserver', 'etcd/etcd-0', 'scheduler', 'kube-controller-manager/replicaset-controller', 'kubelet/node-10', 'kubelet/node-2', 'containerd/node-2', 'runc/node-2', 'containerd/node-10'];

describe('groupActors', () => {
  it('groups the client, the control plane and each node, nodes in natural order', () => {
    const g = groupActors(ACTORS);
    expect(g.map((x) => x.id)).toEqual(['client', 'control-plane', 'node:node-2', 'node:node-10']);
    expect(g[2]?.actors).toEqual(['kubelet/node-2', 'containerd/node-2', 'runc/node-2']);
    expect(g[1]?.actors).toContain('etcd/etcd-0');
  });
  it('knows which node an actor runs on', () => {
    expect(nodeOf('runc/node-3')).toBe('node-3');
    expect(nodeOf('etcd/etcd-0')).toBeUndefined();
    expect(nodeOf('kube-apiserver')).toBeUndefined();
  });
});

describe('layoutRows', () => {
  const groups = groupActors(ACTORS);
  const opts = { minLane: 10, maxLane: 30, headerH: 16 };
  it('draws a header and the lanes of an open group, one summary row for a collapsed one', () => {
    const { rows, laneOf } = layoutRows(groups, (g) => g.id === 'node:node-2', 0, 1000, opts);
    expect(rows.filter((r) => r.type === 'header').map((r) => r.group.id)).toEqual(['client', 'control-plane', 'node:node-10']);
    const summary = rows.find((r) => r.type === 'summary');
    expect(summary?.group.id).toBe('node:node-2');
    expect(laneOf.get('runc/node-2')).toBe(summary);
    expect(laneOf.get('kubelet/node-10')?.type).toBe('lane');
    // Rows are stacked without gaps.
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.y).toBeCloseTo((rows[i - 1]?.y ?? 0) + (rows[i - 1]?.h ?? 0));
  });
  it('scrolls by shifting every row up', () => {
    const a = layoutRows(groups, () => false, 20, 100, opts);
    const b = layoutRows(groups, () => false, 20, 100, { ...opts, scrollY: 50 });
    expect(b.rows[0]?.y).toBe((a.rows[0]?.y ?? 0) - 50);
    expect(b.contentH).toBe(a.contentH);
    expect(a.contentH).toBeGreaterThan(100);
  });
  it('collapses the node groups by default only when the lanes do not fit', () => {
    expect(defaultCollapsed(groups, 1000, 10, 16).size).toBe(0);
    expect([...defaultCollapsed(groups, 100, 10, 16)]).toEqual(['node:node-2', 'node:node-10']);
  });
});
