import { useSyncExternalStore } from 'react';
import { useT } from '../i18n/useT.ts';
import type { Replay } from './useReplayImport.ts';

/** Bad lines listed before "… and N more": the banner stays readable, the count stays exact. */
const SHOWN_ERRORS = 50;

/**
 * Above the views of a replay: "Replay of N files", what each file gave (format, events,
 * errors), the lines that could not be read (`file:line: reason`), and the way back to the
 * scenario the user was on.
 */
export function ReplayBanner({ replay, scenario, onBack }: { replay: Replay; scenario?: string; onBack(): void }) {
  const t = useT();
  const { sources, errors } = replay.summary;
  // A live trace grows in place: the count follows its appends.
  const events = useSyncExternalStore(
    (fn) => replay.timeline.subscribe(fn),
    () => replay.timeline.length,
    () => replay.timeline.length,
  );
  return (
    <section className="ka-replay-banner" data-testid="replay-banner" data-files={replay.files} data-errors={errors.length} data-events={events} data-live={replay.live ? 'true' : 'false'}>
      <div className="ka-replay-banner-head">
        <strong>{replay.live ? t('replay.bannerLive', { url: replay.url ?? '' }) : replay.files === 1 && sources[0] ? t('replay.bannerOne', { file: sources[0].file }) : t('replay.banner', { n: replay.files })}</strong>
        {replay.live && (
          <span className="ka-replay-muted" data-testid="replay-live-count">
            {t('replay.liveEvents', { n: events })}
          </span>
        )}
        {replay.liveEnded && (
          <span className="ka-replay-muted" data-testid="replay-live-ended">
            {t('replay.liveEnded')}
          </span>
        )}
        {scenario !== undefined && (
          <button type="button" className="ka-replay-button ka-replay-button--quiet" data-testid="replay-back" onClick={onBack}>
            {t('replay.back', { name: scenario })}
          </button>
        )}
      </div>
      {sources.length > 0 && (
        <ul className="ka-replay-sources" data-testid="replay-sources">
          {sources.map((s) => (
            <li key={s.file} data-format={s.format}>
              {t('replay.source', { file: s.file, label: s.label, events: s.events, errors: s.errors })}
            </li>
          ))}
        </ul>
      )}
      {events === 0 && <p className="ka-replay-muted">{t('replay.noEvents')}</p>}
      {errors.length > 0 && (
        <details className="ka-replay-errors" data-testid="replay-errors" open={errors.length <= 5}>
          <summary>{t('replay.badLines', { n: errors.length })}</summary>
          <ul>
            {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <li key={i} data-testid="replay-error">
                <code>
                  {`${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.reason}`}
                </code>
              </li>
            ))}
            {errors.length > SHOWN_ERRORS && <li>{t('replay.moreBadLines', { n: errors.length - SHOWN_ERRORS })}</li>}
          </ul>
        </details>
      )}
    </section>
  );
}
