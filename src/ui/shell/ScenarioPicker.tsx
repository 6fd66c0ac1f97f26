import type { Lang } from '../i18n/translate.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import './picker.css';

/**
 * One scenario the picker offers: its name in URLs and, once known, a readable title (one for
 * every language, or a single one for all).
 */
export interface ScenarioChoice {
  name: string;
  title?: string | Readonly<Record<Lang, string>>;
}

export interface ScenarioPickerProps {
  scenarios: readonly ScenarioChoice[];
  /** The scenario on screen. */
  current: string;
  onChange(name: string): void;
}

/**
 * The app bar's scenario switch: a native <select>, so the keyboard (Tab, arrows, Enter, type to
 * find) and screen readers work as everywhere. Options show the title in the session's language
 * when known, else the file name; the file name is always the option's tooltip.
 */
export function ScenarioPicker({ scenarios, current, onChange }: ScenarioPickerProps) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  return (
    <label className="ka-scenario-picker">
      <span className="ka-scenario-label">{t('app.scenario')}</span>
      <select
        data-testid="scenario-picker"
        aria-label={t('app.scenarioPicker')}
        value={current}
        onChange={(e) => {
          if (e.target.value !== current) onChange(e.target.value);
        }}
      >
        {scenarios.map((s) => (
          <option key={s.name} value={s.name} title={`${s.name}.scenario.yaml`}>
            {s.title === undefined ? s.name : typeof s.title === 'string' ? s.title : s.title[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
