import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { formatDuration } from '../../base/time.ts';
import type { Lang } from '../i18n/translate.ts';
import { useT } from '../i18n/useT.ts';
import { createTourActor, phaseOf, type TourPhase } from '../machines/tour.machine.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import { GlossaryList, GlossaryPopover } from './Glossary.tsx';
import { parseNarration } from './narration.ts';
import { resolveTour } from './resolve.ts';
import './tour.css';
import type { Bilingual, ResolvedStep, ResolvedTour, Tour, TourView } from './types.ts';
import { registerTourKeys, tourKeyStep } from './useTourKeys.ts';

/** What the shell learns when the tour moves: the step (-1 on the cover, `count` at the end) and the views it wants in front. */
export interface TourStepInfo {
  index: number;
  count: number;
  views: readonly TourView[];
}

export interface TourPanelProps {
  tour: Tour;
  /** Start on this step (0-based), e.g. from the embed's `step=` parameter; default: the cover. */
  initialStep?: number;
  /** Called on every step change, so the shell can bring the step's views forward. */
  onStep?: (info: TourStepInfo) => void;
  /**
   * The embed's form (src/embed): title, progress, the step's text and Back/Next only, for a
   * slide. Its Next on the last step hands over to the host deck (tourKeyStep) instead of
   * showing the end page, and its Back on the first step does not go to the cover.
   */
  compact?: boolean;
}

const pick = (b: Bilingual, lang: Lang) => b[lang];

/**
 * A tour's narration beside the topology: the steps of `tour`, bound to the loaded trace. Each
 * step moves the playhead to its event (`t + dur`) and selects it, so the inspector, swimlane and
 * topology show it; playing from a step runs to the next step's playhead and stops there, on that
 * step. The tour's position lives in the tour machine, so switching the language keeps it.
 */
export function TourPanel({ tour, initialStep, onStep, compact = false }: TourPanelProps) {
  const { timeline } = useTrace();
  const t = useT();
  // A streaming trace grows; resolve once the events a step needs are there (version bumps on append).
  const { version } = useTrace();
  const resolved = useMemo((): { ok: true; tour: ResolvedTour } | { ok: false; message: string } => {
    try {
      return { ok: true, tour: resolveTour(tour, timeline) };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tour, timeline, version]);
  if (!resolved.ok) {
    return (
      <section className="ka-tour" data-testid="tour-panel" data-tour={tour.name} aria-label={t('tour.label')}>
        <p role="alert" className="ka-tour-error">
          {t('tour.resolveError', { message: resolved.message })}
        </p>
      </section>
    );
  }
  return <ResolvedTourPanel resolved={resolved.tour} initialStep={initialStep} onStep={onStep} compact={compact} />;
}

function useTourActor(resolved: ResolvedTour, initialStep: number | undefined) {
  const [actor] = useState(() => {
    const a = createTourActor({ questions: resolved.steps.map((s) => s.question !== undefined) });
    if (initialStep !== undefined) a.send({ type: 'GOTO', index: initialStep });
    return a;
  });
  // Not stopped on unmount: the machine has no timers or children, and React's StrictMode
  // unmounts and remounts once, which would leave a stopped actor behind.
  const snapshot = useSyncExternalStore(
    (fn) => {
      const sub = actor.subscribe(fn);
      return () => sub.unsubscribe();
    },
    () => actor.getSnapshot(),
    () => actor.getSnapshot(),
  );
  return { actor, snapshot };
}

function ResolvedTourPanel({ resolved, initialStep, onStep, compact }: { resolved: ResolvedTour; initialStep?: number; onStep?: (info: TourStepInfo) => void; compact: boolean }) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  const store = useSessionStore();
  const { actor, snapshot } = useTourActor(resolved, initialStep);
  const phase: TourPhase = phaseOf(snapshot);
  const count = resolved.steps.length;
  const index = phase === 'ended' ? count : snapshot.context.index;
  const current: ResolvedStep | undefined = resolved.steps[index];
  // The open glossary entry belongs to the step it was opened on: another step shows none.
  const [glossary, setGlossary] = useState<{ index: number; id: string } | null>(null);
  const glossaryOpen = glossary?.index === index ? glossary.id : null;
  const setGlossaryOpen = (id: string | null) => setGlossary(id === null ? null : { index, id });
  const [listOpen, setListOpen] = useState(false);
  const narrationRef = useRef<HTMLDivElement>(null);
  const onStepRef = useRef(onStep);
  useEffect(() => {
    onStepRef.current = onStep;
  });

  // The playhead follows the step: seek to its event and select it.
  useEffect(() => {
    const s = store.getState();
    const step = resolved.steps[index];
    if (step) {
      s.pause();
      s.seek(step.t);
      s.select({ type: 'event', seq: step.seq });
    }
    onStepRef.current?.({ index: phase === 'idle' ? -1 : index, count, views: step?.step.views ?? [] });
    // phase matters only as idle/not idle, which index already tells
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index, resolved, store, count]);

  // Playing from a step runs to the next step's playhead, stops there and makes it the step.
  useEffect(
    () =>
      store.subscribe((s) => {
        if (!s.playing) return;
        const snap = actor.getSnapshot();
        if (snap.matches('ended')) return;
        const next = resolved.steps[snap.context.index + 1];
        if (next && s.t >= next.t) {
          s.pause();
          actor.send({ type: snap.matches('idle') ? 'START' : 'NEXT' });
        }
      }),
    [store, actor, resolved],
  );

  useEffect(
    () =>
      registerTourKeys(store, {
        next: () => actor.send({ type: 'NEXT' }),
        back: () => actor.send({ type: 'BACK' }),
        goto: (i) => actor.send({ type: 'GOTO', index: i }),
        position: () => {
          const snap = actor.getSnapshot();
          const p = phaseOf(snap);
          return { name: resolved.tour.name, index: p === 'ended' ? resolved.steps.length : p === 'idle' ? -1 : snap.context.index, count: resolved.steps.length };
        },
      }),
    [store, actor, resolved],
  );
  // The compact panel's buttons act as the presenter keys do in an embed (see tourKeyStep).
  const goNext = () => (compact ? tourKeyStep(store, 'next', '') : actor.send({ type: 'NEXT' }));
  const goBack = () => (compact ? tourKeyStep(store, 'back', '') : actor.send({ type: 'BACK' }));

  const step = current?.step;
  const picked = snapshot.context.picked[index];
  const label = (id: string) => {
    const c = current?.question?.choices.find((x) => x.id === id);
    return c ? pick(c.label, lang) : id;
  };

  return (
    <section
      className={`ka-tour${compact ? ' ka-tour--compact' : ''}`}
      data-testid="tour-panel"
      data-tour={resolved.tour.name}
      data-phase={phase}
      data-step={phase === 'idle' ? -1 : index}
      data-step-id={step?.id}
      data-step-seq={current?.seq}
      data-step-t={current?.t}
      aria-label={t('tour.label')}
    >
      <header className="ka-tour-head">
        <h2 className="ka-tour-title">
          <Inline text={pick(resolved.tour.title, lang)} />
        </h2>
        {!compact && (
          <button type="button" className="ka-btn ka-tour-glossary-btn" data-testid="tour-glossary" aria-expanded={listOpen} onClick={() => setListOpen((v) => !v)}>
            {t('tour.glossary')}
          </button>
        )}
      </header>
      <nav className="ka-tour-progress" data-testid="tour-progress" aria-label={t('tour.progress', { n: Math.max(1, Math.min(index + 1, count)), total: count })}>
        <span className="ka-tour-progress-text">{phase === 'idle' ? '' : t('tour.progress', { n: Math.min(index + 1, count), total: count })}</span>
        <ol className="ka-tour-dots">
          {resolved.steps.map((s, i) => (
            <li key={s.step.id}>
              <button
                type="button"
                className={`ka-tour-dot${i === index ? ' is-current' : ''}${i < index ? ' is-done' : ''}`}
                aria-label={t('tour.gotoStep', { n: i + 1, title: pick(s.step.title, lang) })}
                title={pick(s.step.title, lang)}
                aria-current={i === index ? 'step' : undefined}
                onClick={() => actor.send({ type: 'GOTO', index: i })}
              />
            </li>
          ))}
        </ol>
      </nav>

      <div className="ka-tour-body" ref={narrationRef}>
        {phase === 'idle' && (
          <>
            <Narration text={pick(resolved.tour.summary, lang)} onGlossary={setGlossaryOpen} />
            <p className="ka-tour-muted">{t('tour.cover', { total: count })}</p>
          </>
        )}
        {step && current && (
          <>
            <h3 className="ka-tour-step-title" data-testid="tour-step-title">
              <Inline text={pick(step.title, lang)} />
            </h3>
            <Narration text={pick(step.text, lang)} onGlossary={setGlossaryOpen} />
            <p className="ka-tour-muted ka-tour-event">{t('tour.event', { seq: current.seq, time: formatDuration(current.t) })}</p>
            {step.question && current.question && (
              <fieldset className="ka-tour-question" data-testid="tour-question" data-answered={phase === 'answered'}>
                <legend>{t('tour.question')}</legend>
                <Narration text={pick(step.question.prompt, lang)} onGlossary={setGlossaryOpen} />
                <div className="ka-tour-choices" role="radiogroup">
                  {current.question.choices.map((c) => (
                    <label key={c.id} className={`ka-tour-choice${phase === 'answered' && c.id === current.question?.correct ? ' is-correct' : ''}`}>
                      <input
                        type="radio"
                        name={`tour-${resolved.tour.name}-${step.id}`}
                        value={c.id}
                        data-testid="tour-choice"
                        checked={picked === c.id}
                        disabled={phase === 'answered'}
                        onChange={() => actor.send({ type: 'PICK', choice: c.id })}
                      />
                      <span>{pick(c.label, lang)}</span>
                    </label>
                  ))}
                </div>
                {phase === 'asking' ? (
                  <button type="button" className="ka-btn" data-testid="tour-reveal" disabled={picked === undefined} title={picked === undefined ? t('tour.pickFirst') : undefined} onClick={() => actor.send({ type: 'REVEAL' })}>
                    {t('tour.reveal')}
                  </button>
                ) : (
                  <div className="ka-tour-reveal" data-testid="tour-answer" data-correct={current.question.correct} role="status">
                    <p className={picked === current.question.correct ? 'is-right' : 'is-wrong'}>
                      {picked === current.question.correct ? t('tour.correct', { answer: label(current.question.correct) }) : t('tour.wrong', { answer: label(current.question.correct) })}
                    </p>
                    <Narration text={pick(step.question.explain, lang)} onGlossary={setGlossaryOpen} />
                  </div>
                )}
              </fieldset>
            )}
          </>
        )}
        {phase === 'ended' && <p className="ka-tour-end">{t('tour.ended')}</p>}
        {glossaryOpen !== null && <GlossaryPopover id={glossaryOpen} onClose={() => setGlossaryOpen(null)} onOpen={setGlossaryOpen} />}
      </div>

      <footer className="ka-tour-nav">
        <button type="button" className="ka-btn" data-testid="tour-back" disabled={phase === 'idle'} onClick={goBack}>
          {t('tour.back')}
        </button>
        {phase === 'ended' ? (
          <button type="button" className="ka-btn ka-btn--primary" data-testid="tour-restart" onClick={() => actor.send({ type: 'RESTART' })}>
            {t('tour.restart')}
          </button>
        ) : (
          <button type="button" className="ka-btn ka-btn--primary" data-testid="tour-next" onClick={goNext}>
            {phase === 'idle' ? t('tour.start') : index === count - 1 ? t('tour.finish') : t('tour.next')}
          </button>
        )}
      </footer>
      {!compact && <p className="ka-tour-keys ka-tour-muted">{t('tour.keys')}</p>}
      {listOpen && <GlossaryList onClose={() => setListOpen(false)} />}
    </section>
  );
}

function Narration({ text, onGlossary }: { text: string; onGlossary: (id: string) => void }) {
  const paragraphs = parseNarration(text);
  return (
    <div className="ka-tour-text">
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.map((tok, j): ReactNode => {
            if (tok.type === 'text') return tok.text;
            if (tok.type === 'code') return <code key={j}>{tok.text}</code>;
            return (
              <button type="button" key={j} className="ka-glossary-link" data-testid="glossary-link" data-glossary={tok.id} onClick={() => onGlossary(tok.id)}>
                {tok.text}
              </button>
            );
          })}
        </p>
      ))}
    </div>
  );
}

/** A title: `code` spans only (titles carry no glossary links). */
function Inline({ text }: { text: string }) {
  return (
    <>
      {(parseNarration(text)[0] ?? []).map((tok, i): ReactNode => (tok.type === 'code' ? <code key={i}>{tok.text}</code> : tok.text))}
    </>
  );
}
