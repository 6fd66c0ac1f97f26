import type { SessionStore } from '../session/store.ts';
import { realTimeOf, simTimeOf } from './model.ts';

/**
 * One playhead over two panes: the simulated pane's store and the real pane's store follow each
 * other (real t = sim t + offset), whichever the user moves; playing, speed, language and theme
 * follow too. Only the simulated pane runs a playback loop, so playing never drifts apart.
 * Returns the function that unlinks them.
 */
export function linkPlayheads(sim: SessionStore, real: SessionStore, offset: number): () => void {
  let syncing = false;
  const guard = (fn: () => void) => {
    if (syncing) return;
    syncing = true;
    try {
      fn();
    } finally {
      syncing = false;
    }
  };
  const offSim = sim.subscribe((s, prev) =>
    guard(() => {
      const r = real.getState();
      if (s.t !== prev.t && r.t !== realTimeOf(s.t, offset)) r.seek(realTimeOf(s.t, offset));
      if (s.playing !== r.playing) (s.playing ? r.play : r.pause)();
      if (s.speed !== r.speed) r.setSpeed(s.speed);
    }),
  );
  const offReal = real.subscribe((r, prev) =>
    guard(() => {
      const s = sim.getState();
      if (r.t !== prev.t && s.t !== simTimeOf(r.t, offset)) s.seek(simTimeOf(r.t, offset));
      if (r.playing !== s.playing) (r.playing ? s.play : s.pause)();
      if (r.speed !== s.speed) s.setSpeed(r.speed);
    }),
  );
  real.getState().seek(realTimeOf(sim.getState().t, offset));
  return () => {
    offSim();
    offReal();
  };
}

/** Language and theme of the app's store, followed by the panes' stores. */
export function followPresentation(host: SessionStore, panes: readonly SessionStore[]): () => void {
  const apply = () => {
    const { lang, theme } = host.getState();
    for (const p of panes) {
      const s = p.getState();
      if (s.lang !== lang) s.setLang(lang);
      if (s.theme !== theme) s.setTheme(theme);
    }
  };
  apply();
  return host.subscribe(apply);
}
