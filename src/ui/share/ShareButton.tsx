import { Icon } from '../controls/Icon.tsx';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { useSessionStore } from '../session/context.tsx';
import { useAppActions } from './host.tsx';
import { frameHash, frameSourceFromHash, iframeSnippet, pageBase, type Frame } from './shareUrl.ts';
import { Toast, useToast } from './Toast.tsx';
import './share.css';

interface Links {
  app: string;
  embed: string;
  iframe: string;
}

/**
 * The tour's step, read from the tour panel of this workbench: the position lives in the tour
 * machine inside TourPanel (src/ui/tour), which shows it as `data-step` (0-based, -1 on the cover).
 */
function tourStep(from: Element | null): number | undefined {
  const panel = from?.closest('.ka-root')?.querySelector<HTMLElement>('[data-testid="tour-panel"][data-step]');
  const n = Number(panel?.dataset.step);
  return Number.isInteger(n) && n >= 0 ? n + 1 : undefined;
}

/**
 * Share: copies the link of the current frame (scenario or tour and step, playhead, seed,
 * language, theme) and offers the `#/embed` link and an `<iframe>` for slides. When the browser
 * refuses the clipboard, the links stay in selectable fields.
 */
export function ShareButton() {
  const t = useT();
  const store = useSessionStore();
  const actions = useAppActions();
  const [links, setLinks] = useState<Links | null>(null);
  const [refused, setRefused] = useState(false);
  const { toast, show } = useToast();
  const btn = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const appField = useRef<HTMLInputElement>(null);

  // Escape or a click elsewhere closes the popover.
  useEffect(() => {
    if (!links) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setLinks(null);
        btn.current?.focus();
      }
    };
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node) && !btn.current?.contains(e.target as Node)) setLinks(null);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [links]);

  useEffect(() => {
    if (refused && links) appField.current?.select();
  }, [refused, links]);

  if (!actions) return null;

  const copy = async (text: string, field?: HTMLInputElement | HTMLTextAreaElement | null) => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setRefused(false);
      show(t('share.copied'));
    } catch {
      // Refused (no permission, insecure origin, old browser): the field is selected for Ctrl+C.
      setRefused(true);
      field?.focus();
      field?.select();
      show(t('share.copyRefused'), 'warn');
    }
  };

  const open = () => {
    if (links) {
      setLinks(null);
      return;
    }
    const s = store.getState();
    const step = tourStep(btn.current);
    const frame: Frame = { ...frameSourceFromHash(window.location.hash), t: s.t, lang: s.lang, theme: s.theme, ...(step !== undefined ? { step } : {}) };
    const base = pageBase(window.location);
    const next: Links = {
      app: base + frameHash(actions.withHashParam, frame, '/'),
      embed: base + frameHash(actions.withHashParam, frame, '/embed'),
      iframe: '',
    };
    next.iframe = iframeSnippet(next.embed, t('share.iframeTitle'));
    setLinks(next);
    void copy(next.app);
  };

  return (
    <div className="ka-share">
      <button ref={btn} type="button" className="ka-btn ka-share-btn ka-appbar-action" data-testid="share-button" aria-expanded={links !== null} aria-haspopup="dialog" onClick={open} title={t('share.button')}>
        <Icon name="share" />
        <span className="ka-appbar-label">{t('share.button')}</span>
      </button>
      {links && (
        <div ref={box} className="ka-share-pop" role="dialog" aria-label={t('share.title')} data-testid="share-popover">
          {refused && <p className="ka-share-note" data-testid="share-refused">{t('share.refusedHint')}</p>}
          <ShareField label={t('share.appLink')} value={links.app} testid="share-app-url" fieldRef={appField} onCopy={copy} copyLabel={t('share.copy')} />
          <ShareField label={t('share.embedLink')} value={links.embed} testid="share-embed-url" onCopy={copy} copyLabel={t('share.copy')} />
          <ShareField label={t('share.iframe')} value={links.iframe} testid="share-iframe" multiline onCopy={copy} copyLabel={t('share.copy')} />
          {links.app.includes('saved=') && <p className="ka-share-note">{t('share.savedHint')}</p>}
        </div>
      )}
      <Toast toast={toast} />
    </div>
  );
}

function ShareField({ label, value, testid, multiline, fieldRef, onCopy, copyLabel }: {
  label: string;
  value: string;
  testid: string;
  multiline?: boolean;
  fieldRef?: React.RefObject<HTMLInputElement | null>;
  onCopy(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<void>;
  copyLabel: string;
}) {
  const own = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const select = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => e.currentTarget.select();
  return (
    <label className="ka-share-field">
      <span>{label}</span>
      <span className="ka-share-row">
        {multiline ? (
          <textarea ref={(el) => void (own.current = el)} readOnly rows={3} value={value} data-testid={testid} onFocus={select} />
        ) : (
          <input
            ref={(el) => {
              own.current = el;
              if (fieldRef) fieldRef.current = el;
            }}
            readOnly
            value={value}
            data-testid={testid}
            onFocus={select}
          />
        )}
        <button type="button" className="ka-btn" data-testid={`${testid}-copy`} onClick={() => void onCopy(value, own.current)}>
          {copyLabel}
        </button>
      </span>
    </label>
  );
}
