import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/useT.ts';
import { specsFromFileList } from './collect-files.ts';
import type { ReplayRequest } from './useReplayImport.ts';
import './open-trace.css';

/**
 * The app bar's way in to a replay: one "Open trace" button that opens a small panel with
 * "Trace files…" (a file input, several files), "Folder…" (a directory input) and a URL field
 * (a file URL, a `kube-anatomy serve` trace, or a live trace's `ws://…/follow`). One button,
 * not five controls, so the bar fits at 1024 px in Japanese with projector type.
 *
 * A disclosure (button + panel), not an ARIA menu: the panel holds a text field, and a menu's
 * arrow keys would fight the caret. Escape or a click elsewhere closes it; the file inputs live
 * outside the panel so a picker still delivers its files after the panel closed.
 */
export function OpenTrace({ onOpen }: { onOpen(req: ReplayRequest): void }) {
  const t = useT();
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    // A pointer press anywhere outside closes it, as a native menu does.
    const outside = (e: globalThis.PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node | null)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  const picked = (input: HTMLInputElement | null) => {
    if (!input?.files || input.files.length === 0) return;
    onOpen({ kind: 'files', inputs: specsFromFileList(input.files) });
    input.value = ''; // The same file picked again is a new import.
  };
  const choose = (input: HTMLInputElement | null) => {
    close(true);
    input?.click();
  };
  const onPanelKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    }
    // The presenter's step keys (Space, arrows, PageUp/Down) must not step the run while the
    // user types a URL or moves between the panel's buttons.
    e.stopPropagation();
  };

  return (
    <div
      ref={root}
      className="ka-open-trace"
      onBlur={(e) => open && !e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== null && setOpen(false)}
    >
      <button
        ref={button}
        type="button"
        className="ka-replay-button ka-open-trace-button"
        data-testid="replay-open"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title={t('appbar.open.label')}
        onClick={() => (open ? close(true) : setOpen(true))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {t('replay.open')}
      </button>
      <input ref={files} type="file" multiple hidden data-testid="replay-file-input" aria-label={t('replay.openFiles')} onChange={(e) => picked(e.currentTarget)} />
      <input
        ref={(el) => {
          folder.current = el;
          // React does not know the attribute; set it on the element itself.
          if (el) el.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        data-testid="replay-folder-input"
        aria-label={t('replay.openFolder')}
        onChange={(e) => picked(e.currentTarget)}
      />
      {open && (
        <div id={panelId} className="ka-open-trace-panel" role="group" aria-label={t('appbar.open.label')} data-testid="replay-menu" onKeyDown={onPanelKey}>
          <button ref={firstItem} type="button" className="ka-open-trace-item" data-testid="replay-open-files" onClick={() => choose(files.current)}>
            <span className="ka-open-trace-item-title">{t('appbar.open.files')}</span>
            <span className="ka-open-trace-item-hint">{t('appbar.open.filesHint')}</span>
          </button>
          <button type="button" className="ka-open-trace-item" data-testid="replay-open-folder" onClick={() => choose(folder.current)}>
            <span className="ka-open-trace-item-title">{t('appbar.open.folder')}</span>
            <span className="ka-open-trace-item-hint">{t('appbar.open.folderHint')}</span>
          </button>
          <form
            className="ka-open-url"
            onSubmit={(e) => {
              e.preventDefault();
              const u = url.trim();
              if (!u) return;
              close(true);
              onOpen({ kind: 'url', url: u });
            }}
          >
            <span className="ka-open-trace-item-title">{t('appbar.open.urlHeading')}</span>
            <span className="ka-open-url-row">
              <input type="url" data-testid="replay-url" aria-label={t('replay.url')} placeholder={t('replay.urlPlaceholder')} value={url} onChange={(e) => setUrl(e.target.value)} />
              <button type="submit" className="ka-replay-button" data-testid="replay-open-url" disabled={url.trim() === ''}>
                {t('replay.openUrl')}
              </button>
            </span>
            <span className="ka-open-trace-item-hint">{t('appbar.open.liveHint')}</span>
          </form>
        </div>
      )}
    </div>
  );
}
