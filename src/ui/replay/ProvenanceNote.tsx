import type { TraceEvent } from '../../trace/schema.ts';
import { useT } from '../i18n/useT.ts';
import { provenanceOf } from './provenance.ts';

/**
 * In the inspector, for a replayed event: which importer it came from, and what of it the
 * importer or the merge filled in — the step itself, its time, its cause link (with the rule).
 * Nothing for the simulator's events.
 */
export function ProvenanceNote({ event }: { event: TraceEvent }) {
  const t = useT();
  if (event.src === 'sim') return null;
  const p = provenanceOf(event);
  return (
    <div className="ka-provenance" data-testid="provenance" data-src={p.src} data-inferred={p.inferred ? 'true' : 'false'}>
      <dl className="ka-fields">
        <dt>{t('replay.provenance.source')}</dt>
        <dd>
          <code>{p.src}</code>
        </dd>
      </dl>
      {p.inferred && <p className="ka-provenance-note">{t('replay.provenance.inferredBy', { src: p.src })}</p>}
      {p.timeInferred && <p className="ka-provenance-note">{t('replay.timeInferred')}</p>}
      {p.tClamped && <p className="ka-provenance-note">{t('replay.timeClamped')}</p>}
      {p.causeRule !== undefined && (
        <p className="ka-provenance-note" data-testid="provenance-cause-rule">
          {t('replay.provenance.causeRule', { rule: p.causeRule })}
        </p>
      )}
    </div>
  );
}
