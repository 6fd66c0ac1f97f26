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
 */
export function FaultMenu() {
  const t = useT();
  const fork = useFork();
  const { timeline } = useTrace();
  const world = useWorld();
  const selection = useSession((s) => s.selection);
  const target = useMemo(() => targetOf(selection, world, (seq) => timeline.bySeq(seq)), [selection, world, timeline]);
  // Only an etcd member's menu needs the trace so far (is a partition on?): not read otherwise.
  const partitioned = useMemo(() => target?.kind === 'etcd' && etcdPartitioned(timeline.eventsIn(0, world.t)), [target, timeline, world.t]);
  const choices = useMemo(() => faultChoices(target, world, { partitioned }), [target, world, partitioned]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const menuId = useId();
  const disabled = !fork.available || fork.busy;
  const why = !fork.available ? t('faults.unavailable') : fork.busy ? t('faults.busy') : t('faults.menuLabel');

  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);

  const openAt = (index: number): void => {
    if (disabled) return;
    setError(null);
    setOpen(true);
    setActive(choices.length === 0 ? 0 : (index + choices.length) % choices.length);
  };
  const close = (focusButton: boolean): void => {
    setOpen(false);
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
      openAt(0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(choices.length - 1);
    }
  };
  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const n = Math.max(1, choices.length);
    const moves: Record<string, number> = { ArrowDown: (active + 1) % n, ArrowUp: (active - 1 + n) % n, Home: 0, End: n - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key] as number);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const c = choices[active];
      if (c) pick(c);
    }
  };

  const targetName = target ? (target.kind === 'etcd' ? target.member : target.name) : '';
  return (
    <div className="fault-menu" onBlur={(e) => open && !e.currentTarget.contains(e.relatedTarget as Node | null) && close(false)}>
      <button
        ref={button}
        type="button"
        data-testid="fault-menu"
        className="fault-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-disabled={disabled || undefined}
        title={why}
        onClick={() => (open ? close(true) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {t('faults.button')} ▾
      </button>
      {open && (
        <ul id={menuId} role="menu" aria-label={t('faults.menuLabel')} className="fault-menu-list" onKeyDown={onMenuKey}>
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
                onClick={() => pick(c)}
                onMouseEnter={() => setActive(i)}
              >
                {t(`faults.kind.${c.kind}` as MessageKey, { target: c.target })}
              </li>
            ))
          )}
        </ul>
      )}
      {error && (
        <span role="status" className="fault-menu-error">
          {t('faults.failed', { error })}
        </span>
      )}
    </div>
  );
}
