import { describe, expect, it } from 'vitest';
import { createRng } from '../../../base/rng.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo, removePodFromNodeInfo, setNodeInfoNode } from '../node-info.ts';
import type { NodeInfo } from '../types.ts';
import { domainTotals } from './spread-domain-cache.ts';

const ZONE = 'topology.kubernetes.io/zone';
const countWeb = (info: NodeInfo) => info.pods.filter((p) => p.metadata.labels?.['app'] === 'web').length;

function bruteForce(nodes: readonly NodeInfo[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of nodes) {
    const v = n.internal.labels[ZONE] ?? '';
    const c = countWeb(n);
    if (c) out.set(v, (out.get(v) ?? 0) + c);
  }
  return out;
}

describe('domainTotals', () => {
  it('stays equal to a full recount while pods and node labels change', () => {
    const rng = createRng(42);
    const nodes = Array.from({ length: 30 }, (_, i) => createNodeInfo(makeNode(`n${i}`, i % 7 === 0 ? {} : { labels: { [ZONE]: `z${i % 3}` } })));
    const placed: { node: NodeInfo; pod: ReturnType<typeof makePod> }[] = [];
    for (let step = 0; step < 400; step++) {
      const r = rng.next();
      if (r < 0.6 || placed.length === 0) {
        const node = nodes[rng.int(nodes.length)] as NodeInfo;
        const pod = makePod(`p${step}`, { labels: { app: rng.next() < 0.7 ? 'web' : 'db' } });
        addPodToNodeInfo(node, pod);
        placed.push({ node, pod });
      } else if (r < 0.95) {
        const [victim] = placed.splice(rng.int(placed.length), 1);
        if (victim) removePodFromNodeInfo(victim.node, victim.pod);
      } else {
        const i = rng.int(nodes.length);
        const node = nodes[i] as NodeInfo;
        setNodeInfoNode(node, makeNode(node.name, { labels: { [ZONE]: `z${rng.int(4)}` } }));
      }
      if (step % 7 === 0) {
        const got = new Map([...domainTotals(nodes, 'web', ZONE, countWeb)].filter(([, n]) => n !== 0));
        expect(got).toEqual(bruteForce(nodes));
      }
    }
  });

  it('rebuilds for a different node list and follows replaced or removed nodes', () => {
    const a = createNodeInfo(makeNode('a', { labels: { [ZONE]: 'z1' } }));
    const b = createNodeInfo(makeNode('b', { labels: { [ZONE]: 'z2' } }));
    addPodToNodeInfo(a, makePod('p1', { labels: { app: 'web' } }));
    addPodToNodeInfo(b, makePod('p2', { labels: { app: 'web' } }));
    const list = [a, b];
    expect(domainTotals(list, 'k', ZONE, countWeb).get('z2')).toBe(1);
    list.pop();
    expect(domainTotals(list, 'k', ZONE, countWeb).get('z2') ?? 0).toBe(0);
    const fresh = createNodeInfo(makeNode('a', { labels: { [ZONE]: 'z3' } }));
    list[0] = fresh;
    const totals = domainTotals(list, 'k', ZONE, countWeb);
    expect(totals.get('z1') ?? 0).toBe(0);
    expect(totals.get('z3') ?? 0).toBe(0);
    expect(domainTotals([a, b], 'k', ZONE, countWeb).get('z1')).toBe(1);
  });
});
