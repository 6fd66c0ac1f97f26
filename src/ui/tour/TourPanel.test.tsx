import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { FIXTURE_TOUR } from './fixtureTour.ts';
import { resolveTour } from './resolve.ts';
import { TourPanel } from './TourPanel.tsx';
import { parseTour } from './parse.ts';
import type { Lang } from '../i18n/translate.ts';
import type { Tour } from './types.ts';

// Server rendering runs no effects: this checks the markup and test hooks per step; stepping and
// the playhead are covered by the tour machine's tests and tests/e2e/tours.test.ts.
const tl = helloTimeline();
const render = (tour: Tour, initialStep?: number, lang: Lang = 'en') =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore({ lang })}>
      <TraceProvider timeline={tl}>
        <TourPanel tour={tour} initialStep={initialStep} />
      </TraceProvider>
    </SessionProvider>,
  );

describe('TourPanel markup', () => {
  it('shows the cover with Start and a dot per step', () => {
    const html = render(FIXTURE_TOUR);
    expect(html).toContain('data-testid="tour-panel"');
    expect(html).toContain('data-phase="idle"');
    expect(html).toContain('data-testid="tour-next"');
    expect(html).toContain('Start the tour');
    expect([...html.matchAll(/class="ka-tour-dot[ "]/g)]).toHaveLength(FIXTURE_TOUR.steps.length);
  });

  it('marks the step, its event seq and playhead, with glossary links', () => {
    const resolved = resolveTour(FIXTURE_TOUR, tl);
    const html = render(FIXTURE_TOUR, 1);
    expect(html).toContain(`data-step="1" data-step-id="put" data-step-seq="${resolved.steps[1]?.seq}" data-step-t="${resolved.steps[1]?.t}"`);
    expect(html).toContain('Step 2 of 4');
    expect(html).toContain('data-glossary="etcd"');
  });

  it('asks a question with one radio per choice and no answer shown yet', () => {
    const html = render(FIXTURE_TOUR, 2, 'ja');
    expect(html).toContain('data-phase="asking"');
    expect([...html.matchAll(/type="radio"/g)]).toHaveLength(2);
    expect(html).toContain('data-testid="tour-reveal"');
    expect(html).not.toContain('data-testid="tour-answer"');
    expect(html).toContain('ステップ 3 / 4');
  });

  it('shows the resolve error instead of steps when the tour does not fit the trace', () => {
    const bad = parseTour(
      'tour: bad\nscenario: s\ntitle: {en: B, ja: B}\nsummary: {en: B, ja: B}\nsteps:\n  - id: x\n    title: {en: X, ja: X}\n    text: {en: X, ja: X}\n    at: {op: NoSuchOp}\n',
      'examples/tours/bad.tour.yaml',
    );
    const html = render(bad);
    expect(html).toContain('role="alert"');
    expect(html).toContain('examples/tours/bad.tour.yaml:9:9: step &quot;x&quot;: at matches no event');
  });
});
