import { describe, expect, it } from 'vitest';
import type { EtcdKeyEntry } from '../../timeline/index.ts';
import { keyTree, splitKey, type TreeRow } from './keyTree.ts';

const entry = (key: string, rev = 2): EtcdKeyEntry => ({ key, createRevision: rev, modRevision: rev, version: 1 });
const none = { toggled: new Map<string, boolean>(), reveal: new Set<string>() };
const show = (rows: TreeRow[]) => rows.map((r) => `${'  '.repeat(r.depth)}${r.type === 'group' ? `${r.label} (${r.count})${r.expanded ? '' : ' +'}` : r.type === 'key' ? r.label : `… ${r.hidden}`}`);

describe('keyTree', () => {
  it('splits keys at slashes, keeping the leading slash on the first folder', () => {
    expect(splitKey('/registry/pods/default/web-1')).toEqual(['/registry', 'pods', 'default', 'web-1']);
    expect(splitKey('foo')).toEqual(['foo']);
    expect(splitKey('a/b')).toEqual(['a', 'b']);
  });

  it('groups kube-apiserver keys by resource and namespace, sorted by bytes as etcd sorts keys', () => {
    const keys = ['/registry/pods/default/web-b', '/registry/minions/node-1', '/registry/pods/default/web-a', '/registry/pods/kube-system/dns', '/registry/deployments/default/web', 'plain'].map((k) => entry(k));
    expect(show(keyTree(keys, none).rows)).toEqual([
      '/registry/ (5)',
      '  deployments/ (1)',
      '    default/ (1)',
      '      web',
      '  minions/ (1)',
      '    node-1',
      '  pods/ (3)',
      '    default/ (2)',
      '      web-a',
      '      web-b',
      '    kube-system/ (1)',
      '      dns',
      'plain',
    ]);
  });

  it('caps a long folder with a count, closes big folders, and keeps what must be seen', () => {
    const keys = Array.from({ length: 120 }, (_, i) => entry(`/registry/events/default/e-${String(i).padStart(3, '0')}`));
    const closed = keyTree(keys, { ...none, autoExpand: 30 });
    expect(show(closed.rows)).toEqual(['/registry/ (120) +']);
    const opened = keyTree(keys, { toggled: new Map([['/registry/', true], ['/registry/events/', true], ['/registry/events/default/', true]]), reveal: new Set(['/registry/events/default/e-117']), perGroup: 5 });
    expect(show(opened.rows)).toEqual(['/registry/ (120)', '  events/ (120)', '    default/ (120)', '      e-000', '      e-001', '      e-002', '      e-003', '      e-004', '      e-117', '      … 114']);
  });

  it('opens the folders of a revealed key even when they are big', () => {
    const keys = Array.from({ length: 100 }, (_, i) => entry(`/registry/pods/default/p-${i}`));
    const tree = keyTree(keys, { toggled: new Map(), reveal: new Set(['/registry/pods/default/p-42']), perGroup: 3 });
    expect(tree.rows.filter((r) => r.type === 'key').map((r) => (r.type === 'key' ? r.label : ''))).toEqual(['p-0', 'p-1', 'p-10', 'p-42']);
    expect(tree.rows.find((r) => r.type === 'key' && r.label === 'p-42')).toMatchObject({ revealed: true });
  });

  it('filters keys by substring, and stops at maxRows for ten thousand keys', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => entry(`/registry/pods/ns-${i % 100}/pod-${i}`));
    const filtered = keyTree(keys, { ...none, filter: 'POD-9999' });
    expect(filtered.matched).toBe(1);
    expect(show(filtered.rows).at(-1)).toBe('      pod-9999');
    const all = keyTree(keys, { toggled: new Map([['/registry/', true], ['/registry/pods/', true]]), reveal: new Set(), maxRows: 60, autoExpand: 1_000 });
    expect(all.rows.length).toBeLessThanOrEqual(60);
    expect(all.truncated).toBe(true);
    expect(all.matched).toBe(10_000);
  });
});
