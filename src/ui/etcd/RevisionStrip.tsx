import type { EtcdStoreView } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { revisionCells, type RevisionCell } from './revisionStrip.ts';

/** How many revisions the strip shows: the newest ones. */
const CELLS = 12;

/**
 * The newest revisions of the store as cells, oldest left: greyed and hatched below the
 * compaction revision, a line where compaction cut the history, the current revision framed.
 */
export function RevisionStrip({ store }: { store: EtcdStoreView }) {
  const t = useT();
  const cells = revisionCells(store, CELLS);
  if (cells.length === 0) return null;
  const label = (c: RevisionCell): string => {
    if (c.changes.length > 0) return `${c.revision}: ${c.changes.map((ch) => `${ch.type} ${ch.key}`).join(', ')}`;
    return c.revision === 1 ? t('etcd.revisionNew', { rev: c.revision }) : t('etcd.revisionNone', { rev: c.revision });
  };
  return (
    <div className="ka-revs" data-testid="etcd-revisions" title={t('etcd.revisionsHelp')}>
      <span className="ka-etcd-label">{t('etcd.revisions')}</span>
      {/* Newest first in a row-reverse list: the newest sit at the right, and when the panel is
          narrow the oldest are the ones cut off. */}
      <ol className="ka-revs-cells" reversed>
        {[...cells].reverse().map((c) => (
          <li
            key={c.revision}
            className={`ka-rev${c.compacted ? ' is-compacted' : ''}${c.compactMark ? ' is-compact-mark' : ''}${c.current ? ' is-current' : ''}${c.changes.some((ch) => ch.type === 'DELETE') ? ' is-delete' : ''}`}
            title={label(c)}
            data-revision={c.revision}
          >
            {c.revision}
          </li>
        ))}
      </ol>
      {store.compactRevision > 0 && <span className="ka-revs-compact">{t('etcd.compactLine', { rev: store.compactRevision })}</span>}
    </div>
  );
}
