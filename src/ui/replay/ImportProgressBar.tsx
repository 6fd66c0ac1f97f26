import type { ImportProgress } from '../../source/index.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { formatBytes, formatCount } from './format.ts';

/**
 * The import's progress: a bar (role=progressbar, with aria-valuenow once the total size is
 * known; indeterminate before), what is being read, the counts of files, lines, events and
 * errors, and Cancel.
 */
export function ImportProgressBar({ files, progress, onCancel }: { files: number; progress?: ImportProgress; onCancel(): void }) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  const total = progress?.bytesTotal;
  const pct = progress?.phase === 'done' ? 100 : total ? Math.min(100, Math.floor((progress.bytesRead / total) * 100)) : undefined;
  const phase = !progress
    ? t('replay.importing', { files })
    : progress.phase === 'reading'
      ? t('replay.phase.reading', { file: progress.file })
      : t(progress.phase === 'merging' ? 'replay.phase.merging' : 'replay.phase.done');
  return (
    <div className="ka-replay-progress" data-testid="replay-progress" data-phase={progress?.phase ?? 'starting'} role="status">
      <div className="ka-replay-progress-title">{phase}</div>
      <div
        className="ka-replay-bar"
        role="progressbar"
        aria-label={t('replay.importing', { files })}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== undefined ? { 'aria-valuenow': pct } : {})}
        data-indeterminate={pct === undefined ? 'true' : undefined}
      >
        <div className="ka-replay-bar-fill" style={pct !== undefined ? { width: `${pct}%` } : undefined} />
      </div>
      {progress && (
        <div className="ka-replay-counts" data-testid="replay-counts" data-lines={progress.lines} data-events={progress.events} data-errors={progress.errors}>
          {t('replay.counts', {
            fileIndex: Math.min(progress.fileIndex + 1, progress.files),
            files: progress.files,
            lines: formatCount(progress.lines, lang),
            events: formatCount(progress.events, lang),
            errors: formatCount(progress.errors, lang),
          })}
          {total ? ` · ${t('replay.bytes', { read: formatBytes(progress.bytesRead), total: formatBytes(total) })}` : ''}
        </div>
      )}
      <button type="button" className="ka-replay-button" data-testid="replay-cancel" onClick={onCancel}>
        {t('replay.cancel')}
      </button>
    </div>
  );
}
