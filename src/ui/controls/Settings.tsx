import { useT } from '../i18n/useT.ts';
import { LANGS, type Lang } from '../i18n/translate.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { THEMES, type ThemeName } from '../theme/themes.ts';

const LANG_NAMES: Record<Lang, string> = { en: 'English', ja: '日本語' };

/** Language and theme switches. */
export function Settings({ onChange }: { onChange?: (change: { lang?: Lang; theme?: ThemeName }) => void }) {
  const t = useT();
  const store = useSessionStore();
  const lang = useSession((s) => s.lang);
  const theme = useSession((s) => s.theme);
  return (
    <div className="ka-settings">
      <label>
        <span className="ka-visually-hidden">{t('settings.language')}</span>
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
        <span className="ka-visually-hidden">{t('settings.theme')}</span>
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
