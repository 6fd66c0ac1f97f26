import { useMemo, type ReactNode } from 'react';
import { latestRevisionChanges, objectKey, type EtcdChange } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { formatTime } from '../swimlane/lanes.ts';
import { KeyList } from './KeyList.tsx';
import { RaftStrip } from './RaftStrip.tsx';
import { RevisionStrip } from './RevisionStrip.tsx';
import '../shell/panel.css';
import './etcd.css';

export interface EtcdPanelProps {
  /** Extra controls for the header's right side (the dock's collapse button). */
  headerExtra?: ReactNode;
  /** Header only (the dock collapsed it). */
  collapsed?: boolean;
}

/**
 * The etcd keyspace at the playhead: the raft members, the store's revision and compaction,
 * the last change, and every key with its revisions and value. Works alone over any trace with
 * etcd spans (an etcd-only scenario included) and moves with the one playhead.
 */
export function EtcdPanel({ headerExtra, collapsed = false }: EtcdPanelProps) {
  const t = useT();
  const world = useWorld();
  const { timeline } = useTrace();
  const selection = useSession((s) => s.selection);
  const store = world.etcd;
  const latest = latestRevisionChanges(store.changes);
  // A stable set while the newest revision stays the same, so the key tree is not rebuilt.
  const latestStamp = latest.map((c) => c.seq).join(',');
  const changed = useMemo(
    () => new Set(latest.filter((c) => c.type === 'PUT').map((c) => c.key)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [latestStamp],
  );
  // The selected API object's key: kube-apiserver stores each object under one key.
  const selectedObject = selection?.type === 'object' ? selection.key : selection?.type === 'event' ? refKeyOf(timeline.bySeq(selection.seq)?.ref) : undefined;
  const selectedKey = useMemo(() => {
    if (!selectedObject) return undefined;
    for (const e of world.etcdKeys.values()) if (e.objectKey === selectedObject) return e.key;
    return undefined;
  }, [selectedObject, world.etcdKeys]);
  const live = latest.length > 0 && world.activeSpans.some((s) => latest.some((c) => c.seq === s.seq));
  const empty = store.revision === 0 && store.members.size === 0 && world.etcdKeys.size === 0;

  return (
    <section className={`ka-panel ka-etcd${collapsed ? ' is-collapsed' : ''}`} aria-label={t('etcd.title')} data-testid="etcd-panel">
      <header className="ka-panel-header">
        <h2>{t('etcd.title')}</h2>
        {!empty && (
          <span className="ka-etcd-rev" data-testid="etcd-revision" title={store.compactRevision > 0 ? t('etcd.compactedAt', { rev: store.compactRevision }) : t('etcd.neverCompacted')}>
            <strong>{t('etcd.revision', { rev: store.revision })}</strong>
          </span>
        )}
        {headerExtra}
      </header>
      {!collapsed && (
        <div className="ka-panel-body ka-etcd-body">
          {empty ? (
            <p className="ka-empty-note">{t('etcd.noEtcd')}</p>
          ) : (
            <>
              <div className="ka-etcd-top">
                <RaftStrip members={store.members} />
                <RevisionStrip store={store} />
              </div>
              <LastChange changes={latest} live={live} />
              <KeyList keys={world.etcdKeys} version={`${store.changes.length}|${world.etcdKeys.size}`} changed={changed} selectedKey={selectedKey} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The newest revision's changes: what the write at (or last before) the playhead did. */
function LastChange({ changes, live }: { changes: readonly EtcdChange[]; live: boolean }) {
  const t = useT();
  const first = changes[0];
  return (
    <div className={`ka-etcd-last${live ? ' is-live' : ''}`} data-testid="etcd-last-change">
      <span className="ka-etcd-label">{t('etcd.lastChange')}</span>
      {!first ? (
        <span className="ka-empty-note">{t('etcd.noChange')}</span>
      ) : (
        <span className="ka-etcd-last-body">
          {changes.map((c) => (
            <span key={`${c.seq}`} className={`ka-etcd-change is-${c.type.toLowerCase()}`} title={c.rangeEnd ? `[${c.key}, ${c.rangeEnd})` : c.key}>
              <span className="ka-etcd-op">{c.type}</span>
              <code className="ka-tail">
                <bdi>{c.rangeEnd ? `[${c.key}, ${c.rangeEnd})` : c.key}</bdi>
              </code>
            </span>
          ))}
          <span className="ka-etcd-when">{t('etcd.changeAt', { time: formatTime(first.t) })}</span>
        </span>
      )}
    </div>
  );
}

function refKeyOf(ref: Parameters<typeof objectKey>[0] | undefined): string | undefined {
  return ref ? objectKey(ref) : undefined;
}
