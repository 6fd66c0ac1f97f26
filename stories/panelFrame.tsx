import { useState, type ReactNode } from 'react';
import type { Micros } from '../src/base/time.ts';
import { Timeline } from '../src/timeline/index.ts';
import type { TraceEvent, TraceHeader } from '../src/trace/schema.ts';
import type { Lang } from '../src/ui/i18n/translate.ts';
import { SessionProvider } from '../src/ui/session/context.tsx';
import { createSessionStore, type Selection } from '../src/ui/session/store.ts';
import { TraceProvider } from '../src/ui/shell/TraceContext.tsx';
import type { ThemeName } from '../src/ui/theme/themes.ts';
import '../src/ui/styles.css';

/** A Timeline over recorded fixture events (the panels' own fixtures in src/ui/etcd and src/ui/scheduler). */
export function timelineOf(header: TraceHeader, events: readonly TraceEvent[]): Timeline {
  const tl = new Timeline(header);
  tl.append(events);
  return tl;
}

export interface PanelFrameProps {
  timeline: Timeline;
  t: Micros;
  theme?: ThemeName;
  lang?: Lang;
  selection?: Selection;
  width?: number;
  height?: number;
  children: ReactNode;
}

/** One panel in its own session over a fixture timeline, at a fixed playhead (as StoryFrame in harness.tsx). */
export function PanelFrame({ timeline, t, theme = 'light', lang = 'en', selection = null, width = 460, height = 640, children }: PanelFrameProps) {
  const [store] = useState(() => createSessionStore({ t, theme, lang, selection }));
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={timeline}>
        <div className="ka-root ka-chrome-minimal" data-theme={theme} lang={lang} style={{ width, height, display: 'grid', gridTemplateRows: 'minmax(0, 1fr)', overflow: 'hidden' }}>
          {children}
        </div>
      </TraceProvider>
    </SessionProvider>
  );
}
