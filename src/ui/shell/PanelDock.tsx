import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { EtcdPanel } from '../etcd/EtcdPanel.tsx';
import { useT } from '../i18n/useT.ts';
import { NodePanel } from '../node/NodePanel.tsx';
import { SchedulerPanel } from '../scheduler/SchedulerPanel.tsx';
import { useSession } from '../session/context.tsx';
import { clampDockWidth, clampSplit, dockRows, stackMin } from './dockSize.ts';
import './dock.css';

/** From this window width on, the panels start open. */
const ROOMY_WIDTH = 1600;
/**
 * The rail's rows: a third of the height for each title (the upper stack holds two), so on a
 * 720 px screen "etcd" is not cut to "e…" while "Node internals" takes the rest.
 */
const RAIL_OUTER = 'minmax(0, 2fr) 0 minmax(0, 1fr)';
const RAIL_INNER = 'minmax(0, 1fr) 0 minmax(0, 1fr)';

/**
 * The side dock beside the topology: the etcd keyspace above the scheduling decision, and the
 * node internals below both, on the same playhead as every other view. Its width and the splits
 * are dragged (or moved with the arrow keys on the handles); each panel collapses to its header.
 */
export function PanelDock() {
  const t = useT();
  const dockRef = useRef<HTMLElement>(null);
  const stackRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  // The keyspace gets a little more: its list is long, the decision tables are short.
  const [share, setShare] = useState(0.6);
  // The node panel (below the other two) starts folded: it is the deepest view, opened on purpose.
  const [nodeShare, setNodeShare] = useState(0.45);
  const outerRef = useRef<HTMLDivElement>(null);
  // Open where there is room for the topology beside them; on a laptop or a 720p projector they
  // start as a rail of titles, one click from open.
  // In the session store so that a tour step can open the panel it talks about.
  const stored = useSession((s) => s.dockOpen);
  const setDockOpen = useSession((s) => s.setDockOpen);
  const [initial] = useState(() => {
    const roomy = typeof window === 'undefined' || window.innerWidth >= ROOMY_WIDTH;
    return { etcd: roomy, scheduler: roomy, node: false };
  });
  const open = stored ?? initial;
  const rail = !open.etcd && !open.scheduler && !open.node;
  const upperOpen = open.etcd || open.scheduler;

  const dragWidth = (e: PointerEvent<HTMLDivElement>) => {
    const dock = dockRef.current;
    if (!dock) return;
    const startX = e.clientX;
    const startW = dock.getBoundingClientRect().width;
    follow(e, (x) => setWidth(clampDockWidth(startW + (startX - x), window.innerWidth)));
  };
  const dragSplit = (e: PointerEvent<HTMLDivElement>) => {
    const stack = stackRef.current;
    if (!stack) return;
    const box = stack.getBoundingClientRect();
    follow(e, (_x, y) => setShare(clampSplit((y - box.top) / box.height)));
  };
  const dragNodeSplit = (e: PointerEvent<HTMLDivElement>) => {
    const outer = outerRef.current;
    if (!outer) return;
    const box = outer.getBoundingClientRect();
    follow(e, (_x, y) => setNodeShare(clampSplit((y - box.top) / box.height)));
  };
  const nodeSplitKeys = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowUp' ? -0.05 : e.key === 'ArrowDown' ? 0.05 : 0;
    if (step === 0) return;
    e.preventDefault();
    e.stopPropagation();
    setNodeShare((s) => clampSplit(s + step));
  };
  const widthKeys = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowLeft' ? 24 : e.key === 'ArrowRight' ? -24 : 0;
    if (step === 0 || !dockRef.current) return;
    // The arrows are the presenter's step keys too (useKeyboard.ts): here they resize only.
    e.preventDefault();
    e.stopPropagation();
    setWidth(clampDockWidth(dockRef.current.getBoundingClientRect().width + step, window.innerWidth));
  };
  const splitKeys = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowUp' ? -0.05 : e.key === 'ArrowDown' ? 0.05 : 0;
    if (step === 0) return;
    e.preventDefault();
    e.stopPropagation();
    setShare((s) => clampSplit(s + step));
  };
  const toggle = (which: 'etcd' | 'scheduler' | 'node') => (
    <button
      type="button"
      className="ka-btn ka-btn--tiny ka-dock-toggle"
      aria-expanded={open[which]}
      title={open[which] ? t('panel.collapse') : t('panel.expand')}
      aria-label={open[which] ? t('panel.collapse') : t('panel.expand')}
      onClick={() => setDockOpen({ ...open, [which]: !open[which] })}
    >
      {open[which] ? '▾' : '▸'}
    </button>
  );

  return (
    <aside ref={dockRef} className={`ka-dock${rail ? ' is-rail' : ''}`} style={width !== undefined && !rail ? { width } : undefined} aria-label={t('dock.label')} data-testid="panel-dock">
      {!rail && (
        <div
          className="ka-splitter ka-splitter--v"
          role="separator"
          aria-orientation="vertical"
          aria-label={t('dock.resizeWidth')}
          aria-valuenow={width === undefined || typeof window === 'undefined' ? 30 : Math.round((width / window.innerWidth) * 100)}
          aria-valuemin={10}
          aria-valuemax={70}
          title={t('dock.resizeWidth')}
          tabIndex={0}
          onPointerDown={dragWidth}
          onKeyDown={widthKeys}
          onDoubleClick={() => setWidth(undefined)}
        />
      )}
      {/* The outer stack scrolls when the open panels' least heights do not fit (720 px, three open). */}
      <div
        ref={outerRef}
        className="ka-dock-stack ka-dock-scroll"
        data-testid="dock-scroll"
        style={{ gridTemplateRows: rail ? RAIL_OUTER : dockRows(upperOpen, open.node, nodeShare, { upper: stackMin(Number(open.etcd) + Number(open.scheduler)), lower: stackMin(1) }) }}
      >
        <div ref={stackRef} className="ka-dock-stack" style={{ gridTemplateRows: rail ? RAIL_INNER : dockRows(open.etcd, open.scheduler, share, { upper: stackMin(1), lower: stackMin(1) }) }}>
          <EtcdPanel collapsed={!open.etcd} headerExtra={toggle('etcd')} />
          {open.etcd && open.scheduler ? (
            <div
              className="ka-splitter ka-splitter--h"
              role="separator"
              aria-orientation="horizontal"
              aria-label={t('dock.resizeHeight')}
              aria-valuenow={Math.round(share * 100)}
              aria-valuemin={15}
              aria-valuemax={85}
              title={t('dock.resizeHeight')}
              tabIndex={0}
              onPointerDown={dragSplit}
              onKeyDown={splitKeys}
              onDoubleClick={() => setShare(0.6)}
            />
          ) : (
            <div />
          )}
          <SchedulerPanel collapsed={!open.scheduler} headerExtra={toggle('scheduler')} />
        </div>
        {upperOpen && open.node ? (
          <div
            className="ka-splitter ka-splitter--h"
            role="separator"
            aria-orientation="horizontal"
            aria-label={t('dock.resizeHeight')}
            aria-valuenow={Math.round(nodeShare * 100)}
            aria-valuemin={15}
            aria-valuemax={85}
            title={t('dock.resizeHeight')}
            tabIndex={0}
            onPointerDown={dragNodeSplit}
            onKeyDown={nodeSplitKeys}
            onDoubleClick={() => setNodeShare(0.45)}
          />
        ) : (
          <div />
        )}
        <NodePanel collapsed={!open.node} headerExtra={toggle('node')} />
      </div>
    </aside>
  );
}

/** Follows one pointer drag from its pointerdown until release. */
function follow(e: PointerEvent<HTMLDivElement>, onMove: (x: number, y: number) => void): void {
  if (e.button !== 0) return;
  e.preventDefault();
  const el = e.currentTarget;
  el.setPointerCapture(e.pointerId);
  el.classList.add('is-dragging');
  const move = (ev: globalThis.PointerEvent) => onMove(ev.clientX, ev.clientY);
  const up = () => {
    el.classList.remove('is-dragging');
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
    el.removeEventListener('pointercancel', up);
  };
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', up);
}
