import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { EtcdKeyEntry } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { DeferredView } from '../shell/Deferred.tsx';
import { lazyView } from '../shell/lazyView.ts';
import { keyTree, type TreeRow } from './keyTree.ts';

/** A key's value as YAML (the yaml library) comes when a key is first opened. */
const KeyDetails = lazyView(() => import('./KeyDetails.tsx'), 'KeyDetails');

export interface KeyListProps {
  keys: ReadonlyMap<string, EtcdKeyEntry>;
  /** Changes as many as the keys have: a cheap version stamp, so the tree is rebuilt only when a key changed. */
  version: unknown;
  /** Keys written by the newest revision. */
  changed: ReadonlySet<string>;
  /** The key of the selected API object, if it has one. */
  selectedKey: string | undefined;
}

/**
 * The keys as a tree of folders, each key with create_revision, mod_revision, version and
 * lease; a key opens to show its value. Long folders are capped with a count (keyTree.ts), so
 * ten thousand keys render as a few hundred rows.
 */
export const KeyList = memo(KeyListView, (a, b) => a.version === b.version && a.changed === b.changed && a.selectedKey === b.selectedKey);

/**
 * While playing, the world (and the `keys` map) is new every frame but the keys change only now
 * and then: KeyList renders again only when `version`, the changed set or the selection moved.
 */
function KeyListView({ keys, version, changed, selectedKey }: KeyListProps) {
  const t = useT();
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const reveal = useMemo(() => (selectedKey ? new Set([...changed, selectedKey]) : changed), [changed, selectedKey]);
  const tree = useMemo(
    () => keyTree(keys.values(), { toggled, reveal, filter }),
    // `version` stands for the content of `keys`, whose identity changes with every playhead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, toggled, reveal, filter],
  );
  // Bring the selected object's key into view when the selection changes (not on every frame).
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!selectedKey || typeof CSS === 'undefined') return;
    const list = rootRef.current?.querySelector<HTMLElement>('.ka-keys-rows');
    const row = list?.querySelector<HTMLElement>(`[data-key="${CSS.escape(selectedKey)}"]`);
    if (!list || !row) return;
    // Scroll the rows only: scrollIntoView would also move the panel and hide its summary.
    const top = row.getBoundingClientRect().top - list.getBoundingClientRect().top;
    if (top < 0 || top + row.offsetHeight > list.clientHeight) list.scrollTop += top - list.clientHeight / 3;
  }, [selectedKey]);
  const toggleGroup = (row: TreeRow & { type: 'group' }) => setToggled((m) => new Map(m).set(row.path, !row.expanded));
  const toggleKey = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <div className="ka-keys" data-testid="etcd-keys" ref={rootRef}>
      <div className="ka-keys-bar">
        <span className="ka-keys-count">{filter ? t('etcd.keyMatches', { n: tree.matched, total: keys.size }) : keys.size === 1 ? t('etcd.keyCountOne') : t('etcd.keyCount', { n: keys.size })}</span>
        <input className="ka-keys-filter" type="search" value={filter} placeholder={t('etcd.filter')} aria-label={t('etcd.filter')} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <div className="ka-keys-grid ka-keys-cols" aria-hidden="true">
        <span>{t('etcd.col.key')}</span>
        <span title={t('etcd.help.createRevision')}>create</span>
        <span title={t('etcd.help.modRevision')}>mod</span>
        <span title={t('etcd.help.version')}>ver</span>
        <span title={t('etcd.help.lease')}>lease</span>
      </div>
      <ul className="ka-keys-rows" role="tree" aria-label={t('etcd.keys')}>
        {tree.rows.map((row) => {
          const indent = { paddingLeft: `calc(${row.depth} * 0.9em + 4px)` };
          if (row.type === 'group') {
            return (
              <li key={`g:${row.path}`} role="treeitem" aria-expanded={row.expanded} className={`ka-key-group${changed.size > 0 && row.revealed && [...changed].some((k) => k.startsWith(row.path)) ? ' has-changed' : ''}`}>
                <button type="button" className="ka-key-toggle" style={indent} onClick={() => toggleGroup(row)}>
                  <span className="ka-chevron" aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
                  <span className="ka-key-folder">{row.label}</span>
                  <span className="ka-key-n">{row.count}</span>
                </button>
              </li>
            );
          }
          if (row.type === 'more') {
            return (
              <li key={`m:${row.path}`} className="ka-key-more" style={indent}>
                {t('etcd.more', { n: row.hidden })}
              </li>
            );
          }
          const e = row.entry;
          const isOpen = open.has(e.key);
          const cls = `ka-key${changed.has(e.key) ? ' is-changed' : ''}${selectedKey === e.key ? ' is-selected' : ''}${isOpen ? ' is-open' : ''}`;
          return (
            <li key={`k:${e.key}`} role="treeitem" aria-expanded={isOpen} className={cls} data-key={e.key} data-testid="etcd-key">
              <button type="button" className="ka-keys-grid ka-key-row" onClick={() => toggleKey(e.key)} title={changed.has(e.key) ? t('etcd.changed') : e.key}>
                <span className="ka-key-name" style={indent}>
                  <span className="ka-chevron" aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                  {row.label}
                </span>
                <span className="ka-num">{e.createRevision}</span>
                <span className="ka-num">{e.modRevision}</span>
                <span className="ka-num">{e.version}</span>
                <span className="ka-num ka-lease" title={e.lease ?? t('etcd.noLease')}>
                  {e.lease ?? '—'}
                </span>
              </button>
              {isOpen && (
                <DeferredView what="etcd.title" className="ka-key-details">
                  <KeyDetails entry={e} />
                </DeferredView>
              )}
            </li>
          );
        })}
      </ul>
      {tree.matched === 0 && keys.size > 0 && <p className="ka-empty-note">{t('etcd.noMatch')}</p>}
      {tree.truncated && <p className="ka-etcd-note">{t('etcd.truncated')}</p>}
    </div>
  );
}
