import type { NodeHealthView } from './nodeStatus.ts';
import type { PodCard, TerminalView } from './model.ts';

/**
 * What the topology's static layer (frames, wires, boxes, Pod cards, the terminal) depends on,
 * compared by value. topologyModel builds fresh objects at every frame; these say whether a new
 * frame's part equals the last one's, so the static SVG is re-rendered only when something it
 * shows changed (a Pod's status, a Node's health, the last command), not at every frame.
 */

export function samePodCards(a: readonly PodCard[], b: readonly PodCard[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PodCard;
    const y = b[i] as PodCard;
    if (x.key !== y.key) return false;
    const r = x.rect;
    const s = y.rect;
    if (r.x !== s.x || r.y !== s.y || r.w !== s.w || r.h !== s.h) return false;
    const p = x.summary;
    const q = y.summary;
    if (p.name !== q.name || p.namespace !== q.namespace || p.status !== q.status || p.ready !== q.ready || p.phase !== q.phase || p.nodeName !== q.nodeName || p.restarts !== q.restarts) return false;
  }
  return true;
}

export function sameNodeHealth(a: ReadonlyMap<string, NodeHealthView>, b: ReadonlyMap<string, NodeHealthView>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || x.status !== y.status || x.unhealthy !== y.unhealthy || x.taints.length !== y.taints.length) return false;
    for (let i = 0; i < x.taints.length; i++) if (x.taints[i] !== y.taints[i]) return false;
  }
  return true;
}

export function sameTerminal(a: TerminalView, b: TerminalView): boolean {
  if (a === b) return true;
  if (a.command !== b.command || a.exitCode !== b.exitCode || a.seq !== b.seq || a.output.length !== b.output.length) return false;
  for (let i = 0; i < a.output.length; i++) if (a.output[i] !== b.output[i]) return false;
  return true;
}
