import type { TraceComparison } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { formatOffset, samePercent } from './model.ts';

/** The counts of each status, how the clocks were aligned, and what was compared. */
export function CompareSummary({ cmp, maxSteps }: { cmp: TraceComparison; maxSteps: number }) {
  const t = useT();
  const c = cmp.counts;
  return (
    <div className="ka-compare-summary" data-testid="compare-summary" data-same={c.same} data-missing={c.missing} data-extra={c.extra} data-reordered={c.reordered} data-offset={cmp.offset}>
      <p className="ka-compare-counts">
        <span className="is-same" />
        {t('compare.counts', { same: c.same, missing: c.missing, extra: c.extra, reordered: c.reordered, percent: samePercent(c) })}
      </p>
      <p className="ka-compare-muted">{cmp.anchor ? t('compare.offset', { offset: formatOffset(cmp.offset) }) : t('compare.noCommon')}</p>
      {cmp.truncated && <p className="ka-compare-muted">{t('compare.truncated', { n: maxSteps })}</p>}
      <details className="ka-compare-muted">
        <summary>{t('compare.layers', { layers: cmp.layers.length })}</summary>
        <ul>
          {cmp.layers.map((l) => (
            <li key={l}>
              <code>{l}</code>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
