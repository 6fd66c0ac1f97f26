import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '../i18n/useT.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { StepRow } from './model.ts';

const STATUS_KEY: Record<StepRow['status'], MessageKey> = {
  same: 'compare.status.same',
  missing: 'compare.status.missing',
  extra: 'compare.status.extra',
  reordered: 'compare.status.reordered',
};

/** Seconds since each trace's origin, as the step list shows them (µs → s, 3 decimals). */
const secs = (us: number | undefined) => (us === undefined ? '—' : `${(us / 1_000_000).toFixed(3)} s`);

/**
 * The compared steps, each with its status (same / missing from the recording / extra in it /
 * in another order) and its time on each side. Clicking a step, or moving to it with ↑ ↓ Home
 * End, seeks both panes to it. The step at the playhead is marked `aria-current`.
 */
export function StepList({ rows, active, onChoose }: { rows: readonly StepRow[]; active: number; onChoose(row: StepRow): void }) {
  const t = useT();
  const listRef = useRef<HTMLOListElement>(null);
  const focusRow = (i: number) => {
    const row = rows[i];
    if (!row) return;
    onChoose(row);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-index="${i}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const from = Math.max(0, active);
    const to = e.key === 'ArrowDown' ? from + (active < 0 ? 0 : 1) : e.key === 'ArrowUp' ? from - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : undefined;
    if (to === undefined) return;
    e.preventDefault();
    focusRow(Math.max(0, Math.min(rows.length - 1, to)));
  };
  // Keep the step at the playhead in view while playing.
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);
  return (
    <div className="ka-compare-steps">
      <h3 id="ka-compare-steps-title">{t('compare.steps')}</h3>
      <ol ref={listRef} aria-labelledby="ka-compare-steps-title" onKeyDown={onKeyDown} data-testid="compare-steps">
        {rows.map((r) => (
          <li key={r.index}>
            <button
              type="button"
              className={`ka-compare-step is-${r.status}${r.index === active ? ' is-active' : ''}`}
              data-testid="compare-step"
              data-index={r.index}
              data-status={r.status}
              data-signature={r.signature}
              aria-current={r.index === active ? 'step' : undefined}
              tabIndex={r.index === Math.max(0, active) ? 0 : -1}
              onClick={() => focusRow(r.index)}
            >
              <span className="ka-compare-badge">{t(STATUS_KEY[r.status])}</span>
              <code className="ka-compare-label">{r.label}</code>
              <span className="ka-compare-time">{secs(r.simT)}</span>
              <span className="ka-compare-time">{secs(r.realT)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
