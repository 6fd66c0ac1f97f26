import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { LANGS, type Lang } from '../i18n/translate.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { THEMES, type ThemeName } from '../theme/themes.ts';
import { Icon } from './Icon.tsx';
import { useMediaQuery } from './useMediaQuery.ts';
import './settings.css';

const LANG_NAMES: Record<Lang, string> = { en: 'English', ja: '日本語' };

export interface SettingsProps {
  onChange?: (change: { lang?: Lang; theme?: ThemeName }) => void;
  /**
   * A media query under which the two switches fold into one "Display" button that opens them
   * (the app bar at 1024–1400 px, where "プロジェクター（ダーク）" alone takes a sixth of the bar).
   * Without it they always show inline.
   */
  compactWhen?: string;
}

/** Language and theme switches: inline, or behind one button where the bar is narrow. */
export function Settings({ onChange, compactWhen }: SettingsProps) {
  const compact = useMediaQuery(compactWhen);
  return compact ? <CompactSettings {...(onChange ? { onChange } : {})} /> : <Switches {...(onChange ? { onChange } : {})} labelled={false} />;
}

function Switches({ onChange, labelled }: { onChange?: SettingsProps['onChange']; labelled: boolean }) {
  const t = useT();
  const store = useSessionStore();
  const lang = useSession((s) => s.lang);
  const theme = useSession((s) => s.theme);
  // In the compact panel the labels show (there is room, and nothing else says what each is).
  const labelClass = labelled ? 'ka-settings-label' : 'ka-visually-hidden';
  return (
    <div className="ka-settings">
      <label>
        <span className={labelClass}>{t('settings.language')}</span>
        <select
          data-testid="lang-switch"
          aria-label={t('settings.language')}
          value={lang}
          onChange={(e) => {
            const next = e.target.value as Lang;
            store.getState().setLang(next);
            onChange?.({ lang: next });
          }}
        >
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className={labelClass}>{t('settings.theme')}</span>
        <select
          data-testid="theme-switch"
          aria-label={t('settings.theme')}
          value={theme}
          onChange={(e) => {
            const next = e.target.value as ThemeName;
            store.getState().setTheme(next);
            onChange?.({ theme: next });
          }}
        >
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`theme.${th}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/**
 * One button (the current language's short name and a sliders icon) that opens the two
 * switches below it. Escape or a press outside closes it; the switches keep their test ids.
 */
function CompactSettings({ onChange }: { onChange?: SettingsProps['onChange'] }) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector('select')?.focus();
    const outside = (e: globalThis.PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node | null)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);
  return (
    <div ref={root} className="ka-settings-compact">
      <button
        ref={button}
        type="button"
        className="ka-settings-button"
        data-testid="settings-menu"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={t('appbar.display.label')}
        title={t('appbar.display.label')}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="tune" />
        <span aria-hidden="true">{lang.toUpperCase()}</span>
      </button>
      {open && (
        <div
          id={panelId}
          className="ka-settings-panel"
          role="group"
          aria-label={t('appbar.display.label')}
          data-testid="settings-panel"
          onKeyDown={(e) => {
            // The presenter's arrow keys would step the run while a select has focus.
            e.stopPropagation();
            if (e.key === 'Escape') {
              e.preventDefault();
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          <Switches {...(onChange ? { onChange } : {})} labelled />
        </div>
      )}
    </div>
  );
}
