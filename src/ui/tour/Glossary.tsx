import { useEffect, useRef } from 'react';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { GLOSSARY, glossaryEntry } from './glossary/index.ts';

/**
 * One glossary entry beside the narration that links it: term, text in the session's language,
 * and its related entries (which open in place). Escape or Close shuts it; focus moves into it
 * when it opens so a keyboard user lands on the text.
 */
export function GlossaryPopover({ id, onClose, onOpen }: { id: string; onClose: () => void; onOpen: (id: string) => void }) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  const entry = glossaryEntry(id);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [id]);
  return (
    <div
      ref={ref}
      className="ka-glossary-popover"
      data-testid="glossary-popover"
      data-glossary={id}
      role="dialog"
      aria-label={entry ? entry.term[lang] : id}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {entry ? (
        <>
          <h4 className="ka-glossary-term">{entry.term[lang]}</h4>
          <p>{entry.text[lang]}</p>
          {entry.see && entry.see.length > 0 && (
            <p className="ka-glossary-see">
              {t('tour.glossarySee')}{' '}
              {entry.see.map((s, i) => (
                <span key={s}>
                  {i > 0 && ', '}
                  <button type="button" className="ka-glossary-link" onClick={() => onOpen(s)}>
                    {glossaryEntry(s)?.term[lang] ?? s}
                  </button>
                </span>
              ))}
            </p>
          )}
        </>
      ) : (
        <p>{t('tour.glossaryUnknown', { id })}</p>
      )}
      <button type="button" className="ka-btn ka-glossary-close" onClick={onClose}>
        {t('tour.glossaryClose')}
      </button>
    </div>
  );
}

/** Every glossary entry, in both languages side by side (the glossary page). */
export function GlossaryList({ onClose }: { onClose?: () => void }) {
  const t = useT();
  return (
    <section className="ka-glossary" data-testid="glossary" aria-label={t('tour.glossary')}>
      <header className="ka-glossary-head">
        <h3>{t('tour.glossaryTitle')}</h3>
        {onClose && (
          <button type="button" className="ka-btn" onClick={onClose}>
            {t('tour.glossaryClose')}
          </button>
        )}
      </header>
      <dl>
        {GLOSSARY.map((e) => (
          <div key={e.id} className="ka-glossary-entry" id={`glossary-${e.id}`} data-glossary={e.id}>
            <dt>
              <span lang="en">{e.term.en}</span>
              {e.term.ja !== e.term.en && (
                <>
                  {' / '}
                  <span lang="ja">{e.term.ja}</span>
                </>
              )}
            </dt>
            <dd lang="en">{e.text.en}</dd>
            <dd lang="ja">{e.text.ja}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
