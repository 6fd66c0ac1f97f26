import { useState, type ReactNode } from 'react';
import type { Micros } from '../src/base/time.ts';
import type { Lang } from '../src/ui/i18n/translate.ts';
import { helloTimeline } from '../src/ui/fixtures/fixtureTimeline.ts';
import { helloEvents } from '../src/ui/fixtures/helloTrace.ts';
import { SessionProvider } from '../src/ui/session/context.tsx';
import { createSessionStore, type Selection } from '../src/ui/session/store.ts';
import { TraceProvider } from '../src/ui/shell/TraceContext.tsx';
import type { ThemeName } from '../src/ui/theme/themes.ts';
import '../src/ui/styles.css';

/** One timeline for all stories: the hand-made hello trace (plain data in src/ui/fixtures). */
export const fixtureTimeline = helloTimeline();

/** Playheads worth looking at in the fixture, by what is happening then. */
export const PLAYHEADS = {
  start: 0,
  apiserverPipeline: helloEvents.find((e) => e.op === 'mutating admission')?.t ?? 0,
  podsUnscheduled: 11_200,
  containersCreating: 28_500,
  pullingImage: 400_000,
  end: fixtureTimeline.endTime,
} satisfies Record<string, Micros>;

export interface FrameProps {
  t: Micros;
  theme?: ThemeName;
  lang?: Lang;
  selection?: Selection;
  width?: number;
  height?: number;
  children: ReactNode;
}

/** A view in its own session (store made by the factory) over the fixture, at a fixed playhead. */
export function StoryFrame({ t, theme = 'light', lang = 'en', selection = null, width = 1200, height = 560, children }: FrameProps) {
  const [store] = useState(() => createSessionStore({ t, theme, lang, selection }));
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={fixtureTimeline}>
        <div className="ka-root ka-chrome-minimal" data-theme={theme} lang={lang} style={{ width, height, display: 'grid', gridTemplateRows: 'minmax(0, 1fr)', overflow: 'hidden' }}>
          {children}
        </div>
      </TraceProvider>
    </SessionProvider>
  );
}
