import { useT } from '../i18n/useT.ts';
import type { InferenceCounts } from './provenance.ts';
import './inferred.css';

/**
 * The key to what the views draw differently in a replay: an inferred step (dashed, hatched)
 * and a time placed or moved by the merge (clock). Shown only when the trace has some, so a
 * simulated scenario looks as it always did.
 */
export function InferredLegend({ counts, className = '' }: { counts: InferenceCounts; className?: string }) {
  const t = useT();
  if (counts.inferred === 0 && counts.timeAdjusted === 0) return null;
  return (
    <div className={`ka-inferred-legend ${className}`} data-testid="inferred-legend" data-inferred={counts.inferred} data-time-adjusted={counts.timeAdjusted}>
      {counts.inferred > 0 && (
        <span title={t('replay.inferred')}>
          <svg width="26" height="12" aria-hidden="true">
            <rect className="ka-inferred-swatch" x="1" y="1" width="24" height="10" rx="2" />
          </svg>
          {t('replay.inferredLegend')} <span className="ka-inferred-count">{counts.inferred}</span>
        </span>
      )}
      {counts.timeAdjusted > 0 && (
        <span title={t('replay.timeClamped')}>
          <svg width="14" height="14" aria-hidden="true">
            <circle className="ka-inferred-clock" cx="7" cy="7" r="5.5" />
            <path className="ka-inferred-clock" d="M7 3.6V7h3" />
          </svg>
          {t('replay.timeAdjustedLegend')} <span className="ka-inferred-count">{counts.timeAdjusted}</span>
        </span>
      )}
    </div>
  );
}
