import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/useT.ts';
import { useFork } from './context.ts';
import { formatForkTime } from './tree.ts';
import './branches.css';

/**
 * The current branch of the run, whatever bottom tab is open (issue 6): a chip that opens a menu
 * of every branch, and beside it a button back to the branch this one was forked from. The
 * Console tab has the full switcher; this is how the way back stays in view on the Timeline or
 * Events tab while comparing branches. Hidden while there is only the scenario as written.
 *
 * Keys (WAI-ARIA menu button): Enter, Space or ↓ open the menu on the current branch, ↑ on the
 * last; ↑ ↓ Home End move, Enter or Space choose, Escape or Tab close. Keys stop here: the
 * arrows and Space are the presenter's keys elsewhere.
 */
export function BranchChip() {
  const t = useT();
  const fork = useFork();
  const [open, setOpen] = useState(false);
  const chip = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  // A click anywhere else closes the menu, as a native select's list closes.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (target && !menu.current?.contains(target) && !chip.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  if (!fork.available || fork.branches.length < 2) return null;
  const current = fork.branches.find((b) => b.id === fork.current) ?? fork.branches[0];
  if (!current) return null;
  const parent = current.parent;

  const items = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
  const focusItem = (which: 'current' | 'first' | 'last') => {
    // After React has drawn the menu.
    requestAnimationFrame(() => {
      const all = items();
      const el = which === 'first' ? all[0] : which === 'last' ? all[all.length - 1] : (all.find((i) => i.getAttribute('aria-checked') === 'true') ?? all[0]);
      el?.focus({ preventScroll: true });
    });
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) chip.current?.focus();
  };
  const choose = (id: number) => {
    close(true);
    if (id !== fork.current) fork.switchTo(id);
  };

  const onChipKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    e.stopPropagation();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      focusItem(e.key === 'ArrowUp' ? 'last' : 'current');
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close(true);
    }
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const to = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : undefined;
    if (to !== undefined) {
      e.preventDefault();
      all[(to + all.length) % all.length]?.focus({ preventScroll: true });
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') close(false);
  };

  const name = t('console.chipBranch', { id: current.id });
  return (
    <div className="ka-branch-chip" data-testid="branch-chip-group">
      {parent !== null ? (
        <button type="button" className="ka-branch-back" data-testid="branch-back" disabled={fork.busy} aria-label={t('console.back', { id: parent })} title={t('console.backTitle', { id: parent })} onKeyDown={(e) => e.stopPropagation()} onClick={() => fork.switchTo(parent)}>
          <span aria-hidden="true">↩ </span>
          {t('console.chipBranch', { id: parent })}
        </button>
      ) : null}
      <button
        ref={chip}
        type="button"
        className="ka-branch-chip-button"
        data-testid="branch-chip"
        data-branch={current.id}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={t('console.chipLabel', { name, n: fork.branches.length })}
        title={current.parent === null ? t('console.branch0') : t('console.branchN', { id: current.id, parent: current.parent, t: formatForkTime(current.forkT), label: current.label })}
        disabled={fork.busy}
        onKeyDown={onChipKey}
        onClick={() => {
          if (open) close(false);
          else {
            setOpen(true);
            focusItem('current');
          }
        }}
      >
        {/* A drawn fork, not a glyph: ⑂ is missing from the CJK fonts a projector machine has. */}
        <svg className="ka-branch-chip-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path d="M5 3v10M5 9c0-3 6-2 6-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="5" cy="13" r="1.8" fill="currentColor" />
          <circle cx="11" cy="3" r="1.8" fill="currentColor" />
        </svg>
        {name}
        <span className="ka-branch-chip-count">/{fork.branches.length}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <div ref={menu} id={menuId} className="ka-branch-menu" role="menu" aria-label={t('console.branches')} data-testid="branch-menu" onKeyDown={onMenuKey}>
          {fork.branches.map((b) => (
            <button key={b.id} type="button" role="menuitemradio" aria-checked={b.id === fork.current} className="ka-branch-menu-item" data-testid={`branch-item-${b.id}`} tabIndex={-1} onClick={() => choose(b.id)}>
              <span className="ka-branch-menu-mark" aria-hidden="true">
                {b.id === fork.current ? '●' : ''}
              </span>
              {b.parent === null ? t('console.branch0') : t('console.branchN', { id: b.id, parent: b.parent, t: formatForkTime(b.forkT), label: b.label })}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
