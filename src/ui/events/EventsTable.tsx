import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { eventRows, filterRows, lastSeen, visibleRange, type EventRow, type TypeFilter } from './eventRows.ts';
import './events.css';

/** Row height in px at the default type size; the projector themes scale it with --fs. */
const ROW_EM = 1.9;
const TYPES: readonly TypeFilter[] = ['all', 'Normal', 'Warning'];

/**
 * The Kubernetes Events at the playhead, as `kubectl get events` lists them: LAST SEEN (relative
 * to the playhead), TYPE, REASON, OBJECT, MESSAGE, oldest first. Filter by type and text; a
 * click selects the Event in the inspector and seeks to when it was last seen. Only the rows in
 * view are in the DOM, so a trace with tens of thousands of Events stays quick.
 */
export function EventsTable() {
  const t = useT();
  const world = useWorld();
  const { timeline } = useTrace();
  const selection = useSession((s) => s.selection);
  const select = useSession((s) => s.select);
  const seek = useSession((s) => s.seek);
  const [type, setType] = useState<TypeFilter>('all');
  const [text, setText] = useState('');
  const all = useMemo(() => eventRows(world.kubeEvents), [world.kubeEvents]);
  const rows = useMemo(() => filterRows(all, type, text), [all, type, text]);
  const warnings = useMemo(() => all.reduce((n, r) => n + (r.type === 'Warning' ? 1 : 0), 0), [all]);

  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600, rowH: 26 });
  const stick = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const measure = () => {
      const fs = parseFloat(getComputedStyle(el).fontSize) || 13;
      setView({ top: el.scrollTop, height: el.clientHeight || 600, rowH: Math.round(fs * ROW_EM) });
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // Newest at the bottom, as kubectl prints: follow the end while the reader is there.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [rows, view.rowH]);

  const selectedName = useMemo(() => {
    if (selection?.type !== 'event') return undefined;
    const e = timeline.bySeq(selection.seq);
    return e?.kind === 'event' ? `${e.ref?.namespace ?? ''}/${typeof e.attrs?.name === 'string' ? e.attrs.name : `#${e.seq}`}` : undefined;
  }, [selection, timeline]);

  const { start, end } = visibleRange(view.top, view.height, view.rowH, rows.length);
  const rowKey = (r: EventRow) => `${r.namespace ?? ''}/${r.name}`;
  // One tab stop for the whole grid (a roving tabindex, as the ARIA grid pattern asks): the
  // active row, moved with the arrow keys, Home/End and Page Up/Down; Enter or Space opens it.
  // Without a row of its own the active row is the selected Event's, otherwise the newest.
  const [activeKey, setActiveKey] = useState<string | undefined>();
  const selectedIndex = selectedName === undefined ? -1 : rows.findIndex((r) => rowKey(r) === selectedName);
  const keyed = activeKey === undefined ? -1 : rows.findIndex((r) => rowKey(r) === activeKey);
  const active = keyed >= 0 ? keyed : selectedIndex >= 0 ? selectedIndex : rows.length - 1;
  const focusNext = useRef(false);
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    scroller.current?.querySelector<HTMLElement>(`[aria-rowindex="${active + 2}"]`)?.focus({ preventScroll: true });
  });
  const open = (r: EventRow) => {
    setActiveKey(rowKey(r));
    select({ type: 'event', seq: r.seq });
    seek(r.last);
  };
  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const r = rows[i];
    const el = scroller.current;
    if (!r || !el) return;
    if (i * view.rowH < el.scrollTop) el.scrollTop = i * view.rowH;
    else if ((i + 1) * view.rowH > el.scrollTop + el.clientHeight) el.scrollTop = (i + 1) * view.rowH - el.clientHeight;
    stick.current = i === rows.length - 1;
    setView((v) => ({ ...v, top: el.scrollTop }));
    focusNext.current = true;
    setActiveKey(rowKey(r));
  };
  const page = Math.max(1, Math.floor(view.height / view.rowH) - 1);
  const onKey = (ev: KeyboardEvent, r: EventRow, index: number) => {
    const to: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1, PageDown: index + page, PageUp: index - page };
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      open(r);
    } else if (ev.key in to) {
      // The grid's own keys: not the presenter keys (Home/End seek the playhead elsewhere).
      ev.preventDefault();
      ev.stopPropagation();
      moveTo(to[ev.key]!);
    }
  };
  // The rows in view, and the active row even when scrolled away, so the grid keeps its tab stop.
  const shown: number[] = [];
  for (let i = start; i < end; i++) shown.push(i);
  if (active >= 0 && (active < start || active >= end)) shown.push(active);

  return (
    <section className="ka-panel ka-events" data-testid="events-table" aria-label={t('events.title')}>
      <header className="ka-panel-header ka-events-bar">
        <h2>{t('events.title')}</h2>
        <div className="ka-events-types" role="group" aria-label={t('events.type')}>
          {TYPES.map((ty) => (
            <button key={ty} type="button" aria-pressed={type === ty} className={ty === 'Warning' ? 'is-warning' : undefined} onClick={() => setType(ty)} data-testid={`events-type-${ty}`}>
              {ty === 'all' ? t('events.all') : ty}
              {ty === 'Warning' && warnings > 0 ? ` ${warnings}` : ''}
            </button>
          ))}
        </div>
        <input
          type="search"
          className="ka-events-filter"
          value={text}
          placeholder={t('events.filter')}
          aria-label={t('events.filter')}
          onChange={(ev) => setText(ev.target.value)}
          data-testid="events-filter"
        />
        <span className="ka-events-count">{t('events.count', { shown: rows.length, total: all.length })}</span>
      </header>
      <div className="ka-events-grid" role="grid" aria-rowcount={rows.length + 1} aria-label={t('events.title')}>
        <div className="ka-events-row ka-events-head" role="row" aria-rowindex={1}>
          {(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'] as const).map((h) => (
            <span key={h} role="columnheader">
              {h}
            </span>
          ))}
        </div>
        <div
          className="ka-events-scroll"
          ref={scroller}
          onScroll={(ev) => {
            const el = ev.currentTarget;
            stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - view.rowH;
            setView((v) => ({ ...v, top: el.scrollTop }));
          }}
        >
          {rows.length === 0 && <p className="ka-events-empty">{all.length === 0 ? t('events.none') : t('events.noMatch')}</p>}
          <div className="ka-events-space" style={{ height: rows.length * view.rowH }} role="rowgroup">
            {shown.map((index) => {
              const r = rows[index]!;
              const selected = selectedName === rowKey(r);
              return (
                <div
                  key={rowKey(r)}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={selected}
                  tabIndex={index === active ? 0 : -1}
                  className={`ka-events-row${r.type === 'Warning' ? ' is-warning' : ''}${selected ? ' is-selected' : ''}`}
                  style={{ top: index * view.rowH, height: view.rowH }}
                  onClick={() => open(r)}
                  onFocus={() => setActiveKey(rowKey(r))}
                  onKeyDown={(ev) => onKey(ev, r, index)}
                  data-testid="events-row"
                  data-seq={r.seq}
                >
                  <span role="gridcell">{lastSeen(r, world.t)}</span>
                  <span role="gridcell" className="ka-events-type">
                    {r.type}
                  </span>
                  <span role="gridcell">{r.reason}</span>
                  <span role="gridcell" title={r.object}>
                    {r.object}
                  </span>
                  <span role="gridcell" title={r.message}>
                    {r.message}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
