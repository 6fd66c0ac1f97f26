/**
 * Every wait an export makes ends: a promise that does not settle in time rejects with an
 * ExportWaitError naming what did not come, which the menu translates. Waits between steps use
 * a MessageChannel task, not setTimeout or requestAnimationFrame, which a hidden or background
 * tab throttles to once a second or stops altogether.
 */

/** What an export waited for: a frame of the diagram, an image decode, the video encoder. */
export type WaitWhat = 'frame' | 'image' | 'encoder';

export class ExportWaitError extends Error {
  constructor(
    readonly what: WaitWhat,
    readonly ms: number,
  ) {
    super(`the export waited ${Math.round(ms / 1000)} s for the ${what} and gave up`);
    this.name = 'ExportWaitError';
  }
}

/** The browser has no WebCodecs VideoEncoder that writes VP9 or VP8. */
export class NoWebmEncoderError extends Error {
  constructor() {
    super('no VP9 or VP8 VideoEncoder (WebCodecs) in this browser');
    this.name = 'NoWebmEncoderError';
  }
}

/** `p`, or an ExportWaitError(what) if it has not settled after `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: WaitWhat): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // The timer only bounds the wait; a throttled tab makes it late, never makes it hang.
    const timer = setTimeout(() => reject(new ExportWaitError(what, ms)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The next task (one place for it: the replay's timeline build yields the same way). */
export { nextTask } from '../playback/nextTask.ts';
