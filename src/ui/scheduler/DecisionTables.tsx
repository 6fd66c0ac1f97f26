import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';
import { weighted, type DecisionModel, type NodeColumn } from './decision.ts';

/** Column headers: one per node, marked feasible / rejected / chosen. */
function NodeHeads({ nodes }: { nodes: readonly NodeColumn[] }) {
  const t = useT();
  return (
    <>
      {nodes.map((n) => (
        <th key={n.name} scope="col" className={`ka-sched-node is-${n.status}${n.chosen ? ' is-chosen' : ''}`} data-node={n.name}>
          <span className="ka-sched-node-name">{n.name}</span>
          <span className="ka-sched-node-status">{n.chosen ? `★ ${t('scheduler.chosen')}` : n.status === 'pending' ? '…' : t(`scheduler.${n.status}` as MessageKey)}</span>
        </th>
      ))}
    </>
  );
}

/** Filter: a row per plugin, a column per node; ✓ Success, ✗ with the code and reasons, — not run. */
export function FilterTable({ model }: { model: DecisionModel }) {
  const t = useT();
  return (
    <div className="ka-sched-scroll">
      <table className="ka-sched-table" data-testid="scheduler-filter">
        <thead>
          <tr>
            <th scope="col" className="ka-sched-plugin-head">{t('scheduler.plugin')}</th>
            <NodeHeads nodes={model.nodes} />
          </tr>
        </thead>
        <tbody>
          {model.filterPlugins.map((plugin) => (
            <tr key={plugin}>
              <th scope="row" className="ka-sched-plugin">{plugin}</th>
              {model.nodes.map((n) => {
                const v = model.filters.get(plugin)?.get(n.name);
                if (!v) {
                  return (
                    <td key={n.name} className="ka-sched-cell is-notrun" title={t('scheduler.notRun')}>
                      —
                    </td>
                  );
                }
                const ok = v.code === 'Success' || v.code === 'Skip';
                return (
                  <td key={n.name} className={`ka-sched-cell ${ok ? 'is-ok' : 'is-fail'}`} title={v.code} data-code={v.code}>
                    <span className="ka-sched-mark" aria-hidden="true">{ok ? '✓' : '✗'}</span>
                    {ok ? (
                      <span className="ka-visually-hidden">{v.code}</span>
                    ) : (
                      <span className="ka-sched-fail">
                        <span className="ka-sched-reasons">{v.reasons.join('; ')}</span>
                        <span className="ka-sched-code">{camelBreaks(v.code)}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Score: per plugin and node the normalized score × weight = weighted points, then the totals. */
export function ScoreTable({ model }: { model: DecisionModel }) {
  const t = useT();
  const nodes = model.nodes.filter((n) => n.status !== 'rejected');
  return (
    <div className="ka-sched-scroll">
      <table className="ka-sched-table" data-testid="scheduler-score">
        <thead>
          <tr>
            <th scope="col" className="ka-sched-plugin-head">{t('scheduler.plugin')}</th>
            <NodeHeads nodes={nodes} />
          </tr>
        </thead>
        <tbody>
          {model.scores.map((row) => (
            <tr key={row.plugin}>
              <th scope="row" className="ka-sched-plugin">
                {row.plugin}
                {row.weight !== undefined && <span className="ka-sched-weight">{t('scheduler.weight', { w: row.weight })}</span>}
              </th>
              {nodes.map((n) => {
                const s = row.cells.get(n.name);
                if (!s) return <td key={n.name} className="ka-sched-cell is-notrun">—</td>;
                const w = weighted(s);
                return (
                  <td key={n.name} className="ka-sched-cell ka-sched-score" title={`${s.plugin} · ${s.raw !== undefined ? t('scheduler.raw', { n: s.raw }) : ''} · ${s.weight !== undefined ? t('scheduler.weight', { w: s.weight }) : ''}`}>
                    <span className="ka-sched-points">{w ?? s.score}</span>
                    <span className="ka-sched-calc">
                      {s.score}
                      {s.weight !== undefined ? ` × ${s.weight}` : ''}
                    </span>
                    {s.raw !== undefined && s.raw !== s.score && <span className="ka-sched-calc">{t('scheduler.raw', { n: s.raw })}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr className="ka-sched-total">
            <th scope="row" className="ka-sched-plugin">{t('scheduler.total')}</th>
            {nodes.map((n) => (
              <td key={n.name} className={`ka-sched-cell${n.chosen ? ' is-chosen' : ''}`} data-testid={n.chosen ? 'scheduler-chosen' : undefined}>
                <span className="ka-sched-points">{n.total ?? '—'}</span>
                {n.chosen && <span className="ka-sched-calc">★ {t('scheduler.chosen')}</span>}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** `UnschedulableAndUnresolvable` with break opportunities between its words, for narrow columns. */
function camelBreaks(code: string) {
  const words = code.split(/(?=[A-Z])/);
  return words.map((w, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {w}
    </span>
  ));
}
