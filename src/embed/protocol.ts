import type { Micros } from '../base/time.ts';
import type { PlayerControls } from '../ui/playback/usePlayer.ts';
import type { SessionStore } from '../ui/session/store.ts';

/**
 * The embed's postMessage protocol (DESIGN 3.4), the part the walking skeleton needs:
 * `PING` → `PONG`; `play`, `pause`, `seek {t}`, `step {direction: 'forward'|'back'}`,
 * `getState` → `state {t, playing}`. Tours (`goto`, `stepchanged`) come later.
 * Every message is an object with a string `type`; anything else is ignored.
 */
export type EmbedCommand =
  | { type: 'PING' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; t: Micros }
  | { type: 'step'; direction?: 'forward' | 'back' }
  | { type: 'getState' };

export type EmbedReply = { type: 'PONG' } | { type: 'ready' } | { type: 'state'; t: Micros; playing: boolean };

/** Applies one incoming message; returns the reply to post back, if any. */
export function handleEmbedMessage(data: unknown, controls: PlayerControls, store: SessionStore): EmbedReply | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const msg = data as { type?: unknown; t?: unknown; direction?: unknown };
  switch (msg.type) {
    case 'PING':
      return { type: 'PONG' };
    case 'play':
      controls.play();
      return undefined;
    case 'pause':
      controls.pause();
      return undefined;
    case 'seek':
      if (typeof msg.t === 'number' && Number.isFinite(msg.t)) controls.seek(msg.t);
      return undefined;
    case 'step':
      if (msg.direction === 'back') controls.stepBack();
      else controls.stepForward();
      return undefined;
    case 'getState': {
      const s = store.getState();
      return { type: 'state', t: s.t, playing: s.playing };
    }
    default:
      return undefined;
  }
}
