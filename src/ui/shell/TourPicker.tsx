import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import type { Bilingual } from '../tour/types.ts';

/** One tour the picker offers: its name in URLs and, once its file is read, its title. */
export interface TourChoice {
  name: string;
  title?: Bilingual;
}

export interface TourPickerProps {
  tours: readonly TourChoice[];
  /** The tour on screen, if any. */
  current?: string;
  onChange(name: string): void;
}

/**
 * The app bar's way into the guided tours: a native <select> like the scenario picker, whose
 * first option is its label while no tour is on. Titles follow the session's language.
 */
export function TourPicker({ tours, current, onChange }: TourPickerProps) {
  const t = useT();
  const lang = useSession((s) => s.lang);
  return (
    <label className="ka-scenario-picker ka-tour-picker">
      <span className="ka-scenario-label">{t('shell.tour')}</span>
      <select
        data-testid="tour-picker"
        aria-label={t('shell.tourPicker')}
        value={current ?? ''}
        onChange={(e) => {
          if (e.target.value !== '' && e.target.value !== current) onChange(e.target.value);
        }}
      >
        <option value="" disabled>
          {t('shell.tourNone')}
        </option>
        {tours.map((tour) => (
          <option key={tour.name} value={tour.name} title={`${tour.name}.tour.yaml`}>
            {tour.title?.[lang] ?? tour.name}
          </option>
        ))}
      </select>
    </label>
  );
}
