import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useT } from '../i18n/useT.ts';
import type { AppActions } from '../share/host.tsx';
import { bundleText, download, fileName, parseImport, renameTour, BUNDLE_SUFFIX } from './files.ts';
import { checkItem, newId, type ItemKind, type LibraryItem } from './store.ts';
import { useLibrary } from './useLibrary.ts';

/** What the editor holds: a saved item being edited, or a new one (no id yet). */
interface Draft {
  id?: string;
  kind: ItemKind;
  name: string;
  text: string;
  dirty: boolean;
}

type Status = { tone: 'ok' | 'error'; text: string } | null;

/**
 * My scenarios and tours: the list of the user's own files, an editor with the real parser's
 * errors, save (IndexedDB), run, export and import. Records the store could not read are listed
 * apart with the reason and can be exported; they are dropped only when the user says so.
 */
export function LibraryDialog({ actions, onClose }: { actions: AppActions; onClose(): void }) {
  const t = useT();
  const { state, refresh } = useLibrary(true);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [example, setExample] = useState(() => actions.examples[0] ? `${actions.examples[0].kind}:${actions.examples[0].name}` : '');
  const importRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const lib = state.status === 'ready' ? state.lib : null;
  const listing = state.status === 'ready' ? state.listing : null;
  const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

  const startFrom = async () => {
    const ex = actions.examples.find((e) => `${e.kind}:${e.name}` === example);
    if (!ex) return;
    try {
      const text = await ex.load();
      const name = `my-${ex.name}`;
      setDraft({ kind: ex.kind, name, text: ex.kind === 'tour' ? renameTour(text, ex.name, name) : text, dirty: true });
      setStatus(null);
    } catch (err) {
      setStatus({ tone: 'error', text: t('library.loadFailed', { name: ex.name, message: errorText(err) }) });
    }
  };

  const validate = async (d: Draft): Promise<boolean> => {
    const problem = await actions.validate(d.kind, d.text, fileName(d));
    setStatus(problem === undefined ? { tone: 'ok', text: t('library.valid', { file: fileName(d) }) } : { tone: 'error', text: problem });
    return problem === undefined;
  };

  /** Saves the draft (invalid text may be saved too: a draft in progress is the user's). */
  const save = async (d: Draft): Promise<LibraryItem | undefined> => {
    if (!lib) return undefined;
    const item: LibraryItem = { id: d.id ?? newId(), kind: d.kind, name: d.name.trim(), text: d.text, updated: Date.now() };
    const problem = checkItem(item);
    if (problem) {
      setStatus({ tone: 'error', text: t('library.badName', { message: problem }) });
      return undefined;
    }
    try {
      await lib.put(item);
      setDraft({ ...d, id: item.id, name: item.name, dirty: false });
      await refresh();
      return item;
    } catch (err) {
      setStatus({ tone: 'error', text: t('library.saveFailed', { message: errorText(err) }) });
      return undefined;
    }
  };

  const run = async (d: Draft) => {
    if (!(await validate(d))) return;
    const item = d.dirty || !d.id ? await save(d) : { id: d.id };
    if (!item) return;
    onClose();
    actions.run(item.id);
  };

  const remove = async (d: Draft) => {
    if (!lib || !d.id || !window.confirm(t('library.confirmDelete', { file: fileName(d) }))) return;
    await lib.remove(d.id);
    setDraft(null);
    setStatus(null);
    await refresh();
  };

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (!lib || files.length === 0) return;
    const errors: string[] = [];
    let added = 0;
    for (const f of files) {
      const got = parseImport(f.name, await f.text());
      if ('error' in got) {
        errors.push(got.error);
        continue;
      }
      for (const it of got.items) {
        // An import never overwrites: a second file of the same name is another item.
        await lib.put({ ...it, id: newId(), updated: Date.now() });
        added++;
      }
    }
    await refresh();
    setStatus(errors.length > 0 ? { tone: 'error', text: [t('library.imported', { n: added }), ...errors].join('\n') } : { tone: 'ok', text: t('library.imported', { n: added }) });
  };

  const open = (item: LibraryItem) => {
    setDraft({ id: item.id, kind: item.kind, name: item.name, text: item.text, dirty: false });
    setStatus(null);
  };

  return (
    <div className="ka-library-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} tabIndex={-1} className="ka-library" role="dialog" aria-modal="true" aria-labelledby="ka-library-title" data-testid="library-dialog">
        <header className="ka-library-head">
          <h2 id="ka-library-title">{t('library.title')}</h2>
          <button type="button" className="ka-btn" data-testid="library-close" onClick={onClose}>
            {t('library.close')}
          </button>
        </header>
        {state.status === 'error' && (
          <p className="ka-library-status is-error" role="alert" data-testid="library-unavailable">
            {t('library.unavailable', { message: state.message })}
          </p>
        )}
        {listing && listing.bad.length > 0 && (
          <div className="ka-library-bad" role="alert" data-testid="library-bad">
            <p>{t('library.badRecords', { n: listing.bad.length })}</p>
            <ul>
              {listing.bad.map((b, i) => (
                <li key={`${b.key}-${i}`}>
                  <code>{b.key}</code>: {b.reason}
                </li>
              ))}
            </ul>
            <div className="ka-library-actions">
              <button type="button" className="ka-btn" data-testid="library-export-bad" onClick={() => download(`quarantined${BUNDLE_SUFFIX}`, `${JSON.stringify(listing.bad, null, 2)}\n`, 'application/json')}>
                {t('library.exportBad')}
              </button>
              <button
                type="button"
                className="ka-btn"
                data-testid="library-discard-bad"
                onClick={async () => {
                  if (!lib || !window.confirm(t('library.confirmDiscard', { n: listing.bad.length }))) return;
                  await lib.clearBad();
                  await refresh();
                }}
              >
                {t('library.discardBad')}
              </button>
            </div>
          </div>
        )}
        <div className="ka-library-body">
          <aside className="ka-library-list">
            <div className="ka-library-new">
              <label>
                <span>{t('library.startFrom')}</span>
                <select data-testid="library-example" value={example} onChange={(e) => setExample(e.target.value)}>
                  {(['scenario', 'tour'] as const).map((kind) => (
                    <optgroup key={kind} label={t(kind === 'scenario' ? 'library.scenarios' : 'library.tours')}>
                      {actions.examples
                        .filter((e) => e.kind === kind)
                        .map((e) => (
                          <option key={e.name} value={`${kind}:${e.name}`}>
                            {e.name}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </label>
              <button type="button" className="ka-btn" data-testid="library-new" disabled={!lib} onClick={() => void startFrom()}>
                {t('library.new')}
              </button>
            </div>
            {listing && listing.items.length === 0 && <p className="ka-library-empty">{t('library.empty')}</p>}
            <ul data-testid="library-items">
              {listing?.items.map((it) => (
                <li key={it.id}>
                  <button type="button" className={`ka-library-item${draft?.id === it.id ? ' is-current' : ''}`} data-testid="library-item" data-id={it.id} onClick={() => open(it)}>
                    <span className="ka-library-kind">{t(it.kind === 'scenario' ? 'library.kindScenario' : 'library.kindTour')}</span>
                    <code>{fileName(it)}</code>
                  </button>
                </li>
              ))}
            </ul>
            <div className="ka-library-actions">
              <button type="button" className="ka-btn" data-testid="library-import" disabled={!lib} onClick={() => importRef.current?.click()}>
                {t('library.import')}
              </button>
              <input ref={importRef} type="file" multiple hidden accept=".yaml,.yml,.json" data-testid="library-import-input" onChange={(e) => void onImport(e)} />
              <button type="button" className="ka-btn" data-testid="library-export-all" disabled={!listing || listing.items.length === 0} onClick={() => listing && download(`my-library${BUNDLE_SUFFIX}`, bundleText(listing.items, listing.bad), 'application/json')}>
                {t('library.exportAll')}
              </button>
            </div>
          </aside>
          <section className="ka-library-editor">
            {draft ? (
              <>
                <div className="ka-library-meta">
                  <label>
                    <span>{t('library.name')}</span>
                    <input data-testid="library-name" value={draft.name} spellCheck={false} onChange={(e) => setDraft({ ...draft, name: e.target.value, text: draft.kind === 'tour' ? renameTour(draft.text, draft.name, e.target.value) : draft.text, dirty: true })} />
                  </label>
                  <code className="ka-library-file">{fileName({ kind: draft.kind, name: draft.name.trim() || '…' })}</code>
                  {draft.dirty && <span className="ka-library-dirty">{t('library.unsaved')}</span>}
                </div>
                <textarea
                  className="ka-library-text"
                  data-testid="library-text"
                  aria-label={t('library.text')}
                  spellCheck={false}
                  value={draft.text}
                  onChange={(e) => setDraft({ ...draft, text: e.target.value, dirty: true })}
                  onKeyDown={(e) => e.stopPropagation()}
                />
                <div className="ka-library-actions">
                  <button type="button" className="ka-btn" data-testid="library-validate" onClick={() => void validate(draft)}>
                    {t('library.validate')}
                  </button>
                  <button type="button" className="ka-btn" data-testid="library-save" disabled={!lib} onClick={() => void save(draft).then((it) => it && setStatus({ tone: 'ok', text: t('library.saved', { file: fileName(it) }) }))}>
                    {t('library.save')}
                  </button>
                  <button type="button" className="ka-btn ka-library-run" data-testid="library-run" disabled={!lib} onClick={() => void run(draft)}>
                    {t('library.run')}
                  </button>
                  <button type="button" className="ka-btn" data-testid="library-export" onClick={() => download(fileName(draft), draft.text)}>
                    {t('library.export')}
                  </button>
                  {draft.id && (
                    <button type="button" className="ka-btn" data-testid="library-delete" onClick={() => void remove(draft)}>
                      {t('library.delete')}
                    </button>
                  )}
                </div>
              </>
            ) : (
              <p className="ka-library-empty">{t('library.pick')}</p>
            )}
            {status && (
              <pre className={`ka-library-status${status.tone === 'error' ? ' is-error' : ''}`} role={status.tone === 'error' ? 'alert' : 'status'} data-testid="library-status">
                {status.text}
              </pre>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
