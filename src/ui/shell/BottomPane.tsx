import type { KeyboardEvent } from 'react';
import { BranchChip } from '../branches/BranchChip.tsx';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { BOTTOM_TABS, type BottomTab } from '../session/store.ts';
import { Swimlane } from '../swimlane/Swimlane.tsx';
import { DeferredView } from './Deferred.tsx';
import { lazyView } from './lazyView.ts';

// The timeline is the first frame's; the other tabs' code comes when their tab is first picked
// (or when the browser is idle after the first frame: see Workbench).
export const EventsTable = lazyView(() => import('../events/EventsTable.tsx'), 'EventsTable');
export const ConsolePanel = lazyView(() => import('../console/ConsolePanel.tsx'), 'ConsolePanel');
export const StateChartView = lazyView(() => import('../statechart/StateChartView.tsx'), 'StateChartView');

const LABEL = {
  timeline: 'shell.tab.timeline',
  events: 'shell.tab.events',
  console: 'shell.tab.console',
  statechart: 'shell.tab.statechart',
} as const satisfies Record<BottomTab, string>;

/**
 * The tab strip of the bottom pane (WAI-ARIA tabs: arrows move between tabs, Home/End to the
 * ends). The arrows are the presenter's step keys elsewhere, so here they stop at the tab list.
 * The branch chip follows the tabs, outside the tablist (only tabs may be in one), so the
 * current branch and the way back to the earlier one show on every tab.
 */
export function BottomTabs() {
  const t = useT();
  const tab = useSession((s) => s.bottomTab);
  const setTab = useSession((s) => s.setBottomTab);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = BOTTOM_TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? BOTTOM_TABS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    const to = BOTTOM_TABS[(next + BOTTOM_TABS.length) % BOTTOM_TABS.length] as BottomTab;
    setTab(to);
    e.currentTarget.querySelector<HTMLButtonElement>(`#ka-tab-${to}`)?.focus();
  };
  return (
    <>
      <div className="ka-tabs" role="tablist" aria-label={t('shell.bottomViews')} onKeyDown={onKey}>
        {BOTTOM_TABS.map((name) => (
          <button
            key={name}
            id={`ka-tab-${name}`}
            type="button"
            role="tab"
            className="ka-tab"
            aria-selected={tab === name}
            aria-controls="ka-bottom-view"
            tabIndex={tab === name ? 0 : -1}
            data-testid={`tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(LABEL[name])}
          </button>
        ))}
      </div>
      <BranchChip />
    </>
  );
}

/** The view of the selected tab; only that one is mounted (the others cost nothing). */
export function BottomView() {
  const tab = useSession((s) => s.bottomTab);
  return (
    <div id="ka-bottom-view" className="ka-bottom-view" role="tabpanel" aria-labelledby={`ka-tab-${tab}`}>
      {tab === 'timeline' ? (
        <Swimlane />
      ) : (
        <DeferredView what={LABEL[tab]} className="ka-lazy--fill">
          {tab === 'events' ? <EventsTable /> : tab === 'console' ? <ConsolePanel /> : <StateChartView />}
        </DeferredView>
      )}
    </div>
  );
}
