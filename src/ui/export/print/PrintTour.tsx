import { useEffect, useMemo, useRef, useState } from 'react';
import type { Timeline } from '../../../timeline/index.ts';
import { useT } from '../../i18n/useT.ts';
import type { Lang } from '../../i18n/translate.ts';
import { SessionProvider } from '../../session/context.tsx';
import { createSessionStore } from '../../session/store.ts';
import { TraceProvider } from '../../shell/TraceContext.tsx';
import { Topology } from '../../topology/Topology.tsx';
import { resolveTour } from '../../tour/resolve.ts';
import type { Tour } from '../../tour/types.ts';
import { narrationParagraphs } from '../caption.ts';
import { diagramLayers, frameSvg } from '../svgFrame.ts';
import '../../styles.css';
import './print.css';

/** The picture size of a printed step: 16:9, sharp on an A4 or Letter page in landscape. */
const PICTURE = { width: 1600, height: 900 } as const;

const nextPaint = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/**
 * "Print the tour" (`#/print?tour=<name>&lang=…`): every step on its own page (CSS @page and
 * break-after) with its title, its narration and a static picture of the topology at the step's
 * playhead. The pictures are drawn by one off-screen diagram moved from step to step (the same
 * SVG export as the Export menu's), then shown as images, so the printed pages do not depend on
 * the live views. Light theme: paper is white.
 */
export function PrintTour({ tour, timeline, lang }: { tour: Tour; timeline: Timeline; lang: Lang }) {
  const [store] = useState(() => createSessionStore({ lang, theme: 'light' }));
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={timeline}>
        <PrintPages tour={tour} timeline={timeline} lang={lang} store={store} />
      </TraceProvider>
    </SessionProvider>
  );
}

function PrintPages({ tour, timeline, lang, store }: { tour: Tour; timeline: Timeline; lang: Lang; store: ReturnType<typeof createSessionStore> }) {
  const t = useT();
  const stage = useRef<HTMLDivElement>(null);
  const resolved = useMemo(() => {
    try {
      return { ok: true as const, tour: resolveTour(tour, timeline) };
    } catch (e) {
      return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
    }
  }, [tour, timeline]);
  const [pictures, setPictures] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!resolved.ok) return;
    let cancelled = false;
    void (async () => {
      const out: string[] = [];
      try {
        for (const step of resolved.tour.steps) {
          const s = store.getState();
          s.seek(step.t);
          // The step's event selected, as the tour panel does, so its Pod or component is lit.
          s.select({ type: 'event', seq: step.seq });
          await nextPaint();
          if (cancelled) return;
          const layers = diagramLayers(stage.current);
          if (layers.length === 0) throw new Error(t('export.noDiagram'));
          out.push(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(frameSvg(layers, PICTURE))}`);
          setPictures([...out]);
        }
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [resolved, store, t]);

  useEffect(() => {
    document.title = t('export.printTitle', { title: tour.title[lang] });
  }, [t, tour, lang]);

  if (!resolved.ok) return <div className="ka-splash ka-splash--error" role="alert" data-testid="print-error">{t('export.printFailed', { error: resolved.message })}</div>;
  const steps = resolved.tour.steps;
  const done = pictures.length === steps.length;
  return (
    <div className="ka-print" data-theme="light" lang={lang} data-testid="print-tour" data-ready={done}>
      <header className="ka-print-bar">
        <h1>{tour.title[lang]}</h1>
        {error ? (
          <p role="alert" className="ka-print-error">{t('export.printFailed', { error })}</p>
        ) : done ? (
          <button type="button" className="ka-btn ka-btn--primary ka-print-button" data-testid="print-button" onClick={() => window.print()}>
            {t('export.printButton')}
          </button>
        ) : (
          <p role="status">{t('export.printLoading', { n: pictures.length + 1, total: steps.length })}</p>
        )}
      </header>
      {steps.map((st, i) => (
        <section className="ka-print-page" key={st.step.id} data-testid="print-page" data-step={i + 1}>
          <p className="ka-print-count">{t('export.printStep', { n: i + 1, total: steps.length })} · {tour.title[lang]}</p>
          <h2>{st.step.title[lang]}</h2>
          {pictures[i] ? <img className="ka-print-picture" src={pictures[i]} width={PICTURE.width} height={PICTURE.height} alt={st.step.title[lang]} data-testid="print-picture" /> : <div className="ka-print-picture ka-print-pending" />}
          {narrationParagraphs(st.step.text[lang]).map((p, j) => (
            <p className="ka-print-text" key={j}>
              {p}
            </p>
          ))}
        </section>
      ))}
      {/* The diagram the pictures are drawn from: laid out at the picture's size, off screen, hidden from assistive tech. */}
      {!done && !error && (
        <div ref={stage} className="ka-root ka-print-stage" data-theme="light" aria-hidden="true">
          <Topology />
        </div>
      )}
    </div>
  );
}
