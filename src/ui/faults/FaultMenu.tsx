import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useFork } from '../branches/context.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { etcdPartitioned, faultChoices, targetOf, type FaultChoice } from './choices.ts';
import './faults.css';

/**
 * "Inject fault": a menu button (WAI-ARIA menu button pattern) listing the faults that apply to
 * the selection at the playhead (choices.ts). Picking one forks the run there (useFork().act):
 * the new branch runs the fault, or the `kubectl delete pod` command, at the playhead.
 * Unavailable for a recorded trace: the button stays focusable, aria-disabled, with the reason
 * as its tooltip.
 *
 * What the menu offers depends on the world at the playhead, so it is computed only while the menu
 * is open (FaultList): the closed button does not re-render at every frame of playback.
 */
export function FaultMenu() {
  const t = useT();
  const fork = useFork();
  // Where the open menu puts focus first: its first item (Enter, ↓, click) or its last (↑).
  const [open, setOpen] = useState<'first' | 'last' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const disabled = !fork.available || fork.busy;
  const why = !fork.available ? t('faults.unavailable') : fork.busy ? t('faults.busy') : t('faults.menuLabel');

  const openAt = (start: 'first' | 'last'): void => {
    if (disabled) return;
    setError(null);
    setOpen(start);
  };
  const close = (focusButton: boolean): void => {
    setOpen(null);
    if (focusButton) button.current?.focus();
  };
  const pick = (choice: FaultChoice): void => {
    close(true);
    void fork.act(choice.action).then((r) => {
      if (!r.ok) setError(r.error);
    });
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openAt('first');
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt('last');
    }
  };

  return (
    <div className="fault-menu" onBlur={(e) => open && !e.currentTarget.contains(e.relatedTarget as Node | null) && close(false)}>
      <button
        ref={button}
        type="button"
        data-testid="fault-menu"
        className="fault-menu-button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        aria-disabled={disabled || undefined}
        title={why}
        onClick={() => (open ? close(true) : openAt('first'))}
        onKeyDown={onButtonKey}
      >
        {t('faults.button')} ▾
      </button>
      {open && <FaultList id={menuId} start={open} onPick={pick} onClose={close} />}
      {error && (
        <span role="status" className="fault-menu-error">
          {t('faults.failed', { error })}
        </span>
      )}
    </div>
  );
}

/** The open menu: the faults that apply to the selection at the playhead (mounted only while open). */
function FaultList({ id, start, onPick, onClose }: { id: string; start: 'first' | 'last'; onPick: (c: FaultChoice) => void; onClose: (focusButton: boolean) => void }) {
  const t = useT();
  const { timeline } = useTrace();
  const world = useWorld();
  const selection = useSession((s) => s.selection);
  const target = useMemo(() => targetOf(selection, world, (seq) => timeline.bySeq(seq)), [selection, world, timeline]);
  // Only an etcd member's menu needs the trace so far (is a partition on?): not read otherwise.
  const partitioned = useMemo(() => target?.kind === 'etcd' && etcdPartitioned(timeline.eventsIn(0, world.t)), [target, timeline, world.t]);
  const choices = useMemo(() => faultChoices(target, world, { partitioned }), [target, world, partitioned]);
  const [active, setActive] = useState(() => (start === 'last' ? Math.max(0, choices.length - 1) : 0));
  const items = useRef<(HTMLLIElement | null)[]>([]);

  useEffect(() => {
    items.current[active]?.focus();
  }, [active]);

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const n = Math.max(1, choices.length);
    const moves: Record<string, number> = { ArrowDown: (active + 1) % n, ArrowUp: (active - 1 + n) % n, Home: 0, End: n - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key] as number);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose(true);
    } else if (e.key === 'Tab') {
      onClose(false);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const c = choices[active];
      if (c) onPick(c);
    }
  };

  const targetName = target ? (target.kind === 'etcd' ? target.member : target.name) : '';
  return (
    <ul id={id} role="menu" aria-label={t('faults.menuLabel')} className="fault-menu-list" onKeyDown={onMenuKey}>
      {choices.length === 0 ? (
        <li role="menuitem" aria-disabled="true" tabIndex={-1} ref={(el) => { items.current[0] = el; }} className="fault-menu-empty">
          {target ? t('faults.noneForTarget', { target: targetName }) : t('faults.none')}
        </li>
      ) : (
        choices.map((c, i) => (
          <li
            key={c.id}
            role="menuitem"
            tabIndex={-1}
            data-fault={c.id}
            ref={(el) => {
              items.current[i] = el;
            }}
            className={i === active ? 'fault-menu-item active' : 'fault-menu-item'}
            onClick={() => onPick(c)}
            onMouseEnter={() => setActive(i)}
          >
            {t(`faults.kind.${c.kind}` as MessageKey, { target: c.target })}
          </li>
        ))
      )}
    </ul>
  );
}
