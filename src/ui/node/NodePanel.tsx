import { useState, type ReactNode } from 'react';
import type { Timeline, WorldState } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import type { Selection } from '../session/store.ts';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { DeferredView } from '../shell/Deferred.tsx';
import { lazyView } from '../shell/lazyView.ts';
import { nodeOfActor } from './nodeEvents.ts';
import { parseRuntime } from './runtimes.ts';
import { useNodes, type NodeEntry } from './nodeList.ts';
import '../shell/panel.css';
import './node.css';

/**
 * The body's views and models (kernel, mounts, cgroups, runtimes: the largest part of the UI) are
 * their own chunk, fetched when the panel is first opened; the header needs none of them.
 */
export const NodeColumn = lazyView(() => import('./NodeColumn.tsx'), 'NodeColumn');

export interface NodePanelProps {
  /** Extra controls for the header's right side (the dock's collapse button). */
  headerExtra?: ReactNode;
  /** Header only (the dock collapsed it). */
  collapsed?: boolean;
}

/**
 * What a node is made of at the playhead: its kernel and process tree, the selected Pod's
 * namespaces, mounts and cgroups, and where the node's low-level runtime draws the isolation
 * boundary. Follows the selected Pod's node (or the one picked); two nodes with different
 * low-level runtimes can be shown side by side.
 */
export function NodePanel({ headerExtra, collapsed = false }: NodePanelProps) {
  const t = useT();
  const nodes = useNodes();
  const world = useWorld();
  const { timeline } = useTrace();
  const selection = useSession((s) => s.selection);
  const fromSelection = selectedNode(selection, world, timeline, nodes);
  // A pick holds until the selection changes; then the panel follows the selection again.
  const selectionKey = selection ? JSON.stringify(selection) : '';
  const [pick, setPick] = useState<{ node: string; under: string } | undefined>(undefined);
  const [compare, setCompare] = useState<string | undefined>(undefined);
  const picked = pick && pick.under === selectionKey ? pick.node : undefined;
  const entry = nodes.find((n) => n.name === (picked ?? fromSelection.node)) ?? nodes[0];
  // rkt's flavours are one binary but three boundaries: compare by the isolation profile.
  const low = entry ? isolationKey(entry.runtime) : '';
  const others = nodes.filter((n) => n.name !== entry?.name && isolationKey(n.runtime) !== low);
  const second = others.find((n) => n.name === compare);

  return (
    <section className={`ka-panel ka-node${collapsed ? ' is-collapsed' : ''}`} aria-label={t('node.title')} data-testid="node-panel" data-node={entry?.name}>
      <header className="ka-panel-header">
        <h2>{t('node.title')}</h2>
        {entry && nodes.length > 1 ? (
          <select className="ka-node-picker" value={entry.name} aria-label={t('node.pickNode')} title={t('node.pickNode')} data-testid="node-picker" onChange={(e) => setPick({ node: e.target.value, under: selectionKey })}>
            {nodes.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name} · {n.runtime || '?'}
              </option>
            ))}
          </select>
        ) : entry ? (
          <code className="ka-node-name">
            {entry.name} · {entry.runtime}
          </code>
        ) : null}
        {headerExtra}
      </header>
      {!collapsed && (
        <div className="ka-panel-body ka-node-body">
          {!entry ? (
            <p className="ka-empty-note">{t('node.noNodes')}</p>
          ) : (
            <>
              {others.length > 0 && (
                <label className="ka-node-compare">
                  <span>{t('node.compare')}</span>
                  <select value={second?.name ?? ''} onChange={(e) => setCompare(e.target.value || undefined)} data-testid="node-compare">
                    <option value="">{t('node.compareNone')}</option>
                    {others.map((n) => (
                      <option key={n.name} value={n.name}>
                        {n.name} · {n.runtime}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <DeferredView what="node.title" className="ka-node-columns">
                <div className={`ka-node-columns${second ? ' is-compare' : ''}`}>
                  <NodeColumn key={entry.name} entry={entry} {...(fromSelection.pod && fromSelection.node === entry.name ? { focusPod: fromSelection.pod } : {})} compact={second !== undefined} />
                  {second && <NodeColumn key={second.name} entry={second} compact />}
                </div>
              </DeferredView>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** What makes two nodes' boundaries differ: the isolation profile (rkt-fly, runsc…), else the low-level binary. */
function isolationKey(runtime: string): string {
  const r = parseRuntime(runtime);
  return r.kind ?? r.low;
}

/** The node (and Pod) the selection points at: a Pod's `spec.nodeName`, a Node, or an event of a node's component. */
export function selectedNode(selection: Selection, world: WorldState, timeline: Timeline, nodes: readonly NodeEntry[]): { node?: string; pod?: string } {
  if (!selection) return {};
  const names = new Set(nodes.map((n) => n.name));
  const ofPodKey = (key: string) => {
    const [, kind, ns, name] = key.split('/');
    if (kind !== 'Pod') return {};
    const nodeName = (world.objects.get(key)?.object.spec as { nodeName?: unknown } | undefined)?.nodeName;
    return { ...(typeof nodeName === 'string' && names.has(nodeName) ? { node: nodeName } : {}), pod: `${ns}/${name}` };
  };
  if (selection.type === 'object') {
    const [, kind, , name] = selection.key.split('/');
    if (kind === 'Node' && name && names.has(name)) return { node: name };
    return ofPodKey(selection.key);
  }
  const e = timeline.bySeq(selection.seq);
  if (!e) return {};
  const node = nodeOfActor(e.actor, names) ?? nodeOfActor(e.to, names);
  const pod = e.ref?.kind === 'Pod' ? ofPodKey(`${e.ref.apiVersion}/Pod/${e.ref.namespace ?? ''}/${e.ref.name}`) : {};
  return { ...pod, ...(node ? { node } : {}) };
}
