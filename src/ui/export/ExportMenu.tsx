import { Icon } from '../controls/Icon.tsx';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { DeferredView } from '../shell/Deferred.tsx';
import { lazyView } from '../shell/lazyView.ts';
import './export-button.css';

// The panel, the encoders (gifenc, WebCodecs, the WebM writer) and the SVG copier are their own
// chunk: most sessions never export, so the app's first load does not carry them.
const ExportPanel = lazyView(() => import('./ExportPanel.tsx'), 'ExportPanel');

/**
 * "Export" in the app bar: the button, and the panel (ExportPanel.tsx) fetched on first use.
 * Pointing at or focusing the button starts the fetch, so the panel is usually there by the click.
 * Once opened the panel stays mounted while shut: its form and a running export survive.
 */
export function ExportMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(0);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const preload = () => void ExportPanel.preload().catch(() => undefined);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!busy && root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open, busy]);
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);
  const toggle = () => {
    if (open) {
      // A running export keeps its panel on screen: its progress is the only sign of it.
      setOpen(busy);
      return;
    }
    setOpened((n) => n + 1);
    setOpen(true);
  };

  return (
    <div className="ka-export" ref={root}>
      <button ref={button} type="button" className="ka-btn ka-export-button ka-appbar-action" data-testid="export-button" aria-expanded={open} aria-controls={panelId} onClick={toggle} onPointerEnter={preload} onFocus={preload} title={t('export.button')}>
        <Icon name="download" />
        <span className="ka-appbar-label">{t('export.button')}</span>
      </button>
      {opened > 0 && (
        <DeferredView what="export.dialog" className={open ? 'ka-export-panel' : 'ka-export-panel is-shut'}>
          <ExportPanel id={panelId} open={open} opened={opened} onBusy={setBusy} onClose={close} />
        </DeferredView>
      )}
    </div>
  );
}
