import { useT } from '../i18n/useT.ts';
import { usePlayerControls } from '../playback/usePlayer.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { SPEEDS } from '../session/store.ts';
import { useTrace } from '../shell/TraceContext.tsx';
import { formatTime } from '../swimlane/lanes.ts';
import { Icon } from './Icon.tsx';

/** Play, pause, step, restart, speed, and the playhead readout. */
export function Controls() {
  const t = useT();
  const { timeline } = useTrace();
  const controls = usePlayerControls();
  const store = useSessionStore();
  const playing = useSession((s) => s.playing);
  const playhead = useSession((s) => s.t);
  const speed = useSession((s) => s.speed);
  const applied = timeline.indexAfter(playhead);
  const atEnd = playhead >= timeline.endTime;

  return (
    <div className="ka-controls" role="toolbar" aria-label={t('controls.label')}>
      <button type="button" className="ka-btn ka-btn--icon" data-testid="restart" onClick={controls.restart} title={t('controls.restart')} aria-label={t('controls.restart')}>
        <Icon name="restart" />
      </button>
      <button type="button" className="ka-btn ka-btn--icon" data-testid="step-back" onClick={controls.stepBack} title={t('controls.stepBack')} aria-label={t('controls.stepBack')}>
        <Icon name="step-back" />
      </button>
      {playing ? (
        <button type="button" className="ka-btn ka-btn--icon ka-btn--primary" data-testid="pause" onClick={controls.pause} title={t('controls.pause')} aria-label={t('controls.pause')}>
          <Icon name="pause" />
        </button>
      ) : (
        <button type="button" className="ka-btn ka-btn--icon ka-btn--primary" data-testid="play" onClick={controls.play} title={t('controls.play')} aria-label={t('controls.play')}>
          <Icon name="play" />
        </button>
      )}
      <button type="button" className="ka-btn ka-btn--icon" data-testid="step-forward" onClick={controls.stepForward} disabled={atEnd} title={t('controls.stepForward')} aria-label={t('controls.stepForward')}>
        <Icon name="step-forward" />
      </button>
      <label className="ka-speed">
        <span>{t('controls.speed')}</span>
        <select data-testid="speed" value={speed} onChange={(e) => store.getState().setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <div className="ka-readout">
        <output data-testid="playhead" className="ka-playhead" title={t('controls.playhead')} aria-label={t('controls.playhead')}>
          {formatTime(playhead)}
        </output>
        <span className="ka-progress">{t('controls.progress', { n: applied, total: timeline.length })}</span>
      </div>
    </div>
  );
}
