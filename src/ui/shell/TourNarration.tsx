import { useCallback } from 'react';
import { useSessionStore } from '../session/context.tsx';
import type { BottomTab, DockPanel } from '../session/store.ts';
import { TourPanel, type TourStepInfo } from '../tour/TourPanel.tsx';
import type { Tour, TourView } from '../tour/types.ts';

/** The tour views that are a tab of the bottom pane, and the ones that are a dock panel. */
const TAB_OF: Partial<Record<TourView, BottomTab>> = { swimlane: 'timeline', events: 'events', console: 'console', statechart: 'statechart' };
const PANEL_OF: Partial<Record<TourView, DockPanel>> = { etcd: 'etcd', scheduler: 'scheduler', node: 'node' };

/**
 * A tour's narration in the shell: the panel, plus what a step asks for on screen. A step that
 * names views brings them forward: the first bottom-pane view it names becomes the tab, and the
 * dock panels it names open (the others keep their state, so the presenter's own choices stay).
 */
export function TourNarration({ tour, initialStep }: { tour: Tour; initialStep?: number }) {
  const store = useSessionStore();
  const onStep = useCallback(
    ({ views }: TourStepInfo) => {
      const s = store.getState();
      const tab = views.map((v) => TAB_OF[v]).find((x) => x !== undefined);
      if (tab !== undefined && s.bottomTab !== tab) s.setBottomTab(tab);
      const panels = views.map((v) => PANEL_OF[v]).filter((x): x is DockPanel => x !== undefined);
      if (panels.length > 0) s.setDockOpen(Object.fromEntries(panels.map((p) => [p, true])));
    },
    [store],
  );
  return <TourPanel tour={tour} onStep={onStep} {...(initialStep !== undefined ? { initialStep } : {})} />;
}
